"""Executive meetings and attendance, reports (述职), evaluations and yearly results,
incentives, training."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.files import GeneratedName
from lvzhi.core.models import OrgScopedModel


class MeetingKind(models.TextChoices):
    EXECUTIVE = "executive", _("执委会议")
    PLENARY = "plenary", _("执委会全体会议")
    STANDING = "standing", _("常委会议")


class Meeting(OrgScopedModel):
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="member_meetings"
    )
    kind = models.CharField(
        _("会议类型"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.EXECUTIVE
    )
    title = models.CharField(_("会议名称"), max_length=200)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    agenda = models.TextField(_("议程"), blank=True)
    minutes = models.TextField(_("纪要"), blank=True)
    representatives_present = models.PositiveIntegerField(_("妇女代表到会人数"), default=0)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["organization", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("出席")
    EXCUSED = "excused", _("请假")
    ABSENT = "absent", _("无故缺席")


class Attendance(OrgScopedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("出席情况"), max_length=20, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("出席记录")
        verbose_name_plural = _("出席记录")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="unique_attendance")
        ]

    def __str__(self):
        return f"{self.meeting} {self.person} {self.get_status_display()}"


class ReportKind(models.TextChoices):
    ORAL = "oral", _("口头述职")
    WRITTEN = "written", _("书面述职")


class Report(OrgScopedModel):
    person = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("述职方式"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    half = models.PositiveSmallIntegerField(_("半年"), null=True, blank=True)
    # The day it was given: the meeting's date for an oral report (and a written one read
    # at a meeting), else the day the written report was handed in. R-EX-09 counts these.
    date = models.DateField(_("述职日期"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    text = models.TextField(_("述职内容"), blank=True)
    file = models.FileField(_("述职报告"), upload_to=GeneratedName("reports"), blank=True)

    class Meta:
        verbose_name = _("述职")
        verbose_name_plural = _("述职")
        ordering = ["-year", "person", "id"]
        indexes = [models.Index(fields=["organization", "year"])]

    def __str__(self):
        return f"{self.person} {self.year} {self.get_kind_display()}"


class EvaluatorKind(models.TextChoices):
    REPRESENTATIVE = "representative", _("妇女代表")
    MEMBER = "member", _("执委互评")
    FEDERATION = "federation", _("妇联组织")


class Evaluation(OrgScopedModel):
    """One evaluation of a member (grades are configurable per rule set)."""

    person = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="evaluations"
    )
    evaluator_kind = models.CharField(_("评议人"), max_length=20, choices=EvaluatorKind.choices)
    evaluator_name = models.CharField(_("评议人姓名"), max_length=50, blank=True)
    # The fellow member who graded (互评), so each member grades another once a year.
    evaluator = models.ForeignKey(
        "orgs.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("评议执委"),
    )
    grade = models.CharField(_("评议等次"), max_length=20)

    class Meta:
        verbose_name = _("评议")
        verbose_name_plural = _("评议")
        indexes = [models.Index(fields=["organization", "year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization", "year", "evaluator"],
                condition=models.Q(evaluator__isnull=False),
                name="unique_member_evaluation",
            )
        ]

    def __str__(self):
        return f"{self.person} {self.year} {self.grade}"


class YearResult(OrgScopedModel):
    """The yearly evaluation result of a member, kept (R-MB-09 reads two years of it)."""

    person = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.CharField(_("年度评议结果"), max_length=20)
    is_excellent = models.BooleanField(_("优秀执委"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("年度评议结果")
        verbose_name_plural = _("年度评议结果")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization", "year"], name="unique_year_result"
            )
        ]

    def __str__(self):
        return f"{self.person} {self.year} {self.grade}"


class IncentiveKind(models.TextChoices):
    PRAISE = "praise", _("通报表扬")
    PUBLICITY = "publicity", _("宣传报道")
    AWARD_CANDIDATE = "award_candidate", _("评先评优推荐")
    RESERVE_CADRE = "reserve_cadre", _("列为后备干部")
    RECOMMEND = "recommend", _("推荐使用")
    SUBSIDY = "subsidy", _("经费补助")


class Incentive(OrgScopedModel):
    person = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("激励方式"), max_length=20, choices=IncentiveKind.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    amount = models.DecimalField(
        _("补助金额"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("激励")
        verbose_name_plural = _("激励")
        ordering = ["-year", "id"]

    def __str__(self):
        return f"{self.person} {self.year} {self.get_kind_display()}"


class Training(OrgScopedModel):
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+"
    )
    term = models.ForeignKey(
        "orgs.Term", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("培训名称"), max_length=200)
    date = models.DateField(_("日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class TrainingAttendance(OrgScopedModel):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("参训记录")
        verbose_name_plural = _("参训记录")
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="unique_training_person")
        ]

    def __str__(self):
        return f"{self.training} {self.person}"
