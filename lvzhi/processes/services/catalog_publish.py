"""Publishing a catalog version, as the pages and the API do it: the catalog's own publish
(lvzhi.catalog.services.version_publish) and, in the same transaction, a process template
for every published item. Processes wraps catalog here because catalog, the lower app,
never imports processes (DESIGN.md: dependencies point one way)."""

from django.db import transaction

from lvzhi.catalog import services as catalog_services
from lvzhi.catalog.models import CatalogVersion

from .templates import templates_for_version


@transaction.atomic
def catalog_version_publish(*, actor, version: CatalogVersion) -> CatalogVersion:
    """Publish the draft ``version`` and derive (or relink) its items' templates."""
    version = catalog_services.version_publish(actor=actor, version=version)
    templates_for_version(actor=actor, version=version)
    return version
