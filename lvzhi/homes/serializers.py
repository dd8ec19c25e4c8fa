"""Shapes of /api/v1/homes/. Serializers only check shapes; writes go through
``lvzhi.homes.services``. Verdicts carry their rule id and source clause."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvzhi.core.periods import today_local
from lvzhi.core.serializers import ScopedRowField, request_user
from lvzhi.orgs.models import Person
from lvzhi.orgs.serializers import ScopedOrganizationField, ScopedRelatedField, VerdictSerializer

from . import rules
from .models import BoardPhoto, BoardUpdate, Home, Item, Loan, OpeningException, RotaEntry
from .selectors import board_verdicts
from .services import HOME_FIELDS, ITEM_FIELDS

HOME_NOT_FOUND = _("妇女之家不存在或不在您的管理范围内")


class ScopedHomeField(ScopedRowField):
    """The home a row is written to: among those the actor may change, else 404."""

    model = Home
    related = ("organization",)
    not_found = HOME_NOT_FOUND


class HomeSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    administrator_name = serializers.CharField(
        source="administrator.name", read_only=True, default=""
    )
    boards = serializers.SerializerMethodField(
        help_text=_("R-HM-04：妇工园地、活动剪影各一条判定（规则编号、依据条款、结论和说明）")
    )

    class Meta:
        model = Home
        fields = [
            "id",
            "organization",
            "organization_name",
            *HOME_FIELDS,
            "administrator_name",
            "designation",
            "designated_on",
            "boards",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(VerdictSerializer(many=True))
    def get_boards(self, obj) -> list[dict]:
        if not hasattr(obj, "garden_last"):
            return []
        return [v.as_dict() for v in board_verdicts(obj, today_local()).values()]


class HomeWriteSerializer(serializers.ModelSerializer):
    organization = ScopedOrganizationField(help_text=_("所属妇联编号；创建后不能更改"))
    administrator = ScopedRelatedField(
        Person, _("人员不存在或不在您的管理范围内"), required=False, allow_null=True
    )

    class Meta:
        model = Home
        fields = ["organization", *HOME_FIELDS]
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields["organization"].required = False

    def validate(self, attrs):
        if self.instance is not None and "organization" in attrs:
            if attrs.pop("organization").pk != self.instance.organization_id:
                raise serializers.ValidationError({"organization": _("创建后不能更改所属妇联")})
        return attrs


class OpenStateSerializer(serializers.Serializer):
    open = serializers.BooleanField()
    closes_at = serializers.DateTimeField(allow_null=True)
    next_opening = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()
    verdict = VerdictSerializer()


class ExceptionSerializer(serializers.ModelSerializer):
    home = ScopedHomeField(help_text=_("妇女之家编号"))

    class Meta:
        model = OpeningException
        fields = ["id", "home", "date", "is_open", "reason", "updated_at"]
        read_only_fields = ["id", "updated_at"]
        validators = []


class BoardPhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    display_url = serializers.SerializerMethodField()

    class Meta:
        model = BoardPhoto
        fields = ["id", "url", "display_url", "size"]

    def get_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("homes:board-photo", args=[obj.pk])

    def get_display_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("homes:board-photo-display", args=[obj.pk])


class BoardUpdateSerializer(serializers.ModelSerializer):
    home = ScopedHomeField(help_text=_("妇女之家编号"))
    photos = BoardPhotoSerializer(many=True, read_only=True)

    class Meta:
        model = BoardUpdate
        fields = ["id", "home", "board", "date", "title", "photos", "updated_at"]
        read_only_fields = ["id", "photos", "updated_at"]


class BoardUpdateWriteSerializer(serializers.Serializer):
    home = ScopedHomeField(help_text=_("妇女之家编号"))
    board = serializers.ChoiceField(choices=BoardUpdate._meta.get_field("board").choices)
    date = serializers.DateField()
    title = serializers.CharField(max_length=200)
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=9, help_text=_("照片（至多9张）")
    )


class ItemSerializer(serializers.ModelSerializer):
    home = ScopedHomeField(help_text=_("妇女之家编号；创建后不能更改"))
    on_loan = serializers.BooleanField(read_only=True, default=False, help_text=_("已借出未还"))

    class Meta:
        model = Item
        fields = ["id", "home", *ITEM_FIELDS, "on_loan", "updated_at"]
        read_only_fields = ["id", "on_loan", "updated_at"]
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["home"].required = False

    def validate(self, attrs):
        if self.instance is not None and "home" in attrs:
            if attrs.pop("home").pk != self.instance.home_id:
                raise serializers.ValidationError({"home": _("创建后不能更改所属妇女之家")})
        return attrs


class LoanSerializer(serializers.ModelSerializer):
    home = ScopedHomeField(help_text=_("妇女之家编号"))
    item_name = serializers.CharField(source="item.name", read_only=True)
    inventory_number = serializers.CharField(source="item.inventory_number", read_only=True)
    overdue = serializers.SerializerMethodField(help_text=_("R-HM-05：逾期未还"))
    borrower_name = serializers.CharField(
        max_length=50,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("台账以外的借阅人姓名；从台账选择时由台账填写"),
    )
    borrower_entry = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        write_only=True,
        help_text=_("从妇女信息台账选择的借阅人编号（见 /api/v1/homes/borrowers/）"),
    )
    from_ledger = serializers.SerializerMethodField(help_text=_("借阅人来自妇女信息台账"))

    class Meta:
        model = Loan
        fields = [
            "id",
            "home",
            "item",
            "item_name",
            "inventory_number",
            "borrower_name",
            "borrower_entry",
            "from_ledger",
            "lent_on",
            "due_date",
            "returned_on",
            "overdue",
            "note",
            "updated_at",
        ]
        read_only_fields = ["id", "returned_on", "overdue", "updated_at"]
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = Item.objects.restrict(request_user(self), "change")
        self.fields["item"].error_messages["does_not_exist"] = _("物品不存在或不在您的管理范围内")

    def get_from_ledger(self, obj) -> bool:
        return obj.borrower_entry_id is not None

    def get_overdue(self, obj) -> bool:
        return rules.loan_overdue(
            due_date=obj.due_date, returned_on=obj.returned_on, today=today_local()
        )


class ReturnSerializer(serializers.Serializer):
    returned_on = serializers.DateField()


class PublicHomeSerializer(serializers.ModelSerializer):
    """What a home posts outside: never a person."""

    organization_name = serializers.CharField(source="organization.name", read_only=True)
    location_display = serializers.CharField(source="get_location_display", read_only=True)
    designated = serializers.SerializerMethodField(help_text=_("是否规范化妇女之家"))

    class Meta:
        model = Home
        fields = [
            "id",
            "name",
            "address",
            "contact_phone",
            "location",
            "location_display",
            "organization_name",
            "designated",
        ]
        read_only_fields = fields

    def get_designated(self, obj) -> bool:
        return obj.designation == "designated"


class PublicHomeDetailSerializer(PublicHomeSerializer):
    open_state = serializers.SerializerMethodField(
        help_text=_("R-HM-03：现在是否开放及下次开放时间")
    )

    class Meta(PublicHomeSerializer.Meta):
        fields = [*PublicHomeSerializer.Meta.fields, "open_state"]
        read_only_fields = fields

    @extend_schema_field(OpenStateSerializer)
    def get_open_state(self, obj) -> dict:
        from .selectors import open_state

        state = open_state(obj)
        return OpenStateSerializer(
            {
                "open": state.open,
                "closes_at": state.closes_at,
                "next_opening": state.next_opening,
                "reason": state.reason,
                "verdict": state.verdict.as_dict(),
            }
        ).data


class RotaSerializer(serializers.ModelSerializer):
    home = ScopedHomeField(help_text=_("妇女之家编号"))
    person = ScopedRelatedField(
        Person, _("人员不存在或不在您的管理范围内"), required=False, allow_null=True
    )

    class Meta:
        model = RotaEntry
        fields = ["id", "home", "weekday", "session", "role", "person", "name", "updated_at"]
        read_only_fields = ["id", "updated_at"]
        extra_kwargs = {"name": {"required": False}}
