"""妇女之家: the homes a federation runs (registry, venue, administrator, public contact),
their rota, equipment and reading items with inventory numbers, opening exceptions,
board updates (妇工园地, 活动剪影) with photos, and the lending register.

Every row carries ``org_path`` (its home's federation's path) so subtree reads are a
range scan and ``restrict(user, action)`` scopes them like every other app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.files import GeneratedName
from lvzhi.core.models import OrgScopedModel
from lvzhi.core.pii import EncryptedTextField


class Location(models.TextChoices):
    VILLAGE = "village", _("村（社区）")
    PARTY_CENTER = "party_center", _("党群服务中心")
    PARK = "park", _("园区、公园")
    ENTERPRISE = "enterprise", _("企业")
    OTHER = "other", _("其他")


class Status(models.TextChoices):
    ACTIVE = "active", _("运行中")
    SUSPENDED = "suspended", _("暂停开放")
    CLOSED = "closed", _("已撤销")


class Designation(models.TextChoices):
    """R-HM-01/02: where a home stands on the way to 规范化妇女之家."""

    NONE = "none", _("未申报")
    DESIGNATED = "designated", _("规范化妇女之家")
    WITHDRAWN = "withdrawn", _("已撤销命名")


class Home(OrgScopedModel):
    """A 妇女之家 run by ``organization`` (usually a village or community federation).
    Its contact phone is the public number posted outside (R-HM-03), not a woman's."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="homes",
        verbose_name=_("所属妇联"),
    )
    name = models.CharField(_("名称"), max_length=100)
    location = models.CharField(
        _("所在阵地"), max_length=20, choices=Location.choices, default=Location.VILLAGE
    )
    address = models.CharField(_("地址"), max_length=200)
    indoor_area = models.PositiveIntegerField(_("室内面积（平方米）"), null=True, blank=True)
    outdoor_area = models.PositiveIntegerField(_("室外面积（平方米）"), null=True, blank=True)
    shared_use = models.BooleanField(
        _("共享共用"), default=False, help_text=_("一室多用、分时使用的共享阵地")
    )
    shared_with = models.CharField(_("共用单位"), max_length=100, blank=True)
    administrator = models.ForeignKey(
        "orgs.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="homes_administered",
        verbose_name=_("管理员"),
    )
    contact_phone = models.CharField(
        _("联系电话"), max_length=40, blank=True, help_text=_("室外公示的联系电话（公开）")
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    designation = models.CharField(
        _("规范化命名"), max_length=12, choices=Designation.choices, default=Designation.NONE
    )
    designated_on = models.DateField(_("命名日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    board_figures = models.JSONField(
        _("妇女工作情况介绍（手工填写的数字）"), default=dict, blank=True
    )

    class Meta:
        verbose_name = _("妇女之家")
        verbose_name_plural = _("妇女之家")
        ordering = ["org_path", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_home_name")
        ]
        indexes = [models.Index(fields=["org_path", "designation", "status"])]

    def __str__(self):
        return self.name


class HomeRow(OrgScopedModel):
    """A row belonging to a home; ``org_path`` copied from it."""

    class Meta:
        abstract = True


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("星期一")
    TUESDAY = 1, _("星期二")
    WEDNESDAY = 2, _("星期三")
    THURSDAY = 3, _("星期四")
    FRIDAY = 4, _("星期五")
    SATURDAY = 5, _("星期六")
    SUNDAY = 6, _("星期日")


class Session(models.TextChoices):
    MORNING = "am", _("上午 9:00—12:00")
    AFTERNOON = "pm", _("下午 14:00—17:00")


class DutyRole(models.TextChoices):
    MEMBER = "member", _("执委")
    VOLUNTEER = "volunteer", _("巾帼志愿者")


class RotaEntry(HomeRow):
    """R-HM-01 有工作人员: who is on duty (轮职值班) on a weekday's session."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="rota")
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    session = models.CharField(_("时段"), max_length=2, choices=Session.choices)
    role = models.CharField(_("身份"), max_length=12, choices=DutyRole.choices)
    person = models.ForeignKey(
        "orgs.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="home_duties",
        verbose_name=_("值班人员"),
    )
    name = models.CharField(_("姓名"), max_length=50)

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        ordering = ["home", "weekday", "session", "id"]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.get_session_display()} {self.name}"


class ItemKind(models.TextChoices):
    BOOK = "book", _("图书")
    PERIODICAL = "periodical", _("报刊")
    SPORTS = "sports", _("文体器材")
    OFFICE = "office", _("办公设备")
    CRAFT = "craft", _("手工作品展示架")
    OTHER = "other", _("其他")


class Item(HomeRow):
    """A book, periodical or piece of equipment, one copy per inventory number."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("类别"), max_length=12, choices=ItemKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    inventory_number = models.CharField(_("登记编号"), max_length=40)
    lendable = models.BooleanField(_("可外借"), default=True)
    is_active = models.BooleanField(_("在册"), default=True)

    class Meta:
        verbose_name = _("设施设备与报刊书籍")
        verbose_name_plural = _("设施设备与报刊书籍")
        ordering = ["home", "kind", "inventory_number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["home", "inventory_number"], name="unique_home_inventory_number"
            )
        ]

    def __str__(self):
        return f"{self.inventory_number} {self.name}"


class OpeningException(HomeRow):
    """R-HM-03: a date the federation closes the home (or opens it on a holiday)."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("日期"))
    is_open = models.BooleanField(_("开放"), default=False, help_text=_("不勾选为闭馆"))
    reason = models.CharField(_("原因"), max_length=200)

    class Meta:
        verbose_name = _("开放时间调整")
        verbose_name_plural = _("开放时间调整")
        ordering = ["home", "-date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["home", "date"], name="unique_home_exception_date")
        ]

    def __str__(self):
        return f"{self.date} {'开放' if self.is_open else '闭馆'}"


class Board(models.TextChoices):
    """R-HM-04: the two boards updated every half-year (CQ-FN 附件1 六)."""

    GARDEN = "garden", _("妇工园地")
    SNAPSHOTS = "snapshots", _("活动剪影")


class BoardUpdate(HomeRow):
    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="board_updates")
    board = models.CharField(_("宣传栏"), max_length=12, choices=Board.choices)
    date = models.DateField(_("更新日期"))
    title = models.CharField(_("内容"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("宣传栏更新")
        verbose_name_plural = _("宣传栏更新")
        ordering = ["home", "-date", "-id"]
        indexes = [models.Index(fields=["home", "board", "date"])]

    def __str__(self):
        return f"{self.get_board_display()} {self.date}"


class BoardPhoto(HomeRow):
    update = models.ForeignKey(BoardUpdate, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=GeneratedName("homes"))
    display = models.ImageField(_("展示图"), upload_to=GeneratedName("homes"), blank=True)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)

    class Meta:
        verbose_name = _("宣传栏照片")
        verbose_name_plural = _("宣传栏照片")
        ordering = ["update", "id"]

    def __str__(self):
        return self.image.name


class Loan(HomeRow):
    """R-HM-05: an item lent against the register (借阅登记)."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="loans")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="loans")
    borrower_name = models.CharField(_("借阅人"), max_length=50)
    # picked from the women's ledger (its entry's id: homes does not import the ledger);
    # empty for an outsider typed in by name
    borrower_entry_id = models.BigIntegerField(
        _("台账人员编号"), null=True, blank=True, editable=False, db_index=True
    )
    lent_on = models.DateField(_("借出日期"))
    due_date = models.DateField(_("应还日期"))
    returned_on = models.DateField(_("归还日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("借阅登记")
        verbose_name_plural = _("借阅登记")
        ordering = ["home", "-lent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(returned_on__isnull=True),
                name="one_open_loan_per_item",
            )
        ]
        indexes = [models.Index(fields=["org_path", "returned_on", "due_date"])]

    def __str__(self):
        return f"{self.item} · {self.borrower_name}"


# 评估命名 (R-HM-01/02) -------------------------------------------------------------------


class AssessmentKind(models.TextChoices):
    DESIGNATION = "designation", _("申报命名")
    RECHECK = "recheck", _("复核")


class AssessmentStatus(models.TextChoices):
    """Where an assessment stands; the case on the process engine moves it (自评 → 乡镇审核 →
    区县命名), a re-check is decided by the district at once."""

    SELF = "self", _("村（社区）妇联自评")
    TOWNSHIP = "township", _("乡镇（街道）妇联审核")
    DISTRICT = "district", _("区县妇联命名")
    DESIGNATED = "designated", _("已命名")
    KEPT = "kept", _("复核通过")
    WITHDRAWN = "withdrawn", _("复核未通过，已撤销命名")
    CANCELLED = "cancelled", _("已撤销")


OPEN_ASSESSMENT = (AssessmentStatus.SELF, AssessmentStatus.TOWNSHIP, AssessmentStatus.DISTRICT)


class Assessment(HomeRow):
    """One run of the six-standard checklist for a home: an application for designation
    (a case on the process engine) or the district's re-check of a designated home.

    ``verdicts`` lists every verdict taken on it, each with its rule id and clause
    (R-HM-01 on the checklist, R-HM-02 on the district's target when it designates)."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(
        _("类型"), max_length=12, choices=AssessmentKind.choices, default=AssessmentKind.DESIGNATION
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.SELF
    )
    case = models.OneToOneField(
        "processes.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="home_assessment",
        verbose_name=_("办件"),
    )
    verdicts = models.JSONField(_("判定记录"), default=list, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("规范化评估")
        verbose_name_plural = _("规范化评估")
        ordering = ["home", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["home"],
                condition=models.Q(status__in=["self", "township", "district"]),
                name="one_open_assessment_per_home",
            )
        ]
        indexes = [models.Index(fields=["org_path", "status"])]

    def __str__(self):
        return f"{self.home} {self.year} {self.get_kind_display()}"


class PartReview(models.TextChoices):
    PENDING = "", _("待审核")
    AGREED = "agreed", _("审核通过")
    RETURNED = "returned", _("退回修改")


class AssessmentPart(HomeRow):
    """One part of the six standards in an assessment: the village's verdict (达到 or not)
    with its note and evidence, and the township's review (退回 with a reason)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(_("项目"), max_length=40)
    met = models.BooleanField(_("达到"), null=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    review = models.CharField(
        _("审核"), max_length=10, choices=PartReview.choices, default="", blank=True
    )
    review_reason = models.CharField(_("退回理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("评估项目")
        verbose_name_plural = _("评估项目")
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "code"], name="unique_assessment_part_code"
            )
        ]

    def __str__(self):
        return self.code


class Evidence(HomeRow):
    """A photo or document proving a part (re-encoded or checked by content, stored under
    a generated name, served only through the scope-checking view)."""

    part = models.ForeignKey(AssessmentPart, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("文件"), upload_to=GeneratedName("homes"))
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    is_image = models.BooleanField(_("照片"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["part", "id"]

    def __str__(self):
        return self.original_name


# 活动“六个有” (R-HM-06) ------------------------------------------------------------------


class Theme(models.TextChoices):
    """R-HM-06 有主题: the four actions (CQ-FN 附件3)."""

    PARTY = "party", _("巾帼心向党")
    MERIT = "merit", _("巾帼建新功")
    WARMTH = "warmth", _("巾帼暖人心")
    IMAGE = "image", _("巾帼亮形象")


class KeyDate(models.TextChoices):
    """R-HM-06 有节点: the key date an activity is tied to."""

    NONE = "", _("无")
    WOMENS_DAY = "womens_day", _("三八妇女节")
    CHILDRENS_DAY = "childrens_day", _("六一儿童节")
    FESTIVAL = "festival", _("传统节日")
    OTHER = "other", _("其他重要节点")


class WishSource(models.TextChoices):
    VISIT = "visit", _("走访")
    MAILBOX = "mailbox", _("主席信箱")
    ONLINE = "online", _("线上征集")
    MEETING = "meeting", _("座谈会")


class MemberKind(models.TextChoices):
    """The 七个一 kinds a 妇女之家 activity an executive member led may count as (the codes
    of the members app's activity kinds; a test keeps them in step)."""

    NONE = "", _("不计入")
    CONTACT = "contact", _("联系")
    LECTURE = "lecture", _("宣讲")
    SURVEY = "survey", _("调研")
    ASSISTANCE = "assistance", _("帮扶")
    PUBLIC_SERVICE = "public_service", _("公益")


class QuarterPlan(HomeRow):
    """R-HM-06 有计划: a quarter's plan, published after asking women (its wishes), and the
    quarter's summary generated from its activities."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    content = models.TextField(_("计划内容"))
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    summary = models.TextField(_("季度总结"), blank=True)
    summary_at = models.DateTimeField(_("总结生成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("季度活动计划")
        verbose_name_plural = _("季度活动计划")
        ordering = ["home", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["home", "year", "quarter"], name="unique_home_quarter_plan"
            )
        ]

    def __str__(self):
        return f"{self.year}年第{self.quarter}季度"


class Wish(HomeRow):
    """A wish women voiced for the quarter (需求征集), where it came from and how many."""

    plan = models.ForeignKey(QuarterPlan, on_delete=models.CASCADE, related_name="wishes")
    text = models.CharField(_("意愿"), max_length=300)
    source = models.CharField(_("来源"), max_length=10, choices=WishSource.choices)
    count = models.PositiveIntegerField(_("提出人数"), default=1)

    class Meta:
        verbose_name = _("妇女意愿")
        verbose_name_plural = _("妇女意愿")
        ordering = ["plan", "id"]

    def __str__(self):
        return self.text


class Activity(HomeRow):
    """R-HM-06: an activity of the quarter's plan with its own plan (有方案: content,
    flow, participants), theme (有主题), key date (有节点), record (有记录: sign-in,
    photos) and results (有成效). ``public_key`` is the QR code's path to the rating form."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="activities")
    plan = models.ForeignKey(QuarterPlan, on_delete=models.PROTECT, related_name="activities")
    wish = models.ForeignKey(
        Wish,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("回应的意愿"),
    )
    title = models.CharField(_("活动名称"), max_length=100)
    date = models.DateField(_("活动日期"))
    theme = models.CharField(_("主题"), max_length=10, choices=Theme.choices)
    key_date = models.CharField(
        _("节点"), max_length=16, choices=KeyDate.choices, default="", blank=True
    )
    content = models.TextField(_("活动内容"))
    flow = models.TextField(_("活动流程"))
    participants = models.CharField(_("参与对象"), max_length=200)
    signed_in = models.PositiveIntegerField(_("签到人数"), null=True, blank=True)
    results = models.TextField(_("活动成效"), blank=True)
    public_key = models.CharField(max_length=32, unique=True, editable=False)
    # 执委带领（组织）的活动计入她的七个一 (R-EX-01…06) as the kind chosen, once held: the
    # members activity is kept by id (the activity table is partitioned, decision 0017)
    leader = models.ForeignKey(
        "orgs.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("带领（组织）的执委"),
    )
    counts_as = models.CharField(
        _("计入七个一"), max_length=20, choices=MemberKind.choices, blank=True
    )
    member_activity_id = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["home", "-date", "-id"]
        indexes = [
            models.Index(fields=["org_path", "date"]),
            models.Index(fields=["plan", "date"]),
            # the roll-up's quarter by theme over a province: the quarter's rows only, read
            # from the index alone
            models.Index(fields=["date", "org_path", "theme"], name="homes_activity_quarter_idx"),
        ]

    def __str__(self):
        return self.title


class ActivityPhoto(HomeRow):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=GeneratedName("homes"))
    display = models.ImageField(_("展示图"), upload_to=GeneratedName("homes"), blank=True)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["activity", "id"]

    def __str__(self):
        return self.image.name


class Rating(HomeRow):
    """A member of the public's rating of an activity (1–5 and a comment). No personal data:
    no login, no address, no phone; ``nonce`` is the hash of the form's one-time token, so
    a form sent twice (a replay) is refused by the unique constraint."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField(_("评分"))
    comment = models.CharField(_("意见"), max_length=200, blank=True)
    nonce = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("群众评价")
        verbose_name_plural = _("群众评价")
        ordering = ["activity", "-id"]
        indexes = [
            models.Index(fields=["org_path", "activity"]),
            # the roll-up's count and average per subtree, read from the index alone
            models.Index(fields=["org_path", "score"], name="homes_rating_score_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.activity} {self.score}"


# 议事 (R-HM-07) ---------------------------------------------------------------------------


class TopicSource(models.TextChoices):
    """R-HM-07 议题: gathered by the members' visits, the chair's mailbox and online
    (the public topic form on the home's page); CQ-FN 附件4 五."""

    VISIT = "visit", _("执委联系走访")
    MAILBOX = "mailbox", _("妇联主席信箱")
    ONLINE = "online", _("网上征集")


class TopicStatus(models.TextChoices):
    OPEN = "open", _("待议")
    DECIDED = "decided", _("已议定")
    ANSWERED = "answered", _("已反馈")
    DROPPED = "dropped", _("不予议事")


class Topic(HomeRow):
    """A topic raised for deliberation. Who raised it (``raised_by``, ``contact``: needed for
    the feedback) is read only by who may change the home and never shown publicly; the
    contact is encrypted at rest."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("议题"), max_length=100)
    text = models.TextField(_("具体内容"), blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=TopicSource.choices)
    raised_on = models.DateField(_("收集日期"))
    raised_by = models.CharField(_("提出人"), max_length=50, blank=True)
    contact = EncryptedTextField(_("联系方式"), blank=True, default="", masker="phone")
    status = models.CharField(
        _("状态"), max_length=10, choices=TopicStatus.choices, default=TopicStatus.OPEN
    )
    status_note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["home", "-raised_on", "-id"]
        indexes = [models.Index(fields=["org_path", "status"])]

    def __str__(self):
        return self.title


class MeetingForm(models.TextChoices):
    """CQ-FN 附件4 三: 集中议事、现场议事、上门议事、接待议事."""

    PLENARY = "plenary", _("集中议事")
    ON_SITE = "on_site", _("现场议事")
    DOOR = "door", _("上门议事")
    RECEPTION = "reception", _("接待议事")


class MeetingMode(models.TextChoices):
    """CQ-FN 附件4 二: 不定期议事、一事一议、要事随议."""

    IRREGULAR = "irregular", _("不定期议事")
    ONE_ISSUE = "one_issue", _("一事一议")
    URGENT = "urgent", _("要事随议")


class Meeting(HomeRow):
    """A deliberation meeting (议事会) convened by the village federation (CQ-FN 附件4 一),
    with its participants and the topics it took up."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("议事日期"))
    form = models.CharField(_("议事形式"), max_length=10, choices=MeetingForm.choices)
    mode = models.CharField(
        _("议事方式"), max_length=10, choices=MeetingMode.choices, default=MeetingMode.IRREGULAR
    )
    place = models.CharField(_("地点"), max_length=100, blank=True)
    chair = models.CharField(_("召集人"), max_length=50)
    minutes = models.TextField(_("议事记录"), blank=True)
    topics = models.ManyToManyField(Topic, related_name="meetings", verbose_name=_("议题"))
    verdicts = models.JSONField(_("判定记录"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("议事会")
        verbose_name_plural = _("议事会")
        ordering = ["home", "-date", "-id"]
        indexes = [models.Index(fields=["org_path", "date"])]

    def __str__(self):
        return f"{self.date} {self.get_form_display()}"


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("妇联主席")
    MEMBER = "member", _("妇联执委")
    SECRETARY = "secretary", _("村（社区）书记")
    DIRECTOR = "director", _("村（社区）主任")
    COMMITTEE = "committee", _("村（社区）两委成员")
    WOMAN = "woman", _("妇女群众代表")
    OTHER = "other", _("其他")


class Participant(HomeRow):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("身份"), max_length=10, choices=ParticipantRole.choices)
    name = models.CharField(_("姓名"), max_length=50)

    class Meta:
        verbose_name = _("参会人员")
        verbose_name_plural = _("参会人员")
        ordering = ["meeting", "id"]

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"


class ReportTarget(models.TextChoices):
    UPPER = "upper", _("上级妇联")
    COMMITTEE = "committee", _("村（社区）两委")
    BOTH = "both", _("上级妇联和村（社区）两委")


class Escalation(models.TextChoices):
    """Where a major issue went at the upper federation (CQ-FN 附件4 七)."""

    SUGGESTION = "suggestion", _("转为建议")
    CASE = "case", _("转办案件")


class Decision(HomeRow):
    """What a meeting decided on a topic (处理意见和解决办法), its feedback to the women
    (CQ-FN 附件4 六) and, for a major issue (事关全局的重大问题), its report up (七)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("处理意见和解决办法"))
    major = models.BooleanField(
        _("重大问题"), default=False, help_text=_("事关全局的重大问题，须向上级妇联和两委上报")
    )
    feedback_on = models.DateField(_("反馈日期"), null=True, blank=True)
    feedback = models.CharField(_("反馈情况"), max_length=300, blank=True)
    reported_on = models.DateField(_("上报日期"), null=True, blank=True)
    reported_to = models.CharField(
        _("上报对象"), max_length=10, choices=ReportTarget.choices, blank=True
    )
    report_note = models.CharField(_("上报情况"), max_length=300, blank=True)
    # a major issue carried on as an executive member's 建议 (a members activity, kept by
    # id like the ledger's visits: the activity table is partitioned) or a case (办件) on
    # the process engine; its outcome is read from there, never copied
    escalated_as = models.CharField(
        _("转办方式"), max_length=12, choices=Escalation.choices, blank=True
    )
    escalated_on = models.DateField(_("转办日期"), null=True, blank=True)
    suggestion_id = models.BigIntegerField(null=True, blank=True, editable=False, db_index=True)
    case = models.ForeignKey(
        "processes.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办件"),
    )
    verdicts = models.JSONField(_("判定记录"), default=list, blank=True)

    class Meta:
        verbose_name = _("议事决定")
        verbose_name_plural = _("议事决定")
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "topic"], name="unique_decision_topic")
        ]

    def __str__(self):
        return f"{self.topic} · {self.meeting.date}"
