"""/api/v1/orgs/: organizations, departments, people, positions, terms, regions and party
organizations.

Every queryset starts from ``restrict(user, "view")``, so out-of-scope ids answer 404.
Writes go through ``lvzhi.orgs.services``: serializers only check shapes, services check
scope and rules, write and audit. Lists load their related rows in the same query, so
the number of queries does not grow with the page size.
"""

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from lvzhi.core.api import ApiPagination
from lvzhi.core.api_errors import call_service, validated
from lvzhi.core.api_schema import NOT_FOUND, viewset_schema, write_schema
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for

from . import filters, selectors, serializers, services
from .models import Department, Organization, PartyOrganization, Person, Position, Region, Term

TAG = "orgs 组织与人员"


class ServiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and retrieve from the restricted queryset; create and partially update
    through a service function, then answer with the row as read back. A subclass names
    ``restricted_model`` (with ``related`` rows to load) and ``writes``: the create service,
    the update service and the keyword the update takes the row as; or it overrides
    ``get_queryset``, ``service_create(data)`` and ``service_update(instance, data)``."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    pagination_class = ApiPagination
    read_serializer_class = None
    restricted_model = None
    related: tuple[str, ...] = ()
    writes: tuple = ()  # (services.<model>_create, services.<model>_update, "<model>")

    def get_queryset(self):
        return self.restricted_model.objects.restrict(self.request.user, "view").select_related(
            *self.related
        )

    def service_create(self, data):
        return self.writes[0](actor=self.request.user, **data)

    def service_update(self, instance, data):
        return self.writes[1](actor=self.request.user, **{self.writes[2]: instance}, **data)

    def get_read_serializer(self, instance):
        serializer_class = self.read_serializer_class or self.get_serializer_class()
        return serializer_class(instance, context=self.get_serializer_context())

    def read_data(self, obj):
        # Read back through the restricted queryset (annotations, related rows); fall back
        # to the object itself when a write left it outside what the actor can view.
        fresh = self.get_queryset().filter(pk=obj.pk).first() or obj
        return self.get_read_serializer(fresh).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return call_service(
            lambda: self.service_create(dict(serializer.validated_data)),
            read=self.read_data,
            status=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return call_service(
            lambda: self.service_update(instance, dict(serializer.validated_data)),
            read=self.read_data,
        )


def _named(template, name):
    """``template % {"name": name}``, both translated when the schema is rendered."""
    return lazy(lambda: str(template) % {"name": name}, str)()


def _write_schema(name, request, response):
    return viewset_schema(
        tag=TAG,
        listing=_named(gettext_lazy("%(name)s列表"), name),
        detail=_named(gettext_lazy("%(name)s详情"), name),
        serializer=response,
        create=write_schema(_named(gettext_lazy("新建%(name)s"), name), request, response, 201),
        partial_update=write_schema(_named(gettext_lazy("修改%(name)s"), name), request, response),
    )


# 组织 -----------------------------------------------------------------------


def with_parent(queryset):
    """Annotate ``parent_pk`` and ``parent_name`` with a correlated subquery on the
    (unique, indexed) path: no query per row."""
    parents = Organization.objects.order_by().filter(
        path=Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Organization.steplen)
    )
    return queryset.annotate(
        parent_pk=Subquery(parents.values("pk")[:1]),
        parent_name=Subquery(parents.values("name")[:1]),
    )


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("组织列表"),
    detail=gettext_lazy("组织详情（含当前届次及 R-OR-08 换届判定、统计数）"),
    serializer=serializers.OrganizationDetailSerializer,
    create=write_schema(
        gettext_lazy("新建组织"),
        serializers.OrganizationWriteSerializer,
        serializers.OrganizationDetailSerializer,
        201,
    ),
    partial_update=write_schema(
        gettext_lazy("修改组织"),
        serializers.OrganizationWriteSerializer,
        serializers.OrganizationDetailSerializer,
    ),
    children=extend_schema(
        summary=gettext_lazy("直接下级组织（组织树逐级加载）"),
        responses={200: serializers.OrganizationSerializer(many=True), 404: NOT_FOUND},
    ),
)
class OrganizationViewSet(ServiceViewSet):
    filterset_class = filters.OrganizationFilter
    ordering_fields = ["path", "name", "code", "level", "created_at"]
    ordering = ["path"]
    read_serializer_class = serializers.OrganizationDetailSerializer

    def get_queryset(self):
        queryset = Organization.objects.restrict(self.request.user, "view").select_related(
            "region", "party_organization"
        )
        return with_parent(queryset)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.OrganizationDetailSerializer
        if self.action in ("create", "partial_update"):
            return serializers.OrganizationWriteSerializer
        return serializers.OrganizationSerializer

    def get_read_serializer(self, instance):
        self._add_details(instance)
        return super().get_read_serializer(instance)

    def _add_details(self, org: Organization) -> None:
        """Current term with its R-OR-08 verdict, and counts of what the user may see."""
        user = self.request.user
        today = today_local()
        term, verdict = selectors.current_term(org, today)  # the one the org page shows
        if term is not None:
            term.verdict = verdict
        org.current_term = term
        subtree = filters.subtree_q(org.path, "org_path")
        org.counts = {
            "children": org.numchild,
            "descendants": Organization.objects.restrict(user, "view")
            .filter(filters.subtree_q(org.path, "path"), depth__gt=org.depth)
            .count(),
            "departments": Department.objects.filter(organization=org).count(),
            "people": Person.objects.restrict(user, "view").filter(organization=org).count(),
            "people_in_subtree": Person.objects.restrict(user, "view").filter(subtree).count(),
            "current_positions": Position.objects.restrict(user, "view")
            .filter(organization=org)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .count(),
            "terms": Term.objects.filter(organization=org).count(),
        }

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_read_serializer(self.get_object()).data)

    def service_create(self, data):
        parent = data.pop("parent", None)
        return services.organization_create(actor=self.request.user, parent=parent, **data)

    def service_update(self, instance, data):
        return services.organization_update(actor=self.request.user, organization=instance, **data)

    @action(detail=True, methods=["get"])
    def children(self, request, pk=None):
        """The visible children of one organization, paginated and filterable like the
        list (``?kind=``, ``?q=``…)."""
        org = get_object_or_404(self.get_queryset(), pk=pk)
        queryset = self.filter_queryset(self.get_queryset()).filter(
            filters.subtree_q(org.path, "path"), depth=org.depth + 1
        )
        page = self.paginate_queryset(queryset)
        data = serializers.OrganizationSerializer(
            page, many=True, context=self.get_serializer_context()
        ).data
        return self.get_paginated_response(data)


# 内设机构 -------------------------------------------------------------------


@_write_schema(
    gettext_lazy("内设机构"), serializers.DepartmentSerializer, serializers.DepartmentSerializer
)
class DepartmentViewSet(ServiceViewSet):
    restricted_model = Department
    related = ("organization",)
    writes = (services.department_create, services.department_update, "department")
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filters.DepartmentFilter
    ordering_fields = ["sort_order", "name", "org_path"]
    ordering = ["org_path", "sort_order", "id"]


# 人员 -----------------------------------------------------------------------


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("人员列表（身份证号、手机号脱敏）"),
    detail=gettext_lazy("人员详情（身份证号、手机号脱敏）"),
    serializer=serializers.PersonSerializer,
    create=write_schema(gettext_lazy("新建人员"), None, serializers.PersonSerializer, 201),
    partial_update=write_schema(gettext_lazy("修改人员"), None, serializers.PersonSerializer),
    reveal=write_schema(
        gettext_lazy("查看身份证号、手机号或出生日期明文（须填原因，记入审计）"),
        serializers.RevealRequestSerializer,
        serializers.RevealResponseSerializer,
    ),
)
class PersonViewSet(ServiceViewSet):
    restricted_model = Person
    related = ("organization",)
    writes = (services.person_create, services.person_update, "person")
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    # not by birth date: the order against people of known birth dates would give it back
    ordering_fields = ["name", "org_path", "created_at"]
    ordering = ["org_path", "name", "id"]

    def get_serializer_class(self):
        if self.action == "reveal":
            return serializers.RevealRequestSerializer
        return super().get_serializer_class()

    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """Plaintext of ``id_number``, ``phone`` or ``birth_date`` for a user whose role may
        reveal PII at the person's organization, with a reason; every reveal is an audit
        event carrying the reason."""
        person = self.get_object()
        if not scope_for(request.user, "reveal_pii").covers(person.org_path):
            raise Http404  # a reader without the right learns nothing, not even a 400
        data = validated(serializers.RevealRequestSerializer, request)
        field = data["field"]
        response = call_service(
            lambda: services.person_reveal_pii(
                actor=request.user, person=person, field=field, reason=data["reason"]
            ),
            read=lambda value: {
                "field": field,
                "label": _(services.REVEALABLE[field]),
                "value": value or "",
            },
        )
        response["Cache-Control"] = "no-store"
        return response


# 届次 -----------------------------------------------------------------------


@_write_schema(gettext_lazy("届次"), serializers.TermSerializer, serializers.TermSerializer)
class TermViewSet(ServiceViewSet):
    restricted_model = Term
    related = ("organization",)
    writes = (services.term_create, services.term_update, "term")
    serializer_class = serializers.TermSerializer
    filterset_class = filters.TermFilter
    ordering_fields = ["start_date", "end_date", "number"]
    ordering = ["org_path", "-start_date", "id"]


# 职务 -----------------------------------------------------------------------


@_write_schema(gettext_lazy("职务"), serializers.PositionSerializer, serializers.PositionSerializer)
class PositionViewSet(ServiceViewSet):
    restricted_model = Position
    related = ("person", "organization", "term")
    writes = (services.position_create, services.position_update, "position")
    serializer_class = serializers.PositionSerializer
    filterset_class = filters.PositionFilter
    ordering_fields = ["start_date", "end_date", "title"]
    ordering = ["org_path", "title", "start_date", "id"]


# 行政区划、党组织（只读） -----------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("行政区划列表")),
    retrieve=extend_schema(summary=gettext_lazy("行政区划详情")),
)
@extend_schema(tags=[TAG])
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative divisions are public reference data: any signed-in user reads them."""

    queryset = Region.objects.all()
    serializer_class = serializers.RegionSerializer
    filterset_class = filters.RegionFilter
    pagination_class = ApiPagination
    ordering_fields = ["code", "name"]
    ordering = ["code"]


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("党组织列表")),
    retrieve=extend_schema(
        summary=gettext_lazy("党组织详情"),
        responses={200: serializers.PartyOrganizationSerializer, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class PartyOrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PartyOrganizationSerializer
    filterset_class = filters.PartyOrganizationFilter
    pagination_class = ApiPagination
    ordering_fields = ["name"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return PartyOrganization.objects.restrict(self.request.user, "view").select_related(
            "organization"
        )


ROUTES = [
    ("orgs/organizations", OrganizationViewSet, "orgs-organization"),
    ("orgs/departments", DepartmentViewSet, "orgs-department"),
    ("orgs/people", PersonViewSet, "orgs-person"),
    ("orgs/positions", PositionViewSet, "orgs-position"),
    ("orgs/terms", TermViewSet, "orgs-term"),
    ("orgs/regions", RegionViewSet, "orgs-region"),
    ("orgs/party-organizations", PartyOrganizationViewSet, "orgs-party-organization"),
]
