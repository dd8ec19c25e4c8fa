"""PII keys: HKDF-derived MultiFernet keys, rotation by ``lvzhi rotate_pii_key`` (in
batches, resumable), a blind index that survives rotation, the legacy derivation still
read, and production refusing known or short keys."""

import base64
import io
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.core.management.base import OutputWrapper
from django.db import connection

from lvzhi.core import pii
from lvzhi.core.keys import DEVELOPMENT_KEYS
from lvzhi.orgs import services
from lvzhi.orgs.models import Person

KEY_A = "key-a-0123456789abcdefghijklmnopqrstuv"
KEY_B = "key-b-0123456789abcdefghijklmnopqrstuv"
INDEX_KEY = KEY_A  # the first-ever key keeps the blind index


def valid_id(seq: int) -> str:
    from stdnum.cn import ric

    body = f"12010119800101{seq:02d}2"
    return body + ric.calc_check_digit(body + "0")


def raw_column(person, column="id_number") -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM orgs_person WHERE id = %s", [person.pk])
        return cursor.fetchone()[0]


def test_masks_keep_last_four_and_year():
    assert pii.mask_id_number("11010519491231002X") == "**************002X"
    assert pii.mask_id_number("1234") == "****"
    assert pii.mask_birth_date("1949-12-31") == "1949"
    assert pii.mask_audit_changes(
        {"id_number": [None, "1101**********002X"], "birth_date": ["1949-12-31", None]}
    ) == {"id_number": [None, "**************002X"], "birth_date": ["1949", None]}


def test_hkdf_keys_rotation_list_and_legacy_tokens(settings):
    settings.PII_KEY = KEY_A
    settings.PII_INDEX_KEY = INDEX_KEY
    token_a = pii.encrypt("13812345678")
    index_a = pii.blind_index("13812345678")
    # derived with HKDF, not the raw key: the raw key's SHA-256 (the legacy scheme) differs
    legacy = Fernet(base64.urlsafe_b64encode(pii._legacy(KEY_A, "encrypt")))
    with pytest.raises(Exception):  # noqa: B017
        legacy.decrypt(token_a.encode())
    legacy_token = legacy.encrypt(b"legacy").decode()
    assert pii.decrypt(legacy_token) == "legacy"  # the fallback still reads old rows

    settings.PII_KEY = f"{KEY_B}, {KEY_A}"
    assert pii.decrypt(token_a) == "13812345678"
    assert not pii.is_current(token_a)
    token_b = pii.encrypt("x")
    assert pii.is_current(token_b)
    settings.PII_KEY = KEY_B
    assert pii.decrypt(token_b) == "x"
    with pytest.raises(ValueError, match="LVZHI_PII_KEY"):
        pii.decrypt(token_a)
    assert pii.blind_index("13812345678") == index_a  # the index key did not move


def test_rotate_command_resumable_and_index_stable(db, settings, org_tree, admin_user):
    settings.PII_KEY = KEY_A
    settings.PII_INDEX_KEY = INDEX_KEY
    people = [
        services.person_create(
            actor=admin_user,
            organization=org_tree.xinhe,
            name=f"人员{n}",
            id_number=valid_id(n),
            phone=f"1381234567{n}",
        )
        for n in range(5)
    ]
    # one row still under the legacy derivation, as written before HKDF
    legacy = Fernet(base64.urlsafe_b64encode(pii._legacy(KEY_A, "encrypt")))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE orgs_person SET phone = %s WHERE id = %s",
            [legacy.encrypt(b"13812345670").decode(), people[0].pk],
        )

    settings.PII_KEY = f"{KEY_B},{KEY_A}"
    # interrupted after two batches of two rows: those rows are done, the rest not
    real_reencrypt, calls = pii.reencrypt, []

    def failing_reencrypt(token):
        calls.append(token)
        if len(calls) > 8:  # 2 batches × 2 rows × 2 fields
            raise ValueError("中断")
        return real_reencrypt(token)

    pii.reencrypt = failing_reencrypt
    try:
        with pytest.raises(CommandError):
            call_command("rotate_pii_key", "--batch-size", "2", stdout=io.StringIO())
    finally:
        pii.reencrypt = real_reencrypt
    current = [pii.is_current(raw_column(p)) for p in people]
    assert current == [True, True, True, True, False]

    out = io.StringIO()
    call_command("rotate_pii_key", "--batch-size", "2", stdout=OutputWrapper(out))
    assert "重新加密 2 个字段，已是当前密钥 8 个" in out.getvalue()
    out = io.StringIO()
    call_command("rotate_pii_key", "--batch-size", "2", stdout=OutputWrapper(out))
    assert "重新加密 0 个字段，已是当前密钥 10 个" in out.getvalue()  # idempotent

    settings.PII_KEY = KEY_B  # the old key is gone
    stored = {p.pk: (p.id_number, p.phone) for p in Person.objects.filter(name__startswith="人员")}
    assert stored[people[0].pk] == (valid_id(0), "13812345670")
    assert stored[people[3].pk] == (valid_id(3), "13812345673")
    assert Person.objects.get(id_number_hash=pii.blind_index(valid_id(4))).pk == people[4].pk
    with pytest.raises(Exception, match="已登记"):
        services.person_create(
            actor=admin_user, organization=org_tree.xinhe, name="重复", id_number=valid_id(2)
        )


def test_rotate_command_rebuilds_a_stale_blind_index(db, settings, org_tree, admin_user):
    settings.PII_KEY = KEY_A
    settings.PII_INDEX_KEY = "index-old-0123456789abcdefghijklmn"
    person = services.person_create(
        actor=admin_user, organization=org_tree.xinhe, name="甲", id_number=valid_id(7)
    )
    settings.PII_INDEX_KEY = INDEX_KEY
    out = io.StringIO()
    call_command("rotate_pii_key", stdout=OutputWrapper(out))
    assert "重建盲索引 1 个" in out.getvalue()
    assert raw_column(person, "id_number_hash") == pii.blind_index(valid_id(7))


def _settings_error(**env) -> str:
    base = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "lvzhi.settings",
        "LVZHI_DEBUG": "0",
        "LVZHI_ALLOWED_HOSTS": "lvzhi.example.org",
        "LVZHI_REDIS_URL": "redis://127.0.0.1:6379/0",
        "LVZHI_SECRET_KEY": "s" * 50,
        "LVZHI_PII_KEY": "p" * 40,
    }
    base.update(env)
    if "DATABASE_URL" in os.environ:
        base["DATABASE_URL"] = os.environ["DATABASE_URL"]
    result = subprocess.run(
        [sys.executable, "-c", "import lvzhi.settings"],
        env=base,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stderr


def test_production_refuses_development_and_short_keys():
    dev_secret, dev_pii = (
        "dev-insecure-secret-key-do-not-use-in-production",
        "dev-insecure-pii-key-do-not-use-in-production",
    )
    assert {dev_secret, dev_pii} <= DEVELOPMENT_KEYS
    error = _settings_error(LVZHI_SECRET_KEY=dev_secret, LVZHI_PII_KEY=dev_pii)
    assert "ImproperlyConfigured" in error
    assert "LVZHI_SECRET_KEY 使用了公开的开发密钥" in error
    assert "LVZHI_PII_KEY 使用了公开的开发密钥" in error
    error = _settings_error(LVZHI_PII_KEY="short-pii-key")
    assert "LVZHI_PII_KEY 太短（至少 32 个字符）" in error
    error = _settings_error(LVZHI_PII_KEY="q" * 40 + "," + dev_pii)
    assert "LVZHI_PII_KEY 第2个 使用了公开的开发密钥" in error
    assert "必须设置 LVZHI_PII_INDEX_KEY" in error
    assert "密钥配置有误" not in _settings_error(
        LVZHI_PII_KEY="q" * 40 + "," + "p" * 40, LVZHI_PII_INDEX_KEY="p" * 40
    )
    # development mode keeps its throwaway keys
    assert "密钥配置有误" not in _settings_error(LVZHI_DEBUG="1", LVZHI_SECRET_KEY="")


def test_migration_remasks_old_events_and_moves_the_index(db, settings, org_tree, admin_user):
    """orgs.0005 on rows written before it: audit diffs with the old masks, digests under
    the pre-HKDF index key."""
    import hashlib
    import hmac
    from importlib import import_module

    from django.apps import apps

    from lvzhi.core.models import AuditEvent

    migration = import_module("lvzhi.orgs.migrations.0005_pii_masks_hkdf_index")
    settings.PII_KEY = KEY_A
    settings.PII_INDEX_KEY = ""
    person = services.person_create(
        actor=admin_user, organization=org_tree.xinhe, name="乙", id_number=valid_id(9)
    )
    legacy_digest = hmac.new(
        pii._legacy(KEY_A, "index"), valid_id(9).encode(), hashlib.sha256
    ).hexdigest()
    Person.objects.filter(pk=person.pk).update(id_number_hash=legacy_digest)
    old = AuditEvent.objects.create(
        action="update",
        object_type="orgs.person",
        object_id=str(person.pk),
        changes={"id_number": ["1201**********1234", "1201**********5678"], "name": ["a", "b"]},
    )
    migration.remask_audit_events(apps, None)
    migration.reindex_people(apps, None)
    old.refresh_from_db()
    assert old.changes == {
        "id_number": ["**************1234", "**************5678"],
        "name": ["a", "b"],
    }
    assert Person.objects.get(pk=person.pk).id_number_hash == pii.blind_index(valid_id(9))
