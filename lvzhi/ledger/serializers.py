"""Shapes of /api/v1/ledger/. Serializers check shapes only; services check scope and
rules. Reads never carry an ID number or phone in plaintext: masks only (the ID number's
mask only for who manages the community), the plaintext only through ``reveal``."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from lvzhi.core.api import parse_id
from lvzhi.orgs.models import Organization, Person
from lvzhi.orgs.serializers import RevealResponseSerializer

from . import selectors
from .models import (
    Category,
    ClosedReason,
    Consent,
    ConsentBasis,
    Entry,
    EntryCategory,
    Grid,
    ReadLog,
    ServiceRecord,
    TeamMember,
    Transfer,
    Visit,
    VolunteerTeam,
)
from .services import REVEALABLE


def _user(field):
    request = field.context.get("request")
    return getattr(request, "user", None)


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related row among those the actor may read; any other id answers 404."""

    def __init__(self, *, scoped, **kwargs):
        self.scoped = scoped
        kwargs.setdefault("queryset", Organization.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scoped(_user(self))

    def to_internal_value(self, data):
        value = None if isinstance(data, bool) else parse_id(data)
        if value is None:
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            return self.get_queryset().get(pk=value)
        except self.get_queryset().model.DoesNotExist:
            raise NotFound(_("不存在或不在您的管理范围内")) from None


def _creatable_orgs(user):
    return Organization.objects.restrict(user, "create")


def _managed_grids(user):
    return Grid.objects.restrict(user, "change")


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "code", "name", "group", "sensitive"]


class EntryCategorySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="category.code", read_only=True)
    name = serializers.CharField(source="category.name", read_only=True)

    class Meta:
        model = EntryCategory
        fields = ["id", "code", "name", "start_date", "end_date"]


class EntrySerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    grid_name = serializers.CharField(source="grid.name", read_only=True, default="")
    phone_masked = serializers.SerializerMethodField()
    id_number_masked = serializers.SerializerMethodField()
    categories = EntryCategorySerializer(source="open_categories", many=True, read_only=True)

    class Meta:
        model = Entry
        fields = [
            "id",
            "organization",
            "organization_name",
            "name",
            "gender",
            "birth_year",
            "address",
            "grid",
            "grid_name",
            "household",
            "note",
            "phone_masked",
            "id_number_masked",
            "categories",
        ]
        read_only_fields = fields

    def get_phone_masked(self, entry) -> str:
        return Entry._meta.get_field("phone").mask(entry.phone)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_id_number_masked(self, entry):
        """Only for who manages the community (a grid worker's duty does not need it)."""
        if not selectors.may_manage(_user(self), entry):
            return None
        return Entry._meta.get_field("id_number").mask(entry.id_number)


class EntryWriteSerializer(serializers.Serializer):
    organization = ScopedPrimaryKeyField(scoped=_creatable_orgs, required=False)
    name = serializers.CharField(max_length=50)
    gender = serializers.ChoiceField(
        choices=Entry._meta.get_field("gender").choices, required=False
    )
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    birth_year = serializers.IntegerField(
        min_value=1900, max_value=2100, required=False, allow_null=True
    )
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    grid = ScopedPrimaryKeyField(scoped=_managed_grids, required=False, allow_null=True)
    household = serializers.CharField(max_length=200, required=False, allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    categories = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Category.objects.filter(is_active=True),
        many=True,
        required=False,
    )
    category_since = serializers.DateField(required=False)

    def validate(self, attrs):
        if self.instance is None and "organization" not in attrs:
            raise serializers.ValidationError({"organization": _("请指定社区")})
        if self.instance is not None and ("organization" in attrs or "categories" in attrs):
            raise serializers.ValidationError(
                {"organization": _("所在社区只能通过迁出/迁入变更；类别请单独维护")}
            )
        return attrs


class LedgerRevealRequestSerializer(serializers.Serializer):
    field = serializers.ChoiceField(
        choices=[(name, _(label)) for name, label in REVEALABLE.items()],
        error_messages={"invalid_choice": _("该字段不能查看")},
    )
    reason = serializers.CharField(
        max_length=200,
        error_messages={"required": _("请填写查看原因"), "blank": _("请填写查看原因")},
    )


# The field revealed, as for a person; its own component name in the schema.
class LedgerRevealResponseSerializer(RevealResponseSerializer):
    pass


class TransferSerializer(serializers.ModelSerializer):
    from_organization_name = serializers.CharField(source="from_organization.name", read_only=True)
    to_organization_name = serializers.CharField(source="to_organization.name", read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "entry",
            "entry_name",
            "from_organization",
            "from_organization_name",
            "to_organization",
            "to_organization_name",
            "status",
            "reason",
            "decision_note",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


class TransferWriteSerializer(serializers.Serializer):
    entry = ScopedPrimaryKeyField(scoped=lambda user: Entry.objects.restrict(user, "change"))
    to_code = serializers.CharField(max_length=50, help_text=_("迁入社区妇联的组织代码"))
    reason = serializers.CharField(max_length=200)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "reject", "cancel"])
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class GridSerializer(serializers.ModelSerializer):
    n_entries = serializers.IntegerField(read_only=True)
    workers = serializers.SerializerMethodField()

    class Meta:
        model = Grid
        fields = [
            "id",
            "organization",
            "name",
            "note",
            "households",
            "is_active",
            "workers",
            "n_entries",
        ]
        read_only_fields = fields

    def get_workers(self, grid) -> list[str]:
        return [person.name for person in grid.workers.all()]


class VisitSerializer(serializers.ModelSerializer):
    entry_name = serializers.CharField(source="entry.name", read_only=True)
    visitor_name = serializers.CharField(source="visitor.name", read_only=True)
    activity = serializers.IntegerField(
        source="activity_id",
        read_only=True,
        allow_null=True,
        help_text=_("计入七个一的“联系”活动编号（走访人不是执委时为空）"),
    )

    class Meta:
        model = Visit
        fields = [
            "id",
            "entry",
            "entry_name",
            "visitor_name",
            "date",
            "findings",
            "needs",
            "follow_up",
            "activity",
        ]
        read_only_fields = fields


class VisitWriteSerializer(serializers.Serializer):
    entry = ScopedPrimaryKeyField(scoped=selectors.entries)
    date = serializers.DateField()
    findings = serializers.CharField(max_length=2000)
    needs = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    follow_up = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class VisitUpdateSerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    findings = serializers.CharField(max_length=2000, required=False)
    needs = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    follow_up = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class CountCategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    n = serializers.IntegerField()


class CountCommunitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    cells = serializers.ListField(child=serializers.IntegerField(), help_text=_("按类别顺序的人数"))


class CountsSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    total = serializers.IntegerField()
    categories = CountCategorySerializer(many=True)
    communities = CountCommunitySerializer(many=True)


class CategoryAddSerializer(serializers.Serializer):
    category = serializers.SlugRelatedField(slug_field="code", queryset=Category.objects.all())
    start_date = serializers.DateField()


class CategoryEndSerializer(serializers.Serializer):
    record = serializers.IntegerField(
        min_value=1, help_text=_("类别记录编号（详情中 categories 的 id）")
    )
    end_date = serializers.DateField()


class GridWriteSerializer(serializers.Serializer):
    organization = ScopedPrimaryKeyField(scoped=_creatable_orgs)
    name = serializers.CharField(max_length=60)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    workers = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, required=False, default=list
    )
    households = serializers.IntegerField(
        min_value=0, max_value=100000, required=False, allow_null=True, default=None
    )


class GridUpdateSerializer(serializers.Serializer):
    """What changes on a grid: its name, 范围说明, 户数, workers (the whole list), in use."""

    name = serializers.CharField(max_length=60, required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)
    households = serializers.IntegerField(
        min_value=0, max_value=100000, required=False, allow_null=True
    )
    workers = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, required=False
    )
    is_active = serializers.BooleanField(required=False, help_text=_("false 停用网格"))


# 个人信息保护 (PIPL) ---------------------------------------------------------


class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = [
            "id",
            "basis",
            "scope",
            "duty",
            "sensitive",
            "given_on",
            "given_by",
            "withdrawn_on",
            "withdrawal_note",
        ]
        read_only_fields = fields


class ConsentWriteSerializer(serializers.Serializer):
    basis = serializers.ChoiceField(choices=ConsentBasis.choices)
    scope = serializers.CharField(max_length=300)
    duty = serializers.CharField(max_length=200, required=False, allow_blank=True)
    sensitive = serializers.BooleanField(required=False, default=False)
    given_on = serializers.DateField()
    given_by = serializers.CharField(max_length=50, required=False, allow_blank=True)


class WithdrawSerializer(serializers.Serializer):
    consent = serializers.IntegerField(help_text=_("处理依据编号"))
    date = serializers.DateField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class CloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ClosedReason.choices)
    date = serializers.DateField()


class PrivacySerializer(serializers.Serializer):
    """An entry's legal bases, what it lacks, and whether it is closed or anonymised."""

    consents = ConsentSerializer(many=True)
    gaps = serializers.ListField(child=serializers.CharField())
    closed_reason = serializers.CharField()
    closed_on = serializers.DateField(allow_null=True)
    anonymised_at = serializers.DateTimeField(allow_null=True)


class ReadLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReadLog
        fields = ["id", "entry", "reader_name", "at", "kind", "purpose", "via_api"]
        read_only_fields = fields


# 巾帼志愿者 -------------------------------------------------------------------


def _team_orgs(user):
    return Organization.objects.restrict(user, "create")


class TeamSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    members = serializers.IntegerField(source="n_members", read_only=True)

    class Meta:
        model = VolunteerTeam
        fields = [
            "id",
            "organization",
            "organization_name",
            "name",
            "description",
            "founded_on",
            "is_public",
            "members",
        ]
        read_only_fields = fields


class TeamWriteSerializer(serializers.Serializer):
    organization = ScopedPrimaryKeyField(scoped=_team_orgs)
    name = serializers.CharField(max_length=60)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)
    founded_on = serializers.DateField(required=False, allow_null=True)
    is_public = serializers.BooleanField(required=False, default=True)


class TeamMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    phone_masked = serializers.SerializerMethodField()

    class Meta:
        model = TeamMember
        fields = ["id", "entry", "name", "phone_masked", "is_leader", "joined_on", "left_on"]
        read_only_fields = fields

    def get_phone_masked(self, member) -> str:
        return TeamMember._meta.get_field("phone").mask(member.phone)


class TeamMemberWriteSerializer(serializers.Serializer):
    entry = ScopedPrimaryKeyField(scoped=selectors.entries, required=False, allow_null=True)
    name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    is_leader = serializers.BooleanField(required=False, default=False)
    joined_on = serializers.DateField()


class ServiceWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    title = serializers.CharField(max_length=100)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    beneficiaries = serializers.IntegerField(min_value=0, required=False, default=0)
    members = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ServiceRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceRecord
        fields = ["id", "team", "date", "title", "beneficiaries", "note"]
        read_only_fields = fields


class VolunteerHoursSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    name = serializers.CharField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    services = serializers.IntegerField()


class TeamHoursSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    services = serializers.IntegerField()
    beneficiaries = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=10, decimal_places=1)
    volunteers = VolunteerHoursSerializer(many=True)


class TrendRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    counts = serializers.ListField(child=serializers.IntegerField())


class TrendsSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    by = serializers.CharField()
    months = serializers.ListField(child=serializers.CharField())
    rows = TrendRowSerializer(many=True)
