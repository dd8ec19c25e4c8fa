"""Serializers of the meetings API. Write serializers check shapes only; the services check
values (dates, committee seats, grades, files) and answer in Chinese by field."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lvzhi.members.models import (
    Attendance,
    AttendanceStatus,
    Evaluation,
    EvaluatorKind,
    Incentive,
    IncentiveKind,
    Meeting,
    MeetingKind,
    Report,
    ReportKind,
    Training,
    YearResult,
)
from lvzhi.orgs.serializers import VerdictSerializer

DATE_ERRORS = {"invalid": _("请填写正确的日期（如 2026-03-15）"), "required": _("请填写日期")}
INT_ERRORS = {"invalid": _("应为整数"), "required": _("必填")}


# Choices are enums in the write serializers only (one component per choice set keeps the
# OpenAPI enum names stable); read serializers give the code and its label as strings.


# Meetings -------------------------------------------------------------------------------


class AttendanceItemSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text=_("执委（人员编号）"), error_messages=INT_ERRORS)
    status = serializers.ChoiceField(
        choices=AttendanceStatus.choices,
        error_messages={"invalid_choice": _("出席情况只能是 present、excused 或 absent")},
    )


class AttendanceReadSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text="present / excused / absent")
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Attendance
        fields = ["person", "person_name", "status", "status_label"]


class MeetingSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    kind = serializers.CharField(read_only=True, help_text="executive / plenary / standing")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    present = serializers.IntegerField(read_only=True)
    excused = serializers.IntegerField(read_only=True)
    absent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "organization",
            "organization_name",
            "kind",
            "kind_label",
            "title",
            "date",
            "place",
            "agenda",
            "minutes",
            "representatives_present",
            "present",
            "excused",
            "absent",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    attendance = AttendanceReadSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "attendance"]


class MeetingWriteSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        help_text=_("召开会议的组织编号"), error_messages=INT_ERRORS
    )
    kind = serializers.ChoiceField(
        choices=MeetingKind.choices,
        required=False,
        error_messages={"invalid_choice": _("请选择会议类型")},
    )
    title = serializers.CharField(max_length=200, allow_blank=True)
    date = serializers.DateField(error_messages=DATE_ERRORS)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    agenda = serializers.CharField(required=False, allow_blank=True)
    minutes = serializers.CharField(required=False, allow_blank=True)
    representatives_present = serializers.IntegerField(
        required=False, min_value=0, error_messages=INT_ERRORS
    )
    attendance = AttendanceItemSerializer(
        many=True, required=False, help_text=_("会议日期在任执委的出席情况")
    )


class MeetingUpdateSerializer(MeetingWriteSerializer):
    organization = None
    attendance = None
    kind = serializers.CharField(required=False, help_text="executive / plenary / standing")


class AttendanceWriteSerializer(serializers.Serializer):
    attendance = AttendanceItemSerializer(many=True)


class MeetingCheckSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    organization_name = serializers.CharField()
    level = serializers.CharField()
    period = serializers.CharField(help_text=_("半年，如 2026H1"))
    period_label = serializers.CharField()
    held = serializers.IntegerField(help_text=_("召开执委会次数"))
    status = serializers.CharField(help_text="met / due / overdue / partial / not_required")
    flagged = serializers.BooleanField()
    verdict = VerdictSerializer()


# Reports --------------------------------------------------------------------------------


class ReportSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    kind = serializers.CharField(read_only=True, help_text="oral / written")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "person",
            "person_name",
            "organization",
            "kind",
            "kind_label",
            "year",
            "half",
            "date",
            "meeting",
            "text",
            "has_file",
        ]

    def get_has_file(self, report) -> bool:
        return bool(report.file)


class ReportWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=ReportKind.choices,
        error_messages={"invalid_choice": _("述职方式只能是 oral 或 written")},
    )
    person = serializers.IntegerField(help_text=_("执委（人员编号）"), error_messages=INT_ERRORS)
    organization = serializers.IntegerField(
        required=False, help_text=_("书面述职：所在组织编号"), error_messages=INT_ERRORS
    )
    year = serializers.IntegerField(
        required=False, help_text=_("书面述职：年度"), error_messages=INT_ERRORS
    )
    meeting = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_("口头述职必填：述职的执委会议；书面述职可选"),
        error_messages=INT_ERRORS,
    )
    text = serializers.CharField(required=False, allow_blank=True)
    file = serializers.FileField(required=False, help_text=_("书面述职文件：.doc、.docx 或 .pdf"))


class DutyStatusSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="oral / written")
    period = serializers.CharField()
    period_label = serializers.CharField()
    required = serializers.IntegerField()
    done = serializers.IntegerField()
    status = serializers.CharField()
    verdict = VerdictSerializer()


class ReportStatusSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    person_name = serializers.CharField()
    title = serializers.CharField()
    statuses = DutyStatusSerializer(many=True)


# Evaluations and results ----------------------------------------------------------------


class EvaluationSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    evaluator_kind = serializers.CharField(
        read_only=True, help_text="representative / member / federation"
    )
    evaluator_kind_label = serializers.CharField(
        source="get_evaluator_kind_display", read_only=True
    )

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "person",
            "person_name",
            "organization",
            "year",
            "meeting",
            "evaluator_kind",
            "evaluator_kind_label",
            "evaluator_name",
            "evaluator",
            "grade",
        ]


class GradeItemSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text=_("被评议的执委"), error_messages=INT_ERRORS)
    grade = serializers.CharField(help_text=_("评议等次，如 优秀、合格、基本合格、不合格"))


class EvaluationWriteSerializer(serializers.Serializer):
    organization = serializers.IntegerField(error_messages=INT_ERRORS)
    year = serializers.IntegerField(required=False, error_messages=INT_ERRORS)
    meeting = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("评议所在会议（可选）")
    )
    evaluator_kind = serializers.ChoiceField(
        choices=EvaluatorKind.choices, error_messages={"invalid_choice": _("请选择评议人类别")}
    )
    evaluator_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    evaluator = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("执委互评时评议的执委")
    )
    grades = GradeItemSerializer(many=True, help_text=_("一位评议人对各执委的评议"))


class EvaluationSummarySerializer(serializers.Serializer):
    person = serializers.IntegerField()
    person_name = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text=_("等次 → 条数"))
    total = serializers.IntegerField()
    most = serializers.ListField(child=serializers.CharField())
    result = serializers.CharField(allow_blank=True)
    is_excellent = serializers.BooleanField()


class YearResultSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = YearResult
        fields = ["id", "person", "person_name", "organization", "year", "grade", "is_excellent"]


class YearResultWriteSerializer(serializers.Serializer):
    person = serializers.IntegerField(error_messages=INT_ERRORS)
    organization = serializers.IntegerField(error_messages=INT_ERRORS)
    year = serializers.IntegerField(error_messages=INT_ERRORS)
    grade = serializers.CharField()


class ExcellentSerializer(serializers.Serializer):
    is_excellent = serializers.BooleanField()


class CandidateSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    person = serializers.IntegerField()
    person_name = serializers.CharField()
    grade = serializers.CharField(allow_blank=True)
    is_excellent = serializers.BooleanField()
    evaluations = serializers.IntegerField()
    excellent_votes = serializers.IntegerField()
    excellent_percent = serializers.IntegerField(allow_null=True)
    compliance_met = serializers.IntegerField()
    compliance_counted = serializers.IntegerField()
    compliance_percent = serializers.IntegerField(allow_null=True)


class CandidateListSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    compliance_rows = serializers.IntegerField(
        help_text=_("0 表示本年度尚未计算七个一达标情况，排序未计入该项")
    )
    verdict = VerdictSerializer()
    candidates = CandidateSerializer(many=True)


class IncentiveSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    kind = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Incentive
        fields = [
            "id",
            "person",
            "person_name",
            "organization",
            "year",
            "kind",
            "kind_label",
            "note",
            "amount",
        ]


class IncentiveWriteSerializer(serializers.Serializer):
    person = serializers.IntegerField(error_messages=INT_ERRORS)
    organization = serializers.IntegerField(error_messages=INT_ERRORS)
    year = serializers.IntegerField(error_messages=INT_ERRORS)
    kind = serializers.ChoiceField(
        choices=IncentiveKind.choices, error_messages={"invalid_choice": _("请选择激励方式")}
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)
    amount = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, help_text=_("经费补助金额（元）")
    )


# Training -------------------------------------------------------------------------------


class TrainingSerializer(serializers.ModelSerializer):
    attendees = serializers.SerializerMethodField()

    class Meta:
        model = Training
        fields = ["id", "organization", "term", "title", "date", "hours", "attendees"]

    def get_attendees(self, training) -> list[int]:
        return sorted(a.person_id for a in training.attendance.all())


class TrainingWriteSerializer(serializers.Serializer):
    organization = serializers.IntegerField(error_messages=INT_ERRORS)
    title = serializers.CharField(max_length=200, allow_blank=True)
    date = serializers.DateField(error_messages=DATE_ERRORS)
    hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        required=False,
        error_messages={"invalid": _("学时应为数字")},
    )
    attendees = serializers.ListField(
        child=serializers.IntegerField(error_messages=INT_ERRORS),
        required=False,
        help_text=_("参训执委（人员编号）"),
    )


class TrainingAttendanceSerializer(serializers.Serializer):
    attendees = serializers.ListField(child=serializers.IntegerField(error_messages=INT_ERRORS))


class UntrainedSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    person_name = serializers.CharField()


class CoverageSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    term = serializers.CharField(allow_null=True)
    members = serializers.IntegerField()
    trained = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    verdict = VerdictSerializer(allow_null=True)
    untrained = UntrainedSerializer(many=True)
