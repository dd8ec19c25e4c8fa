"""Supervision messages: send from a published item → tracking code → the department's
inbox → answer → the tracking page shows it; rate limit, text limits, scope, deadlines
in working days, audit without PII.

Long because it follows one message through every step, on the pages and through the API,
with the same published item and staff fixtures."""

import datetime as dt
import json
import logging

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from lvzhi.catalog import messages as msg
from lvzhi.catalog.models import MessageStatus, SupervisionMessage
from lvzhi.core.models import AuditEvent
from lvzhi.core.periods import CHINA_TZ
from lvzhi.core.tests.shared_cache import needs_redis, new_app_server, shared_redis_cache  # noqa: F401
from lvzhi.core.workdays import add_workdays

from .test_models_services import _publish_accepting_all, cadre, draft  # noqa: F401

PHONE = "13812345678"
EMAIL = "zhang.san@example.com"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(draft, cadre):  # noqa: F811
    return _publish_accepting_all(cadre, draft)


@pytest.fixture
def item(published, org_tree):
    """1.1, implemented by 宣传部."""
    found = published.items.get(number="1.1")
    assert found.department_id == org_tree.propaganda.pk
    return found


@pytest.fixture
def staff(org_tree, make_user):
    """Department staff of 宣传部 at 滨海新区妇联."""
    return make_user(
        "xc_staff",
        "department_staff",
        org_tree.district,
        include_descendants=False,
        department=org_tree.propaganda,
    )


def _send(client, item, text="请问三八红旗手评选何时开始？", **fields):
    return client.post(
        reverse("catalog:message-send", args=[item.pk]),
        {"name": "张女士", "contact": PHONE, "text": text, **fields},
    )


def _code_from_sent_page(client) -> str:
    page = client.get(reverse("catalog:message-sent")).content.decode()
    start = page.index('id="tracking-code">') + len('id="tracking-code">')
    return page[start : page.index("<", start)].strip()


# 规则 -----------------------------------------------------------------------


def test_rules_validate_text_name_contact():
    assert msg.validate_message(text="有问题") == {}
    assert msg.validate_message(text="  ")["text"] == "请填写留言内容"
    assert "不能超过2000字（当前2001字）" in msg.validate_message(text="字" * 2001)["text"]
    assert msg.validate_message(text="字" * 2000) == {}
    assert msg.validate_message(text="x", contact=PHONE) == {}
    assert msg.validate_message(text="x", contact=EMAIL) == {}
    assert msg.validate_message(text="x", contact="022-6689 7541") == {}
    assert "电话号码或电子邮箱" in msg.validate_message(text="x", contact="微信我")["contact"]
    assert "姓名" in msg.validate_message(text="x", name="名" * 51)["name"]
    assert msg.validate_answer("")["answer"] == "请填写答复内容"


def test_rules_codes_masks_overdue_and_window():
    code = msg.new_tracking_code()
    assert len(code) == 12 and set(code) <= set(msg.CODE_ALPHABET)
    assert msg.new_tracking_code() != code
    formatted = msg.format_tracking_code(code)
    assert formatted.count("-") == 2
    assert msg.normalize_tracking_code(formatted.lower()) == code
    assert msg.tracking_digest(formatted) == msg.tracking_digest(code)
    assert msg.mask_contact(PHONE) == "138****5678"
    assert msg.mask_contact(EMAIL) == "z***@example.com"
    assert msg.mask_contact("") == ""
    due = dt.date(2026, 10, 27)
    assert not msg.is_overdue("new", due, due)
    assert msg.is_overdue("new", due, due + dt.timedelta(days=1))
    assert not msg.is_overdue("answered", due, due + dt.timedelta(days=9))
    assert msg.answered_late(due, dt.date(2026, 10, 28))
    assert not msg.answered_late(due, due)
    allowed, kept = msg.rate_window([0.0, 100.0, 3700.0], 3800.0, 2)
    assert kept == [3700.0] and allowed
    allowed, _ = msg.rate_window([3000.0, 3700.0], 3800.0, 2)
    assert not allowed


# 期限（工作日，跨国庆） ------------------------------------------------------


def test_deadline_in_working_days_across_national_day(item, settings):
    # 2026: 10月1日–7日放假, 9月20日（周日）和10月10日（周六）调休上班.
    received = dt.datetime(2026, 9, 30, 10, 0, tzinfo=CHINA_TZ)
    message, _ = msg.message_send(actor=None, item=item, text="国庆前的留言", now=received)
    assert message.received_on == dt.date(2026, 9, 30)
    assert message.reply_workdays == 15
    # 10/8, 10/9, 10/10 (make-up Saturday), then 12 weekdays to 10/27.
    assert message.due_on == dt.date(2026, 10, 27) == add_workdays(dt.date(2026, 9, 30), 15)
    settings.CATALOG_MESSAGE_REPLY_WORKDAYS = 3
    short, _ = msg.message_send(actor=None, item=item, text="三天", now=received)
    assert short.reply_workdays == 3 and short.due_on == dt.date(2026, 10, 10)
    # Late evening UTC is already the next day in China.
    utc_evening = dt.datetime(2026, 9, 30, 17, 0, tzinfo=dt.UTC)
    settings.CATALOG_MESSAGE_REPLY_WORKDAYS = 1
    late, _ = msg.message_send(actor=None, item=item, text="夜里", now=utc_evening)
    assert late.received_on == dt.date(2026, 10, 1) and late.due_on == dt.date(2026, 10, 8)


# 完整流程 -------------------------------------------------------------------


def test_send_track_inbox_answer_track(client, item, staff, org_tree):
    sheet = client.get(reverse("catalog:public-item", args=[item.pk])).content.decode()
    assert reverse("catalog:message-send", args=[item.pk]) in sheet
    form = client.get(reverse("catalog:message-send", args=[item.pk]))
    assert form.status_code == 200 and "宣传部" in form.content.decode()
    response = _send(client, item)
    assert response.status_code == 302 and response["Location"] == reverse("catalog:message-sent")
    code = _code_from_sent_page(client)
    assert len(msg.normalize_tracking_code(code)) == 12
    again = client.get(reverse("catalog:message-sent")).content.decode()
    assert code not in again and "只在提交后显示一次" in again
    message = SupervisionMessage.objects.get()
    assert message.department_id == org_tree.propaganda.pk
    assert message.org_path == org_tree.district.path
    assert message.status == MessageStatus.NEW and message.contact == PHONE
    assert message.tracking_digest == msg.tracking_digest(code)

    pending = client.post(reverse("catalog:message-track"), {"code": code.lower()})
    assert pending.status_code == 200 and "尚未答复" in pending.content.decode()

    client.force_login(staff)
    inbox = client.get(reverse("catalog:message-inbox")).content.decode()
    assert f'data-message="{message.pk}"' in inbox
    assert "138****5678" in inbox and PHONE not in inbox
    detail = client.get(reverse("catalog:message-detail", args=[message.pk])).content.decode()
    assert PHONE in detail and 'id="answer-form"' in detail
    empty = client.post(reverse("catalog:message-answer", args=[message.pk]), {"answer": " "})
    assert empty.status_code == 200 and "请填写答复内容" in empty.content.decode()
    answered = client.post(
        reverse("catalog:message-answer", args=[message.pk]), {"answer": "评选通知将于三月初发布。"}
    )
    assert answered.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.ANSWERED and message.answered_by == staff
    assert message.answered_at is not None
    event = AuditEvent.objects.get(action="message_answer", object_id=str(message.pk))
    assert event.actor == staff and event.changes["status"] == ["待答复", "已答复"]
    answered_list = client.get(reverse("catalog:message-inbox"), {"status": "answered"})
    assert f'data-message="{message.pk}"' in answered_list.content.decode()
    client.logout()

    tracked = client.post(reverse("catalog:message-track"), {"code": code}).content.decode()
    assert "评选通知将于三月初发布。" in tracked and "已答复" in tracked
    assert PHONE not in tracked and "张女士" not in tracked
    unknown = client.post(reverse("catalog:message-track"), {"code": "AAAA-BBBB-CCCC"})
    assert "没有找到" in unknown.content.decode()


def test_item_without_department_goes_to_organization_inbox(
    client,
    published,
    staff,
    cadre,  # noqa: F811
    org_tree,
):
    item = published.items.get(number="1.2")  # 办公室: no such department
    assert item.department_id is None
    _send(client, item)
    message = SupervisionMessage.objects.get()
    assert message.department is None and message.organization == org_tree.district
    assert not msg.inbox(staff).exists()
    assert list(msg.inbox(cadre)) == [message]
    client.force_login(cadre)
    assert client.get(reverse("catalog:message-detail", args=[message.pk])).status_code == 200


def test_draft_item_takes_no_messages(client, draft):  # noqa: F811
    item = draft.items.first()
    assert client.get(reverse("catalog:message-send", args=[item.pk])).status_code == 404
    assert _send(client, item).status_code == 404
    response = client.post(
        "/api/v1/catalog/messages/", {"item": item.pk, "text": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert not SupervisionMessage.objects.exists()


# 限流与内容校验 -------------------------------------------------------------


def test_rate_limit_per_address(client, item, settings):
    settings.CATALOG_MESSAGE_RATE_LIMIT = 2
    assert _send(client, item).status_code == 302
    assert _send(client, item).status_code == 302
    audit_before = AuditEvent.objects.count()
    refused = _send(client, item)
    assert refused.status_code == 429
    assert "每小时最多提交2条留言" in refused.content.decode()
    api = client.post(
        "/api/v1/catalog/messages/",
        {"item": item.pk, "text": "再来"},
        content_type="application/json",
    )
    assert api.status_code == 429 and "每小时最多提交2条留言" in api.json()["detail"]
    assert SupervisionMessage.objects.count() == 2
    assert AuditEvent.objects.count() == audit_before
    other = client.post(
        reverse("catalog:message-send", args=[item.pk]),
        {"text": "别的地址"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 302 and SupervisionMessage.objects.count() == 3


def test_rate_limit_per_real_client_behind_the_proxy(client, item, settings):
    """Behind nginx (LVZHI_TRUSTED_PROXIES=1) every request comes from 127.0.0.1: the limit
    is per client named by the proxy, and a forged left-most X-Forwarded-For entry does not
    buy a fresh allowance."""
    settings.CATALOG_MESSAGE_RATE_LIMIT = 1
    settings.TRUSTED_PROXIES = 1
    first = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    second = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    forged = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "9.9.9.9, 203.0.113.5"}
    url = reverse("catalog:message-send", args=[item.pk])

    def send(client_meta):
        return client.post(url, {"text": "请问何时开始？"}, **client_meta)

    assert send(first).status_code == 302
    assert send(second).status_code == 302
    assert send(first).status_code == 429
    assert send(forged).status_code == 429
    assert SupervisionMessage.objects.count() == 2


@needs_redis
def test_rate_limit_is_shared_between_app_servers(client, item, settings, shared_redis_cache):  # noqa: F811
    """Two app servers on one Redis count one client's messages together (issue 13)."""
    raw, prefix = shared_redis_cache
    settings.CATALOG_MESSAGE_RATE_LIMIT = 2
    assert _send(client, item).status_code == 302
    assert any(raw.scan_iter(f"{prefix}*catalog-message-rate*"))  # the window is in Redis
    new_app_server()
    assert _send(client, item).status_code == 302
    new_app_server()
    assert _send(client, item).status_code == 429
    assert SupervisionMessage.objects.count() == 2


def test_invalid_text_is_refused_with_a_message_and_writes_nothing(client, item):
    audit_before = AuditEvent.objects.count()
    empty = _send(client, item, text="   ")
    assert empty.status_code == 200 and "请填写留言内容" in empty.content.decode()
    oversized = _send(client, item, text="长" * 2001)
    assert oversized.status_code == 200
    assert "留言内容不能超过2000字（当前2001字）" in oversized.content.decode()
    bad_contact = _send(client, item, contact="加我微信")
    assert "电话号码或电子邮箱" in bad_contact.content.decode()
    api = client.post(
        "/api/v1/catalog/messages/", {"item": item.pk, "text": ""}, content_type="application/json"
    )
    assert api.status_code == 400 and api.json()["text"] == ["请填写留言内容"]
    api = client.post(
        "/api/v1/catalog/messages/",
        {"item": item.pk, "text": "长" * 2001},
        content_type="application/json",
    )
    assert api.status_code == 400 and "不能超过2000字" in api.json()["text"][0]
    assert not SupervisionMessage.objects.exists()
    assert AuditEvent.objects.count() == audit_before
    # Refused attempts do not use up the hourly allowance.
    assert _send(client, item, text="字" * 2000).status_code == 302


# 范围 -----------------------------------------------------------------------


def test_out_of_scope_inbox_and_answer_are_404(client, item, staff, make_user, org_tree):
    message, _ = msg.message_send(actor=None, item=item, text="留言", contact=PHONE)
    rights_staff = make_user(
        "qy_staff",
        "department_staff",
        org_tree.district,
        include_descendants=False,
        department=org_tree.rights,
    )
    sibling_cadre = make_user("dg_cadre", "cadre", org_tree.dagu)
    undepartmented = make_user(
        "plain_staff", "department_staff", org_tree.district, include_descendants=False
    )
    member = make_user("bh_member", "member", org_tree.district, include_descendants=False)
    for user in (rights_staff, sibling_cadre):
        client.force_login(user)
        inbox = client.get(reverse("catalog:message-inbox")).content.decode()
        assert f'data-message="{message.pk}"' not in inbox
        assert client.get(reverse("catalog:message-detail", args=[message.pk])).status_code == 404
        assert (
            client.post(
                reverse("catalog:message-answer", args=[message.pk]), {"answer": "越权"}
            ).status_code
            == 404
        )
        assert client.get(f"/api/v1/catalog/messages/inbox/{message.pk}/").status_code == 404
        assert (
            client.post(
                f"/api/v1/catalog/messages/inbox/{message.pk}/answer/",
                {"answer": "越权"},
                content_type="application/json",
            ).status_code
            == 404
        )
    # Readers without a department or a change scope see it but may not answer.
    for user in (undepartmented, member):
        client.force_login(user)
        detail = client.get(reverse("catalog:message-detail", args=[message.pk]))
        assert detail.status_code == 200 and 'id="answer-form"' not in detail.content.decode()
        assert PHONE not in detail.content.decode()
        assert (
            client.post(
                reverse("catalog:message-answer", args=[message.pk]), {"answer": "越权"}
            ).status_code
            == 404
        )
    message.refresh_from_db()
    assert message.status == MessageStatus.NEW
    assert not AuditEvent.objects.filter(action="message_answer").exists()
    # The city federation's cadre sees its subtree, and may answer.
    city_cadre = make_user("tj_cadre", "cadre", org_tree.city)
    assert list(msg.answerable(city_cadre)) == [message]


def test_overdue_filter_and_late_answer(client, item, staff):
    old, _ = msg.message_send(
        actor=None, item=item, text="去年的留言", now=dt.datetime(2025, 1, 2, 9, 0, tzinfo=CHINA_TZ)
    )
    fresh, _ = msg.message_send(actor=None, item=item, text="今天的留言")
    client.force_login(staff)
    overdue = client.get(reverse("catalog:message-inbox"), {"overdue": "1"}).content.decode()
    assert f'data-message="{old.pk}"' in overdue and f'data-message="{fresh.pk}"' not in overdue
    assert "data-overdue" in overdue
    listed = client.get(reverse("catalog:message-inbox")).content.decode()
    assert f'data-message="{fresh.pk}"' in listed
    api = client.get("/api/v1/catalog/messages/inbox/", {"overdue": "1"}).json()
    assert [row["id"] for row in api["results"]] == [old.pk]
    assert api["results"][0]["overdue"] is True
    client.post(reverse("catalog:message-answer", args=[old.pk]), {"answer": "迟到的答复"})
    after = client.get(reverse("catalog:message-inbox"), {"overdue": "1"}).content.decode()
    assert f'data-message="{old.pk}"' not in after
    assert "逾期答复" in client.get(reverse("catalog:message-inbox")).content.decode()


# 审计与个人信息 -------------------------------------------------------------


def test_audit_written_and_contact_never_in_audit_or_logs(client, item, staff, caplog):
    caplog.set_level(logging.DEBUG)
    for contact in (PHONE, EMAIL):
        assert _send(client, item, contact=contact).status_code == 302
    first, second = SupervisionMessage.objects.order_by("id")
    client.force_login(staff)
    client.get(reverse("catalog:message-inbox"))
    client.post(reverse("catalog:message-answer", args=[first.pk]), {"answer": "已处理"})
    client.post(
        f"/api/v1/catalog/messages/inbox/{second.pk}/answer/",
        {"answer": "已处理"},
        content_type="application/json",
    )
    events = AuditEvent.objects.filter(object_type="catalog.supervisionmessage")
    assert sorted(events.values_list("action", flat=True)) == [
        "message_answer",
        "message_answer",
        "message_send",
        "message_send",
    ]
    sent = events.filter(action="message_send").first()
    assert sent.changes["contact"] == [None, "***"] and sent.changes["name"] == [None, "***"]
    assert sent.changes["text"][1].endswith("字")
    dump = json.dumps(list(events.values_list("changes", "object_repr")), ensure_ascii=False)
    for secret in (PHONE, EMAIL, "张女士", "三八红旗手评选何时开始"):
        assert secret not in dump
    assert PHONE not in caplog.text and EMAIL not in caplog.text
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact, name FROM catalog_supervisionmessage")
        for contact, name in cursor.fetchall():
            assert PHONE not in contact and EMAIL not in contact and "张女士" not in name


# API ------------------------------------------------------------------------


def test_api_send_track_inbox_answer(client, item, staff):
    anonymous_inbox = client.get("/api/v1/catalog/messages/inbox/")
    assert anonymous_inbox.status_code == 401
    sent = client.post(
        "/api/v1/catalog/messages/",
        {"item": item.pk, "text": "接口留言", "contact": EMAIL},
        content_type="application/json",
    )
    assert sent.status_code == 201
    body = sent.json()
    code = body["tracking_code"]
    assert body["status"] == "new" and body["department"] == "宣传部"
    tracked = client.get(f"/api/v1/catalog/messages/track/{code}/").json()
    assert tracked["status"] == "new" and tracked["answer"] == ""
    assert "contact" not in tracked and "name" not in tracked
    assert client.get("/api/v1/catalog/messages/track/AAAABBBBCCCC/").status_code == 404

    client.force_login(staff)
    listed = client.get("/api/v1/catalog/messages/inbox/").json()
    assert listed["count"] == 1
    row = listed["results"][0]
    assert row["contact"] == "z***@example.com" and row["department_name"] == "宣传部"
    assert row["due_on"] == body["due_on"] and row["overdue"] is False
    empty = client.post(
        f"/api/v1/catalog/messages/inbox/{row['id']}/answer/",
        {"answer": ""},
        content_type="application/json",
    )
    assert empty.status_code == 400 and empty.json()["answer"] == ["请填写答复内容"]
    answered = client.post(
        f"/api/v1/catalog/messages/inbox/{row['id']}/answer/",
        {"answer": "已转宣传部办理"},
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    # the answerer by name and post, never by login (issue 11 point 7)
    from lvzhi.orgs.selectors import display_names

    assert answered.json()["answered_by"] == display_names([staff])[staff.pk]
    assert staff.get_username() not in answered.json()["answered_by"]
    listed = client.get("/api/v1/catalog/messages/inbox/?status=answered").json()["results"]
    assert [m["answered_by"] for m in listed if m["id"] == row["id"]] == [
        answered.json()["answered_by"]
    ]
    client.logout()
    tracked = client.get(f"/api/v1/catalog/messages/track/{code.lower()}/").json()
    assert tracked["status"] == "answered" and tracked["answer"] == "已转宣传部办理"


def test_api_schema_lists_message_endpoints(client, admin_user):
    client.force_login(admin_user)
    schema = client.get("/api/schema/?format=json").json()
    for path in (
        "/api/v1/catalog/messages/",
        "/api/v1/catalog/messages/track/{code}/",
        "/api/v1/catalog/messages/inbox/",
        "/api/v1/catalog/messages/inbox/{id}/answer/",
    ):
        assert path in schema["paths"], path
