"""A township cadre imports a roster: errors listed by row and column, nothing written;
the corrected file previews cleanly and is confirmed."""

import pytest
from playwright.sync_api import expect

from lvzhi.orgs.models import Organization, Person
from lvzhi.orgs.tests.test_roster import BAD_CHECKSUM, ID_A, org, person, workbook

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_roster_upload_preview_errors_then_confirm(page, org_tree, make_user, tmp_path):
    make_user("xinhe_cadre", "cadre", org_tree.xinhe)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        workbook(
            orgs=[org("BH-XH-02", "新河二社区妇女联合会", "NO-SUCH")],
            people=[person("张丽", BAD_CHECKSUM, "BH-XH-01")],
        )
    )
    good = tmp_path / "good.xlsx"
    good.write_bytes(
        workbook(
            orgs=[org("BH-XH-02", "新河二社区妇女联合会", "BH-XH")],
            people=[person("张丽", ID_A, "BH-XH-02", 性别="女")],
        )
    )

    login(page, "xinhe_cadre")
    page.click("text=名册导入")
    page.set_input_files("#roster-upload input[type=file]", str(bad))
    page.click("#roster-upload button[type=submit]")
    errors = page.locator("#roster-errors")
    expect(errors).to_contain_text("校验位")
    expect(errors).to_contain_text("NO-SUCH")
    expect(page.locator("#roster-confirm")).to_have_count(0)
    assert not Organization.objects.filter(code="BH-XH-02").exists()

    page.goto("/orgs/import/")
    page.set_input_files("#roster-upload input[type=file]", str(good))
    page.click("#roster-upload button[type=submit]")
    expect(page.locator("#roster-errors")).to_have_count(0)
    with page.expect_navigation():
        page.click("#roster-confirm button[type=submit]")
    assert Organization.objects.filter(code="BH-XH-02").exists()
    assert Person.objects.get(name="张丽").organization.code == "BH-XH-02"
