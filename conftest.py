"""Shared test fixtures: a small federation tree and one user per role."""

import datetime as dt

import pytest
import time_machine

from lvzhi.core.periods import CHINA_TZ, today_local
from lvzhi.core.tests.trees import build_org_tree, create_user


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploaded files (photos, attachments, reports) go to a temporary folder, never to
    the checkout's media/."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _clear_cache():
    """Login-failure counters and message rate limits live in the cache: each test starts
    with none (every test client is 127.0.0.1)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """PBKDF2 at production strength would dominate the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """A request with the English cookie leaves English active in the thread: reset it."""
    yield
    from django.utils import translation

    translation.activate("zh-hans")


class Clock:
    """The frozen clock of one test (see the ``clock`` fixture)."""

    DEFAULT = dt.datetime(2026, 11, 29, 10, tzinfo=CHINA_TZ)

    def __init__(self, coordinates):
        self._coordinates = coordinates

    @staticmethod
    def moment(when: dt.date | dt.datetime) -> dt.datetime:
        """A date is that day at 10:00 in China; a naive datetime is China time."""
        if not isinstance(when, dt.datetime):
            return dt.datetime.combine(when, dt.time(10), tzinfo=CHINA_TZ)
        return when if when.tzinfo else when.replace(tzinfo=CHINA_TZ)

    def set(self, when: dt.date | dt.datetime) -> dt.datetime:
        # Travel to a UTC moment: a ZoneInfo destination would make time-machine change
        # the process's TZ as well.
        moment = self.moment(when)
        self._coordinates.move_to(moment.astimezone(dt.UTC))
        return moment

    def advance(self, days=0, hours=0, minutes=0, seconds=0) -> dt.datetime:
        delta = dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
        self._coordinates.shift(delta)
        return self.now()

    def now(self) -> dt.datetime:
        """Now, in China time."""
        return dt.datetime.now(tz=dt.UTC).astimezone(CHINA_TZ)

    @property
    def today(self) -> dt.date:
        return today_local()


@pytest.fixture
def clock():
    """One frozen clock for the test: ``clock.set(date_or_datetime)`` (a date means that
    day at 10:00 Asia/Shanghai), ``clock.advance(days=…, hours=…, minutes=…)``. It moves
    ``django.utils.timezone.now()``, ``datetime.now()``, ``date.today()``, ``time.time()``
    and so ``lvzhi.core.periods.today_local()``. Starts at 2026-11-29 10:00 China time
    (``org_tree.today``); it does not tick."""
    with time_machine.travel(Clock.DEFAULT.astimezone(dt.UTC), tick=False) as coordinates:
        yield Clock(coordinates)


@pytest.fixture
def org_tree(db):
    """天津市妇联 → 滨海新区妇联 → 新河街道妇联 (→ 新河一社区妇联 → 妇女小组), 大沽街道妇联
    (→ 大沽一社区妇联); plus 天津市总工会 → 滨海新区总工会."""
    return build_org_tree()


@pytest.fixture
def make_user(db):
    """make_user("name", "cadre", org, include_descendants=True) → a user holding that role."""
    return create_user


@pytest.fixture
def admin_user(make_user):
    return make_user("admin", is_superuser=True, is_staff=True)
