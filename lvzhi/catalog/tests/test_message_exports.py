"""The supervision message inbox exports to Excel (issue 11 point 6): the page's filters
and scope, one row per message as on the page, contacts masked as on the page (never a
full phone number or e-mail), the answerer by name, a constant number of queries."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.catalog import messages as msg
from lvzhi.catalog.models import SupervisionMessage

from .test_models_services import _publish_accepting_all, cadre, draft  # noqa: F401

pytestmark = pytest.mark.django_db
PHONE = "13812345678"
EMAIL = "zhang.san@example.com"
TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _setup(clock):
    clock.set(TODAY)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def item(draft, cadre):  # noqa: F811
    """1.1 of the published district catalog, implemented by 宣传部."""
    return _publish_accepting_all(cadre, draft).items.get(number="1.1")


@pytest.fixture
def staff(org_tree, make_user):
    return make_user(
        "xc_staff",
        "department_staff",
        org_tree.district,
        include_descendants=False,
        department=org_tree.propaganda,
    )


def send(item, n, contact=PHONE, name="张女士"):
    message, _code = msg.message_send(
        actor=AnonymousUser(),
        item=item,
        text=f"第{n}条留言：请问三八红旗手评选何时开始？",
        name=name,
        contact=contact,
        client_address=f"10.0.0.{n}",
    )
    return message


@pytest.fixture
def inbox(item, staff, org_tree):
    """Four messages to 宣传部 (one answered by its staff, one overdue, one by e-mail,
    one anonymous) and one to the district office itself, no department."""
    sent = [send(item, 1), send(item, 2, contact=EMAIL), send(item, 3), send(item, 4, name="")]
    msg.message_answer(actor=staff, message=sent[0], answer="三月初开始，请关注通知。")
    SupervisionMessage.objects.filter(pk=sent[1].pk).update(due_on=TODAY - dt.timedelta(days=2))
    office = send(item, 5)
    SupervisionMessage.objects.filter(pk=office.pk).update(department=None)
    return sent + [office]


def page_rows(client, query=""):
    html = client.get(reverse("catalog:message-inbox") + query).content.decode()
    body = html[html.index('id="inbox"') :].split("</tbody>")[0]
    rows = []
    for row in re.findall(r"<tr data-message=.*?</tr>", body, re.S):
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", c).split())
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        rows.append(cells)
    return html, rows


def export(client, query=""):
    response = client.get(reverse("catalog:message-inbox") + query + "&format=xlsx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    header, rows = values[0], values[1:]
    return data, sheet, [dict(zip(header, r, strict=True)) for r in rows]


def comparable_page(cells):
    """收到日期, 承办, 留言人, 联系方式, 状态 (badges), 答复期限 as the page shows them."""
    received, _item, unit, person, contact, _text, status, due = cells
    return (received, unit, person, contact, status, due)


def comparable_export(row):
    status = " ".join(p for p in (row["状态"], row["逾期"]) if p)
    unit = row["组织"] + (f" · {row['承办部门']}" if row["承办部门"] else "")
    return (
        row["收到日期"].date().isoformat(),
        unit,
        row["留言人"],
        row["联系方式"] or "—",
        status,
        row["答复期限"].date().isoformat(),
    )


@pytest.mark.parametrize("query", ["?", "?status=new", "?overdue=1", "?status=answered"])
def test_export_rows_equal_the_page_rows(client, cadre, inbox, query):  # noqa: F811
    client.force_login(cadre)
    html, page = page_rows(client, query)
    assert 'data-export="xlsx"' in html and "format=xlsx" in html
    _data, sheet, rows = export(client, query)
    assert [comparable_export(r) for r in rows] == [comparable_page(c) for c in page]
    assert sheet.title == "监督留言" and sheet.freeze_panes == "A2"
    expected = {"?": 5, "?status=new": 4, "?overdue=1": 1, "?status=answered": 1}[query]
    assert len(rows) == expected


def test_export_keeps_the_department_scope_and_masks_contacts(client, staff, inbox):
    client.force_login(staff)
    _html, page = page_rows(client, "?")
    data, _sheet, rows = export(client, "?")
    assert len(rows) == len(page) == 4  # not the district office's own message
    assert all(r["承办部门"] == "宣传部" for r in rows)
    contacts = {r["联系方式"] for r in rows}
    assert contacts == {"138****5678", "z***@example.com"}
    # the whole file, shared strings included, never holds the full phone or e-mail
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    assert PHONE not in text and EMAIL not in text and "zhang.san" not in text
    answered = next(r for r in rows if r["状态"] == "已答复")
    assert answered["答复内容"] == "三月初开始，请关注通知。"
    assert answered["答复日期"].date() == TODAY
    assert answered["答复人"] and "xc_staff" not in answered["答复人"]  # a person, not a login
    assert next(r for r in rows if r["逾期"] == "逾期")["状态"] == "待答复"
    assert {r["留言人"] for r in rows} == {"张女士", "匿名"}


def test_export_out_of_scope_user_gets_no_rows(client, org_tree, make_user, inbox):
    client.force_login(make_user("dg_cadre", "cadre", org_tree.dagu))
    _data, _sheet, rows = export(client, "?")
    assert rows == []


def test_export_query_count_does_not_grow_with_rows(client, cadre, item, staff):  # noqa: F811
    client.force_login(cadre)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            export(client, "?")
        return len(captured.captured_queries)

    first = send(item, 1)
    msg.message_answer(actor=staff, message=first, answer="已答复")
    few = queries()
    for n in range(2, 12):
        answered = send(item, n)
        msg.message_answer(actor=staff, message=answered, answer="已答复")
    assert queries() == few
