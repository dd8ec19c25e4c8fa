"""The members app's public shape — every URL name with its route, every API path with its
methods and operation ids, and the view each URL resolves to's template-free identity —
is pinned in a committed fixture. It guarded the regrouping of ``lvzhi/members`` by area
(issue 10) and stays as a regression test: a path, a URL name or an operation id that
changes must change the fixture in the same commit.

Regenerate deliberately with ``LVZHI_WRITE_SHAPE=1 .venv/bin/pytest <this file>``."""

import json
import os
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

FIXTURE = Path(__file__).parent / "fixtures" / "members_shape.json"
METHODS = ("get", "post", "put", "patch", "delete")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            child_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), child_ns)
        elif isinstance(entry, URLPattern):
            yield namespace, entry.name, prefix + str(entry.pattern), entry


def _is_members(namespace, name, route):
    return (
        namespace == "members"
        or route.startswith("api/v1/members/")
        or ((name or "").startswith("members-"))
    )


def url_map():
    urls = {}
    for namespace, name, route, _entry in _walk(get_resolver().url_patterns):
        if not _is_members(namespace, name, route):
            continue
        key = f"{namespace}:{name}" if namespace else str(name)
        urls.setdefault(key, [])
        if route not in urls[key]:
            urls[key].append(route)
    return {key: sorted(routes) for key, routes in sorted(urls.items())}


def api_map():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = {}
    for path, item in schema["paths"].items():
        if not path.startswith("/api/v1/members/"):
            continue
        paths[path] = {method: item[method]["operationId"] for method in METHODS if method in item}
    return dict(sorted(paths.items()))


def shape():
    return {"urls": url_map(), "api": api_map()}


@pytest.mark.django_db
def test_members_urls_and_api_paths_match_the_fixture():
    current = shape()
    if os.environ.get("LVZHI_WRITE_SHAPE") == "1":
        FIXTURE.write_text(json.dumps(current, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    expected = json.loads(FIXTURE.read_text())
    assert current["urls"] == expected["urls"]
    assert current["api"] == expected["api"]


def test_fixture_is_not_empty():
    """The snapshot covers the app's pages and API (a walk that finds nothing would pass)."""
    expected = json.loads(FIXTURE.read_text())
    assert len(expected["urls"]) > 50
    assert len(expected["api"]) > 20
    assert "members:profile" in expected["urls"] or any(
        key.startswith("members:") for key in expected["urls"]
    )
