"""Pure rules about organizations and people: no database, plain values in and out."""

import datetime as dt

import phonenumbers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

from lvzhi.core.periods import today_local
from lvzhi.core.rulesets import Verdict, verdict

from .models import UNION_KINDS, Kind, Level, System


class RuleError(ValueError):
    """A value a rule refuses, with a message a cadre can act on."""


# 省级行政区划代码 (GB/T 2260 前两位). stdnum's county table lags behind real codes
# (滨海新区 120116 is missing), so only the province is checked against a table.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split()
)


def normalize_id_number(value: str, today: dt.date | None = None) -> str:
    """A valid 18-digit 居民身份证号码, upper-cased, or RuleError saying what is wrong.

    Checks length, digits, the GB 11643 check digit, the birth date (not after ``today``)
    and the province. Callers pass ``today``; without it the rule takes China's today
    (kept for the callers that do not pass it yet: orgs.services, orgs.roster, ledger)."""
    number = ric.compact(value or "").upper()
    if not number:
        return ""
    if len(number) != 18:
        raise RuleError(_("身份证号应为18位"))
    if not number[:-1].isdigit() or not (number[-1].isdigit() or number[-1] == "X"):
        raise RuleError(_("身份证号格式不正确（前17位应为数字，末位为数字或X）"))
    if number[-1] != ric.calc_check_digit(number):
        raise RuleError(_("身份证号校验位不正确，请核对最后一位"))
    try:
        born = ric.get_birth_date(number)
    except InvalidComponent:
        raise RuleError(_("身份证号中的出生日期无效")) from None
    if born.year < 1900 or born > (today or today_local()):
        raise RuleError(_("身份证号中的出生日期无效"))
    if number[:2] not in PROVINCE_CODES:
        raise RuleError(_("身份证号中的地区码无效"))
    return number


def birth_date_from_id(id_number: str) -> dt.date | None:
    if not id_number:
        return None
    return ric.get_birth_date(id_number)


def gender_from_id(id_number: str) -> str | None:
    """The 17th digit: odd for men, even for women."""
    if not id_number:
        return None
    return "M" if int(id_number[16]) % 2 else "F"


def normalize_phone(value: str) -> str:
    """A valid mainland number as digits (13812345678, 02225201234), or RuleError."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        raise RuleError(_("电话号码格式不正确")) from None
    if parsed.country_code != 86 or not phonenumbers.is_valid_number(parsed):
        raise RuleError(_("电话号码无效，请填写11位手机号或带区号的固定电话")) from None
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return "".join(ch for ch in national if ch.isdigit())


def check_person_identity(id_number: str, birth_date: dt.date | None, gender: str | None) -> dict:
    """Errors by field where the ID number contradicts the birth date or gender given."""
    errors = {}
    if not id_number:
        return errors
    if birth_date and birth_date != birth_date_from_id(id_number):
        errors["birth_date"] = _("出生日期与身份证号不一致")
    if gender and gender != gender_from_id(id_number):
        errors["gender"] = _("性别与身份证号不一致")
    return errors


_CHILD_LEVEL = {
    Level.NATIONAL: Level.PROVINCE,
    Level.PROVINCE: Level.CITY,
    Level.CITY: Level.COUNTY,
    Level.COUNTY: Level.TOWNSHIP,
    Level.TOWNSHIP: Level.VILLAGE,
    Level.VILLAGE: Level.GRASSROOTS,
    Level.GRASSROOTS: Level.GRASSROOTS,
}


def default_child_level(parent_level: str) -> str:
    return _CHILD_LEVEL[Level(parent_level)]


def system_of_kind(kind: str) -> str:
    return System.UNION if kind in UNION_KINDS else System.WOMEN


def check_placement(*, parent_system: str | None, parent_kind: str | None, kind: str) -> str | None:
    """Why ``kind`` cannot sit under the parent, or None."""
    if parent_kind in (Kind.WOMEN_GROUP, Kind.MICRO_HOME):
        return _("妇女小组、妇女微家之下不能再设下级组织")
    if parent_system is not None and system_of_kind(kind) != parent_system:
        return _("妇联组织与工会组织不能互为上下级")
    return None


def term_verdict(*, end_date: dt.date, today: dt.date, renewed: bool) -> Verdict:
    """R-OR-08 依章按期换届: a term past its end, not followed by a new one, is overdue."""
    if renewed:
        return verdict("R-OR-08", "renewed", _("已换届"))
    # Translators: a strftime format for the date a term ends.
    date = end_date.strftime(_("%Y年%m月%d日"))
    if today > end_date:
        days = (today - end_date).days
        return verdict(
            "R-OR-08",
            "overdue",
            ngettext(
                "届满于%(date)s，已逾期%(days)d天未换届",
                "届满于%(date)s，已逾期%(days)d天未换届",
                days,
            )
            % {"date": date, "days": days},
        )
    return verdict("R-OR-08", "current", _("%(date)s届满") % {"date": date})


def position_errors(
    *, title, tenure, start_date, end_date, term_organization_id, organization_id
) -> dict[str, str]:
    """Why a seat cannot be recorded as given, by field (empty when it can)."""
    errors = {}
    if term_organization_id is not None and term_organization_id != organization_id:
        errors["term"] = _("届次不属于该组织")
    if end_date and start_date and end_date < start_date:
        errors["end_date"] = _("离任日期不能早于任职日期")
    if tenure and title == "member":
        errors["tenure"] = _("专职、兼职、挂职仅适用于主席、副主席")
    return errors
