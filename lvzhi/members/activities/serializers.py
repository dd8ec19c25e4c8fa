"""Serializers of the activity log API. Writes check shapes only (with Chinese messages);
the service checks values (date, women reached, photos, units) and answers in Chinese."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvzhi.core.api_files import ServedFileField, served_url
from lvzhi.members.models import Activity, ActivityKind, ActivityPhoto

KIND_ERRORS = {"invalid_choice": _("请选择活动类型"), "required": _("请选择活动类型")}
DATE_ERRORS = {
    "invalid": _("请填写正确的活动日期（格式 2026-11-20）"),
    "required": _("请填写活动日期"),
}
INTEGER_ERRORS = {"invalid": _("联系妇女人数应为整数")}


@extend_schema_field(
    {
        "type": "string",
        "description": "contact 联系 / lecture 宣讲 / survey 调研 / suggestion 建议 / "
        "assistance 帮扶 / public_service 公益 / work_record 工作记录 / deliberation 议事 / "
        "training 培训 / duty 值班 / other 其他",
    }
)
class KindField(serializers.ChoiceField):
    """The activity kind of a write; described in text, so that the read serializer's
    enum (ActivityKindEnum) is the only component named after "kind" here."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", KIND_ERRORS)
        super().__init__(choices=ActivityKind.choices, **kwargs)


class PhotoSerializer(serializers.ModelSerializer):
    image = ServedFileField("members:activity-photo", help_text=_("原图"))
    display = ServedFileField(
        "members:activity-photo-display", help_text=_("展示图（长边不超过1280像素）")
    )

    class Meta:
        model = ActivityPhoto
        fields = ["id", "image", "display", "size"]


class UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ActivitySerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    units = UnitSerializer(many=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "person",
            "person_name",
            "organization",
            "organization_name",
            "kind",
            "kind_label",
            "date",
            "place",
            "women_reached",
            "units",
            "women",
            "note",
            "status",
            "status_label",
            "return_reason",
            "verified_at",
            "answer",
            "answered_at",
            "photos",
            "created_at",
        ]
        read_only_fields = fields


class ActivityWriteSerializer(serializers.Serializer):
    """A new activity: JSON, or multipart with ``photos`` (several files under one name)."""

    kind = KindField()
    date = serializers.DateField(error_messages=DATE_ERRORS)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    women_reached = serializers.IntegerField(
        required=False, default=0, error_messages=INTEGER_ERRORS
    )
    units = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text=_("妇女小组或微家的组织编号（须在执委所在组织之下）"),
    )
    women = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text=_("照片（JPG、PNG 或 WEBP），最多%(n)d张，每张不超过%(mb)d MB；仅 multipart")
        % {"n": settings.ACTIVITY_MAX_PHOTOS, "mb": settings.PHOTO_MAX_BYTES // (1024 * 1024)},
    )
    client_id = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": _("客户端编号格式不正确")},
        help_text=_(
            "客户端生成的活动编号（UUID）：同一执委重发同一编号时返回已保存的活动（200），不重复记录"
        ),
    )


class CadreActivityWriteSerializer(ActivityWriteSerializer):
    person = serializers.IntegerField(help_text=_("代录的执委（人员编号）"))


class ActivityUpdateSerializer(serializers.Serializer):
    kind = KindField(required=False)
    date = serializers.DateField(required=False, error_messages=DATE_ERRORS)
    place = serializers.CharField(required=False, allow_blank=True)
    women_reached = serializers.IntegerField(required=False, error_messages=INTEGER_ERRORS)
    women = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class VerifySerializer(serializers.Serializer):
    confirm = serializers.BooleanField(
        help_text=_("true 确认；false 退回（须填写理由）"),
        error_messages={"required": _("请说明确认或退回"), "invalid": _("请说明确认或退回")},
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SuggestionAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(required=False, allow_blank=True, default="")


class ComplianceEntrySerializer(serializers.Serializer):
    rule_id = serializers.CharField(help_text=_("规则编号，如 R-EX-02"))
    source = serializers.CharField(help_text=_("依据条款"))
    activity = serializers.CharField(source="kind", help_text=_("计入的活动类型"))
    label = serializers.CharField()
    period = serializers.CharField(source="period.code", help_text=_("期间代码，如 2026Q4"))
    period_label = serializers.CharField(source="period.label")
    period_start = serializers.DateField(source="period.start")
    period_end = serializers.DateField(source="period.end")
    required = serializers.IntegerField()
    done = serializers.IntegerField()
    owed = serializers.IntegerField()
    status = serializers.CharField(help_text="met / due / overdue / partial / not_required")
    status_label = serializers.CharField()
    detail = serializers.CharField(help_text=_("规则给出的说明"))
    current = serializers.BooleanField(help_text=_("是否为当前期间"))


class MyComplianceSerializer(serializers.Serializer):
    person = serializers.IntegerField(allow_null=True)
    organization = serializers.IntegerField(allow_null=True)
    organization_name = serializers.CharField(allow_blank=True)
    year = serializers.IntegerField()
    results = ComplianceEntrySerializer(many=True)


_DATETIME = serializers.DateTimeField()


def _file_url(field, url_name, request):
    return served_url(url_name, field.instance.pk, request) if field else None


def activity_body(activity: Activity, request=None, units=(), photos=()) -> dict:
    """What ``ActivitySerializer`` gives for a newly recorded activity, built directly:
    the record endpoint answers without a serializer's per-request field set-up (a test
    keeps the two equal). ``units`` and ``photos`` are those just written."""
    return {
        "id": activity.pk,
        "person": activity.person_id,
        "person_name": activity.person.name,
        "organization": activity.organization_id,
        "organization_name": activity.organization.name,
        "kind": activity.kind,
        "kind_label": activity.get_kind_display(),
        "date": activity.date.isoformat(),
        "place": activity.place,
        "women_reached": activity.women_reached,
        "units": [{"id": unit.pk, "name": unit.name} for unit in units],
        "women": activity.women,
        "note": activity.note,
        "status": activity.status,
        "status_label": activity.get_status_display(),
        "return_reason": activity.return_reason,
        "verified_at": _DATETIME.to_representation(activity.verified_at)
        if activity.verified_at
        else None,
        "answer": activity.answer,
        "answered_at": _DATETIME.to_representation(activity.answered_at)
        if activity.answered_at
        else None,
        "photos": [
            {
                "id": photo.pk,
                "image": _file_url(photo.image, "members:activity-photo", request),
                "display": _file_url(photo.display, "members:activity-photo-display", request),
                "size": photo.size,
            }
            for photo in photos
        ],
        "created_at": _DATETIME.to_representation(activity.created_at),
    }
