"""The English UI: chosen through the language switcher (cookie) or Accept-Language, with
every message in the catalogue translated. Chinese stays the default."""

import ast
import datetime as dt
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from lvzhi.orgs import roster, rules, services
from lvzhi.orgs.models import Person

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"
BAD_CHECK_DIGIT = "110105194912310021"  # GOOD_ID in test_pages with the wrong last digit
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


@pytest.fixture
def cadre(org_tree, make_user):
    return make_user("bh", "cadre", org_tree.district)


@pytest.fixture
def english_client(client, cadre):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(cadre)
    return client


# Pages ----------------------------------------------------------------------


def test_default_is_chinese(client, org_tree, cadre):
    login = client.get(reverse("login")).content.decode()
    assert "登录履职平台" in login and "Log in" not in login
    client.force_login(cadre)
    detail = client.get(reverse("orgs:detail", args=[org_tree.district.pk])).content.decode()
    assert "基本信息" in detail and "Basic information" not in detail


def test_language_switcher_sets_english(client, org_tree):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    login = client.get(reverse("login")).content.decode()
    assert "Log in to the Lvzhi platform" in login and "Username" in login
    assert "登录" not in login and "用户名" not in login
    client.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("login")})
    assert "登录履职平台" in client.get(reverse("login")).content.decode()


@pytest.fixture
def clean_cache():
    """Login failures are counted in the cache, by account and by address."""
    cache.clear()
    yield
    cache.clear()


def test_login_throttle_message_in_english(client, org_tree, make_user, settings, clean_cache):
    settings.LOGIN_FAILURE_LIMIT = 1
    make_user("locked-out", "cadre", org_tree.xinhe)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(reverse("login"), {"username": "locked-out", "password": "x"})
    blocked = client.post(reverse("login"), {"username": "locked-out", "password": "pass-1234"})
    assert blocked.status_code == 429
    body = blocked.content.decode()
    assert "Too many failed login attempts" in body and "登录失败次数过多" not in body


def test_organization_detail_in_english(english_client, org_tree, cadre):
    services.term_create(
        actor=cadre,
        organization=org_tree.xinhe,
        number=2,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2025, 1, 1),
    )
    chair = services.person_create(
        actor=cadre, organization=org_tree.xinhe, name="周红", gender="F"
    )
    services.position_create(
        actor=cadre,
        person=chair,
        organization=org_tree.xinhe,
        title="chair",
        tenure="full_time",
        start_date=dt.date(2021, 1, 1),
    )
    body = english_client.get(reverse("orgs:detail", args=[org_tree.xinhe.pk])).content.decode()
    for text in (
        "Basic information",
        "Organization tree",
        "Executive committee",
        "Re-election overdue",
        "The term ended on 2025-01-01; re-election is",
        "days overdue",
        "Chair",
        "Full-time",
        "Log out",
    ):
        assert text in body, text
    for text in ("基本信息", "组织树", "执行委员会", "逾期未换届", "届满于", "专职", "退出"):
        assert text not in body, text
    assert "新河街道妇女联合会" in body  # data stays as entered


def test_person_form_errors_in_english(english_client, org_tree):
    url = reverse("orgs:person-create", args=[org_tree.xinhe.pk])
    bad = english_client.post(
        url, {"name": "孙丽", "gender": "F", "id_number": BAD_CHECK_DIGIT, "phone": "123"}
    )
    assert bad.status_code == 200
    body = bad.content.decode()
    assert "The ID number&#x27;s check digit is wrong" in body
    assert "Invalid phone number" in body
    assert "Register a person" in body and "Date of birth" in body
    assert "校验位" not in body and "电话号码" not in body and "登记人员" not in body
    assert not Person.objects.exists()


def test_api_errors_follow_accept_language(org_tree, cadre):
    client = APIClient()
    client.force_authenticate(cadre)
    payload = {
        "organization": org_tree.xinhe.pk,
        "number": 1,
        "start_date": "2020-01-01",
        "end_date": "2019-01-01",
    }
    english = client.post("/api/v1/orgs/terms/", payload, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert english.json() == {"end_date": ["The end date must be later than the start date"]}
    chinese = client.post("/api/v1/orgs/terms/", payload, format="json")
    assert chinese.json() == {"end_date": ["届满日期应晚于起始日期"]}


# Messages raised outside a request ---------------------------------------------


def test_rules_and_roster_messages_follow_the_active_language(org_tree, cadre):
    end, today = dt.date(2025, 1, 1), dt.date(2025, 1, 31)
    with translation.override("en"):
        with pytest.raises(rules.RuleError, match="check digit"):
            rules.normalize_id_number(BAD_CHECK_DIGIT)
        assert rules.check_placement(
            parent_system="fl", parent_kind="local", kind="union_federation"
        ).startswith("A women's federation")
        assert rules.term_verdict(end_date=end, today=today, renewed=False).detail == (
            "The term ended on 2025-01-01; re-election is 30 days overdue"
        )
        preview = roster.parse_roster(b"not a workbook", actor=cadre, file_name="x.xlsx")
        assert preview.errors[0].message.startswith("This file cannot be read")
        assert str(roster.RosterRejected(preview.errors)) == (
            "The roster has 1 error; nothing was imported"
        )
    with translation.override("zh-hans"):
        assert rules.term_verdict(end_date=end, today=today, renewed=False).detail == (
            "届满于2025年01月01日，已逾期30天未换届"
        )
        with pytest.raises(rules.RuleError, match="校验位"):
            rules.normalize_id_number(BAD_CHECK_DIGIT)


# The catalogue --------------------------------------------------------------


def _po_entries(path: Path) -> list[dict]:
    """msgid, msgid_plural, msgstr (by index) and flags of each entry in a .po file."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry and "msgid" in entry:
                entries.append(entry)
            entry = None
            continue
        entry = entry or {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] += value
            else:
                entry[key[0]] += value
        else:
            word, _, value = line.partition(" ")
            match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", word)
            if match:
                key = ("msgstr", int(match.group(1) or 0))
                entry["msgstr"][key[1]] = ast.literal_eval(value)
            else:
                key = (word, None)
                entry[word] = ast.literal_eval(value)
    return entries


def test_every_message_is_translated():
    entries = [e for e in _po_entries(PO_FILE) if e["msgid"]]
    assert len(entries) > 250
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    assert untranslated == []
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    for entry in entries:
        wanted = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for text in entry["msgstr"].values():
            assert sorted(PLACEHOLDER.findall(text)) == wanted, entry["msgid"]
        if "msgid_plural" in entry:
            assert sorted(entry["msgstr"]) == [0, 1], entry["msgid"]
    header = next(e for e in _po_entries(PO_FILE) if not e["msgid"])
    assert "fuzzy" not in header["flags"] and "Language: en\n" in header["msgstr"][0]


def test_compiled_catalogue_matches_the_po_file():
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in _po_entries(PO_FILE):
        if not entry["msgid"]:
            continue
        if "msgid_plural" in entry:
            for n, index in ((1, 0), (2, 1)):
                got = compiled.ngettext(entry["msgid"], entry["msgid_plural"], n)
                assert got == entry["msgstr"][index], entry["msgid"]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]
