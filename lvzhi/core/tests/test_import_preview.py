"""The shared shape of a parsed one-sheet import and its preview page (ledger, grassroots)."""

import hashlib
from types import SimpleNamespace

from django.core.files.storage import default_storage
from django.test import RequestFactory

from lvzhi.core import staged_uploads
from lvzhi.core.staged_uploads import ImportPreview, StagedUpload

STAGED = StagedUpload("test_preview", "preview-tests")
ORG = SimpleNamespace(pk=5)


def _row(**errors):
    return SimpleNamespace(errors=errors)


def _request(session):
    request = RequestFactory().post("/upload/")
    request.user = SimpleNamespace(pk=9)
    request.session = session
    return request


def _rendered(monkeypatch):
    calls = []

    def render(request, template, context, status=200):
        calls.append((template, context, status))
        return SimpleNamespace(status_code=status)

    monkeypatch.setattr(staged_uploads, "render", render)
    return calls


def test_preview_is_ok_only_with_rows_and_no_error():
    preview = ImportPreview(organization=ORG, content=b"PK bytes")
    assert preview.digest == hashlib.sha256(b"PK bytes").hexdigest()
    assert not preview.ok  # no rows
    preview.rows = [_row(), _row(name="必填"), _row()]
    assert preview.error_rows == [preview.rows[1]]
    assert not preview.ok
    preview.rows[1].errors.clear()
    assert preview.ok
    preview.file_error = "没有可导入的数据行"
    assert not preview.ok


def test_stage_keeps_an_importable_preview(monkeypatch):
    calls = _rendered(monkeypatch)
    session = {}
    preview = ImportPreview(organization=ORG, content=b"PK ok", rows=[_row()])
    response = STAGED.stage(_request(session), "x/preview.html", preview, org=ORG)
    assert response.status_code == 200
    template, context, status = calls[0]
    assert (template, status) == ("x/preview.html", 200)
    token = context["token"]
    assert context["preview"] is preview and context["org"] is ORG
    assert session["test_preview"] == {"token": token, "sha256": preview.digest, "org": 5}
    assert default_storage.exists(STAGED.path(SimpleNamespace(pk=9), token))


def test_stage_refuses_with_400_and_forgets_the_previous_upload(monkeypatch):
    calls = _rendered(monkeypatch)
    session = {}
    good = ImportPreview(organization=ORG, content=b"PK ok", rows=[_row()])
    STAGED.stage(_request(session), "x/preview.html", good, org=ORG)
    old_path = STAGED.path(SimpleNamespace(pk=9), calls[0][1]["token"])
    bad = ImportPreview(organization=ORG, content=b"PK bad", rows=[_row(name="必填")])
    response = STAGED.stage(_request(session), "x/preview.html", bad, org=ORG)
    assert response.status_code == 400
    assert calls[1][1]["token"] is None
    assert "test_preview" not in session
    assert not default_storage.exists(old_path)


def test_preview_page_without_confirmation(monkeypatch):
    calls = _rendered(monkeypatch)
    preview = ImportPreview(organization=ORG)
    staged_uploads.preview_page(_request({}), "x/preview.html", preview, org=ORG, status=409)
    assert calls == [("x/preview.html", {"preview": preview, "token": None, "org": ORG}, 409)]
