"""Case pages: start, inbox, case page with uploads, completion, review, conflicts,
cancel/reopen, attachments, department page, overdue list, year plan, query counts.

Over 400 lines on purpose: one case walked page by page through its whole life, each test
building on the same helpers; split by page it would only scatter that walk."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core.periods import today_local
from lvzhi.processes import services
from lvzhi.processes.models import Case, CaseAttachment, CaseEvent, CaseStatus, StepStatus

from .conftest import template_of

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 test document"
DOCS = ("候选人登记表", "名单汇总表", "事迹材料")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture
def women_32(seeded, people):
    """Women's 3.2, its review step at the parent organization (the city), published."""
    template = template_of(seeded.district, "3.2")
    draft = template.versions.get()
    review = draft.steps.get(order=3)
    services.step_update(
        actor=people.cadre, step=review, actor_kind="parent_role", role_code="cadre", levels_up=1
    )
    services.version_publish(actor=people.cadre, version=draft)
    return template


def _start(people, template, org, title="2027年度三八红旗手评选", today=None, **extra):
    return services.case_start(
        actor=people.cadre,
        template=template,
        organization=org,
        title=title,
        year=2027,
        today=today,
        **extra,
    )


def _pdf(name="材料.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def _complete(actor, case, order, files=(), today=None):
    step = case.steps.get(order=order)
    services.step_transition(
        actor=actor, case=case, step_id=step.pk, action="complete", files=files, today=today
    )
    return step


def _to_review(people, case):
    """Steps 1 and 2 done by the propaganda department (with the three documents)."""
    _complete(people.propaganda, case, 1)
    _complete(people.propaganda, case, 2, files=[(d, _pdf(f"{d}.pdf")) for d in DOCS])
    return case.steps.get(order=3)


def _case_url(case):
    return reverse("processes:case", args=[case.pk])


def _transition_url(case, step):
    return reverse("processes:case-transition", args=[case.pk, step.pk])


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_cadre_starts_a_case_through_the_page(client, seeded, people, women_32):
    client.force_login(people.cadre)
    picker = client.get(reverse("processes:case-start"))
    assert picker.status_code == 200
    assert f'data-template="{women_32.pk}"' in picker.content.decode()
    url = reverse("processes:case-start") + f"?template={women_32.pk}"
    form = client.get(url).content.decode()
    assert f'value="{today_local().year}年度{women_32.name}"' in form
    assert "propaganda_staff" in form  # assignee choices: users with a role in scope

    empty = client.post(url, {"title": " ", "year": "2027"})
    assert empty.status_code == 200 and "请填写办件名称" in empty.content.decode()
    assert not Case.objects.exists()

    response = client.post(
        url,
        {
            "title": "2027年度三八红旗手评选",
            "year": "2027",
            "assignee": str(people.propaganda.pk),
            "is_public": "on",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == _case_url(case)
    assert case.organization == seeded.district and case.year == 2027 and case.is_public
    assert case.assignee == people.propaganda and case.started_by == people.cadre
    page = client.get(_case_url(case)).content.decode()
    assert "2027年度三八红旗手评选" in page and "发放通知" in page
    assert 'id="step-actions"' in page  # a cadre acts for her departments
    assert 'id="cancel-form"' in page


def test_start_refuses_unpublished_template_and_staff(client, seeded, people, women_32):
    client.force_login(people.cadre)
    draft_only = template_of(seeded.district, "11.1")
    response = client.get(reverse("processes:case-start") + f"?template={draft_only.pk}")
    assert response.status_code == 200
    assert "不能在本组织发起" in _messages(response)
    assert f'data-template="{draft_only.pk}"' not in response.content.decode()
    client.force_login(people.propaganda)
    assert client.get(reverse("processes:case-start")).status_code == 404
    blocked = client.post(
        reverse("processes:case-start") + f"?template={women_32.pk}",
        {"title": "x", "year": "2027"},
    )
    assert blocked.status_code == 404 and not Case.objects.exists()


def test_inbox_shows_the_step_to_its_department_only(client, seeded, people, women_32):
    case = _start(people, women_32, seeded.district, today=today_local() - dt.timedelta(days=40))
    client.force_login(people.propaganda)
    page = client.get(reverse("processes:inbox"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "2027年度三八红旗手评选" in html and "发放通知" in html
    assert seeded.district.name in html
    row = re.search(rf'<tr data-step="\d+" data-case="{case.pk}".*?</tr>', html, re.S).group(0)
    assert "data-overdue" in row  # due 5 working days after a start 40 days ago
    assert reverse("processes:cases") in html  # tabs to the case list
    client.force_login(people.rights)
    other = client.get(reverse("processes:inbox")).content.decode()
    assert "2027年度三八红旗手评选" not in other and "没有待办的环节" in other


def test_complete_with_attachments_and_required_documents(client, seeded, people, women_32):
    case = _start(people, women_32, seeded.district)
    client.force_login(people.propaganda)
    step1 = case.steps.get(order=1)
    done = client.post(
        _transition_url(case, step1),
        {"action": "complete", "comment": "通知已发", "revision": step1.revision},
    )
    assert done.status_code == 302
    step2 = case.steps.get(order=2)
    assert step2.status == StepStatus.ACTIVE

    refused = client.post(
        _transition_url(case, step2), {"action": "complete", "revision": step2.revision}
    )
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "缺少必需材料：候选人登记表、名单汇总表、事迹材料" in html
    step2.refresh_from_db()
    assert step2.status == StepStatus.ACTIVE

    uploaded = client.post(
        reverse("processes:case-upload", args=[case.pk, step2.pk]),
        {"slot": "候选人登记表", "files": [_pdf("登记表.pdf"), _pdf("登记表2.pdf")]},
    )
    assert uploaded.status_code == 302
    assert CaseAttachment.objects.filter(step=step2, slot="候选人登记表").count() == 2
    page = client.get(_case_url(case)).content.decode()
    first = CaseAttachment.objects.filter(original_name="登记表.pdf").get()
    assert reverse("processes:attachment", args=[first.pk]) in page
    assert 'data-slot="候选人登记表" data-uploaded="1"' in page
    assert 'data-slot="事迹材料" data-uploaded="0"' in page
    assert 'name="doc_0"' not in page and 'name="doc_1"' in page  # only missing slots

    still = client.post(
        _transition_url(case, step2),
        {"action": "complete", "revision": step2.revision, "doc_1": _pdf("汇总表.pdf")},
    )
    assert "缺少必需材料：事迹材料" in still.content.decode()
    assert "候选人登记表、" not in still.content.decode()
    completed = client.post(
        _transition_url(case, step2),
        {
            "action": "complete",
            "comment": "推报材料齐全",
            "revision": step2.revision,
            "doc_1": _pdf("汇总表.pdf"),
            "doc_2": _pdf("事迹.pdf"),
        },
    )
    assert completed.status_code == 302
    case.refresh_from_db()
    assert case.current_step.order == 3 and case.stage == "审核评选"
    assert set(step2.attachments.values_list("slot", flat=True)) == set(DOCS)
    page = client.get(_case_url(case)).content.decode()
    assert "推报材料齐全" in page and "汇总表.pdf" in page
    assert 'id="step-actions"' not in page  # the review is the city's
    download = client.get(reverse("processes:attachment", args=[first.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_bad_file_is_refused_and_nothing_is_stored(client, seeded, people, women_32, _media):
    case = _start(people, women_32, seeded.district)
    step1 = _complete(people.propaganda, case, 1)
    step2 = case.steps.get(order=2)
    assert step1.pk != step2.pk
    client.force_login(people.propaganda)
    bad = client.post(
        reverse("processes:case-upload", args=[case.pk, step2.pk]),
        {"slot": "事迹材料", "files": [SimpleUploadedFile("病毒.exe", b"MZ\x90\x00")]},
    )
    assert bad.status_code == 200
    assert "不支持的文件类型" in bad.content.decode()
    fake = client.post(
        _transition_url(case, step2),
        {
            "action": "complete",
            "revision": step2.revision,
            "doc_0": _pdf("登记表.pdf"),
            "doc_1": _pdf("汇总表.pdf"),
            "doc_2": SimpleUploadedFile("事迹.pdf", b"not a pdf at all"),
        },
    )
    assert fake.status_code == 200
    assert "文件内容与扩展名 .pdf 不符" in fake.content.decode()
    step2.refresh_from_db()
    assert step2.status == StepStatus.ACTIVE
    assert not CaseAttachment.objects.exists() and _stored_files(_media) == []


def test_parent_reviewer_returns_with_a_reason(client, seeded, people, women_32):
    case = _start(people, women_32, seeded.district)
    review = _to_review(people, case)
    client.force_login(people.cadre)  # sees the case, but the review is routed to the city
    page = client.get(_case_url(case)).content.decode()
    assert 'id="waiting-for"' in page and seeded.city.name in page
    forbidden = client.post(
        _transition_url(case, review),
        {"action": "approve", "revision": review.revision},
    )
    assert forbidden.status_code == 403 and "该环节不由您办理" in forbidden.content.decode()

    client.force_login(people.city_cadre)
    page = client.get(_case_url(case)).content.decode()
    assert 'value="approve"' in page and 'value="return"' in page
    empty = client.post(
        _transition_url(case, review), {"action": "return", "revision": review.revision}
    )
    assert empty.status_code == 200 and "退回需要填写理由" in empty.content.decode()
    review.refresh_from_db()
    assert review.status == StepStatus.ACTIVE
    returned = client.post(
        _transition_url(case, review),
        {"action": "return", "comment": "事迹材料不完整", "revision": review.revision},
    )
    assert returned.status_code == 302
    case.refresh_from_db()
    assert case.current_step.order == 2
    event = CaseEvent.objects.get(kind="returned")
    assert event.comment == "事迹材料不完整" and event.actor == people.city_cadre
    client.force_login(people.propaganda)
    inbox = client.get(reverse("processes:inbox")).content.decode()
    assert "推报" in inbox
    page = client.get(_case_url(case)).content.decode()
    assert "事迹材料不完整" in page and 'data-event="returned"' in page


def test_stale_form_gets_the_conflict_message(client, seeded, people, women_32):
    case = _start(people, women_32, seeded.district)
    step1 = case.steps.get(order=1)
    stale = {"action": "complete", "comment": "", "revision": step1.revision}
    client.force_login(people.propaganda)
    page = client.get(_case_url(case)).content.decode()
    assert f'name="revision" value="{step1.revision}"' in page
    assert client.post(_transition_url(case, step1), stale).status_code == 302

    client.force_login(people.cadre)  # she opened the page before and now sends it
    response = client.post(_transition_url(case, step1), stale, follow=True)
    assert response.status_code == 200
    assert "该环节已由他人办理" in _messages(response)
    ajax = client.post(_transition_url(case, step1), stale, HTTP_HX_REQUEST="true")
    assert ajax.status_code == 409
    assert 'id="conflict"' in ajax.content.decode()
    assert "该环节已由他人办理" in ajax.content.decode()
    assert CaseEvent.objects.filter(step=step1, kind="completed").count() == 1

    # an old revision of the step that is active again (returned) is stale too
    step2 = case.steps.get(order=2)
    old = step2.revision
    case.refresh_from_db()
    assert case.current_step == step2
    services.step_transition(
        actor=people.propaganda,
        case=case,
        step_id=step2.pk,
        action="complete",
        files=[(d, _pdf(f"{d}.pdf")) for d in DOCS],
    )
    review = case.steps.get(order=3)
    services.step_transition(
        actor=people.city_cadre, case=case, step_id=review.pk, action="return", comment="补充"
    )
    step2.refresh_from_db()
    assert step2.status == StepStatus.ACTIVE and step2.revision != old
    client.force_login(people.propaganda)
    again = client.post(
        _transition_url(case, step2), {"action": "complete", "revision": old}, follow=True
    )
    assert "该环节已由他人办理" in _messages(again)
    assert CaseEvent.objects.filter(step=step2, kind="completed").count() == 1


def test_cancel_and_reopen_with_a_reason(client, seeded, people, women_32):
    case = _start(people, women_32, seeded.district)
    client.force_login(people.propaganda)
    assert (
        client.post(reverse("processes:case-cancel", args=[case.pk]), {"cancel-reason": "x"})
    ).status_code == 404
    page = client.get(_case_url(case)).content.decode()
    assert 'id="cancel-form"' not in page
    client.force_login(people.cadre)
    empty = client.post(reverse("processes:case-cancel", args=[case.pk]), {"cancel-reason": ""})
    assert empty.status_code == 200 and "撤销需要填写理由" in empty.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    cancelled = client.post(
        reverse("processes:case-cancel", args=[case.pk]), {"cancel-reason": "评选改期"}
    )
    assert cancelled.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CANCELLED
    page = client.get(_case_url(case)).content.decode()
    assert 'id="reopen-form"' in page and "评选改期" in page and 'id="step-actions"' not in page
    client.force_login(people.propaganda)
    assert "2027年度三八红旗手评选" not in client.get(reverse("processes:inbox")).content.decode()
    client.force_login(people.cadre)
    refused = client.post(reverse("processes:case-reopen", args=[case.pk]), {"reopen-reason": ""})
    assert "恢复办理需要填写理由" in refused.content.decode()
    reopened = client.post(
        reverse("processes:case-reopen", args=[case.pk]), {"reopen-reason": "恢复评选"}
    )
    assert reopened.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.current_step.order == 1
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", "comment"))
    assert ("cancelled", "评选改期") in kinds and ("reopened", "恢复评选") in kinds
    client.force_login(people.propaganda)
    assert "2027年度三八红旗手评选" in client.get(reverse("processes:inbox")).content.decode()


def test_assign_from_the_case_page(client, seeded, people, women_32):
    case = _start(people, women_32, seeded.district)
    client.force_login(people.cadre)
    response = client.post(
        reverse("processes:case-assign", args=[case.pk]), {"assignee": people.propaganda.pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == people.propaganda
    outsider = client.post(
        reverse("processes:case-assign", args=[case.pk]), {"assignee": people.city_cadre.pk}
    )
    assert outsider.status_code == 200 and "field-error" in outsider.content.decode()


def _finish(people, case):
    review = _to_review(people, case)
    services.step_transition(
        actor=people.city_cadre, case=case, step_id=review.pk, action="approve"
    )
    _complete(people.propaganda, case, 4)
    _complete(people.propaganda, case, 5)
    case.refresh_from_db()
    assert case.status == CaseStatus.FINISHED


def _counts(html, template_pk) -> dict:
    row = re.search(rf'<tr data-template="{template_pk}">.*?</tr>', html, re.S).group(0)
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', row)}


def test_department_page_counts(client, seeded, people, women_32):
    _start(people, women_32, seeded.district, title="甲")
    _start(people, women_32, seeded.district, title="乙", today=today_local() - dt.timedelta(60))
    _finish(people, _start(people, women_32, seeded.district, title="丙"))
    services.case_cancel(
        actor=people.cadre, case=_start(people, women_32, seeded.district, title="丁"), reason="x"
    )
    url = reverse("processes:department", args=[seeded.propaganda.pk]) + "?year=2027"
    for user in (people.cadre, people.propaganda):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert _counts(html, women_32.pk) == {
            "open": 2,
            "overdue": 1,
            "finished": 1,
            "cancelled": 1,
        }
        open_table = html.split('id="department-open"')[1]
        assert "甲" in open_table and "乙" in open_table and "丙" not in open_table
    other_year = client.get(
        reverse("processes:department", args=[seeded.propaganda.pk]) + "?year=2026"
    )
    assert "本年度还没有办件" in other_year.content.decode()
    for user in (people.rights, people.xinhe_cadre):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_overdue_page_lists_the_overdue_case(client, seeded, people, women_32):
    late = _start(people, women_32, seeded.district, title="逾期的评选", today=dt.date(2026, 9, 1))
    _start(people, women_32, seeded.district, title="按时的评选")
    client.force_login(people.cadre)
    html = client.get(reverse("processes:overdue")).content.decode()
    assert "逾期的评选" in html and "按时的评选" not in html
    row = re.search(rf'<tr data-case="{late.pk}".*?</tr>', html, re.S).group(0)
    assert "data-overdue" in row
    cases = client.get(reverse("processes:cases"), {"overdue": "on"}).content.decode()
    assert "逾期的评选" in cases and "按时的评选" not in cases


def test_year_plan_twice_creates_the_cases_once(client, seeded, people, women_32):
    services.template_update(actor=people.cadre, template=women_32, recurring=True)
    client.force_login(people.cadre)
    page = client.get(reverse("processes:year-plan") + "?year=2027").content.decode()
    assert f'data-template="{women_32.pk}" data-planned="0"' in page
    first = client.post(reverse("processes:year-plan"), {"year": "2027"}, follow=True)
    assert "已生成 1 件，已有 0 件" in _messages(first)
    assert f'data-template="{women_32.pk}" data-planned="1"' in first.content.decode()
    second = client.post(reverse("processes:year-plan"), {"year": "2027"}, follow=True)
    assert "已生成 0 件，已有 1 件" in _messages(second)
    case = Case.objects.get(plan_year=2027)
    assert case.title == f"2027年度{women_32.name}"
    bad = client.post(reverse("processes:year-plan"), {"year": "1900"})
    assert bad.status_code == 200 and "field-error" in bad.content.decode()
    client.force_login(people.propaganda)
    assert client.get(reverse("processes:year-plan")).status_code == 404


def test_other_department_gets_404_on_the_case_and_its_files(client, seeded, people, women_32):
    case = _start(people, women_32, seeded.district)
    _complete(people.propaganda, case, 1)
    step2 = case.steps.get(order=2)
    (attachment,) = services.attachments_add(
        actor=people.propaganda, case=case, step=step2, files=[("事迹材料", _pdf())]
    )
    url = reverse("processes:attachment", args=[attachment.pk])
    for user in (people.rights, people.village_cadre):
        client.force_login(user)
        assert client.get(_case_url(case)).status_code == 404
        assert client.get(url).status_code == 404
        assert (
            client.post(
                _transition_url(case, step2), {"action": "complete", "revision": step2.revision}
            ).status_code
            == 404
        )
        listing = client.get(reverse("processes:cases")).content.decode()
        assert "2027年度三八红旗手评选" not in listing
    client.force_login(people.propaganda)
    assert client.get(_case_url(case)).status_code == 200
    assert client.get(url).status_code == 200


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_cases(client, seeded, people, women_32):
    cases = [_start(people, women_32, seeded.district, title=f"评选{i}") for i in range(3)]
    for case in cases:
        _complete(people.propaganda, case, 1)
    quiet, busy = cases[0], cases[1]
    step2 = busy.steps.get(order=2)
    for n in range(4):
        services.attachments_add(
            actor=people.propaganda, case=busy, step=step2, files=[(DOCS[n % 3], _pdf())]
        )
    services.case_assign(actor=people.cadre, case=busy, assignee=people.propaganda)
    client.force_login(people.propaganda)
    urls = [reverse("processes:inbox"), reverse("processes:cases")]
    few = [_queries(client, url) for url in urls]
    assert _queries(client, _case_url(quiet)) == _queries(client, _case_url(busy))
    case_page = _queries(client, _case_url(busy))
    for i in range(12):
        _complete(people.propaganda, _start(people, women_32, seeded.district, title=f"加{i}"), 1)
    assert [_queries(client, url) for url in urls] == few
    assert _queries(client, _case_url(busy)) == case_page
    listing = client.get(reverse("processes:cases")).content.decode()
    assert listing.count("data-case=") == 15
