"""Grid management through the API: rename, 范围说明 and 户数, reassign the grid workers,
deactivate (停用). Only the community's cadre edits; bad input answers 400 in Chinese and
changes nothing; every change is audited; a deactivated grid opens nothing to its workers
and takes no new women."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.ledger import selectors, services
from lvzhi.ledger.models import Grid
from lvzhi.orgs.models import Person

pytestmark = pytest.mark.django_db
BASE = "/api/v1/ledger/grids"


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _state(grid):
    grid = Grid.objects.get(pk=grid.pk)
    return (
        grid.name,
        grid.note,
        grid.households,
        grid.is_active,
        sorted(grid.workers.values_list("pk", flat=True)),
    )


def test_cadre_renames_describes_and_reassigns_a_grid_audited(ledger):
    other_person = Person.objects.create(
        organization=ledger.community, org_path=ledger.community.path, name="赵执委"
    )
    answer = _client(ledger.cadre).patch(
        f"{BASE}/{ledger.grid.pk}/",
        {
            "name": "幸福里网格",
            "note": "幸福里1-6号楼",
            "households": 320,
            "workers": [other_person.pk],
        },
        format="json",
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["name"] == "幸福里网格"
    assert body["note"] == "幸福里1-6号楼"
    assert body["households"] == 320
    assert body["is_active"] is True
    assert body["workers"] == ["赵执委"]
    event = AuditEvent.objects.filter(object_type="ledger.grid", action="update").latest("id")
    assert event.changes["name"] == ["第一网格", "幸福里网格"]
    assert event.changes["households"] == [None, 320]
    assert event.changes["workers"] == ["王网格", "赵执委"]
    # the former worker no longer keeps it
    assert not selectors.my_grids(ledger.worker).exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"name": "第二网格"}, "name", "本社区已有同名网格"),
        ({"name": "   "}, "name", "请填写网格名称"),
        ({"households": -1}, "households", None),
        ({"workers": [999999]}, "workers", None),
    ],
)
def test_bad_input_answers_400_in_chinese_and_changes_nothing(ledger, body, field, message):
    before = _state(ledger.grid)
    events = AuditEvent.objects.count()
    answer = _client(ledger.cadre).patch(f"{BASE}/{ledger.grid.pk}/", body, format="json")
    assert answer.status_code == 400, answer.content
    text = str(answer.json())
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text  # said in Chinese
    if message:
        assert message in text or field in answer.json()
    assert _state(ledger.grid) == before
    assert AuditEvent.objects.count() == events


def test_a_worker_from_another_community_is_refused(ledger):
    stranger = Person.objects.create(
        organization=ledger.other, org_path=ledger.other.path, name="外社区人员"
    )
    before = _state(ledger.grid)
    answer = _client(ledger.cadre).patch(
        f"{BASE}/{ledger.grid.pk}/", {"workers": [stranger.pk]}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["workers"] == ["网格员应为本社区登记的人员"]
    assert _state(ledger.grid) == before


def test_grid_worker_reads_her_grid_but_cannot_edit_it_and_strangers_get_404(ledger):
    before = _state(ledger.grid)
    assert _client(ledger.worker).get(f"{BASE}/{ledger.grid.pk}/").status_code == 200
    for user in (ledger.worker, ledger.other_cadre, ledger.staff):
        answer = _client(user).patch(f"{BASE}/{ledger.grid.pk}/", {"name": "改名"}, format="json")
        assert answer.status_code == 404, user
    assert _state(ledger.grid) == before


def test_deactivating_a_grid_with_registered_women_is_refused(ledger, make_entry, today):
    entry = make_entry("李桂芳", grid=ledger.grid)
    answer = _client(ledger.cadre).patch(
        f"{BASE}/{ledger.grid.pk}/", {"is_active": False}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["is_active"] == ["该网格仍有1名在册人员，请先将她们调整到其他网格再停用"]
    assert Grid.objects.get(pk=ledger.grid.pk).is_active
    # moved to the other grid, the first one can be deactivated
    services.entry_update(actor=ledger.cadre, entry=entry, grid=ledger.grid2, today=today)
    answer = _client(ledger.cadre).patch(
        f"{BASE}/{ledger.grid.pk}/", {"is_active": False}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["is_active"] is False
    event = AuditEvent.objects.filter(object_type="ledger.grid", action="update").latest("id")
    assert event.changes["is_active"] == [True, False]
    # its former worker keeps nothing through it; no woman is registered into it
    assert not selectors.my_grids(ledger.worker).exists()
    with pytest.raises(ValidationError) as refused:
        make_entry("张秀兰", grid=Grid.objects.get(pk=ledger.grid.pk))
    assert refused.value.message_dict["grid"] == ["该网格已停用"]
    # and it can be put back in use
    answer = _client(ledger.cadre).patch(
        f"{BASE}/{ledger.grid.pk}/", {"is_active": True}, format="json"
    )
    assert answer.status_code == 200
    assert selectors.my_grids(ledger.worker).exists()


def test_grid_create_takes_households(ledger):
    answer = _client(ledger.cadre).post(
        f"{BASE}/",
        {"organization": ledger.community.pk, "name": "第三网格", "households": 150},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["households"] == 150
