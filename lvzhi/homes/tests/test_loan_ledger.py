"""Lending to a woman of the ledger (R-HM-05): the cadre picks the borrower from the
women's ledger (those she may read under the home's federation; phone masked, no ID
number) instead of typing her name; an outsider is still typed in; a woman she may not
read, or a closed entry, is refused and nothing is written; page and API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.homes import services
from lvzhi.homes.models import Item, Loan
from lvzhi.ledger.tests.conftest import id_number, ledger, make_entry, today  # noqa: F401

from .conftest import add_home

pytestmark = pytest.mark.django_db
PHONE = "13812345678"


@pytest.fixture
def lending(ledger, make_entry):  # noqa: F811
    home = add_home(ledger.community, "新河一社区妇女之家")
    item = Item.objects.create(
        home=home, org_path=home.org_path, kind="book", name="家庭教育读本", inventory_number="B-1"
    )
    woman = make_entry("李桂芳", grid=ledger.grid, id_number=id_number(), phone=PHONE)
    other = make_entry("李秀英", organization=ledger.other, id_number=id_number(serial="004"))
    return home, item, woman, other


def _lend(actor, home, item, **fields):
    return services.loan_create(
        actor=actor,
        home=home,
        item=item,
        lent_on=dt.date(2026, 11, 20),
        due_date=dt.date(2026, 12, 4),
        **fields,
    )


def test_borrower_picked_from_the_ledger(ledger, lending, clock):  # noqa: F811
    home, item, woman, _other = lending
    loan = _lend(ledger.cadre, home, item, borrower_entry=woman.pk)
    assert (loan.borrower_name, loan.borrower_entry_id) == ("李桂芳", woman.pk)
    # an outsider typed in
    loan.returned_on = dt.date(2026, 11, 25)
    loan.save()
    outsider = _lend(ledger.cadre, home, item, borrower_name="外来游客王女士")
    assert outsider.borrower_entry_id is None


def test_a_woman_out_of_scope_or_closed_is_refused(ledger, lending, clock, make_entry):  # noqa: F811
    home, item, woman, other = lending
    with pytest.raises(ValidationError) as exc:
        _lend(ledger.cadre, home, item, borrower_entry=other.pk)  # 大沽: not under the home
    assert "borrower_entry" in exc.value.message_dict
    woman.closed_on = dt.date(2026, 11, 1)
    woman.save(update_fields=["closed_on"])
    with pytest.raises(ValidationError):
        _lend(ledger.cadre, home, item, borrower_entry=woman.pk)
    with pytest.raises(ValidationError):
        _lend(ledger.cadre, home, item)  # neither picked nor typed
    assert not Loan.objects.exists()


def test_page_search_masks_and_lends(client, ledger, lending, clock):  # noqa: F811
    home, item, woman, _other = lending
    client.force_login(ledger.cadre)
    loans = client.get(reverse("homes:loans", args=[home.pk])).content.decode()
    assert reverse("homes:loan-ledger", args=[home.pk]) in loans
    url = reverse("homes:loan-ledger", args=[home.pk])
    page = client.get(url + "?q=李").content.decode()
    assert "李桂芳" in page and "138****5678" in page
    assert PHONE not in page and woman.id_number not in page and "李秀英" not in page
    response = client.post(
        url,
        {
            "borrower_entry": woman.pk,
            "item": item.pk,
            "lent_on": "2026-11-20",
            "due_date": "2026-12-04",
        },
    )
    assert response.status_code == 302
    assert Loan.objects.get().borrower_entry_id == woman.pk


def test_api(ledger, lending, clock):  # noqa: F811
    home, item, woman, other = lending
    api = APIClient()
    api.force_authenticate(ledger.cadre)
    found = api.get(f"/api/v1/homes/borrowers/?home={home.pk}&q=李").json()
    assert found == [{"id": woman.pk, "label": "李桂芳（第一网格，138****5678）"}]
    assert api.get("/api/v1/homes/borrowers/?q=李").status_code == 400
    response = api.post(
        "/api/v1/homes/loans/",
        {
            "home": home.pk,
            "item": item.pk,
            "borrower_entry": other.pk,
            "lent_on": "2026-11-20",
            "due_date": "2026-12-04",
        },
        format="json",
    )
    assert response.status_code == 400 and "borrower_entry" in response.json()
    response = api.post(
        "/api/v1/homes/loans/",
        {
            "home": home.pk,
            "item": item.pk,
            "borrower_entry": woman.pk,
            "lent_on": "2026-11-20",
            "due_date": "2026-12-04",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["borrower_name"] == "李桂芳" and response.json()["from_ledger"]
    api.force_authenticate(ledger.other_cadre)
    assert api.get(f"/api/v1/homes/borrowers/?home={home.pk}&q=李").status_code == 404
