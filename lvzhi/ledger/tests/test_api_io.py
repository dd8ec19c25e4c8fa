"""/api/v1/ledger/imports/ (preview with row errors in Chinese, confirm of the previewed
file only, all rows or none) and /entries/{id}/report/ (个人信息报告 for an access
request: full data to who may reveal, logged in the read log and audited)."""

import io

import pytest
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.ledger.models import Entry, ReadLog

from .conftest import id_number
from .test_excel import GOOD, OTHER, workbook

pytestmark = pytest.mark.django_db
BASE = "/api/v1/ledger"
THIRD = id_number("19780505", "006")


@pytest.fixture
def api():
    return APIClient()


def _file(content, name="ledger.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return file


def _post(api, url, org, content, **extra):
    return api.post(url, {"organization": org.pk, "file": _file(content), **extra})


def _errors(body):
    return {r["row"]: {e["column"]: e["message"] for e in r["errors"]} for r in body["preview"]}


def test_preview_answers_each_rows_errors_in_chinese_and_writes_nothing(api, ledger, make_entry):
    bad_check = GOOD[:-1] + ("0" if GOOD[-1] != "0" else "1")
    content = workbook(
        ("甲", "女", GOOD, "13812345678", None, "", "第一网格", "", "留守妇女"),
        ("乙", "", bad_check, "", None, "", "不存在网格", "", ""),
        ("丙", "", GOOD, "", None, "", "", "", "不存在类别"),
    )
    api.force_authenticate(ledger.cadre)
    answer = _post(api, f"{BASE}/imports/preview/", ledger.community, content)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["ok"], body["rows"], body["error_rows"]) == (False, 3, 2)
    errors = _errors(body)
    assert errors[2] == {}
    assert "校验位" in errors[3]["身份证号"]
    assert errors[3]["网格"] == "本社区没有名为“不存在网格”的网格"
    assert errors[4] == {"身份证号": "与第 2 行的身份证号重复", "类别": "未知的类别：不存在类别"}
    row = body["preview"][0]
    assert (row["name"], row["grid"], row["categories"]) == ("甲", "第一网格", ["留守妇女"])
    assert GOOD not in answer.content.decode() and "13812345678" not in answer.content.decode()
    assert not Entry.objects.exists()


def test_confirm_writes_the_previewed_file_only_and_all_rows(api, ledger):
    content = workbook(
        ("甲", "女", GOOD, "13812345678", None, "", "第一网格", "", "留守妇女、困难妇女"),
        ("乙", "", OTHER, "", None, "", "", "", ""),
    )
    api.force_authenticate(ledger.cadre)
    preview = _post(api, f"{BASE}/imports/preview/", ledger.community, content).json()
    assert preview["ok"] and len(preview["digest"]) == 64
    other = workbook(("丁", "", THIRD, "", None, "", "", "", ""))
    stale = _post(
        api, f"{BASE}/imports/confirm/", ledger.community, other, digest=preview["digest"]
    )
    assert stale.status_code == 400 and "重新预览" in str(stale.json()["digest"])
    bad = _post(api, f"{BASE}/imports/confirm/", ledger.community, content, digest="x")
    assert bad.status_code == 400 and "digest" in bad.json()
    assert not Entry.objects.exists()
    done = _post(
        api, f"{BASE}/imports/confirm/", ledger.community, content, digest=preview["digest"]
    )
    assert done.status_code == 201, done.content
    body = done.json()
    assert body["created"] == 2 and len(body["entries"]) == 2
    entry = Entry.objects.get(name="甲")
    assert entry.id_number == GOOD and entry.grid == ledger.grid
    assert entry.categories.count() == 2
    assert AuditEvent.objects.filter(object_type="ledger.entry", action="create").count() == 2


def test_confirm_refuses_all_rows_when_one_fails_on_writing(api, ledger, make_entry):
    content = workbook(
        ("甲", "女", GOOD, "", None, "", "", "", ""),
        ("乙", "", OTHER, "", None, "", "", "", ""),
    )
    api.force_authenticate(ledger.cadre)
    preview = _post(api, f"{BASE}/imports/preview/", ledger.community, content).json()
    assert preview["ok"]
    # between preview and confirm, 乙's ID number is registered in another community
    make_entry(name="陈某", organization=ledger.other, id_number=OTHER)
    answer = _post(
        api, f"{BASE}/imports/confirm/", ledger.community, content, digest=preview["digest"]
    )
    assert answer.status_code == 400
    body = answer.json()
    assert "未写入任何数据" in body["detail"]
    assert [r["row"] for r in body["rows"]] == [3]
    assert "其他社区" in body["rows"][0]["errors"][0]["message"]
    assert "陈某" not in answer.content.decode()  # the holder's community is not hers to see
    assert list(Entry.objects.values_list("name", flat=True)) == ["陈某"]


def test_confirm_of_a_file_with_row_errors_writes_nothing(api, ledger):
    content = workbook(
        ("甲", "女", GOOD, "", None, "", "", "", ""),
        ("", "", "", "123", None, "", "", "", ""),
    )
    api.force_authenticate(ledger.cadre)
    preview = _post(api, f"{BASE}/imports/preview/", ledger.community, content).json()
    answer = _post(
        api, f"{BASE}/imports/confirm/", ledger.community, content, digest=preview["digest"]
    )
    assert answer.status_code == 400
    assert answer.json()["rows"][0]["row"] == 3
    assert {e["column"] for e in answer.json()["rows"][0]["errors"]} == {"姓名", "联系电话"}
    assert not Entry.objects.exists()


def test_import_scope_and_bad_input(api, ledger):
    content = workbook(("甲", "女", GOOD, "", None, "", "", "", ""))
    for user in (ledger.other_cadre, ledger.worker, ledger.staff):
        api.force_authenticate(user)
        answer = _post(api, f"{BASE}/imports/preview/", ledger.community, content)
        assert answer.status_code == 404, user
    api.force_authenticate(ledger.cadre)
    broken = _post(api, f"{BASE}/imports/preview/", ledger.community, b"not a workbook")
    assert broken.status_code == 400 and broken.json()["file"]
    no_org = api.post(f"{BASE}/imports/preview/", {"file": _file(content)})
    assert no_org.status_code == 400 and "组织编号" in str(no_org.json())
    township = _post(api, f"{BASE}/imports/preview/", ledger.tree.xinhe, content)
    assert township.status_code == 400 and "organization" in township.json()
    assert not Entry.objects.exists()


def test_person_report_api(api, ledger, make_entry, today):
    entry = make_entry(
        grid=ledger.grid,
        id_number=GOOD,
        phone="13812345678",
        categories=[ledger.category],
    )
    api.force_authenticate(ledger.cadre)
    assert api.get(f"{BASE}/entries/{entry.pk}/").status_code == 200  # a read: logged
    url = f"{BASE}/entries/{entry.pk}/report/"
    assert api.post(url, {"purpose": "  "}, format="json").status_code == 400
    answer = api.post(url, {"purpose": "本人申请查阅"}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer["Cache-Control"] == "no-store"
    body = answer.json()
    assert body["entry"]["id_number"] == GOOD and body["entry"]["phone"] == "13812345678"
    assert body["entry"]["grid_name"] == "第一网格"
    assert [c["code"] for c in body["categories"]] == ["left_behind_women"]
    assert [(r["kind"], r["via_api"]) for r in body["reads"]] == [
        ("detail", True),
        ("report", True),
    ]
    assert body["reads"][1]["purpose"] == "本人申请查阅"
    assert "report" in [c["action"] for c in body["changes"]]
    assert ReadLog.objects.filter(kind="report", via_api=True).count() == 1
    event = AuditEvent.objects.get(action="report")
    assert GOOD not in str(event.changes)
    # the federation reviews the report line in the read log
    lines = api.get(f"{BASE}/reads/", {"entry": entry.pk}).json()["results"]
    assert "report" in [line["kind"] for line in lines]


def test_person_report_api_needs_the_reveal_right(api, ledger, make_entry):
    entry = make_entry(grid=ledger.grid, id_number=GOOD)
    url = f"{BASE}/entries/{entry.pk}/report/"
    for user in (ledger.worker, ledger.other_cadre, ledger.staff):
        api.force_authenticate(user)
        assert api.post(url, {"purpose": "本人申请"}, format="json").status_code == 404, user
    assert not ReadLog.objects.filter(kind="report").exists()
    assert not AuditEvent.objects.filter(action="report").exists()


def test_lookup_by_id_number_uses_the_blind_index_for_who_keeps_the_community(
    api, ledger, make_entry, client
):
    entry = make_entry(grid=ledger.grid, id_number=GOOD)
    make_entry("乙", grid=ledger.grid, id_number=OTHER)
    api.force_authenticate(ledger.cadre)
    rows = api.get(f"{BASE}/entries/", {"id_number": GOOD.lower()}).json()["results"]
    assert [r["id"] for r in rows] == [entry.pk]
    assert api.get(f"{BASE}/entries/", {"id_number": "123"}).json()["results"] == []
    # the grid worker reads both entries but may not confirm an ID number
    api.force_authenticate(ledger.worker)
    assert len(api.get(f"{BASE}/entries/").json()["results"]) == 2
    assert api.get(f"{BASE}/entries/", {"id_number": GOOD}).json()["results"] == []
    client.force_login(ledger.cadre)
    page = client.get("/ledger/", {"id_number": GOOD})
    assert page.status_code == 200 and "李桂芳" in page.content.decode()
    assert "乙" not in page.content.decode()
