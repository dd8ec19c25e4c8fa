"""An upload waiting between its preview and its confirmation (the Excel imports of orgs
and grassroots): the bytes are kept in the default storage under a random token, the token
and the bytes' SHA-256 in the user's session; on confirm the posted token must be the
session's and the bytes must still hash the same, or the import has expired.

The importing views keep their own pages and messages; this is the waiting room, what a
parsed upload looks like while it waits (``ImportPreview``), the preview page's answer
(``StagedUpload.stage``, ``preview_page``) and the download of the blank workbook an import
starts from (``workbook_download``)."""

import hashlib
import re
import secrets
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

_TOKEN = re.compile(r"^[0-9a-f]{32}$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_download(content: bytes, filename: str) -> HttpResponse:
    """An Excel workbook (an import's blank template) as a download named ``filename``."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@dataclass
class ImportPreview:
    """A parsed upload of a one-sheet import (the ledger's list, the 四新 register): its
    bytes, a refusal of the whole file, or its rows (each with ``errors``, a dict)."""

    organization: object
    content: bytes = b""
    file_error: str = ""
    rows: list = field(default_factory=list)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def error_rows(self) -> list:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return not self.file_error and bool(self.rows) and not self.error_rows


def preview_page(request, template: str, preview, *, org, token=None, status=200):
    """The preview page: ``preview``, the ``token`` its confirm form posts (None: no
    confirm button) and the organization imported into."""
    return render(
        request, template, {"preview": preview, "token": token, "org": org}, status=status
    )


class StagedUpload:
    """One kind of staged upload: its session key and its folder in the storage."""

    def __init__(self, session_key: str, directory: str):
        self.session_key = session_key
        self.directory = directory

    def path(self, user, token: str) -> str:
        return f"{self.directory}/{user.pk}/{token}.xlsx"

    def keep(self, request, content: bytes, digest: str, **state) -> str:
        """Store ``content`` (whose SHA-256 is ``digest``) for the user; the session holds
        the token, the digest and ``state``. Answers the token the confirm form posts."""
        token = secrets.token_hex(16)
        default_storage.save(self.path(request.user, token), ContentFile(content))
        request.session[self.session_key] = {"token": token, "sha256": digest, **state}
        return token

    def stage(self, request, template: str, preview, *, org) -> HttpResponse:
        """The preview page of a freshly parsed upload, replacing the session's previous one:
        kept for confirmation (with ``org``'s id) when it may be imported, else answered 400
        with no token."""
        self.forget(request)
        if not preview.ok:
            return preview_page(request, template, preview, org=org, status=400)
        token = self.keep(request, preview.content, preview.digest, org=org.pk)
        return preview_page(request, template, preview, org=org, token=token)

    def forget(self, request) -> None:
        """Drop the session's upload and its stored bytes (nothing kept: nothing to do)."""
        state = request.session.pop(self.session_key, None)
        if state and _TOKEN.match(state.get("token", "")):
            path = self.path(request.user, state["token"])
            if default_storage.exists(path):
                default_storage.delete(path)

    def take(self, request) -> tuple[bytes, dict] | None:
        """The bytes kept for the token posted in ``request`` and the session state kept
        with them. None when the import has expired: a token that is not the session's
        (the session's upload stays), or stored bytes gone or changed (forgotten)."""
        state = request.session.get(self.session_key) or {}
        token = request.POST.get("token", "")
        if not _TOKEN.match(token) or token != state.get("token"):
            return None
        try:
            with default_storage.open(self.path(request.user, token), "rb") as stored:
                content = stored.read()
        except OSError:
            content = None
        if content is None or hashlib.sha256(content).hexdigest() != state.get("sha256"):
            self.forget(request)
            return None
        return content, state
