"""Calendar periods in Asia/Shanghai: quarters (Q1 = 1–3月), halves (H1 = 1–6月), years.

Periods are stored as explicit start/end dates (both inclusive).
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

CHINA_TZ = ZoneInfo("Asia/Shanghai")


def today_local(now: dt.datetime | None = None) -> dt.date:
    """Today's date in China, whatever the server's clock zone."""
    now = now or dt.datetime.now(tz=dt.UTC)
    return now.astimezone(CHINA_TZ).date()


@dataclass(frozen=True)
class Period:
    kind: str  # "quarter" | "half" | "year"
    year: int
    index: int  # 1–4 for quarters, 1–2 for halves, 1 for years
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}年第{'一二三四'[self.index - 1]}季度"
        if self.kind == "half":
            return f"{self.year}年{'上下'[self.index - 1]}半年"
        return f"{self.year}年度"

    @property
    def code(self) -> str:
        suffix = {"quarter": f"Q{self.index}", "half": f"H{self.index}", "year": ""}[self.kind]
        return f"{self.year}{suffix}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def days(self) -> int:
        return (self.end - self.start).days + 1

    def next(self) -> "Period":
        return period_of(self.kind, self.end + dt.timedelta(days=1))

    def previous(self) -> "Period":
        return period_of(self.kind, self.start - dt.timedelta(days=1))


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def quarter(year: int, index: int) -> Period:
    if not 1 <= index <= 4:
        raise ValueError("季度应为 1–4")
    first = 3 * (index - 1) + 1
    return Period("quarter", year, index, dt.date(year, first, 1), _month_end(year, first + 2))


def half(year: int, index: int) -> Period:
    if index not in (1, 2):
        raise ValueError("半年应为 1 或 2")
    first = 1 if index == 1 else 7
    return Period("half", year, index, dt.date(year, first, 1), _month_end(year, first + 5))


def year(year_: int) -> Period:
    return Period("year", year_, 1, dt.date(year_, 1, 1), dt.date(year_, 12, 31))


def period_of(kind: str, day: dt.date) -> Period:
    if kind == "quarter":
        return quarter(day.year, (day.month - 1) // 3 + 1)
    if kind == "half":
        return half(day.year, 1 if day.month <= 6 else 2)
    if kind == "year":
        return year(day.year)
    raise ValueError(f"未知的周期类型: {kind}")


def periods_between(kind: str, start: dt.date, end: dt.date) -> list[Period]:
    """Every period of ``kind`` that overlaps [start, end]."""
    result = []
    current = period_of(kind, start)
    while current.start <= end:
        result.append(current)
        current = current.next()
    return result
