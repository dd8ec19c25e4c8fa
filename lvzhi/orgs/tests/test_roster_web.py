"""Excel roster import: the template download, the upload → preview → confirm pages and the
``import_roster`` command."""

import io
import json
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.core.pii import blind_index
from lvzhi.orgs import roster, services
from lvzhi.orgs.models import Kind, Organization, Person

from .test_roster import BAD_CHECKSUM, ID_A, ID_B, org, person, totals, valid_roster, workbook

pytestmark = pytest.mark.usefixtures("fast_passwords")

# template ------------------------------------------------------------------


def test_template_download(client, org_tree, cadre):
    client.force_login(cadre)
    response = client.get(reverse("orgs_import:template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["组织", "人员", "职务"]
    assert [c.value for c in book["组织"][1]] == [
        "组织代码",
        "组织名称",
        "上级组织代码",
        "类型",
        "层级",
        "地址",
        "电话",
    ]
    assert [c.value for c in book["人员"][1]] == [
        "姓名",
        "性别",
        "出生日期",
        "民族",
        "政治面貌",
        "学历",
        "工作单位及职务",
        "手机号码",
        "身份证号",
        "所属组织代码",
    ]
    assert [c.value for c in book["职务"][1]] == [
        "身份证号",
        "组织代码",
        "职务",
        "任职方式",
        "常委",
        "任职日期",
        "届次",
    ]
    for name in book.sheetnames:
        assert book[name].max_row >= 2 and book[name]["A2"].value  # an example row
    lists = {
        str(v.sqref).split(":")[0]: v.formula1 for v in book["组织"].data_validations.dataValidation
    }
    assert "地方妇联" in lists["D2"] and "村（社区）" in lists["E2"]
    lists = {
        str(v.sqref).split(":")[0]: v.formula1 for v in book["职务"].data_validations.dataValidation
    }
    assert lists["E2"] == '"是,否"' and "副主席" in lists["C2"] and "挂职" in lists["D2"]
    # left unchanged, the template imports nothing and says so
    preview = roster.parse_roster(response.content, actor=cadre)
    assert preview.skipped_examples == 3
    assert [e.message for e in preview.errors] == ["文件中没有可导入的数据行（模板示例行会被忽略）"]


def test_template_example_rows_are_valid_when_edited(org_tree, cadre):
    book = load_workbook(io.BytesIO(roster.build_template()))
    book["组织"]["B2"] = "新河二社区妇联"
    out = io.BytesIO()
    book.save(out)
    preview = roster.parse_roster(out.getvalue(), actor=cadre)
    assert preview.errors == [] and preview.counts["organizations"] == 1
    assert preview.skipped_examples == 2


# pages ---------------------------------------------------------------------


def _upload(client, content, name="名册.xlsx"):
    return client.post(reverse("orgs_import:upload"), {"file": SimpleUploadedFile(name, content)})


def test_web_flow_errors_then_confirm(client, org_tree, cadre, existing, media):
    client.force_login(cadre)
    page = client.get(reverse("orgs_import:upload"))
    assert page.status_code == 200
    assert reverse("orgs_import:template") in page.content.decode()

    before = totals()
    bad = workbook(
        orgs=[org("BH-XH-03", "新河三社区", "NO-SUCH")],
        people=[person("赵敏", BAD_CHECKSUM, "BH-XH-01")],
    )
    response = _upload(client, bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "roster-errors" in html and "确认导入" not in html
    assert "NO-SUCH" in html and "校验位" in html and "C（上级组织代码）" in html
    assert totals() == before

    response = _upload(client, os.urandom(100), name="fake.xlsx")
    assert "无法读取" in response.content.decode() and "确认导入" not in response.content.decode()

    response = _upload(client, valid_roster())
    html = response.content.decode()
    assert "确认导入" in html and "roster-errors" not in html
    assert ID_A not in html and "**************0027" in html  # masked in the preview
    token = response.context["token"]
    assert list((media / "roster-imports").rglob("*.xlsx"))

    response = client.post(reverse("orgs_import:confirm"), {"token": "0" * 32}, follow=True)
    assert "导入已失效" in response.content.decode()
    assert totals() == before

    response = _upload(client, valid_roster())
    token = response.context["token"]
    response = client.post(reverse("orgs_import:confirm"), {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("orgs_import:upload")
    assert "导入完成：新建组织 2 个，人员 2 人，职务 3 条" in response.content.decode()
    assert Organization.objects.filter(code__in=["BH-XH-02", "BH-XH-02-G1"]).count() == 2
    assert Person.objects.filter(id_number_hash=blind_index(ID_A)).exists()
    assert not list((media / "roster-imports").rglob("*.xlsx"))  # nothing left behind

    # the same token cannot be used twice
    response = client.post(reverse("orgs_import:confirm"), {"token": token}, follow=True)
    assert "导入已失效" in response.content.decode()


def test_confirm_rejects_when_the_database_changed(client, org_tree, cadre, existing, media):
    client.force_login(cadre)
    token = _upload(client, valid_roster()).context["token"]
    services.organization_create(
        actor=cadre,
        parent=org_tree.dagu,
        name="抢先一步",
        code="BH-XH-02",
        kind=Kind.LOCAL_FEDERATION,
    )
    before = totals()
    response = client.post(reverse("orgs_import:confirm"), {"token": token})
    assert response.status_code == 409
    assert "组织代码已被使用" in response.content.decode()
    assert totals() == before


def test_upload_form_refuses_files_over_the_limit(client, org_tree, cadre, settings, media):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(cadre)
    missing = client.post(reverse("orgs_import:upload"), {})
    assert missing.status_code == 200 and "field-error" in missing.content.decode()
    response = _upload(client, valid_roster())
    assert "上限" in response.content.decode() and "roster-errors" not in response.content.decode()


def test_pages_need_the_import_action(client, org_tree, make_user, media):
    staff = make_user(
        "staff", "department_staff", org_tree.district, department=org_tree.propaganda
    )
    client.force_login(staff)
    assert client.get(reverse("orgs_import:upload")).status_code in (403, 404)
    assert client.get(reverse("orgs_import:template")).status_code in (403, 404)
    assert _upload(client, valid_roster()).status_code in (403, 404)
    assert not list(media.rglob("*.xlsx"))
    assert client.post(reverse("orgs_import:confirm"), {"token": "0" * 32}).status_code in (
        403,
        404,
    )
    assert (
        roster.parse_roster(valid_roster(), actor=staff).errors[0].message == "您没有名册导入权限"
    )
    client.logout()
    response = client.get(reverse("orgs_import:upload"))
    assert response.status_code == 302 and "login" in response["Location"]


# CLI -----------------------------------------------------------------------


def test_cli_json(org_tree, cadre, existing, tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(valid_roster())
    out = io.StringIO()
    call_command("import_roster", str(path), "--user", "bh", "--json", "--dry-run", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["ok"] and summary["dry_run"] and not summary["applied"]
    assert summary["file"] == "名册.xlsx"
    assert summary["counts"] == {"organizations": 2, "people": 2, "positions": 3}
    assert not Organization.objects.filter(code="BH-XH-02").exists()

    out = io.StringIO()
    call_command("import_roster", str(path), "--user", "bh", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["ok"] and summary["applied"] and summary["errors"] == []
    assert Organization.objects.filter(code="BH-XH-02").exists()

    # the same file again: every row now collides, nothing more is written
    before = totals()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), "--user", "bh", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert not summary["ok"] and not summary["applied"]
    assert {
        "sheet": "组织",
        "row": 2,
        "column": "A",
        "header": "组织代码",
        "message": "组织代码已被使用",
    } in summary["errors"]
    assert totals() == before


def test_cli_text_and_bad_arguments(org_tree, cadre, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook(people=[person("赵敏", BAD_CHECKSUM, "BH-XH-01")]))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import_roster", str(path), "--user", "bh", stdout=out)
    assert "人员 第2行 I列（身份证号）：身份证号校验位不正确" in out.getvalue()
    with pytest.raises(CommandError, match="账号不存在"):
        call_command("import_roster", str(path), "--user", "nobody")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_roster", str(tmp_path / "missing.xlsx"), "--user", "bh", stdout=out)
    assert "找不到该文件" in out.getvalue()


def test_cli_text_success(org_tree, cadre, tmp_path):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(workbook(people=[person("李梅", ID_B, "BH-XH-01")]))
    out = io.StringIO()
    call_command("import_roster", str(path), "--user", "bh", stdout=out)
    assert "已导入：组织 0 个，人员 1 人，职务 0 条" in out.getvalue()
