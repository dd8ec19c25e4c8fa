"""Pure rules of the ledger: plain values in, errors or verdicts out; ``today`` is given."""

import datetime as dt
import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lvzhi.core.rulesets import Verdict, load_ruleset, verdict
from lvzhi.orgs.models import Kind, Level, System
from lvzhi.orgs.rules import (  # noqa: F401  (re-exported: the ledger checks like orgs does)
    RuleError,
    birth_date_from_id,
    gender_from_id,
    normalize_id_number,
    normalize_phone,
)

EARLIEST = dt.date(1949, 10, 1)
VISIT_INTERVAL_DAYS = 90  # a woman of the grid is due a visit once a quarter (R-EX-01's rhythm)


def ledger_organization_error(*, system: str, kind: str, level: str) -> str | None:
    """Ledgers are kept by community (village) women's federations (天津 002: 社区妇女信息台账)."""
    if system != System.WOMEN or kind != Kind.LOCAL_FEDERATION or level != Level.VILLAGE:
        return _("妇女信息台账只能由村（社区）妇联建立")
    return None


def entry_errors(*, id_number: str, gender: str, birth_year: int | None, today: dt.date) -> dict:
    """Where the ID number contradicts the gender or birth year given, or the year is off."""
    errors = {}
    if birth_year is not None and not (1900 <= birth_year <= today.year):
        errors["birth_year"] = _("出生年份应在 1900 年至今年之间")
    if id_number:
        born = birth_date_from_id(id_number)
        if birth_year is not None and born and born.year != birth_year:
            errors["birth_year"] = _("出生年份与身份证号不一致")
        if gender and gender != gender_from_id(id_number):
            errors["gender"] = _("性别与身份证号不一致")
    return errors


def category_errors(
    *, start_date: dt.date, end_date: dt.date | None, today: dt.date, already_open: bool
) -> dict:
    errors = {}
    if start_date < EARLIEST or start_date > today:
        errors["start_date"] = _("认定日期应在今天或之前")
    if end_date is not None and (end_date < start_date or end_date > today):
        errors["end_date"] = _("退出日期应在认定日期之后、今天或之前")
    if already_open:
        errors["category"] = _("该人员已在此类别中")
    return errors


def transfer_errors(
    *,
    from_path: str,
    to_path: str,
    to_system: str,
    to_kind: str,
    to_level: str,
    pending: bool,
) -> dict:
    """A move goes to another community federation, one move at a time."""
    errors = {}
    problem = ledger_organization_error(system=to_system, kind=to_kind, level=to_level)
    if problem:
        errors["to_organization"] = _("迁入方应为村（社区）妇联")
    elif from_path == to_path:
        errors["to_organization"] = _("迁入社区不能是本社区")
    if pending:
        errors["entry"] = _("该人员已有待接收的迁移，请等待对方办理或撤回")
    return errors


def decision_errors(*, status: str, decision: str, note: str) -> dict:
    from .models import TransferStatus

    if status != TransferStatus.PENDING:
        return {"status": _("该迁移已办理，不能再次办理")}
    if decision == "reject" and not note.strip():
        return {"decision_note": _("退回时请填写原因")}
    return {}


def visit_errors(*, date: dt.date, today: dt.date) -> dict:
    if date > today:
        return {"date": _("走访日期不能晚于今天")}
    if date < EARLIEST:
        return {"date": _("走访日期无效")}
    return {}


def visits_due(last_visits: dict[int, dt.date | None], today: dt.date) -> list[int]:
    """Entries never visited, or last visited more than a quarter ago (oldest first)."""
    limit = today - dt.timedelta(days=VISIT_INTERVAL_DAYS)
    due = [
        (last or dt.date.min, pk) for pk, last in last_visits.items() if not last or last < limit
    ]
    return [pk for _last, pk in sorted(due)]


def women_contacted_verdict(*, contacted: int, ruleset: str | None = None) -> Verdict:
    """R-EX-08: each executive member contacts at least 10 women (in the year)."""
    needed = load_ruleset(ruleset)["R-EX-08"].params.get("min_women", 10)
    if contacted >= needed:
        return verdict(
            "R-EX-08",
            "met",
            _("已联系 %(n)s 名妇女（至少 %(m)s 名）") % {"n": contacted, "m": needed},
            ruleset,
        )
    gap = needed - contacted
    return verdict(
        "R-EX-08",
        "unmet",
        ngettext(
            "已联系 %(n)s 名妇女，还差 %(gap)s 名", "已联系 %(n)s 名妇女，还差 %(gap)s 名", gap
        )
        % {"n": contacted, "gap": gap},
        ruleset,
    )


RECHECK_CATEGORY = "single_poor_mothers"
# R-RT-05 says "re-checked periodically" without a period (LX 二(四)); half a year is this
# platform's default, a setting of the rule, not a figure of the source.
RECHECK_DAYS = 183


def recheck_verdicts(
    last_checks: dict[int, dt.date | None], today: dt.date, period_days: int = RECHECK_DAYS
) -> dict[int, Verdict]:
    """R-RT-05: a single poor mother's family is due a re-check (a visit) when never
    visited or last visited more than ``period_days`` ago."""
    limit = today - dt.timedelta(days=period_days)
    verdicts = {}
    for pk, last in last_checks.items():
        if last is None or last < limit:
            detail = (
                _("上次复核 %(date)s，已超过 %(days)s 天") % {"date": last, "days": period_days}
                if last
                else _("尚未复核")
            )
            verdicts[pk] = verdict("R-RT-05", "due", detail)
        else:
            verdicts[pk] = verdict("R-RT-05", "ok", _("上次复核 %(date)s") % {"date": last})
    return verdicts


# 个人信息保护 (PIPL) ---------------------------------------------------------

# Days an entry is kept after it closes or its consent is withdrawn, before the daily job
# anonymises it: this platform's defaults, overridden by settings.LVZHI_LEDGER_RETENTION_DAYS
# (PIPL 第十九条 leaves the period to "the shortest time the purpose needs").
RETENTION_DAYS = {"moved_away": 3 * 365, "deceased": 365, "consent_withdrawn": 30}
CONSENT_WITHDRAWN = "consent_withdrawn"


def consent_errors(
    *, basis: str, scope: str, duty: str, given_by: str, given_on: dt.date, today: dt.date
) -> dict:
    """A consent names who agreed; a statutory basis names the duty; both say the purpose."""
    errors = {}
    if not scope.strip():
        errors["scope"] = _("请填写处理目的和范围")
    if basis == "statutory" and not duty.strip():
        errors["duty"] = _("依据法定职责处理时，请写明法定职责依据")
    if basis == "consent" and not given_by.strip():
        errors["given_by"] = _("请填写同意人（本人或监护人）")
    if given_on < EARLIEST or given_on > today:
        errors["given_on"] = _("日期应在今天或之前")
    return errors


def withdrawal_errors(
    *, basis: str, given_on: dt.date, withdrawn_on: dt.date | None, date: dt.date, today: dt.date
) -> dict:
    """Only a consent is withdrawn (a statutory duty is not hers to withdraw), once."""
    if basis != "consent":
        return {"basis": _("法定职责依据不能由本人撤回")}
    if withdrawn_on is not None:
        return {"withdrawn_on": _("该同意已撤回")}
    if date < given_on or date > today:
        return {"withdrawn_on": _("撤回日期应在同意日期之后、今天或之前")}
    return {}


def basis_gaps(*, consents: list, sensitive_open: bool) -> list[str]:
    """What the entry lacks (PIPL 第十三条, 第二十九条): any standing basis, and for a
    sensitive category a separate consent or a statutory duty covering sensitive data.
    ``consents`` are (basis, sensitive, withdrawn_on) triples."""
    standing = [c for c in consents if c[2] is None]
    gaps = []
    if not standing:
        gaps.append(_("没有有效的处理依据（同意或法定职责）"))
    if sensitive_open and not any(c[1] for c in standing):
        gaps.append(_("敏感类别缺少单独同意或法定职责依据"))
    return gaps


def retention_due(
    *,
    closed_reason: str,
    closed_on: dt.date | None,
    withdrawn_on: dt.date | None,
    has_basis: bool,
    today: dt.date,
    periods: dict[str, int],
) -> str | None:
    """Why the entry is past its retention on ``today`` (the reason's key), or None: it
    closed (moved away, deceased) or its last consent was withdrawn with no other basis
    standing, longer ago than the reason's period."""
    due = []
    if closed_on is not None and closed_reason:
        due.append((closed_on + dt.timedelta(days=periods[closed_reason]), closed_reason))
    if withdrawn_on is not None and not has_basis:
        due.append(
            (withdrawn_on + dt.timedelta(days=periods[CONSENT_WITHDRAWN]), CONSENT_WITHDRAWN)
        )
    due = [(when, reason) for when, reason in due if when <= today]
    return min(due)[1] if due else None


# 巾帼志愿者 -------------------------------------------------------------------

MAX_SERVICE_HOURS = 24


def service_errors(
    *, date: dt.date, today: dt.date, hours, beneficiaries: int, volunteers: int
) -> dict:
    """A service happened (not in the future), lasted at most a day, and had volunteers."""
    errors = {}
    if date > today or date < EARLIEST:
        errors["date"] = _("服务日期应在今天或之前")
    if hours is None or hours <= 0 or hours > MAX_SERVICE_HOURS:
        errors["hours"] = _("服务时长应大于 0、不超过 %(max)s 小时") % {"max": MAX_SERVICE_HOURS}
    if beneficiaries < 0:
        errors["beneficiaries"] = _("服务对象人数不能为负数")
    if volunteers == 0:
        errors["members"] = _("请选择参加服务的志愿者")
    return errors


TREND_MONTHS = 12


def month_ends(today: dt.date, months: int = TREND_MONTHS) -> list[dt.date]:
    """The last day of each of the ``months`` months up to ``today``'s (that one ends
    today), oldest first."""
    ends = [today]
    first = today.replace(day=1)
    for _month in range(months - 1):
        first_prev_end = first - dt.timedelta(days=1)
        ends.append(first_prev_end)
        first = first_prev_end.replace(day=1)
    return ends[::-1]


# 需求转办 ---------------------------------------------------------------------

_ID_LIKE = re.compile(r"\d{15}|\d{17}[\dXx]")
_MOBILE_LIKE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def need_text_errors(
    *, text: str, name: str = "", id_number: str = "", phone: str = "", address: str = ""
) -> dict:
    """A need's description goes out of the ledger as a 建议 or a case: it must not name
    the woman. Refused when it holds her name, ID number, phone or address, or anything
    shaped like an ID number or a mobile number (PIPL: what leaves the ledger names no one)."""
    text = (text or "").strip()
    if not text:
        return {"description": _("请填写需求说明")}
    if len(text) > 300:
        return {"description": _("需求说明不能超过300个字")}
    compact = re.sub(r"[\s-]", "", text)
    found = (
        (len(name) >= 2 and name in text)
        or (id_number and id_number.upper() in compact.upper())
        or (phone and phone in compact)
        or (len(address) >= 4 and address in text)
        or _ID_LIKE.search(compact)
        or _MOBILE_LIKE.search(compact)
    )
    if found:
        return {
            "description": _(
                "需求说明会转给建议或办件，不能写入姓名、身份证号、电话或住址等个人信息"
            )
        }
    return {}


def referral_errors(*, referred_as: str, already: str, closed: bool) -> dict:
    """A need is referred once (建议 or 办件), and not after her entry is closed."""
    if already:
        return {"referred_as": _("该需求已转办，不能重复转办")}
    if closed:
        return {"referred_as": _("该人员已注销，不能再转办需求")}
    if referred_as not in ("suggestion", "case"):
        return {"referred_as": _("转办方式应为“建议”或“办件”")}
    return {}
