"""Writes of the 妇女之家: scope, rules, audit, and nothing written on a refusal."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lvzhi.core.models import AuditEvent
from lvzhi.core.scopes import OutOfScope
from lvzhi.homes import services
from lvzhi.homes.models import BoardPhoto, BoardUpdate, Home, Item, Loan, OpeningException

pytestmark = pytest.mark.django_db


def jpeg(name="p.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_home_create_audits_and_copies_the_path(org_tree, cadre):
    home = services.home_create(
        actor=cadre,
        organization=org_tree.xinhe_1,
        name="新河一社区妇女之家",
        address="新河一路1号",
        contact_phone="022-1",
        indoor_area=60,
        shared_use=True,
        shared_with="党群服务中心",
    )
    assert home.org_path == org_tree.xinhe_1.path
    event = AuditEvent.objects.get(object_type="homes.home", object_id=str(home.pk))
    assert event.action == "create" and event.org_path == org_tree.xinhe_1.path


def test_home_create_outside_scope_or_at_a_small_unit_is_refused(org_tree, cadre):
    with pytest.raises(OutOfScope):
        services.home_create(actor=cadre, organization=org_tree.dagu_1, name="x", address="y")
    with pytest.raises(ValidationError) as exc:
        services.home_create(actor=cadre, organization=org_tree.group, name="x", address="y")
    assert "organization" in exc.value.message_dict
    assert not Home.objects.exists()


def test_duplicate_home_name_is_a_field_error(org_tree, cadre, homes):
    with pytest.raises(ValidationError) as exc:
        services.home_create(
            actor=cadre, organization=org_tree.xinhe_1, name="新河一社区妇女之家", address="y"
        )
    assert "同名" in exc.value.message_dict["name"][0]


def test_home_update_records_the_change(cadre, homes):
    home = services.home_update(actor=cadre, home=homes["xinhe_1"], contact_phone="022-999")
    assert Home.objects.get(pk=home.pk).contact_phone == "022-999"
    event = AuditEvent.objects.filter(object_type="homes.home", action="update").get()
    assert event.changes["contact_phone"] == ["022-12345678", "022-999"]


def test_exceptions_one_per_date_with_a_reason(cadre, homes, clock):
    home = homes["xinhe_1"]
    services.exception_create(
        actor=cadre, home=home, date=dt.date(2026, 12, 2), is_open=False, reason="培训"
    )
    with pytest.raises(ValidationError) as exc:
        services.exception_create(
            actor=cadre, home=home, date=dt.date(2026, 12, 2), is_open=True, reason="x"
        )
    assert "date" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.exception_create(
            actor=cadre, home=home, date=dt.date(2026, 12, 3), is_open=False, reason=" "
        )
    assert OpeningException.objects.count() == 1


def test_board_update_stores_reencoded_photos(cadre, homes, clock):
    update = services.board_update_record(
        actor=cadre,
        home=homes["xinhe_1"],
        board="garden",
        date=dt.date(2026, 11, 20),
        title="三八节活动",
        photos=[jpeg(), jpeg("b.jpg")],
    )
    photos = list(update.photos.all())
    assert len(photos) == 2
    assert all(p.image.name.startswith("homes/") and p.display for p in photos)


def test_a_bad_photo_refuses_the_whole_update(cadre, homes, clock):
    bad = SimpleUploadedFile("x.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.board_update_record(
            actor=cadre,
            home=homes["xinhe_1"],
            board="garden",
            date=dt.date(2026, 11, 20),
            title="t",
            photos=[jpeg(), bad],
        )
    assert "photos" in exc.value.message_dict
    assert not BoardUpdate.objects.exists() and not BoardPhoto.objects.exists()


def test_board_update_in_the_future_is_refused(cadre, homes, clock):
    with pytest.raises(ValidationError):
        services.board_update_record(
            actor=cadre, home=homes["xinhe_1"], board="garden", date=dt.date(2026, 12, 1), title="t"
        )


def test_loans_one_open_loan_per_item_and_return(cadre, homes, clock):
    home = homes["xinhe_1"]
    item = services.item_create(
        actor=cadre, home=home, kind="periodical", name="中国妇女报", inventory_number="B-001"
    )
    with pytest.raises(ValidationError) as exc:
        services.item_create(
            actor=cadre, home=home, kind="book", name="x", inventory_number="B-001"
        )
    assert "inventory_number" in exc.value.message_dict
    loan = services.loan_create(
        actor=cadre,
        home=home,
        item=item,
        borrower_name="王女士",
        lent_on=dt.date(2026, 11, 20),
        due_date=dt.date(2026, 12, 4),
    )
    with pytest.raises(ValidationError) as exc:
        services.loan_create(
            actor=cadre,
            home=home,
            item=item,
            borrower_name="李女士",
            lent_on=dt.date(2026, 11, 21),
            due_date=dt.date(2026, 12, 4),
        )
    assert "已借出" in exc.value.message_dict["item"][0]
    services.loan_return(actor=cadre, loan=loan, returned_on=dt.date(2026, 11, 28))
    with pytest.raises(ValidationError):
        services.loan_return(actor=cadre, loan=loan, returned_on=dt.date(2026, 11, 28))
    assert Loan.objects.get(pk=loan.pk).returned_on == dt.date(2026, 11, 28)


def test_an_item_of_another_home_cannot_be_lent(cadre, org_tree, homes, clock):
    other = Home.objects.create(
        organization=org_tree.xinhe, org_path=org_tree.xinhe.path, name="街道妇女之家", address="a"
    )
    item = Item.objects.create(
        home=other, org_path=other.org_path, kind="book", name="书", inventory_number="1"
    )
    with pytest.raises(ValidationError):
        services.loan_create(
            actor=cadre,
            home=homes["xinhe_1"],
            item=item,
            borrower_name="王",
            lent_on=dt.date(2026, 11, 20),
            due_date=dt.date(2026, 11, 30),
        )


def test_the_district_designates_and_withdraws(org_tree, make_user, homes, cadre):
    district_cadre = make_user("bh", "cadre", org_tree.district)
    home = services.home_designate(
        actor=district_cadre,
        home=homes["xinhe_1"],
        designator=org_tree.district,
        on=dt.date(2026, 6, 1),
    )
    assert home.designation == "designated"
    with pytest.raises(ValidationError):  # a township does not designate
        services.home_designate(
            actor=cadre, home=homes["xinhe_1"], designator=org_tree.xinhe, on=dt.date(2026, 6, 1)
        )
    with pytest.raises(OutOfScope):  # nor may a township cadre act for the district
        services.home_designate(
            actor=cadre, home=homes["xinhe_1"], designator=org_tree.district, on=dt.date(2026, 6, 1)
        )
    home = services.home_designate(
        actor=district_cadre,
        home=home,
        designator=org_tree.district,
        on=dt.date(2026, 9, 1),
        withdraw=True,
    )
    assert home.designation == "withdrawn"
    assert AuditEvent.objects.filter(action__in=["designate", "withdraw"]).count() == 2


def test_admin_saves_through_the_service(client, admin_user, org_tree):
    client.force_login(admin_user)
    response = client.post(
        "/admin/homes/home/add/",
        {
            "organization": org_tree.xinhe_1.pk,
            "name": "后台新建之家",
            "location": "village",
            "address": "一路",
            "status": "active",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    home = Home.objects.get(name="后台新建之家")
    assert AuditEvent.objects.filter(object_type="homes.home", object_id=str(home.pk)).exists()
