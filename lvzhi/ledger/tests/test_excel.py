"""Excel import (preview with row errors, all rows or none, staged between preview and
confirm) and export (masks only, audited, read-logged, streamed) of the ledger."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from lvzhi.core.models import AuditEvent
from lvzhi.ledger import excel
from lvzhi.ledger.models import Entry, ReadLog

from .conftest import id_number

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "性别", "身份证号", "联系电话", "出生年份", "住址", "网格", "家庭情况", "类别"]
GOOD = id_number("19850312", "002")
OTHER = id_number("19900101", "004")


def workbook(*rows, header=HEADER) -> bytes:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, org, content, name="ledger.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("ledger:import", args=[org.pk]), {"file": file})


def test_parse_reports_each_row(ledger, make_entry, today):
    make_entry(name="陈某", organization=ledger.other, id_number=OTHER)
    bad_check = GOOD[:-1] + ("0" if GOOD[-1] != "0" else "1")
    content = workbook(
        ("甲", "女", GOOD, "13812345678", None, "", "第一网格", "", "留守妇女、困难妇女"),
        ("乙", "", bad_check, "", None, "", "", "", ""),
        ("丙", "", "", "", None, "", "不存在网格", "", "不存在类别"),
        ("丁", "", GOOD, "", None, "", "", "", ""),
        ("戊", "", OTHER, "", None, "", "", "", ""),
        ("", "男", "", "123", None, "", "", "", ""),
    )
    preview = excel.parse(content, actor=ledger.cadre, organization=ledger.community, today=today)
    errors = {row.fields["name"] or "空": row.errors for row in preview.rows}
    assert errors["甲"] == {}
    assert "校验位" in errors["乙"]["id_number"]
    assert errors["丙"]["grid"] == "本社区没有名为“不存在网格”的网格"
    assert errors["丙"]["categories"] == "未知的类别：不存在类别"
    assert errors["丁"]["id_number"] == "与第 2 行的身份证号重复"
    assert "其他社区" in errors["戊"]["id_number"] and "陈某" not in errors["戊"]["id_number"]
    assert set(errors["空"]) == {"name", "phone"}
    assert not preview.ok and Entry.objects.count() == 1


def test_import_preview_then_confirm(client, ledger, today):
    client.force_login(ledger.cadre)
    content = workbook(
        ("甲", "", GOOD, "13812345678", None, "一号楼", "第一网格", "", "留守妇女"),
        ("乙", "女", "", "", 1990, "", "", "", ""),
    )
    page = upload(client, ledger.community, content)
    assert page.status_code == 200 and "确认导入 2 人" in page.content.decode()
    assert Entry.objects.count() == 0
    token = page.context["token"]
    answer = client.post(
        reverse("ledger:import-confirm", args=[ledger.community.pk]), {"token": token}
    )
    assert answer.status_code == 302
    first = Entry.objects.get(name="甲")
    assert first.id_number == GOOD and first.grid == ledger.grid and first.birth_year == 1985
    assert [c.category.code for c in first.categories.all()] == ["left_behind_women"]
    assert AuditEvent.objects.filter(action="create", object_type="ledger.entry").count() == 2
    again = client.post(
        reverse("ledger:import-confirm", args=[ledger.community.pk]), {"token": token}
    )
    assert again.status_code == 302 and Entry.objects.count() == 2  # expired, nothing twice


def test_import_with_errors_writes_nothing(client, ledger):
    client.force_login(ledger.cadre)
    content = workbook(
        ("甲", "", GOOD, "", None, "", "", "", ""), ("乙", "", "123", "", None, "", "", "", "")
    )
    page = upload(client, ledger.community, content)
    text = page.content.decode()
    assert page.status_code == 400 and "有 1 行有误" in text and "身份证号：" in text
    assert page.context["token"] is None and Entry.objects.count() == 0
    assert upload(client, ledger.community, b"not a workbook").status_code == 400
    missing = upload(client, ledger.community, workbook(("x",), header=["住址"]))
    assert "缺少必填列：姓名" in missing.content.decode()


def test_import_refused_out_of_scope_and_by_staff(client, ledger):
    for user in (ledger.other_cadre, ledger.staff, ledger.worker):
        client.force_login(user)
        assert client.get(reverse("ledger:import", args=[ledger.community.pk])).status_code == 404
        assert upload(client, ledger.community, workbook(("甲",))).status_code == 404
    assert Entry.objects.count() == 0


def test_template_downloads(client, ledger):
    client.force_login(ledger.cadre)
    answer = client.get(reverse("ledger:import-template", args=[ledger.community.pk]))
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert [c.value for c in sheet[1]][:3] == ["姓名", "性别", "身份证号"]


def _sheet(answer):
    book = load_workbook(io.BytesIO(b"".join(answer.streaming_content)))
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def test_export_masks_audits_and_logs(client, ledger, make_entry):
    entry = make_entry(
        id_number=GOOD, phone="13812345678", grid=ledger.grid, categories=[ledger.category]
    )
    make_entry(name="外社区", organization=ledger.other)
    client.force_login(ledger.cadre)
    answer = client.get(reverse("ledger:list") + "?format=xlsx")
    rows = _sheet(answer)
    assert rows[0][:3] == ["所在社区", "网格", "姓名"] and len(rows) == 2
    flat = [str(c) for r in rows for c in r]
    assert GOOD not in flat and "13812345678" not in flat and "138****5678" in flat
    assert any(c.endswith(GOOD[-4:]) and "*" in c for c in flat)  # ID masked
    assert "留守妇女" in flat
    event = AuditEvent.objects.get(action="export")
    assert event.changes["rows"] == [None, 1]
    assert list(ReadLog.objects.values_list("entry", "kind")) == [(entry.pk, "export")]
    client.force_login(ledger.worker)  # a grid worker: no ID number at all
    rows = _sheet(client.get(reverse("ledger:list") + "?format=xlsx"))
    assert rows[1][5] in (None, "") and rows[1][6] == "138****5678"
    client.force_login(ledger.staff)  # reads no entry: an empty sheet
    assert len(_sheet(client.get(reverse("ledger:list") + "?format=xlsx"))) == 1


def test_export_query_count(client, ledger, make_entry, django_assert_max_num_queries):
    client.force_login(ledger.cadre)
    for n in range(3):
        make_entry(name=f"人员{n}", categories=[ledger.category])
    with django_assert_max_num_queries(30) as few:
        b"".join(client.get(reverse("ledger:list") + "?format=xlsx").streaming_content)
    counted = len(few.captured_queries)
    for n in range(20):
        make_entry(name=f"更多{n}", grid=ledger.grid, categories=[ledger.category])
    with django_assert_max_num_queries(counted):
        b"".join(client.get(reverse("ledger:list") + "?format=xlsx").streaming_content)


def test_large_export_logged_once_by_its_job(
    client, ledger, make_entry, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Above LVZHI_EXPORT_ASYNC_ROWS the request starts a job and logs nothing; the job
    writes the file (masks only) and logs the export once."""
    settings.LVZHI_EXPORT_ASYNC_ROWS = 1
    settings.MEDIA_ROOT = tmp_path
    first = make_entry(name="甲", phone="13812345678")
    second = make_entry(name="乙")
    client.force_login(ledger.cadre)
    with django_capture_on_commit_callbacks(execute=False):
        answer = client.get(reverse("ledger:list") + "?format=xlsx")
    assert answer.status_code == 302
    assert not AuditEvent.objects.filter(action="export").exists()
    assert not ReadLog.objects.filter(kind="export").exists()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.get(reverse("ledger:list") + "?format=xlsx&q=")
    from lvzhi.core.jobs.models import Job

    job = Job.objects.get(pk=int(answer["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert job.status == "done" and job.result == {"rows": 2}
    assert AuditEvent.objects.filter(action="export").count() == 1
    assert sorted(ReadLog.objects.filter(kind="export").values_list("entry", flat=True)) == [
        first.pk,
        second.pk,
    ]
    download = client.get(reverse("jobs:file", args=[job.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    cells = [str(c) for r in book.active.iter_rows(values_only=True) for c in r]
    assert "13812345678" not in cells and "138****5678" in cells
