"""/api/v1/homes/plans/ and /api/v1/homes/activities/ (R-HM-06): quarterly plans with
their wishes (record a wish, publish, generate the summary) and activities (create, record
sign-in and results), read from ``restrict(user, "view")`` and written through the
services; /api/v1/homes/ratings/?org= rolls the public ratings up over a subtree."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from lvzhi.core.api import parse_id
from lvzhi.core.api_errors import call_service, validated
from lvzhi.core.api_schema import NOT_FOUND, viewset_schema, write_schema
from lvzhi.orgs.api import ServiceViewSet
from lvzhi.orgs.models import Person
from lvzhi.orgs.selectors import get_organization

from ..filters import HomeRowFilter
from ..models import Activity, QuarterPlan, Theme, Wish
from ..serializers import ScopedHomeField
from . import selectors, services
from .services import ACTIVITY_FIELDS

TAG = "homes 妇女之家"


class HomeWishSerializer(serializers.ModelSerializer):
    class Meta:
        model = Wish
        fields = ["id", "text", "source", "count"]


class HomePlanSerializer(serializers.ModelSerializer):
    home = ScopedHomeField(help_text=_("妇女之家编号"))
    wishes = HomeWishSerializer(many=True, read_only=True)

    class Meta:
        model = QuarterPlan
        fields = [
            "id",
            "home",
            "year",
            "quarter",
            "content",
            "published_on",
            "summary",
            "wishes",
        ]
        read_only_fields = ["id", "published_on", "summary", "wishes"]
        validators = []


class HomeActivitySerializer(serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(
        queryset=QuarterPlan.objects.none(), help_text=_("季度计划编号；创建后不能更改")
    )
    n_ratings = serializers.IntegerField(read_only=True, default=0)
    avg_rating = serializers.FloatField(read_only=True, allow_null=True, default=None)
    six = serializers.SerializerMethodField(help_text=_("R-HM-06 六个有的判定"))

    class Meta:
        model = Activity
        fields = [
            "id",
            "plan",
            "home",
            *ACTIVITY_FIELDS,
            "member_activity_id",
            "n_ratings",
            "avg_rating",
            "six",
        ]
        read_only_fields = ["id", "home", "member_activity_id", "n_ratings", "avg_rating", "six"]
        extra_kwargs = {
            "leader": {"help_text": _("带领（组织）活动的本会在任执委的人员编号")},
            "counts_as": {"help_text": _("活动举行后计入该执委七个一的类型")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        self.fields["plan"].queryset = QuarterPlan.objects.restrict(user, "change")
        self.fields["wish"].queryset = Wish.objects.restrict(user, "change")
        self.fields["leader"].queryset = Person.objects.restrict(user, "change")
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["plan"].required = False

    def get_six(self, obj) -> dict:
        return selectors.six_verdict(obj).as_dict()

    def validate(self, attrs):
        if self.instance is not None and "plan" in attrs:
            if attrs.pop("plan").pk != self.instance.plan_id:
                raise serializers.ValidationError({"plan": _("创建后不能更改所属计划")})
        return attrs


class PlanFilter(HomeRowFilter):
    year = django_filters.NumberFilter(label=_("年度"))
    quarter = django_filters.NumberFilter(label=_("季度"))

    class Meta:
        model = QuarterPlan
        fields = ["home", "year", "quarter"]


class ActivityFilter(HomeRowFilter):
    plan = django_filters.NumberFilter(field_name="plan_id", label=_("季度计划编号"))
    theme = django_filters.ChoiceFilter(choices=Theme.choices, label=_("主题"))

    class Meta:
        model = Activity
        fields = ["home", "plan", "theme"]


@viewset_schema(
    tag=TAG,
    listing=_("季度活动计划列表"),
    detail=_("季度活动计划（含妇女意愿、季度总结）"),
    serializer=HomePlanSerializer,
    create=write_schema(_("新建季度活动计划"), HomePlanSerializer, HomePlanSerializer, 201),
)
class PlanViewSet(ServiceViewSet):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = HomePlanSerializer
    filterset_class = PlanFilter
    ordering = ["-year", "-quarter", "id"]
    ordering_fields = ["year"]

    def get_queryset(self):
        return QuarterPlan.objects.restrict(self.request.user, "view").prefetch_related("wishes")

    def service_create(self, data):
        return services.plan_create(actor=self.request.user, **data)

    def _plan(self):
        return selectors.get_plan(self.request.user, self.kwargs["pk"], "change")

    @write_schema(_("记录妇女意愿"), HomeWishSerializer, HomePlanSerializer)
    @action(detail=True, methods=["post"], url_path="wishes", filterset_class=None)
    def wishes(self, request, pk=None):
        plan = self._plan()
        data = validated(HomeWishSerializer, request)
        return call_service(
            lambda: (services.wish_add(actor=request.user, plan=plan, **data), plan)[1],
            read=self.read_data,
        )

    @write_schema(_("公布季度计划（R-HM-06：需已记录妇女意愿）"), None, HomePlanSerializer)
    @action(detail=True, methods=["post"], url_path="publish", filterset_class=None)
    def publish(self, request, pk=None):
        plan = self._plan()
        return call_service(
            lambda: services.plan_publish(actor=request.user, plan=plan), read=self.read_data
        )

    @write_schema(_("根据本季度活动生成季度总结"), None, HomePlanSerializer)
    @action(detail=True, methods=["post"], url_path="summary", filterset_class=None)
    def summary(self, request, pk=None):
        plan = self._plan()
        return call_service(
            lambda: services.summary_generate(actor=request.user, plan=plan), read=self.read_data
        )


@viewset_schema(
    tag=TAG,
    listing=_("活动列表"),
    detail=_("活动（方案、主题、节点、签到、成效、群众评价、六个有判定）"),
    serializer=HomeActivitySerializer,
    create=write_schema(_("登记活动"), HomeActivitySerializer, HomeActivitySerializer, 201),
    partial_update=write_schema(
        _("修改活动、登记签到和成效"), HomeActivitySerializer, HomeActivitySerializer
    ),
)
class ActivityViewSet(ServiceViewSet):
    serializer_class = HomeActivitySerializer
    filterset_class = ActivityFilter
    ordering = ["-date", "-id"]
    ordering_fields = ["date"]

    def get_queryset(self):
        return selectors.with_ratings(
            Activity.objects.restrict(self.request.user, "view").select_related("plan")
        ).prefetch_related("photos")

    def service_create(self, data):
        plan = data.pop("plan")
        return services.activity_create(actor=self.request.user, plan=plan, **data)

    def service_update(self, instance, data):
        return services.activity_update(actor=self.request.user, activity=instance, **data)


class HomeRollupSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text=_("评价人次"))
    avg = serializers.FloatField(allow_null=True, help_text=_("平均分"))
    children = serializers.ListField(child=serializers.DictField())
    homes = serializers.ListField(child=serializers.DictField())


class RatingRollupViewSet(viewsets.ViewSet):
    @extend_schema(
        tags=[TAG],
        summary=_("群众评价汇总（本组织及下级：按下一级组织、按妇女之家）"),
        parameters=[OpenApiParameter("org", int, required=True, description=_("组织编号"))],
        responses={200: HomeRollupSerializer, 400: None, 404: NOT_FOUND},
    )
    def list(self, request):
        pk = parse_id(request.query_params.get("org", ""))
        if pk is None:
            return Response({"org": [_("请给出组织编号")]}, status=status.HTTP_400_BAD_REQUEST)
        org = get_organization(request.user, pk, "view")
        data = selectors.ratings_rollup(request.user, org)
        return Response(
            {
                "n": data["total"]["n"],
                "avg": data["total"]["avg"],
                "children": [
                    {"organization": c.pk, "name": c.name, "n": n, "avg": avg}
                    for c, n, avg in data["children"]
                ],
                "homes": [
                    {"home": pk_, "name": name, "n": n, "avg": avg}
                    for pk_, name, n, avg in data["homes"]
                ],
            }
        )
