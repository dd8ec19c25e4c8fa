"""/api/v1/ledger/: categories, entries (masked; ``reveal`` audited), transfers (迁出 and
their decision), grids and visits. Every queryset comes from the ledger's selectors
(``restrict``), writes go through the services; unknown or malformed filters answer 400."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import ApiPagination, parse_id, query_id
from lvzhi.core.api_errors import call_service, validated
from lvzhi.core.api_schema import BAD_REQUEST, NOT_FOUND, viewset_schema, write_schema
from lvzhi.core.filters import ApiFilterBackend
from lvzhi.core.periods import today_local
from lvzhi.orgs.selectors import get_organization

from . import (
    filters,
    selectors,
    selectors_privacy,
    selectors_volunteers,
    serializers,
    serializers_io,
    services,
    services_grids,
    services_privacy,
    services_volunteers,
)
from .models import Category, ReadKind

TAG = "ledger 妇女信息台账"
KNOWN = ("page", "page_size", "ordering", "format")


class StrictFilterBackend(ApiFilterBackend):
    """django-filter's checks plus one: a parameter no filter knows answers 400."""

    def get_filterset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(KNOWN) | set(filterset_class.base_filters if filterset_class else ())
        unknown = sorted(name for name in request.query_params if name not in known)
        if unknown:
            raise ValidationError({name: [_("无法识别的查询参数")] for name in unknown})
        return super().get_filterset(request, queryset, view)


# List and read; each write reads its body with ``body`` and answers with ``answer``.
# ``serializer_class`` reads rows; ``action_serializers`` names the body of each write.
# (A comment: drf-spectacular would show a docstring here on every ledger operation.)
class LedgerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pagination_class = ApiPagination
    filter_backends = [StrictFilterBackend]
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_serializers: dict = {}

    def get_serializer_class(self):
        return self.action_serializers.get(self.action, self.serializer_class)

    def body(self, serializer_class, **kwargs) -> dict:
        """The request body checked by ``serializer_class`` (400 by field otherwise)."""
        context = self.get_serializer_context()
        return validated(serializer_class, self.request, context=context, **kwargs)

    def answer(self, call, serializer_class, code=status.HTTP_200_OK, row=None):
        """Run the service ``call`` (its errors answered by ``lvzhi.core.api_errors``) and
        answer the row it wrote (or ``row``), read back through the restricted queryset."""

        def read(written):
            obj = row or written
            fresh = self.get_queryset().filter(pk=obj.pk).first() or obj
            return serializer_class(fresh, context=self.get_serializer_context()).data

        return call_service(call, read=read, status=code)


@viewset_schema(tag=TAG, listing=gettext_lazy("台账类别列表"), detail=gettext_lazy("台账类别详情"))
class CategoryViewSet(LedgerViewSet):
    """Categories are reference data: any signed-in user reads them."""

    queryset = Category.objects.all()
    serializer_class = serializers.CategorySerializer
    filterset_class = None


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("台账人员列表（身份证号、电话脱敏）"),
    detail=gettext_lazy("台账人员详情（脱敏）"),
    serializer=serializers.EntrySerializer,
    create=write_schema(
        gettext_lazy("登记台账人员"),
        serializers.EntryWriteSerializer,
        serializers.EntrySerializer,
        201,
    ),
    partial_update=write_schema(
        gettext_lazy("修改台账人员"), serializers.EntryWriteSerializer, serializers.EntrySerializer
    ),
    add_category=write_schema(
        gettext_lazy("添加类别（认定日期）"),
        serializers.CategoryAddSerializer,
        serializers.EntrySerializer,
    ),
    end_category=write_schema(
        gettext_lazy("退出类别（退出日期）"),
        serializers.CategoryEndSerializer,
        serializers.EntrySerializer,
    ),
    consent=write_schema(
        gettext_lazy("记录处理依据（本人同意或法定职责）"),
        serializers.ConsentWriteSerializer,
        serializers.ConsentSerializer,
        201,
    ),
    withdraw_consent=write_schema(
        gettext_lazy("撤回同意"), serializers.WithdrawSerializer, serializers.ConsentSerializer
    ),
    close=write_schema(
        gettext_lazy("注销（迁离本地、去世）"),
        serializers.CloseSerializer,
        serializers.EntrySerializer,
    ),
    privacy=extend_schema(
        summary=gettext_lazy("个人信息处理依据及缺项"),
        responses={200: serializers.PrivacySerializer, 404: NOT_FOUND},
    ),
    report=write_schema(
        gettext_lazy("个人信息报告（本人查阅复制申请，完整信息及查阅记录；记入查阅记录和审计）"),
        serializers_io.LedgerReportRequestSerializer,
        serializers_io.LedgerPersonReportSerializer,
    ),
    reveal=write_schema(
        gettext_lazy("查看身份证号或电话明文（须填原因，记入审计）"),
        serializers.LedgerRevealRequestSerializer,
        serializers.LedgerRevealResponseSerializer,
    ),
)
class EntryViewSet(LedgerViewSet):
    serializer_class = serializers.EntrySerializer
    action_serializers = {
        "create": serializers.EntryWriteSerializer,
        "partial_update": serializers.EntryWriteSerializer,
        "reveal": serializers.LedgerRevealRequestSerializer,
        "add_category": serializers.CategoryAddSerializer,
        "end_category": serializers.CategoryEndSerializer,
        "consent": serializers.ConsentWriteSerializer,
        "withdraw_consent": serializers.WithdrawSerializer,
        "close": serializers.CloseSerializer,
        "privacy": serializers.PrivacySerializer,
        "report": serializers_io.LedgerReportRequestSerializer,
    }
    filterset_class = filters.EntryFilter

    def get_queryset(self):
        return selectors.entries(self.request.user).order_by("org_path", "name", "id")

    def retrieve(self, request, *args, **kwargs):
        entry = self.get_object()
        services_privacy.record_read(
            actor=request.user, entry=entry, kind=ReadKind.DETAIL, via_api=True
        )
        return Response(self.get_serializer(entry).data)

    @action(detail=True, methods=["get"])
    def privacy(self, request, pk=None):
        entry = self._managed()
        consents = selectors_privacy.consents(entry)
        data = {
            "consents": consents,
            "gaps": selectors_privacy.basis_gaps(entry, consents),
            "closed_reason": entry.closed_reason,
            "closed_on": entry.closed_on,
            "anonymised_at": entry.anonymised_at,
        }
        return Response(serializers.PrivacySerializer(data).data)

    @action(detail=True, methods=["post"])
    def consent(self, request, pk=None):
        entry = self._managed()
        data = self.body(serializers.ConsentWriteSerializer)
        return call_service(
            lambda: services_privacy.consent_add(actor=request.user, entry=entry, **data),
            read=lambda row: serializers.ConsentSerializer(row).data,
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"], url_path="withdraw-consent")
    def withdraw_consent(self, request, pk=None):
        entry = self._managed()
        data = self.body(serializers.WithdrawSerializer)
        consent = entry.consents.filter(pk=data.pop("consent")).first()
        if consent is None:
            raise ValidationError({"consent": [_("该人员没有这条处理依据")]})
        return call_service(
            lambda: services_privacy.consent_withdraw(actor=request.user, consent=consent, **data),
            read=lambda row: serializers.ConsentSerializer(row).data,
        )

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        entry = self._managed()
        data = self.body(serializers.CloseSerializer)
        return self.answer(
            lambda: services_privacy.entry_close(actor=request.user, entry=entry, **data),
            serializers.EntrySerializer,
        )

    def _managed(self):
        entry = self.get_object()
        if not selectors.may_manage(self.request.user, entry):
            raise Http404
        return entry

    @action(detail=True, methods=["post"], url_path="add-category")
    def add_category(self, request, pk=None):
        entry = self._managed()
        data = self.body(serializers.CategoryAddSerializer)
        return self.answer(
            lambda: services.category_add(actor=request.user, entry=entry, **data),
            serializers.EntrySerializer,
            row=entry,
        )

    @action(detail=True, methods=["post"], url_path="end-category")
    def end_category(self, request, pk=None):
        entry = self._managed()
        data = self.body(serializers.CategoryEndSerializer)
        record = entry.categories.filter(pk=data["record"]).first()
        if record is None:
            raise ValidationError({"record": [_("该人员没有这条类别记录")]})
        return self.answer(
            lambda: services.category_end(
                actor=request.user, record=record, end_date=data["end_date"]
            ),
            serializers.EntrySerializer,
            row=entry,
        )

    def create(self, request, *args, **kwargs):
        data = self.body(serializers.EntryWriteSerializer)
        organization = data.pop("organization")
        return self.answer(
            lambda: services.entry_create(actor=request.user, organization=organization, **data),
            serializers.EntrySerializer,
            status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        entry = self._managed()
        data = self.body(serializers.EntryWriteSerializer, instance=entry, partial=True)
        return self.answer(
            lambda: services.entry_update(actor=request.user, entry=entry, **data),
            serializers.EntrySerializer,
        )

    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        entry = self.get_object()
        if not selectors.may_reveal(request.user, entry):
            raise Http404  # as for reveal: a reader without the right learns nothing
        data = self.body(serializers_io.LedgerReportRequestSerializer)
        response = call_service(
            lambda: services_privacy.person_report(
                actor=request.user, entry=entry, purpose=data["purpose"], via_api=True
            ),
            read=lambda held: (
                serializers_io.LedgerPersonReportSerializer(
                    {"purpose": data["purpose"], "entry": entry, **held}
                ).data
            ),
        )
        response["Cache-Control"] = "no-store"
        return response

    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        entry = self.get_object()
        if not selectors.may_reveal(request.user, entry):
            raise Http404  # a reader without the right learns nothing, not even a 400
        data = self.body(serializers.LedgerRevealRequestSerializer)
        field = data["field"]
        response = call_service(
            lambda: services.entry_reveal_pii(
                actor=request.user, entry=entry, field=field, reason=data["reason"], via_api=True
            ),
            read=lambda value: {
                "field": field,
                "label": _(services.REVEALABLE[field]),
                "value": value,
            },
        )
        response["Cache-Control"] = "no-store"
        return response


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("迁出迁入列表（本社区迁出及迁入本社区）"),
    detail=gettext_lazy("迁移详情"),
    serializer=serializers.TransferSerializer,
    create=write_schema(
        gettext_lazy("迁出（待迁入社区接收）"),
        serializers.TransferWriteSerializer,
        serializers.TransferSerializer,
        201,
    ),
    decide=write_schema(
        gettext_lazy("办理迁移：接收、退回（迁入社区）或撤回（迁出社区）"),
        serializers.DecisionSerializer,
        serializers.TransferSerializer,
    ),
)
class TransferViewSet(LedgerViewSet):
    serializer_class = serializers.TransferSerializer
    action_serializers = {
        "create": serializers.TransferWriteSerializer,
        "decide": serializers.DecisionSerializer,
    }
    filterset_class = filters.TransferFilter

    def get_queryset(self):
        return selectors.transfers(self.request.user).order_by("-created_at", "-id")

    def create(self, request, *args, **kwargs):
        data = self.body(serializers.TransferWriteSerializer)
        return self.answer(
            lambda: services.transfer_request(actor=request.user, **data),
            serializers.TransferSerializer,
            status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        transfer = self.get_object()
        data = self.body(serializers.DecisionSerializer)
        return self.answer(
            lambda: services.transfer_decide(actor=request.user, transfer=transfer, **data),
            serializers.TransferSerializer,
        )


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("网格列表"),
    detail=gettext_lazy("网格详情"),
    serializer=serializers.GridSerializer,
    create=write_schema(
        gettext_lazy("新建网格"), serializers.GridWriteSerializer, serializers.GridSerializer, 201
    ),
    partial_update=write_schema(
        gettext_lazy("修改网格：更名、调整网格员、户数和范围说明，或停用"),
        serializers.GridUpdateSerializer,
        serializers.GridSerializer,
    ),
)
class GridViewSet(LedgerViewSet):
    serializer_class = serializers.GridSerializer
    action_serializers = {
        "create": serializers.GridWriteSerializer,
        "partial_update": serializers.GridUpdateSerializer,
    }
    filterset_class = filters.GridFilter

    def get_queryset(self):
        return (
            selectors.grids(self.request.user)
            .prefetch_related("workers")
            .order_by("org_path", "name", "id")
        )

    def create(self, request, *args, **kwargs):
        data = self.body(serializers.GridWriteSerializer)
        return self.answer(
            lambda: services_grids.grid_create(actor=request.user, **data),
            serializers.GridSerializer,
            status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        grid = self.get_object()
        if not selectors.may_manage(request.user, grid):
            raise Http404  # her grid's worker reads it, only its community's cadre edits it
        data = self.body(serializers.GridUpdateSerializer)
        return self.answer(
            lambda: services_grids.grid_update(actor=request.user, grid=grid, **data),
            serializers.GridSerializer,
        )


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("走访记录列表"),
    detail=gettext_lazy("走访记录详情"),
    serializer=serializers.VisitSerializer,
    create=write_schema(
        gettext_lazy("记录走访（走访人为本人）"),
        serializers.VisitWriteSerializer,
        serializers.VisitSerializer,
        201,
    ),
    partial_update=write_schema(
        gettext_lazy("修改走访（改日期时同步计入七个一的联系活动）"),
        serializers.VisitUpdateSerializer,
        serializers.VisitSerializer,
    ),
    destroy=extend_schema(
        summary=gettext_lazy("删除走访（同时删除其计入七个一的联系活动）"),
        responses={204: None, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
class VisitViewSet(LedgerViewSet):
    serializer_class = serializers.VisitSerializer
    action_serializers = {
        "create": serializers.VisitWriteSerializer,
        "partial_update": serializers.VisitUpdateSerializer,
    }
    filterset_class = filters.VisitFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.visits(self.request.user).order_by("-date", "-id")

    def create(self, request, *args, **kwargs):
        data = self.body(serializers.VisitWriteSerializer)
        return self.answer(
            lambda: services_grids.visit_create(actor=request.user, **data),
            serializers.VisitSerializer,
            status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        visit = self.get_object()
        data = self.body(serializers.VisitUpdateSerializer)
        return self.answer(
            lambda: services_grids.visit_update(actor=request.user, visit=visit, **data),
            serializers.VisitSerializer,
        )

    def destroy(self, request, *args, **kwargs):
        visit = self.get_object()
        return call_service(
            lambda: services_grids.visit_delete(actor=request.user, visit=visit),
            status=status.HTTP_204_NO_CONTENT,
        )


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("查阅记录（本社区妇联；审计管理员全部）"),
    detail=gettext_lazy("查阅记录详情"),
    serializer=serializers.ReadLogSerializer,
)
class ReadLogViewSet(LedgerViewSet):
    serializer_class = serializers.ReadLogSerializer
    filterset_class = filters.ReadLogFilter
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors_privacy.reads(self.request.user).order_by("-at", "-id")


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("巾帼志愿服务队列表"),
    detail=gettext_lazy("志愿服务队详情"),
    serializer=serializers.TeamSerializer,
    create=write_schema(
        gettext_lazy("新建志愿服务队"),
        serializers.TeamWriteSerializer,
        serializers.TeamSerializer,
        201,
    ),
    members=extend_schema(
        summary=gettext_lazy("志愿者列表（GET）或加入志愿者（POST，台账人员或队外人员）"),
        request=serializers.TeamMemberWriteSerializer,
        responses={
            200: serializers.TeamMemberSerializer(many=True),
            201: serializers.TeamMemberSerializer,
            400: BAD_REQUEST,
            404: NOT_FOUND,
        },
    ),
    services=write_schema(
        gettext_lazy("记录志愿服务（每名志愿者的时长）"),
        serializers.ServiceWriteSerializer,
        serializers.ServiceRecordSerializer,
        201,
    ),
    hours=extend_schema(
        summary=gettext_lazy("年度服务时长（按志愿者、按队伍）"),
        parameters=[OpenApiParameter("year", int, description=gettext_lazy("年度，默认今年"))],
        responses={200: serializers.TeamHoursSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
class TeamViewSet(LedgerViewSet):
    serializer_class = serializers.TeamSerializer
    action_serializers = {
        "create": serializers.TeamWriteSerializer,
        "members": serializers.TeamMemberWriteSerializer,
        "services": serializers.ServiceWriteSerializer,
        "hours": serializers.TeamHoursSerializer,
    }
    filterset_class = None

    def get_queryset(self):
        return selectors_volunteers.teams(self.request.user).order_by("org_path", "name", "id")

    def create(self, request, *args, **kwargs):
        data = self.body(serializers.TeamWriteSerializer)
        return self.answer(
            lambda: services_volunteers.team_create(actor=request.user, **data),
            serializers.TeamSerializer,
            status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["get", "post"], pagination_class=None)  # one team: a plain list
    def members(self, request, pk=None):
        team = self.get_object()
        if request.method == "GET":
            rows = selectors_volunteers.members(team)
            return Response(serializers.TeamMemberSerializer(rows, many=True).data)
        data = self.body(serializers.TeamMemberWriteSerializer)
        return call_service(
            lambda: services_volunteers.member_add(actor=request.user, team=team, **data),
            read=lambda row: serializers.TeamMemberSerializer(row).data,
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"])
    def services(self, request, pk=None):
        team = self.get_object()
        data = self.body(serializers.ServiceWriteSerializer)
        wanted = data.pop("members")
        members = list(team.members.filter(pk__in=wanted).select_related("entry"))
        if len(members) != len(set(wanted)):
            raise ValidationError({"members": [_("志愿者不属于本队")]})
        return call_service(
            lambda: services_volunteers.service_record(
                actor=request.user, team=team, members=members, **data
            ),
            read=lambda row: serializers.ServiceRecordSerializer(row).data,
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["get"])
    def hours(self, request, pk=None):
        team = get_object_or_404(self.get_queryset(), pk=parse_id(pk) or 0)  # ?year= is no filter
        raw = request.query_params.get("year") or str(today_local().year)
        if not raw.isdigit() or not 1949 <= int(raw) <= 2100:
            raise ValidationError({"year": [_("年度无效")]})
        year = int(raw)
        names = {m.pk: m.display_name for m in selectors_volunteers.members(team)}
        volunteers = [
            {**row, "name": names.get(row["member"], "")}
            for row in selectors_volunteers.hours_by_volunteer(team, year)
        ]
        data = {
            "year": year,
            **selectors_volunteers.team_year(team, year),
            "volunteers": volunteers,
        }
        return Response(serializers.TeamHoursSerializer(data).data)


ROUTES = [
    ("categories", CategoryViewSet, "ledger-category"),
    ("entries", EntryViewSet, "ledger-entry"),
    ("transfers", TransferViewSet, "ledger-transfer"),
    ("grids", GridViewSet, "ledger-grid"),
    ("visits", VisitViewSet, "ledger-visit"),
    ("reads", ReadLogViewSet, "ledger-read"),
    ("teams", TeamViewSet, "ledger-team"),
]


class CountsView(APIView):
    """Counts by category and community in an organization's subtree (R-HM-08 figures)."""

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("台账统计：按社区、类别计数（本组织及下级）"),
        parameters=[
            OpenApiParameter(
                "organization", int, required=True, description=gettext_lazy("组织编号")
            )
        ],
        responses={200: serializers.CountsSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request):
        unknown = sorted(
            name for name in request.query_params if name not in ("organization", "format")
        )
        if unknown:
            raise ValidationError({name: [_("无法识别的查询参数")] for name in unknown})
        pk = query_id(request, "organization")
        if pk is None:
            raise ValidationError({"organization": [_("请指定组织")]})
        org = get_organization(request.user, pk, selectors.READ_ACTION)
        data = selectors.counts(request.user, org)
        return Response(serializers.CountsSerializer({"organization": org.pk, **data}).data)


class TrendsView(APIView):
    """Women in the ledger at each month's end, by category or grid (the last 12 months)."""

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("逐月趋势：各月末在册人数（按类别或网格，本组织及下级）"),
        parameters=[
            OpenApiParameter(
                "organization", int, required=True, description=gettext_lazy("组织编号")
            ),
            OpenApiParameter(
                "by", str, enum=["category", "grid"], description=gettext_lazy("按类别或网格")
            ),
        ],
        responses={200: serializers.TrendsSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request):
        known = ("organization", "by", "format")
        unknown = sorted(name for name in request.query_params if name not in known)
        if unknown:
            raise ValidationError({name: [_("无法识别的查询参数")] for name in unknown})
        pk = query_id(request, "organization")
        if pk is None:
            raise ValidationError({"organization": [_("请指定组织")]})
        by = request.query_params.get("by") or "category"
        if by not in ("category", "grid"):
            raise ValidationError({"by": [_("应为 category 或 grid")]})
        org = get_organization(request.user, pk, selectors.READ_ACTION)
        data = selectors.trends(request.user, org, by=by, today=today_local())
        return Response(
            serializers.TrendsSerializer({"organization": org.pk, "by": by, **data}).data
        )
