"""Pure rules of API tokens: the key's hash, its shown prefix, its state and its expiry."""

import datetime as dt
import hashlib

PREFIX_LENGTH = 8
MAX_DAYS = 3650
TOUCH_INTERVAL = dt.timedelta(minutes=1)

ACTIVE, EXPIRED, REVOKED = "active", "expired", "revoked"


def key_hash(key: str) -> str:
    """SHA-256 of the key: a key is 40 random hex characters (160 bits), so a plain
    hash cannot be reversed and lets the lookup use a unique index."""
    return hashlib.sha256(key.encode()).hexdigest()


def key_prefix(key: str) -> str:
    return key[:PREFIX_LENGTH]


def state(*, now: dt.datetime, expires_at: dt.datetime, revoked_at: dt.datetime | None) -> str:
    if revoked_at is not None:
        return REVOKED
    if expires_at <= now:
        return EXPIRED
    return ACTIVE


def expiry(*, now: dt.datetime, days: int) -> dt.datetime:
    return now + dt.timedelta(days=days)


def valid_days(days: int) -> bool:
    return 1 <= days <= MAX_DAYS


def needs_touch(*, now: dt.datetime, last_used_at: dt.datetime | None) -> bool:
    """``last_used_at`` is written at most once a minute, not once per request."""
    return last_used_at is None or now - last_used_at >= TOUCH_INTERVAL
