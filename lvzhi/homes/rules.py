"""Pure rules of the 妇女之家 (R-HM-01…05): plain values in, verdicts out. ``today`` and
``now`` are given; the calendar is a function passed in (``lvzhi.homes.calendar`` reads
China's holidays and the platform's overrides), so the rules run without a database.

Every verdict names its rule id and source clause (lvzhi.core.rulesets)."""

import calendar as _calendar
import datetime as dt
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.rulesets import Verdict, load_ruleset, verdict

# R-HM-01 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    code: str
    name: str


@dataclass(frozen=True)
class Standard:
    code: str
    name: str
    clause: str
    parts: tuple[Part, ...]


STANDARDS_FILE = Path(__file__).resolve().parent / "standards.toml"


@lru_cache(maxsize=4)
def checklist(path: Path = STANDARDS_FILE) -> tuple[Standard, ...]:
    """R-HM-01's six standards and their parts, as data (``standards.toml``)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    standards, seen = [], set()
    for raw in data["standards"]:
        parts = tuple(Part(code=p["code"], name=p["name"]) for p in raw["parts"])
        for code in (raw["code"], *(p.code for p in parts)):
            if code in seen:
                raise ValueError(f"妇女之家标准中编码 {code} 重复")
            seen.add(code)
        standards.append(
            Standard(code=raw["code"], name=raw["name"], clause=raw["clause"], parts=parts)
        )
    return tuple(standards)


def part_codes() -> list[str]:
    return [part.code for standard in checklist() for part in standard.parts]


def checklist_verdict(results: Mapping[str, bool | None], ruleset: str | None = None) -> Verdict:
    """R-HM-01: met when every part of the six standards passed; otherwise the parts that
    failed and those not yet checked, by standard."""
    failed, unchecked = [], []
    for standard in checklist():
        for part in standard.parts:
            result = results.get(part.code)
            if result is None:
                unchecked.append(part.name)
            elif not result:
                failed.append(part.name)
    if not failed and not unchecked:
        return verdict("R-HM-01", "met", _("六项标准全部达到"), ruleset)
    detail = []
    if failed:
        detail.append(_("未达到：%(parts)s") % {"parts": "、".join(failed)})
    if unchecked:
        detail.append(_("未核查：%(parts)s") % {"parts": "、".join(unchecked)})
    return verdict("R-HM-01", "unmet" if failed else "pending", "；".join(detail), ruleset)


def part_name(code: str) -> str:
    for standard in checklist():
        for part in standard.parts:
            if part.code == code:
                return part.name
    raise KeyError(code)


def self_assessment_verdict(
    results: Mapping[str, bool | None],
    evidence: Mapping[str, int],
    ruleset: str | None = None,
) -> Verdict:
    """R-HM-01 on a village's self-assessment: every part checked and met (the checklist's
    verdict), and each met part proved by at least one photo or document."""
    outcome = checklist_verdict(results, ruleset)
    if outcome.outcome != "met":
        return outcome
    unproved = [part_name(c) for c in part_codes() if not evidence.get(c)]
    if unproved:
        return verdict(
            "R-HM-01",
            "pending",
            _("缺少佐证材料：%(parts)s") % {"parts": "、".join(unproved)},
            ruleset,
        )
    return outcome


def review_verdict(reviews: Mapping[str, tuple[str, str]], ruleset: str | None = None) -> Verdict:
    """R-HM-01 on the township's review: each part agreed, or returned with a reason.
    ``reviews`` maps a part's code to (``"agreed"`` or ``"returned"``, reason).
    Outcomes: ``met`` (all agreed), ``returned`` (the parts and their reasons),
    ``pending`` (a part not reviewed, or returned without a reason)."""
    missing, unreasoned, returned = [], [], []
    for code in part_codes():
        decision, reason = reviews.get(code, ("", ""))
        if decision not in ("agreed", "returned"):
            missing.append(part_name(code))
        elif decision == "returned":
            if not (reason or "").strip():
                unreasoned.append(part_name(code))
            else:
                returned.append(f"{part_name(code)}：{reason.strip()}")
    if missing or unreasoned:
        detail = []
        if missing:
            detail.append(_("未审核：%(parts)s") % {"parts": "、".join(missing)})
        if unreasoned:
            detail.append(_("退回需填写理由：%(parts)s") % {"parts": "、".join(unreasoned)})
        return verdict("R-HM-01", "pending", "；".join(detail), ruleset)
    if returned:
        return verdict(
            "R-HM-01", "returned", _("退回修改：%(p)s") % {"p": "；".join(returned)}, ruleset
        )
    return verdict("R-HM-01", "met", _("六项标准各项审核通过"), ruleset)


def verdict_returned(detail: str, ruleset: str | None = None) -> Verdict:
    """R-HM-01: an application sent back to the village (by the district, with its reason)."""
    return verdict("R-HM-01", "returned", detail, ruleset)


# R-HM-02 ------------------------------------------------------------------------------

TARGET_PERCENT = 10  # CQ-FN 二: 按本地区妇女之家总数的10%


def target_needed(homes: int, percent: int = TARGET_PERCENT) -> int:
    """10% of the district's homes, rounded up (integer arithmetic: no float at 9.9)."""
    if homes < 0:
        raise ValueError("妇女之家数不能为负")
    return -(-homes * percent // 100)


def district_target_verdict(*, homes: int, designated: int, ruleset: str | None = None) -> Verdict:
    """R-HM-02: designated (规范化) homes ≥ 10% of the district's homes, rounded up;
    exactly 10% meets it."""
    percent = int(load_ruleset(ruleset)["R-HM-02"].params.get("percent", TARGET_PERCENT))
    needed = target_needed(homes, percent)
    if homes == 0:
        return verdict("R-HM-02", "none", _("本区尚未登记妇女之家"), ruleset)
    values = {"d": designated, "n": homes, "need": needed, "p": percent}
    if designated >= needed:
        return verdict(
            "R-HM-02",
            "met",
            _("规范化妇女之家 %(d)s 个，占 %(n)s 个的 %(p)s%% 目标需 %(need)s 个，已达到") % values,
            ruleset,
        )
    values["gap"] = needed - designated
    return verdict(
        "R-HM-02",
        "unmet",
        _("规范化妇女之家 %(d)s 个，%(n)s 个的 %(p)s%% 需 %(need)s 个，还差 %(gap)s 个") % values,
        ruleset,
    )


# R-HM-03 ------------------------------------------------------------------------------

SESSIONS = ((dt.time(9), dt.time(12)), (dt.time(14), dt.time(17)))  # CQ-FN 附件1 二
HOLIDAY_SEARCH_DAYS = 12  # the longest run of rest days around a holiday (春节 9 days)


@dataclass(frozen=True)
class Day:
    """What the calendar says of a date: a working day (调休上班 included), and a
    statutory holiday day as the State Council lists it."""

    workday: bool
    holiday: bool
    name: str = ""


Calendar = Callable[[dt.date], Day]


def holiday_name(day: dt.date, calendar: Calendar) -> str | None:
    """The holiday whose period (放假期间) ``day`` is in, else None.

    The period is the run of consecutive rest days that holds a listed holiday: 国庆
    2026 is 10月1日至7日 although 10月4日 is an ordinary Sunday, and 元旦 2026 ends on
    Saturday 1月3日 because Sunday 1月4日 is a make-up working day. An ordinary weekend
    away from any holiday is not a holiday: the home is open (除法定节假日)."""
    info = calendar(day)
    if info.workday:
        return None
    found = info.holiday
    names = [info.name] if info.holiday and info.name else []
    for step in (-1, 1):
        other = day
        for _i in range(HOLIDAY_SEARCH_DAYS):
            other += dt.timedelta(days=step)
            near = calendar(other)
            if near.workday:
                break
            if near.holiday:
                found = True
                if near.name:
                    names.append(near.name)
    if not found:
        return None
    return names[0] if names else _("法定节假日")


@dataclass(frozen=True)
class OpenState:
    open: bool
    closes_at: dt.datetime | None  # while open: the end of this session
    next_opening: dt.datetime | None  # while closed: the next session's start (None: none found)
    reason: str  # why closed now ("" while open)
    verdict: Verdict


def day_opens(
    day: dt.date, calendar: Calendar, exceptions: Mapping[dt.date, bool]
) -> tuple[bool, str]:
    """(open that day, why not). A federation's exception for the date decides first;
    then the home is open every day except a statutory holiday period."""
    if day in exceptions:
        return (True, "") if exceptions[day] else (False, _("妇联安排闭馆"))
    name = holiday_name(day, calendar)
    if name:
        generic = _("法定节假日")
        return False, generic if name == generic else f"{generic}（{name}）"
    return True, ""


def open_state(
    now: dt.datetime,
    calendar: Calendar,
    exceptions: Mapping[dt.date, bool] | None = None,
    *,
    horizon_days: int = 60,
    ruleset: str | None = None,
) -> OpenState:
    """R-HM-03 at ``now`` (China local time): open 9:00–12:00 and 14:00–17:00 (a session
    includes its start and excludes its end: open at 9:00 and 14:00, closed at 12:00 and
    17:00) every day except statutory holidays; exceptions by date (True opens, False
    closes) come from the federation."""
    exceptions = exceptions or {}
    tz = now.tzinfo
    today = now.date()
    opens_today, why = day_opens(today, calendar, exceptions)
    clock = now.time().replace(tzinfo=None)
    if opens_today:
        for start, end in SESSIONS:
            if start <= clock < end:
                closes = dt.datetime.combine(today, end, tzinfo=tz)
                return OpenState(
                    True,
                    closes,
                    None,
                    "",
                    verdict(
                        "R-HM-03",
                        "open",
                        _("开放中，%(end)s 闭馆") % {"end": end.strftime("%H:%M")},
                        ruleset,
                    ),
                )
    nxt = _next_opening(now, calendar, exceptions, horizon_days, opens_today)
    if not opens_today:
        reason = why
    elif clock < SESSIONS[0][0]:
        reason = _("尚未到开放时间")
    elif SESSIONS[0][1] <= clock < SESSIONS[1][0]:
        reason = _("午间休息")
    else:
        reason = _("今日开放时间已过")
    detail = _("已闭馆：%(reason)s") % {"reason": reason}
    if nxt is not None:
        detail += _("；下次开放 %(when)s") % {"when": f"{nxt:%Y-%m-%d %H:%M}"}
    return OpenState(False, None, nxt, reason, verdict("R-HM-03", "closed", detail, ruleset))


def _next_opening(now, calendar, exceptions, horizon_days, opens_today):
    tz = now.tzinfo
    clock = now.time().replace(tzinfo=None)
    if opens_today:
        for start, _end in SESSIONS:
            if clock < start:
                return dt.datetime.combine(now.date(), start, tzinfo=tz)
    day = now.date()
    for _i in range(horizon_days):
        day += dt.timedelta(days=1)
        if day_opens(day, calendar, exceptions)[0]:
            return dt.datetime.combine(day, SESSIONS[0][0], tzinfo=tz)
    return None


# R-HM-04 ------------------------------------------------------------------------------

BOARD_MONTHS = 6  # CQ-FN 附件1 六: 每半年更新一次


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, the month's last day when it is shorter."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def board_due(last_update: dt.date | None) -> dt.date | None:
    """The last day the board may go without a new update (None: never updated)."""
    return None if last_update is None else add_months(last_update, BOARD_MONTHS)


def board_stale_before(today: dt.date) -> dt.date:
    """The earliest last update that is not stale on ``today``: a board last updated
    before it is stale (the same verdict as ``board_verdict``, as one date a query can
    compare with)."""
    day = add_months(today, -BOARD_MONTHS) - dt.timedelta(days=4)
    while board_due(day) < today:
        day += dt.timedelta(days=1)
    return day


def board_verdict(
    *, board: str, last_update: dt.date | None, today: dt.date, ruleset: str | None = None
) -> Verdict:
    """R-HM-04: a board (妇工园地 or 活动剪影) is stale when not updated for more than half a
    year: updated on 5月29日, it is due by 11月29日 and stale from 11月30日."""
    if last_update is None:
        return verdict("R-HM-04", "stale", _("%(board)s尚无更新记录") % {"board": board}, ruleset)
    due = board_due(last_update)
    values = {"board": board, "last": last_update.isoformat(), "due": due.isoformat()}
    if today > due:
        return verdict(
            "R-HM-04",
            "stale",
            _("%(board)s上次更新 %(last)s，已超过半年（应于 %(due)s 前更新）") % values,
            ruleset,
        )
    return verdict(
        "R-HM-04",
        "ok",
        _("%(board)s上次更新 %(last)s，下次应于 %(due)s 前更新") % values,
        ruleset,
    )


# R-HM-05 ------------------------------------------------------------------------------


def loan_overdue(*, due_date: dt.date, returned_on: dt.date | None, today: dt.date) -> bool:
    """Not returned and past its due date (the due date itself is not overdue)."""
    return returned_on is None and today > due_date


def loan_errors(*, lent_on: dt.date, due_date: dt.date, today: dt.date, item_out: bool) -> dict:
    errors = {}
    if lent_on > today:
        errors["lent_on"] = _("借出日期不能晚于今天")
    if due_date < lent_on:
        errors["due_date"] = _("应还日期不能早于借出日期")
    if item_out:
        errors["item"] = _("该物品已借出，尚未归还")
    return errors


def return_errors(*, lent_on: dt.date, returned_on: dt.date, today: dt.date, returned: bool):
    if returned:
        return {"returned_on": _("该借阅已归还")}
    if returned_on > today or returned_on < lent_on:
        return {"returned_on": _("归还日期应在借出日期之后、今天或之前")}
    return {}


def board_update_errors(*, date: dt.date, today: dt.date) -> dict:
    if date > today:
        return {"date": _("更新日期不能晚于今天")}
    if date < dt.date(2000, 1, 1):
        return {"date": _("更新日期无效")}
    return {}


# R-HM-06 ------------------------------------------------------------------------------


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter."""
    if not 1 <= quarter <= 4:
        raise ValueError("季度应为 1—4")
    start = dt.date(year, 3 * quarter - 2, 1)
    return start, add_months(start, 3) - dt.timedelta(days=1)


def plan_publish_verdict(*, wishes: int, content: str, ruleset: str | None = None) -> Verdict:
    """R-HM-06 有计划: a quarter's plan is published after asking women — at least one
    wish recorded — and says what it will do."""
    missing = []
    if wishes < 1:
        missing.append(_("尚未记录妇女意愿（应在征求妇女意见基础上制定计划）"))
    if not (content or "").strip():
        missing.append(_("计划内容为空"))
    if missing:
        return verdict("R-HM-06", "unmet", "；".join(missing), ruleset)
    return verdict("R-HM-06", "met", _("季度计划已征求妇女意愿"), ruleset)


def activity_errors(
    *,
    date: dt.date,
    plan_year: int,
    plan_quarter: int,
    today: dt.date,
    signed_in: int | None,
    results: str,
) -> dict:
    """An activity lies in its plan's quarter; sign-in and results are recorded once it
    has taken place, not before."""
    errors = {}
    start, end = quarter_bounds(plan_year, plan_quarter)
    if not start <= date <= end:
        errors["date"] = _("活动日期应在计划所属季度内（%(s)s 至 %(e)s）") % {
            "s": start.isoformat(),
            "e": end.isoformat(),
        }
    if date > today and (signed_in or (results or "").strip()):
        errors["signed_in"] = _("活动尚未举行，不能登记签到和成效")
    return errors


def counts_for_member(
    *, leader: bool, counts_as: str, date: dt.date, today: dt.date, signed_in: int | None
) -> bool:
    """R-HM-06 with R-EX-01…06: an activity an executive member led (组织) at the home counts
    for her 七个一 as the kind chosen, once it has taken place (its day come and its
    sign-in recorded); before that, or without a leader or a kind, it counts for nobody."""
    return bool(leader and counts_as) and date <= today and signed_in is not None


def activity_six_verdict(
    *,
    plan_published: bool,
    content: str,
    flow: str,
    participants: str,
    theme: str,
    key_date: str,
    signed_in: int | None,
    photos: int,
    results: str,
    ruleset: str | None = None,
) -> Verdict:
    """R-HM-06 六个有 of one activity: 有计划 (its quarter's plan published), 有方案
    (content, flow, participants), 有主题 (one of the four actions), 有节点 (a key date;
    optional, noted when absent), 有记录 (sign-in and photos), 有成效 (results)."""
    missing = []
    if not plan_published:
        missing.append(_("有计划"))
    if not all((x or "").strip() for x in (content, flow, participants)):
        missing.append(_("有方案"))
    if not theme:
        missing.append(_("有主题"))
    if not signed_in or photos < 1:
        missing.append(_("有记录"))
    if not (results or "").strip():
        missing.append(_("有成效"))
    note = "" if key_date else _("（未关联重要节点）")
    if missing:
        return verdict(
            "R-HM-06", "unmet", _("缺：%(m)s") % {"m": "、".join(missing)} + note, ruleset
        )
    return verdict("R-HM-06", "met", _("六个有齐全") + note, ruleset)


@dataclass(frozen=True)
class ActivityLine:
    date: dt.date
    title: str
    theme: str  # the theme's label
    signed_in: int | None
    results: str


def quarter_summary(
    *, home: str, year: int, quarter: int, activities: list[ActivityLine], themes: list[str]
) -> str:
    """R-HM-06: the quarter's summary text from its activities — how many, how many took
    part, how many per theme (the four actions in ``themes``' order), then each activity
    with its results."""
    people = sum(a.signed_in or 0 for a in activities)
    head = _("%(y)s年第%(q)s季度，%(home)s共开展活动%(n)s场，参与%(p)s人次。") % {
        "y": year,
        "q": quarter,
        "home": home,
        "n": len(activities),
        "p": people,
    }
    if not activities:
        return head
    by_theme = [f"{t}{sum(1 for a in activities if a.theme == t)}场" for t in themes]
    lines = [head, _("按主题：%(t)s。") % {"t": "，".join(by_theme)}]
    for a in sorted(activities, key=lambda a: a.date):
        result = (a.results or "").strip() or _("（成效待补充）")
        lines.append(f"{a.date.month}月{a.date.day}日 {a.title}（{a.theme}）：{result}")
    return "\n".join(lines)


# R-HM-08 ------------------------------------------------------------------------------

BOARD_FIGURES = (
    ("women_total", gettext_lazy("妇女")),
    ("women_left_behind", gettext_lazy("留守妇女")),
    ("women_in_difficulty", gettext_lazy("困难妇女")),
    ("children_total", gettext_lazy("儿童")),
    ("children_left_behind", gettext_lazy("留守儿童")),
    ("children_in_difficulty", gettext_lazy("困境儿童")),
    ("party_members", gettext_lazy("女党员")),
    ("volunteers", gettext_lazy("巾帼志愿者")),
    ("volunteer_teams", gettext_lazy("巾帼志愿服务队")),
    ("chair", gettext_lazy("主席")),
    ("vice_chairs", gettext_lazy("副主席")),
    ("members", gettext_lazy("执委")),
    ("city_delegates", gettext_lazy("市妇代会代表")),
    ("district_delegates", gettext_lazy("区妇代会代表")),
    ("delegate_contacts", gettext_lazy("代表联系妇女")),
    ("women_groups", gettext_lazy("妇女小组")),
    ("micro_homes", gettext_lazy("妇女微家")),
)


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    value: int | None
    source: str  # where the number comes from ("" while nobody entered it)
    editable: bool  # no platform source yet: the federation enters it


def board_figures(
    computed: Mapping[str, tuple[int, str]], entered: Mapping[str, int]
) -> list[Figure]:
    """R-HM-08: each figure of the board 妇女工作情况介绍, from the platform's data where
    it has a source (the committee, the women's groups and 微家), else as the federation
    entered it (手工填写), else empty (待填写)."""
    figures = []
    for code, label in BOARD_FIGURES:
        if code in computed:
            value, source = computed[code]
            figures.append(Figure(code, label, value, source, False))
        elif entered.get(code) is not None:
            figures.append(Figure(code, label, int(entered[code]), _("手工填写"), True))
        else:
            figures.append(Figure(code, label, None, "", True))
    return figures


def board_figures_verdict(figures: list[Figure], ruleset: str | None = None) -> Verdict:
    missing = [f.label for f in figures if f.value is None]
    if missing:
        return verdict(
            "R-HM-08",
            "incomplete",
            _("待填写：%(m)s") % {"m": "、".join(map(str, missing))},
            ruleset,
        )
    return verdict("R-HM-08", "complete", _("《妇女工作情况介绍》各项数字齐全"), ruleset)


def board_figure_errors(values: Mapping[str, object], editable: set[str]) -> dict:
    errors = {}
    for code, value in values.items():
        if code not in editable:
            errors[code] = _("该数字由平台数据生成，不能手工修改")
        elif value is not None and (not isinstance(value, int) or not 0 <= value <= 10_000_000):
            errors[code] = _("请填写 0 或正整数")
    return errors


BOARD_BLANK = "____"  # a figure nobody has entered yet: a line to fill in by hand


def board_place(org_name: str) -> str:
    """The place a federation serves (新河一社区妇联 → 新河一社区), as annex 6 names it."""
    for suffix in ("妇女联合会", "妇联"):
        if org_name.endswith(suffix) and len(org_name) > len(suffix):
            return org_name[: -len(suffix)]
    return org_name


def board_text(org_name: str, values: Mapping[str, int | None]) -> tuple[str, list[str]]:
    """R-HM-08: the title and paragraphs of the board 妇女工作情况介绍 in the words of
    CQ-FN 附件6, the figures filled in (a blank line where one is still missing). The
    committee counts every seat: chair, vice-chairs and members."""

    def n(code):
        value = values.get(code)
        return BOARD_BLANK if value is None else str(value)

    place = board_place(org_name)
    seats = [values.get(code) for code in ("chair", "vice_chairs", "members")]
    committee = BOARD_BLANK if None in seats else str(sum(seats))
    first = _(
        "%(place)s有妇女%(women)s人，其中留守妇女%(wlb)s人、困难妇女%(wid)s人；有儿童%(children)s"
        "人，其中留守儿童%(clb)s人、困境儿童%(cid)s人；有女党员%(party)s名；有巾帼志愿者"
        "%(vol)s人，有巾帼志愿服务队伍%(teams)s支。"
    ) % {
        "place": place,
        "women": n("women_total"),
        "wlb": n("women_left_behind"),
        "wid": n("women_in_difficulty"),
        "children": n("children_total"),
        "clb": n("children_left_behind"),
        "cid": n("children_in_difficulty"),
        "party": n("party_members"),
        "vol": n("volunteers"),
        "teams": n("volunteer_teams"),
    }
    second = _(
        "%(org)s有执委%(committee)s人，其中主席%(chair)s人、副主席%(vice)s人，每位执委至少联系"
        "1个妇女小组和微家、10名妇女群众。有市妇女代表大会代表%(city)s人、区妇女代表大会代表"
        "%(district)s人，联系妇女群众%(contacts)s人。%(org)s建立妇女小组%(groups)s个，妇女微家"
        "%(micro)s个。"
    ) % {
        "org": org_name,
        "committee": committee,
        "chair": n("chair"),
        "vice": n("vice_chairs"),
        "city": n("city_delegates"),
        "district": n("district_delegates"),
        "contacts": n("delegate_contacts"),
        "groups": n("women_groups"),
        "micro": n("micro_homes"),
    }
    return _("%(place)s妇女工作情况介绍") % {"place": place}, [first, second]


# A1 and A0 in millimetres (ISO 216), portrait: the sizes the outdoor board is printed at.
POSTER_SIZES = {"A1": (594, 841), "A0": (841, 1189)}


# R-HM-07 ------------------------------------------------------------------------------

LEADER_ROLES = frozenset({"secretary", "director", "committee"})  # 村（社区）书记、主任或两委成员


def meeting_errors(*, date: dt.date, today: dt.date, topics: int, chair: str) -> dict:
    errors = {}
    if date > today:
        errors["date"] = _("议事日期不能晚于今天")
    elif date < dt.date(2000, 1, 1):
        errors["date"] = _("议事日期无效")
    if topics < 1:
        errors["topics"] = _("请选择本次议事的议题")
    if not (chair or "").strip():
        errors["chair"] = _("请填写召集人")
    return errors


def meeting_verdict(roles: list[str], ruleset: str | None = None) -> Verdict:
    """R-HM-07 (CQ-FN 附件4 一): a deliberation meeting is led by the village federation
    with its executive members taking part, the village party secretary, director or a
    member of the two committees invited. ``roles`` are the participants' roles."""
    present = set(roles)
    missing = []
    if "member" not in present:
        missing.append(_("妇联执委"))
    if not present & LEADER_ROLES:
        missing.append(_("村（社区）书记、主任或两委成员"))
    if missing:
        return verdict(
            "R-HM-07",
            "incomplete",
            _("参会人员缺少：%(m)s") % {"m": "、".join(missing)},
            ruleset,
        )
    return verdict("R-HM-07", "ok", _("妇联执委参加议事，邀请村（社区）负责人参会"), ruleset)


def decision_verdict(
    *,
    major: bool,
    feedback_on: dt.date | None,
    reported_on: dt.date | None,
    ruleset: str | None = None,
) -> Verdict:
    """R-HM-07 (CQ-FN 附件4 六、七): a decision is done once it is fed back to the women who
    raised the topic and, for a major issue, reported to the upper federation and the
    village committees."""
    waiting = []
    if feedback_on is None:
        waiting.append(_("反馈妇女群众"))
    if major and reported_on is None:
        waiting.append(_("向上级妇联和两委上报"))
    if waiting:
        return verdict("R-HM-07", "pending", _("尚待：%(w)s") % {"w": "、".join(waiting)}, ruleset)
    if major:
        return verdict("R-HM-07", "done", _("已反馈妇女群众，重大问题已上报"), ruleset)
    return verdict("R-HM-07", "done", _("已反馈妇女群众"), ruleset)


def decision_date_errors(
    *, field: str, day: dt.date, meeting_date: dt.date, today: dt.date
) -> dict:
    if day > today:
        return {field: _("日期不能晚于今天")}
    if day < meeting_date:
        return {field: _("日期不能早于议事日期")}
    return {}
