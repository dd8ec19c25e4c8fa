"""Supervision messages (监督方式 in action): rules, the writes (send, answer) and the
reads (tracking, department inbox).

Anyone may send a message from a published duty item's public page; it is routed to the
item's implementing department, or to the catalog organization's inbox when the item
has none. The sender gets a tracking code, shown once; only its SHA-256 digest is kept.

The reply deadline is a setting, ``CATALOG_MESSAGE_REPLY_WORKDAYS`` (default 15 working
days): RULES.md has no rule for supervision messages, and says deadlines the seeds do not
set are configuration defaulting to the national petition regulation (15 days to decide).
Sending is limited to ``CATALOG_MESSAGE_RATE_LIMIT`` messages (default 5) per client
address per hour, counted in the cache.
"""

import datetime as dt
import hashlib
import re
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lvzhi.core.periods import today_local
from lvzhi.core.pii import mask_phone
from lvzhi.core.public_ratings import rate_window
from lvzhi.core.scopes import PATH_END, OutOfScope, scope_for, user_assignments
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.core.workdays import add_workdays

from .models import DutyItem, MessageStatus, SupervisionMessage, VersionStatus

# 规则（纯函数） ---------------------------------------------------------------

TEXT_MAX = 2000
NAME_MAX = 50
CONTACT_MAX = 100
ANSWER_MAX = 5000
DEFAULT_REPLY_WORKDAYS = 15
DEFAULT_RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 3600
# No 0/O, 1/I/L: a code read over the phone is not mistyped. 32 symbols × 12 = 60 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12

_PHONE = re.compile(r"^\+?[0-9][0-9\- ()]{4,22}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def validate_message(*, text: str, name: str = "", contact: str = "") -> dict[str, str]:
    """Field → error message (active language); empty when the message may be sent."""
    errors = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = _("请填写留言内容")
    elif len(text) > TEXT_MAX:
        errors["text"] = _("留言内容不能超过%(max)s字（当前%(count)s字），请精简后再提交") % {
            "max": TEXT_MAX,
            "count": len(text),
        }
    if len((name or "").strip()) > NAME_MAX:
        errors["name"] = _("姓名不能超过%(max)s字") % {"max": NAME_MAX}
    contact = (contact or "").strip()
    if len(contact) > CONTACT_MAX:
        errors["contact"] = _("联系方式不能超过%(max)s字") % {"max": CONTACT_MAX}
    elif contact and not (_PHONE.match(contact) or _EMAIL.match(contact)):
        errors["contact"] = _("联系方式请填写电话号码或电子邮箱，也可以不填")
    return errors


def validate_answer(text: str) -> dict[str, str]:
    text = (text or "").strip()
    if not text:
        return {"answer": _("请填写答复内容")}
    if len(text) > ANSWER_MAX:
        return {
            "answer": _("答复内容不能超过%(max)s字（当前%(count)s字）")
            % {"max": ANSWER_MAX, "count": len(text)}
        }
    return {}


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalize_tracking_code(code: str) -> str:
    """What the sender typed → the code: spaces and dashes dropped, upper-cased."""
    return re.sub(r"[\s\-－—]", "", code or "").upper()


def format_tracking_code(code: str) -> str:
    """ABCD2345EFGH → ABCD-2345-EFGH, easier to copy down."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def tracking_digest(code: str) -> str:
    return hashlib.sha256(normalize_tracking_code(code).encode()).hexdigest()


def mask_contact(contact: str) -> str:
    """13812345678 → 138****5678; zhang.san@example.com → z***@example.com."""
    contact = (contact or "").strip()
    if not contact:
        return ""
    if "@" in contact:
        local, _at, domain = contact.partition("@")
        return f"{local[:1]}***@{domain}"
    return mask_phone(contact)


def is_overdue(status: str, due_on: dt.date, today: dt.date) -> bool:
    """Not answered and the deadline day has passed."""
    return status != MessageStatus.ANSWERED and today > due_on


def answered_late(due_on: dt.date, answered_on: dt.date | None) -> bool:
    return answered_on is not None and answered_on > due_on


# 设置 -----------------------------------------------------------------------


def reply_workdays() -> int:
    return int(getattr(settings, "CATALOG_MESSAGE_REPLY_WORKDAYS", DEFAULT_REPLY_WORKDAYS))


def rate_limit() -> int:
    return int(getattr(settings, "CATALOG_MESSAGE_RATE_LIMIT", DEFAULT_RATE_LIMIT))


# 限流 -----------------------------------------------------------------------


class RateLimited(Exception):
    """Too many messages from one address: answered with HTTP 429."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(
            ngettext(
                "同一网络地址每小时最多提交%(limit)d条留言，请稍后再试",
                "同一网络地址每小时最多提交%(limit)d条留言，请稍后再试",
                limit,
            )
            % {"limit": limit}
        )


def _rate_key(client_address: str) -> str:
    digest = hashlib.sha256(f"lvzhi-msg:{client_address}".encode()).hexdigest()[:32]
    return f"catalog-message-rate:{digest}"


def _check_rate(client_address: str, now: float) -> list[float]:
    limit = rate_limit()
    allowed, kept = rate_window(cache.get(_rate_key(client_address)) or [], now, limit)
    if not allowed:
        raise RateLimited(limit)
    return kept


def _record_rate(client_address: str, kept: list[float], now: float) -> None:
    cache.set(_rate_key(client_address), [*kept, now], RATE_WINDOW_SECONDS)


def reset_rate(client_address: str) -> None:
    cache.delete(_rate_key(client_address))


# 写 -------------------------------------------------------------------------


def _audit_values(message: SupervisionMessage) -> dict:
    """Snapshot for the audit trail: PII fields masked, the free text by its length only
    (a sender may type a phone number into it)."""
    values = snapshot(message)
    values["text"] = f"{len(message.text)}字"
    return values


@transaction.atomic
def message_send(
    *,
    actor,
    item: DutyItem,
    text: str,
    name: str = "",
    contact: str = "",
    client_address: str = "",
    now: dt.datetime | None = None,
) -> tuple[SupervisionMessage, str]:
    """Store a message about a published item; returns it with its tracking code (the
    only time the code exists in clear). Invalid text raises ValidationError, too many
    messages from ``client_address`` RateLimited; neither writes anything."""
    item = get_object_or_404(
        DutyItem.objects.select_related("version__catalog__organization", "department"),
        pk=item.pk,
        version__status=VersionStatus.PUBLISHED,
    )
    return message_receive(
        actor=actor,
        organization=item.version.catalog.organization,
        department=item.department,
        item=item,
        subject_number=item.number,
        subject_name=item.name,
        text=text,
        name=name,
        contact=contact,
        client_address=client_address,
        now=now,
    )


@transaction.atomic
def message_receive(
    *,
    actor,
    organization,
    text: str,
    subject_name: str,
    subject_number: str = "",
    department=None,
    item: DutyItem | None = None,
    name: str = "",
    contact: str = "",
    client_address: str = "",
    now: dt.datetime | None = None,
) -> tuple[SupervisionMessage, str]:
    """Store a public message addressed to ``organization`` (its inbox, or
    ``department``'s): the rate limit, the checks, the tracking code and the deadline of
    every supervision message. Other modules' public forms (a social organization's
    complaint) call this with their own subject; ``item`` is then None."""
    now = now or timezone.now()
    clock = time.time()
    kept = _check_rate(client_address, clock)
    errors = validate_message(text=text, name=name, contact=contact)
    if errors:
        raise ValidationError(errors)
    received = today_local(now)
    workdays = reply_workdays()
    code = new_tracking_code()
    message = SupervisionMessage.objects.create(
        organization=organization,
        org_path=organization.path,
        item=item,
        item_number=subject_number[:20],
        item_name=subject_name[:300],
        department=department,
        name=(name or "").strip(),
        contact=(contact or "").strip(),
        text=text.strip(),
        tracking_digest=tracking_digest(code),
        received_on=received,
        reply_workdays=workdays,
        due_on=add_workdays(received, workdays),
    )
    audit(
        actor=actor,
        action="message_send",
        obj=message,
        organization=organization,
        changes=diff({}, _audit_values(message)),
    )
    _record_rate(client_address, kept, clock)
    return message, code


@transaction.atomic
def message_answer(
    *, actor, message: SupervisionMessage, answer: str, now: dt.datetime | None = None
) -> SupervisionMessage:
    """The department's answer: the message becomes 已答复. Re-answering replaces the
    text and is audited the same way."""
    message = (
        SupervisionMessage.objects.select_for_update()
        .select_related("organization")
        .get(pk=message.pk)
    )
    if not answerable(actor).filter(pk=message.pk).exists():
        raise OutOfScope(_("不在您的管理范围内"))
    errors = validate_answer(answer)
    if errors:
        raise ValidationError(errors)
    before = _audit_values(message)
    message.answer = answer.strip()
    message.status = MessageStatus.ANSWERED
    message.answered_at = now or timezone.now()
    message.answered_by = actor
    message.save(update_fields=["answer", "status", "answered_at", "answered_by", "updated_at"])
    audit(
        actor=actor,
        action="message_answer",
        obj=message,
        organization=message.organization,
        changes=diff(before, _audit_values(message)),
    )
    return message


# 读 -------------------------------------------------------------------------


def _assignment_q(assignment) -> Q:
    if assignment.department_id:
        return Q(department_id=assignment.department_id)
    path = assignment.organization.path
    if assignment.include_descendants:
        return Q(org_path__gte=path, org_path__lt=path + PATH_END)
    return Q(org_path=path)


def _narrowing(user, action: str) -> Q | None:
    """Department staff (an assignment with a department) see their department's
    messages only; other assignments their organization (and subtree). None: no limit
    beyond restrict()."""
    if scope_for(user, action).everything:
        return None
    condition = Q(pk__in=[])
    for assignment in user_assignments(user):
        if assignment.role.allows(action):
            condition |= _assignment_q(assignment)
    return condition


def inbox(user):
    """Messages ``user`` may read: restrict(user, "view"), narrowed to the department of
    department staff."""
    queryset = SupervisionMessage.objects.restrict(user, "view")
    narrowing = _narrowing(user, "view")
    return queryset if narrowing is None else queryset.filter(narrowing)


def answerable(user):
    """Messages ``user`` may answer: within the inbox, either in the user's change scope
    (cadres) or addressed to a department the user is assigned to (department staff)."""
    queryset = inbox(user)
    scope = scope_for(user, "change")
    if scope.everything:
        return queryset
    departments = [a.department_id for a in user_assignments(user) if a.department_id]
    condition = Q(department_id__in=departments)
    if not scope.empty:
        condition |= scope.q("org_path")
    return queryset.filter(condition)


def inbox_list(
    user, *, status: str = "", overdue: bool = False, department=None, today: dt.date | None = None
):
    today = today or today_local()
    queryset = inbox(user).select_related("organization", "department", "answered_by")
    if status in MessageStatus.values:
        queryset = queryset.filter(status=status)
    if overdue:
        queryset = queryset.filter(status=MessageStatus.NEW, due_on__lt=today)
    if department:
        queryset = queryset.filter(department_id=department)
    return queryset.order_by("status", "due_on", "-id") if overdue else queryset


def decorate(messages, today: dt.date | None = None):
    """Set ``overdue``, ``late`` and ``contact_masked`` on each message for display."""
    today = today or today_local()
    for message in messages:
        message.overdue = is_overdue(message.status, message.due_on, today)
        answered_on = today_local(message.answered_at) if message.answered_at else None
        message.late = answered_late(message.due_on, answered_on)
        message.contact_masked = mask_contact(message.contact)
    return messages


def get_message(user, pk, action: str = "view") -> SupervisionMessage:
    queryset = answerable(user) if action == "answer" else inbox(user)
    return get_object_or_404(
        queryset.select_related("organization", "department", "answered_by", "item"), pk=pk
    )


def can_answer(user, message: SupervisionMessage) -> bool:
    return answerable(user).filter(pk=message.pk).exists()


def track(code: str) -> SupervisionMessage | None:
    code = normalize_tracking_code(code)
    if len(code) != CODE_LENGTH:
        return None
    message = (
        SupervisionMessage.objects.select_related("organization", "department", "item")
        .filter(tracking_digest=tracking_digest(code))
        .first()
    )
    if message is not None:
        decorate([message])
    return message


def inbox_departments(user):
    """(id, name) of the departments seen in the user's inbox, for the filter."""
    from lvzhi.orgs.models import Department

    ids = inbox(user).exclude(department=None).values("department_id")
    return list(Department.objects.filter(pk__in=ids).values_list("id", "name"))
