"""Rendered fragments kept in the shared cache (Redis in production), and the data versions
that retire them (issue 13 point 8; decision 0021).

A fragment's key names everything its HTML depends on: the caller passes the parts (the
organization, the period, the rule set and its version, the scope of the reader…), this
module adds the language and the *data versions* of the namespace. A version is an opaque
token kept in the cache without expiry; a write that changes the data replaces the tokens
(``bump``) at once and again when its transaction commits, so the next request builds a new key and
reads the data again, and the old fragments simply expire. A token lost to eviction is
replaced by a new one: a key never comes back to an older version.

Versions go per organization path: a write at an organization bumps its own path and every
ancestor's (treebeard paths, ``STEPLEN`` characters a level), so the roll-up of any
subtree that contains the change gets a new key; ``bump_all`` retires every fragment of the
namespace (bulk rebuilds).

Every key also carries the versions of the organizations themselves (``ORGANIZATIONS``):
a fragment drawn for a subtree shows its organizations' names, and a rename, a closing or a
new child is no write of the namespace's data. ``organizations_changed`` (called by the
organization services) retires the fragments of every subtree holding the organization."""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from lvzhi.core.scopes import scope_for

STEPLEN = 4
ALL = "*"
# The namespace of the organizations' own rows (names, status, children), in every key.
ORGANIZATIONS = "organizations"
PREFIX = "lvzhi:fragment"


def fragment_seconds() -> int:
    """How long a fragment lives at most (a backstop: data writes retire it at once)."""
    return int(getattr(settings, "LVZHI_FRAGMENT_SECONDS", 300))


def _version_key(namespace: str, name: str) -> str:
    return f"lvzhi:version:{namespace}:{name}"


def _token() -> str:
    return uuid.uuid4().hex[:16]


def ancestors(path: str) -> list[str]:
    """The path and every ancestor's path, root first."""
    return [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)] or [path]


def _keys(namespace: str, names) -> list[str]:
    return [_version_key(namespace, name) for name in (ALL, *names)]


def versions(namespace: str, *names: str) -> str:
    """The current tokens of ``names`` (and of the whole namespace), joined; missing ones
    are created (one round trip when all are present)."""
    return _tokens(_keys(namespace, names))


def _tokens(keys: list[str]) -> str:
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            cache.add(key, _token(), timeout=None)
            token = cache.get(key) or ""
        tokens.append(str(token))
    return ".".join(tokens)


def _replace(keys: list[str]) -> None:
    cache.set_many({key: _token() for key in keys}, timeout=None)


def _replace_now_and_on_commit(keys: list[str]) -> None:
    """New tokens now (the writing transaction reads its own change at once) and again
    when it commits (another request may have drawn a fragment from the data before the
    commit, under the first new token)."""
    _replace(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _replace(keys))


def bump(namespace: str, paths) -> None:
    """Data of the organizations at ``paths`` changed: retire the fragments of every subtree
    that holds one of them, now and once the transaction commits."""
    keys = sorted(
        {_version_key(namespace, prefix) for path in paths if path for prefix in ancestors(path)}
    )
    if keys:
        _replace_now_and_on_commit(keys)


def bump_all(namespace: str) -> None:
    """Retire every fragment of the namespace (after a bulk rewrite), now and once
    committed."""
    _replace_now_and_on_commit([_version_key(namespace, ALL)])


def organizations_changed(paths) -> None:
    """Organizations at ``paths`` were created, renamed, closed or moved (pass the old and
    the new path): retire every fragment of a subtree that holds one of them."""
    bump(ORGANIZATIONS, paths)


def scope_digest(user, action: str = "view") -> str:
    """A short digest of the organizations ``user`` may ``action``: readers with the same
    scope share a fragment, readers with another never do."""
    scope = scope_for(user, action)
    raw = repr((scope.everything, scope.subtrees, scope.exact))
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def fragment_key(namespace: str, *parts, version_paths=()) -> str:
    """The key of a fragment: its parts, the language and the data versions of the
    namespace and of the organizations (of the whole and of ``version_paths``), read in one
    round trip."""
    keys = _keys(namespace, version_paths)
    if namespace != ORGANIZATIONS:
        keys += _keys(ORGANIZATIONS, version_paths)
    raw = repr((parts, get_language(), _tokens(keys)))
    return f"{PREFIX}:{namespace}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached(key: str, build, timeout: int | None = None):
    """The value under ``key``, else ``build()`` kept there (``timeout`` seconds)."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, fragment_seconds() if timeout is None else timeout)
    return value
