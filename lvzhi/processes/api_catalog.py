"""POST /api/v1/catalog/versions/{id}/publish/: publish a catalog draft and derive its
items' process templates (lvzhi.processes.services.catalog_version_publish). A processes
endpoint under the catalog's path: catalog, the lower app, never imports processes."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.catalog import selectors as catalog_selectors
from lvzhi.catalog.api_writes import TAG
from lvzhi.catalog.serializers import CatalogVersionSerializer
from lvzhi.core.accounts.api import PasswordChangeNotRequired

from . import services


@extend_schema(
    tags=[TAG], request=None, responses={200: CatalogVersionSerializer}, summary="发布草稿版本"
)
class CatalogPublishView(APIView):
    permission_classes = [IsAuthenticated, PasswordChangeNotRequired]

    def post(self, request, pk):
        version = catalog_selectors.get_version(request.user, pk)
        version = services.catalog_version_publish(actor=request.user, version=version)
        return Response(CatalogVersionSerializer(version).data)
