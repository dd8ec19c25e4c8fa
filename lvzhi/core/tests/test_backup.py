"""`lvzhi backup` and `lvzhi restore` on the database the suite runs on (SQLite or
PostgreSQL): people, positions and an uploaded photo → backup → restore into a new, empty
database and media folder in another process → the same rows per table, the same file
checksums, and the restored platform serves the person page and her photo."""

import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from PIL import Image

from lvzhi.core import backup as backups
from lvzhi.orgs.models import Person

pytestmark = pytest.mark.django_db(transaction=True)
PROJECT = Path(__file__).resolve().parents[3]


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def data(org_tree, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    person = Person.objects.create(
        organization=org_tree.xinhe, org_path=org_tree.xinhe.path, name="备份测试人"
    )
    person.photo.save("people/2026/photo.jpg", ContentFile(_jpeg()), save=True)
    cadre = make_user("backup_cadre", "cadre", org_tree.district)
    return person, cadre


@pytest.fixture
def new_database(tmp_path):
    """An empty database of the suite's kind, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    name = f"lvzhi_restore_{uuid.uuid4().hex[:10]}"
    params = {k: v for k, v in connection.get_connection_params().items() if k != "dbname"}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    settings = connection.settings_dict
    auth = f"{settings['USER']}:{settings['PASSWORD']}@" if settings.get("USER") else ""
    host = settings.get("HOST") or ""
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    yield f"postgres://{auth}{host}{port}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(code_or_args, database_url, media, *, module=True):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "LVZHI_MEDIA_ROOT": str(media),
        "LVZHI_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "lvzhi.settings",
    }
    command = [sys.executable, "-m", "lvzhi", *code_or_args] if module else code_or_args
    return subprocess.run(command, env=env, cwd=PROJECT, capture_output=True, text=True)


SERVE = """
import django, hashlib, sys
django.setup()
from django.test import Client
from django.contrib.auth import get_user_model
from lvzhi.orgs.models import Person
person = Person.objects.get(name="备份测试人")
client = Client()
client.force_login(get_user_model().objects.get(username="backup_cadre"))
page = client.get(f"/orgs/people/{person.pk}/")
photo = client.get(f"/orgs/people/{person.pk}/photo/")
body = b"".join(photo.streaming_content) if photo.streaming else photo.content
print(page.status_code, "备份测试人" in page.content.decode(), photo.status_code,
      hashlib.sha256(body).hexdigest())
"""


def test_backup_then_restore_into_a_new_database(data, new_database, tmp_path):
    person, _cadre = data
    target = tmp_path / "backup"
    call_command("backup", str(target), "--json", stdout=io.StringIO())
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    tables = manifest["database"]["tables"]
    assert tables["orgs_person"] == Person.objects.count() >= 1
    assert tables["orgs_organization"] == 9
    assert list(manifest["media"]) == [person.photo.name]
    assert "cq2019.toml" in manifest["rulesets"]
    assert manifest["migrations"]["orgs"].startswith("000")

    media = tmp_path / "restored-media"
    restored = _run(["restore", str(target), "--json"], new_database, media)
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["rows"] == sum(tables.values())
    copy = media / person.photo.name
    assert backups.sha256(copy) == manifest["media"][person.photo.name]

    served = _run([sys.executable, "-c", SERVE], new_database, media, module=False)
    assert served.returncode == 0, served.stderr
    status, named, photo_status, digest = served.stdout.split()
    assert (status, named, photo_status) == ("200", "True", "200")
    assert digest == manifest["media"][person.photo.name]

    # restoring twice: the database is no longer empty, nothing is touched
    again = _run(["restore", str(target)], new_database, media)
    assert again.returncode != 0 and "不是空库" in again.stderr


def test_a_tampered_backup_is_refused_naming_the_file(data, tmp_path):
    person, _cadre = data
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=io.StringIO())
    call_command("restore", str(target), "--verify-only", stdout=io.StringIO())
    (target / "media" / person.photo.name).write_bytes(b"changed")
    with pytest.raises(CommandError, match=f"上传文件 {person.photo.name} 缺失或已被改动"):
        call_command("restore", str(target), "--verify-only")
    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", str(target))
