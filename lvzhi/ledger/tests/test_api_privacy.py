"""/api/v1/ledger/ personal-information endpoints: legal bases, withdrawal, closing, the
read log (API reads logged too), each refused out of scope with nothing written."""

import pytest
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.ledger.models import Consent, Entry, ReadLog

pytestmark = pytest.mark.django_db
BASE = "/api/v1/ledger"
BODY = {"basis": "consent", "scope": "建立台账", "given_on": "2026-11-01", "given_by": "本人"}


@pytest.fixture
def api():
    return APIClient()


def test_api_detail_and_reveal_logged(api, ledger, make_entry):
    entry = make_entry(phone="13812345678")
    api.force_authenticate(ledger.cadre)
    assert api.get(f"{BASE}/entries/{entry.pk}/").status_code == 200
    api.post(f"{BASE}/entries/{entry.pk}/reveal/", {"field": "phone", "reason": "核对"})
    assert list(ReadLog.objects.order_by("id").values_list("kind", "via_api")) == [
        ("detail", True),
        ("reveal_phone", True),
    ]
    api.get(f"{BASE}/entries/")  # a list shows masks only: not a read of an entry
    assert ReadLog.objects.count() == 2


def test_api_consent_withdraw_and_privacy(api, ledger, make_entry, today):
    entry = make_entry(categories=[ledger.category])
    api.force_authenticate(ledger.cadre)
    bad = api.post(f"{BASE}/entries/{entry.pk}/consent/", {**BODY, "basis": "statutory"})
    assert bad.status_code == 400 and "duty" in bad.json()
    assert Consent.objects.count() == 0
    answer = api.post(f"{BASE}/entries/{entry.pk}/consent/", {**BODY, "sensitive": True})
    assert answer.status_code == 201 and answer.json()["sensitive"] is True
    pk = answer.json()["id"]
    privacy = api.get(f"{BASE}/entries/{entry.pk}/privacy/").json()
    assert privacy["gaps"] == [] and privacy["consents"][0]["id"] == pk
    answer = api.post(
        f"{BASE}/entries/{entry.pk}/withdraw-consent/", {"consent": pk, "date": "2026-11-20"}
    )
    assert answer.status_code == 200 and answer.json()["withdrawn_on"] == "2026-11-20"
    gaps = api.get(f"{BASE}/entries/{entry.pk}/privacy/").json()["gaps"]
    assert "没有有效的处理依据（同意或法定职责）" in gaps


def test_api_privacy_refused_out_of_scope(api, ledger, make_entry):
    entry = make_entry(grid=ledger.grid)
    last = AuditEvent.objects.order_by("-pk").first().pk
    for user in (ledger.other_cadre, ledger.worker, ledger.staff):
        api.force_authenticate(user)
        assert api.post(f"{BASE}/entries/{entry.pk}/consent/", BODY).status_code == 404
        assert (
            api.post(
                f"{BASE}/entries/{entry.pk}/close/", {"reason": "deceased", "date": "2026-11-01"}
            ).status_code
            == 404
        )
        assert api.get(f"{BASE}/entries/{entry.pk}/privacy/").status_code == 404
    assert not AuditEvent.objects.filter(pk__gt=last).exists()
    assert Consent.objects.count() == 0 and Entry.objects.get().closed_on is None


def test_api_close(api, ledger, make_entry):
    entry = make_entry()
    api.force_authenticate(ledger.cadre)
    answer = api.post(f"{BASE}/entries/{entry.pk}/close/", {"reason": "dead", "date": "2026-11-01"})
    assert answer.status_code == 400
    answer = api.post(
        f"{BASE}/entries/{entry.pk}/close/", {"reason": "deceased", "date": "2026-11-01"}
    )
    assert answer.status_code == 200
    entry.refresh_from_db()
    assert entry.closed_reason == "deceased"


def test_api_reads_scoped_and_counted(api, ledger, make_entry, django_assert_max_num_queries):
    api.force_authenticate(ledger.cadre)
    for n in range(3):
        api.get(f"{BASE}/entries/{make_entry(name=f'人员{n}').pk}/")
    with django_assert_max_num_queries(12) as few:
        rows = api.get(f"{BASE}/reads/").json()
    counted = len(few.captured_queries)
    assert rows["count"] == 3
    for n in range(10):
        api.get(f"{BASE}/entries/{make_entry(name=f'更多{n}').pk}/")
    with django_assert_max_num_queries(counted):
        assert api.get(f"{BASE}/reads/").json()["count"] == 13
    assert api.get(f"{BASE}/reads/?nonsense=1").status_code == 400
    api.force_authenticate(ledger.other_cadre)
    assert api.get(f"{BASE}/reads/").json()["count"] == 0
