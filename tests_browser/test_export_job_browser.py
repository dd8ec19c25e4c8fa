"""A list export above LVZHI_EXPORT_ASYNC_ROWS rows in the browser (issue 13 point 2): the
cadre clicks 导出 Excel on the people list, lands on the job's page, whose progress bar
polls until the job is done and then offers the file; the file's rows are the list's.
A list under the limit still downloads at once from the same link."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from lvzhi.core.jobs.models import Job
from lvzhi.core.tests.test_exports import _people
from lvzhi.core.tests.trees import create_user

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _rows(download):
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    return list(sheet.iter_rows(values_only=True))[1:]


def test_large_export_goes_through_its_job_page(page, org_tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LVZHI_EXPORT_ASYNC_ROWS = 5
    _people(org_tree.xinhe, 12, "新河")
    _people(org_tree.dagu, 3, "大沽")  # outside her scope
    create_user("xinhe_cadre", "cadre", org_tree.xinhe)
    login(page, "xinhe_cadre")
    page.goto(f"/orgs/people/?org={org_tree.xinhe.pk}")
    page.click("a[data-export='xlsx']")
    page.wait_for_url("**/jobs/*/")
    job = Job.objects.get(kind="list_export")
    assert page.url.endswith(f"/jobs/{job.pk}/")
    # (no broker: the job has run in the request; its page offers the file)
    link = page.locator(f"#job-file-{job.pk}")
    expect(link).to_be_visible()
    expect(page.locator(f"#job-progress-{job.pk}")).to_contain_text("已导出 12 行")
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(".xlsx")
    names = sorted(row[0] for row in _rows(info.value))
    assert names == [f"新河{i:03d}" for i in range(12)]

    # a job still running: its bar polls, and the link appears once the worker is done
    Job.objects.filter(pk=job.pk).update(status="running", progress=40, message="已写入 4 / 12 行")
    page.goto(f"/jobs/{job.pk}/")
    expect(page.locator(f"#job-progress-{job.pk}")).to_contain_text("已写入 4 / 12 行")
    expect(link).to_have_count(0)
    Job.objects.filter(pk=job.pk).update(
        status="done", progress=100, message="已导出 12 行，可以下载"
    )
    expect(link).to_be_visible(timeout=8_000)

    # under the limit: the same link downloads at once
    settings.LVZHI_EXPORT_ASYNC_ROWS = 12
    page.goto(f"/orgs/people/?org={org_tree.xinhe.pk}")
    with page.expect_download() as info:
        page.click("a[data-export='xlsx']")
    assert len(_rows(info.value)) == 12
    assert Job.objects.count() == 1
