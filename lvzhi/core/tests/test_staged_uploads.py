"""The waiting room of the Excel imports: an upload is taken back only with the session's
token and unchanged bytes; anything else is an expired import."""

import hashlib
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import RequestFactory

from lvzhi.core.staged_uploads import StagedUpload

STAGED = StagedUpload("test_staged", "staged-tests")
CONTENT = b"PK\x03\x04 workbook bytes"


def _request(session, token=""):
    request = RequestFactory().post("/confirm/", {"token": token})
    request.user = SimpleNamespace(pk=7)
    request.session = session
    return request


def _kept(session):
    digest = hashlib.sha256(CONTENT).hexdigest()
    return STAGED.keep(_request(session), CONTENT, digest, org=3)


def test_keep_then_take_answers_the_bytes_and_the_state():
    session = {}
    token = _kept(session)
    assert default_storage.exists(f"staged-tests/7/{token}.xlsx")
    content, state = STAGED.take(_request(session, token))
    assert content == CONTENT
    assert state["org"] == 3 and state["token"] == token


@pytest.mark.parametrize("posted", ["0" * 32, "not-a-token", ""])
def test_another_token_is_expired_and_keeps_the_upload(posted):
    session = {}
    token = _kept(session)
    assert STAGED.take(_request(session, posted)) is None
    assert session["test_staged"]["token"] == token
    assert default_storage.exists(STAGED.path(SimpleNamespace(pk=7), token))


def test_changed_bytes_are_expired_and_forgotten():
    session = {}
    token = _kept(session)
    path = STAGED.path(SimpleNamespace(pk=7), token)
    default_storage.delete(path)
    default_storage.save(path, ContentFile(CONTENT + b"tampered"))
    assert STAGED.take(_request(session, token)) is None
    assert "test_staged" not in session
    assert not default_storage.exists(path)


def test_missing_bytes_are_expired_and_forgotten():
    session = {}
    token = _kept(session)
    default_storage.delete(STAGED.path(SimpleNamespace(pk=7), token))
    assert STAGED.take(_request(session, token)) is None
    assert "test_staged" not in session


def test_forget_without_an_upload_does_nothing():
    session = {"test_staged": {"token": "../../etc"}}
    STAGED.forget(_request(session))
    assert session == {}
