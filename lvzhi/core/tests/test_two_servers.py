"""Two app servers (gunicorn, one worker each, on two free ports) against one database,
one Redis (db 13) and one media folder (issue 13, point 1): a login lockout earned on A
holds on B, the public message limit counts both together, and a photo uploaded through A
is served by B.

Both servers are other processes, so the test database must be one they can open
(PostgreSQL, or SQLite in a file: ``LVZHI_TEST_SQLITE``); the in-memory SQLite of the
default run skips it. Each run uses its own user names and client address (the servers
trust one proxy and read ``X-Forwarded-For``), so runs sharing db 13 never meet."""

import os
import random
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from lvzhi.core.tests.files import jpeg_bytes

from .shared_cache import redis_available
from .test_jobs_worker import database_url

REDIS = "redis://127.0.0.1:6379/13"
PROJECT = Path(__file__).resolve().parents[3]
PASSWORD = "pass-1234"
pytestmark = [
    pytest.mark.skipif(not redis_available(), reason="no Redis at 127.0.0.1:6379"),
    pytest.mark.django_db(transaction=True),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def servers(tmp_path):
    """Two gunicorn servers, A and B: their base URLs."""
    url = database_url()
    if url is None:
        pytest.skip("SQLite in memory: the servers cannot open it (set LVZHI_TEST_SQLITE)")
    env = {
        **os.environ,
        "LVZHI_DEBUG": "1",
        "DATABASE_URL": url,
        "LVZHI_REDIS_URL": REDIS,
        "LVZHI_MEDIA_ROOT": str(tmp_path / "media"),
        "LVZHI_TRUSTED_PROXIES": "1",
        "LVZHI_LOGIN_FAILURE_LIMIT": "3",
        "LVZHI_MESSAGE_RATE_LIMIT": "2",
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [gunicorn, "lvzhi.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--timeout", "60"],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + 90
        for base, process in zip(bases, processes, strict=True):
            while True:
                assert process.poll() is None, process.stderr.read().decode()[-3000:]
                try:
                    if requests.get(base + "/healthz", timeout=15).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                assert time.monotonic() < deadline, f"{base} did not start"
                time.sleep(0.3)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def a_client_address() -> str:
    return f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


def slow_hash_user(make_user, name, role, org, **extra):
    """A user whose password the servers can check (the tests' fast MD5 hasher is not
    among the servers' hashers)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    user = make_user(name, role, org, **extra)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, uuid.uuid4().hex[:12], iterations=1000)
    user.save(update_fields=["password"])
    return user


def login(session, base, username, password, address):
    page = session.get(base + "/login/", headers={"X-Forwarded-For": address})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(
        base + "/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"X-Forwarded-For": address, "Referer": base + "/login/"},
        allow_redirects=False,
    )


def test_two_app_servers_share_lockouts_limits_and_files(servers, org_tree, make_user):
    from lvzhi.orgs.models import Person

    from .test_jobs import published_of

    a, b = servers
    tag = uuid.uuid4().hex[:8]
    victim = slow_hash_user(make_user, f"victim_{tag}", "cadre", org_tree.xinhe)
    cadre = slow_hash_user(make_user, f"cadre_{tag}", "cadre", org_tree.xinhe)

    # A login lockout earned through A is in force on B (the counters are in Redis).
    first, second = a_client_address(), a_client_address()
    codes = [
        login(requests.Session(), a, victim.username, "wrong", first).status_code for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    assert login(requests.Session(), b, victim.username, PASSWORD, second).status_code == 429
    browser = requests.Session()
    assert login(browser, b, cadre.username, PASSWORD, second).status_code == 302

    # The public message limit (2 an hour here) counts A's and B's messages together.
    item = published_of(org_tree.xinhe).items.get()
    address = a_client_address()

    def send(base):
        return requests.post(
            base + "/api/v1/catalog/messages/",
            json={"item": item.pk, "text": "请问何时办理？"},
            headers={"X-Forwarded-For": address},
        ).status_code

    assert [send(a), send(b), send(a), send(b)] == [201, 201, 429, 429]

    # A photo uploaded through A (signed in on B: the session is in the database) is
    # served by B from the shared media folder.
    person = Person.objects.create(
        organization=org_tree.xinhe, org_path=org_tree.xinhe.path, name="上传测试", gender="F"
    )
    edit = browser.get(f"{a}/orgs/people/{person.pk}/edit/", headers={"X-Forwarded-For": second})
    assert edit.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', edit.text).group(1)
    saved = browser.post(
        f"{a}/orgs/people/{person.pk}/edit/",
        data={"name": "上传测试", "gender": "F", "csrfmiddlewaretoken": token},
        files={"photo": ("photo.jpg", jpeg_bytes((64, 48)), "image/jpeg")},
        headers={"X-Forwarded-For": second, "Referer": f"{a}/orgs/people/{person.pk}/edit/"},
        allow_redirects=False,
    )
    assert saved.status_code == 302, saved.text[-2000:]
    person.refresh_from_db()
    assert person.photo.name.startswith("people/")
    from_b = browser.get(f"{b}/orgs/people/{person.pk}/photo/", headers={"X-Forwarded-For": second})
    assert from_b.status_code == 200 and from_b.headers["Content-Type"] == "image/jpeg"
    from_a = browser.get(f"{a}/orgs/people/{person.pk}/photo/", headers={"X-Forwarded-For": second})
    assert from_b.content == from_a.content and from_b.content.startswith(b"\xff\xd8\xff")
    assert requests.get(f"{b}/orgs/people/{person.pk}/photo/").status_code == 404  # anonymous
