"""Uploaded files: what they are (by content, never by name), where they are stored (a
generated name), how images are taken in (re-encoded under a pixel limit) and how files
are served (only through a view that has loaded the owning object in the viewer's scope).

A file's type is what its bytes are: the uploader's name and extension choose nothing
but the download name. Stored names are ``<kind>/<yyyy>/<uuid4 hex>.<detected ext>``.
Images are decoded and written again (JPEG or PNG), so EXIF and anything appended to
the image (an HTML page after a JPEG) are gone. Responses carry ``nosniff`` and a
sandbox CSP, images inline and documents as downloads; with ``LVZHI_X_ACCEL_REDIRECT``
set, nginx sends the bytes from an ``internal`` location.

One module of ~410 lines, not split: migrations name ``lvzhi.core.files.GeneratedName``
and some sixty imports use ``files.<name>``; its four parts are marked by section comments.
"""

import functools
import io
import os
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotFound
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# detected kind -> content type; the kind is also the stored extension
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "txt": "text/plain; charset=utf-8",
}
IMAGE_KINDS = ("jpg", "png", "webp")
# an uploader's extension -> the kind its content must be
EXTENSION_KINDS = {
    ".jpg": "jpg",
    ".jpeg": "jpg",
    ".png": "png",
    ".webp": "webp",
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".doc": "doc",
    ".xls": "xls",
    ".txt": "txt",
}
# first bytes of each kind (plain text has none): the cheap check before the deep one
SIGNATURES = {
    "pdf": (b"%PDF",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "webp": (b"RIFF",),
    "txt": (),
}
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_STREAMS = (("doc", "WordDocument"), ("xls", "Workbook"), ("xls", "Book"))
TEXT_SCAN = 1024 * 1024
CHUNK = 1024 * 1024


# ------------------------------------------------------------------ detection


def _read_all(handle, limit: int | None = None) -> bytes:
    handle.seek(0)
    data = handle.read() if limit is None else handle.read(limit)
    handle.seek(0)
    return data


def _ole_kind(handle) -> str | None:
    """Word or Excel of the old (OLE compound) format, by the name of its main stream."""
    names = {stream: stream.encode("utf-16-le") for _kind, stream in OLE_STREAMS}
    handle.seek(0)
    tail = b""
    found = None
    while found is None:
        chunk = handle.read(CHUNK)
        if not chunk:
            break
        window = tail + chunk
        for kind, stream in OLE_STREAMS:
            if names[stream] in window:
                found = kind
                break
        tail = window[-64:]
    handle.seek(0)
    return found


def _zip_kind(handle) -> str | None:
    """docx or xlsx: an Office Open XML package with its main part."""
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        handle.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _is_text(handle) -> bool:
    data = _read_all(handle, TEXT_SCAN)
    if not data or b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            # a cut in the middle of a character at the scan's end is not an error
            if len(data) == TEXT_SCAN:
                try:
                    data[:-4].decode(encoding)
                    return True
                except UnicodeDecodeError:
                    pass
    return False


def detect(handle) -> str | None:
    """The kind of a file by its content (a key of CONTENT_TYPES), or None."""
    head = _read_all(handle, 16)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(OLE):
        return _ole_kind(handle)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(handle)
    if _is_text(handle):
        return "txt"
    return None


def extension_kind(name: str) -> str | None:
    """The kind an uploader's file name claims (by its last extension), or None."""
    return EXTENSION_KINDS.get(os.path.splitext(name or "")[1].lower())


def signature_matches(kind: str, head: bytes) -> bool:
    signatures = SIGNATURES.get(kind, ())
    return not signatures or any(head.startswith(s) for s in signatures)


def named(content, kind: str) -> File:
    """``content`` under a name whose extension is its detected kind (what upload_to reads)."""
    if isinstance(content, ContentFile):
        content.name = f"upload.{kind}"
        return content
    return File(content, name=f"upload.{kind}")


# ------------------------------------------------------------------ storage names


@deconstructible
class GeneratedName:
    """``upload_to``: ``<kind>/<yyyy>/<uuid4 hex>.<ext>``. The extension is the detected
    kind the intake put in the name (see ``named``); any other extension stores ``.bin``."""

    def __init__(self, kind: str):
        self.kind = kind

    def __call__(self, instance, filename):
        ext = os.path.splitext(filename or "")[1].lower().lstrip(".")
        if ext not in CONTENT_TYPES:
            ext = "bin"
        return f"{self.kind}/{timezone.now():%Y}/{uuid.uuid4().hex}.{ext}"

    def __eq__(self, other):
        return isinstance(other, GeneratedName) and other.kind == self.kind

    def __hash__(self):
        return hash(("GeneratedName", self.kind))


# ------------------------------------------------------------------ images


@dataclass
class CleanImage:
    """A re-encoded image: ``file`` to store (named by its kind), its size in pixels, and
    the decoded picture for derived copies (thumbnails)."""

    file: ContentFile
    kind: str
    width: int
    height: int
    picture: object


def max_pixels() -> int:
    return int(getattr(settings, "LVZHI_IMAGE_MAX_PIXELS", 40_000_000))


def _too_large(width=None, height=None) -> ValidationError:
    limit = max_pixels() // 1_000_000
    if width and height:
        return ValidationError(
            _("图片尺寸过大（%(w)d×%(h)d 像素），请上传不超过 %(mp)d 百万像素的图片")
            % {"w": width, "h": height, "mp": limit}
        )
    return ValidationError(_("图片尺寸过大，请上传不超过 %(mp)d 百万像素的图片") % {"mp": limit})


def invalid_image_message() -> str:
    return _("照片格式无法识别，请上传 JPG、PNG 或 WEBP 图片")


def intake_image(upload, *, max_bytes: int | None = None) -> CleanImage:
    """Decode an uploaded JPEG, PNG or WebP under the pixel limit and encode it again
    (JPEG, or PNG when it has transparency or was a PNG), upright, with no metadata.

    The size in pixels is read from the header and refused before any decoding; a
    decompression bomb and every error of Pillow become a ValidationError in Chinese."""
    from PIL import Image, ImageOps

    max_bytes = settings.PHOTO_MAX_BYTES if max_bytes is None else max_bytes
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("照片不能超过 %(mb)d MB") % {"mb": max(1, max_bytes // (1024 * 1024))}
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=("JPEG", "PNG", "WEBP")) as image:
                width, height = image.size
                if width * height > max_pixels():
                    raise _too_large(width, height)
                source = image.format
                image.load()
                picture = ImageOps.exif_transpose(image)
                clean, kind = _encode(picture, source)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large() from None
    except Exception:  # every Pillow failure on a bad file is a bad file, not a 500
        raise ValidationError(invalid_image_message()) from None
    finally:
        upload.seek(0)
    w, h = picture.size
    return CleanImage(
        file=ContentFile(clean, name=f"upload.{kind}"),
        kind=kind,
        width=w,
        height=h,
        picture=picture,
    )


def _encode(picture, source: str) -> tuple[bytes, str]:
    buffer = io.BytesIO()
    transparent = picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    )
    if source == "PNG" or transparent:
        if picture.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            picture = picture.convert("RGBA" if transparent else "RGB")
        # a fresh image: no text chunks, no ICC or EXIF carried over
        picture.save(buffer, "PNG", optimize=False)
        return buffer.getvalue(), "png"
    if picture.mode not in ("L", "RGB"):
        picture = picture.convert("RGB")
    picture.save(buffer, "JPEG", quality=88, optimize=True)
    return buffer.getvalue(), "jpg"


def thumbnail(clean: CleanImage, edge: int) -> ContentFile:
    """A JPEG no larger than ``edge`` pixels on its long side, from a clean image."""
    picture = clean.picture.convert("RGB")
    picture.thumbnail((edge, edge))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80, optimize=True)
    return ContentFile(buffer.getvalue(), name="upload.jpg")


def intake_image_field(upload, field: str, *, label: str = "") -> CleanImage:
    """``intake_image`` with its error under ``field`` (prefixed by ``label``)."""
    try:
        return intake_image(upload)
    except ValidationError as exc:
        message = exc.messages[0]
        raise ValidationError({field: f"{label}：{message}" if label else message}) from None


# ------------------------------------------------------------------ serving


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """``inline``/``attachment`` with an ASCII fallback and the UTF-8 name (RFC 5987/6266)."""

    def ascii_only(text):
        return "".join(c for c in text if c.isascii() and (c.isalnum() or c in "_- "))

    stem, ext = os.path.splitext(filename)
    fallback = ascii_only(stem).strip(" -") or "file"
    fallback += "." + ascii_only(ext) if ascii_only(ext) else ""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download_name(name: str, kind: str | None) -> str:
    """``name`` with the extension of the file's detected kind (added or replacing)."""
    ext = "." + (kind or "bin")
    base = os.path.basename(name or "") or "file"
    stem, current = os.path.splitext(base)
    if EXTENSION_KINDS.get(current.lower()) == kind:
        return base
    return (stem or "file") + ext


def serve(field_file, *, filename: str | None = None, max_age: int = 3600) -> HttpResponse:
    """The response for a stored file whose owner the caller has already loaded in the
    viewer's scope. Type by content; images inline, everything else a download.
    ``max_age`` 0 for a file that its owner may replace under the same URL (a photo)."""
    if not field_file:
        raise Http404(_("文件不存在"))
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("文件不存在")) from exc
    try:
        kind = detect(handle)
    except Exception:
        handle.close()
        raise
    content_type = CONTENT_TYPES.get(kind, "application/octet-stream")
    inline = kind in IMAGE_KINDS
    name = download_name(filename or os.path.basename(field_file.name), kind)
    prefix = getattr(settings, "LVZHI_X_ACCEL_REDIRECT", "")
    if prefix:
        handle.close()
        response = HttpResponse(b"", content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name)
    else:
        handle.seek(0)
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cache-Control"] = f"private, max-age={max_age}" if max_age else "private, no-cache"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def file_view(view):
    """A view that serves a file: GET only, and a 404 is a short plain answer (an image's
    URL needs no page around its refusal, and the refusal tells nothing of the owner)."""

    @functools.wraps(view)
    @require_GET
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return HttpResponseNotFound(
                _("文件不存在或不在您的查看范围内"), content_type="text/plain; charset=utf-8"
            )

    return wrapped


def viewer(request):
    """The user behind a file request: the session's, else an API token's (a client of the
    API follows the URLs it got); anonymous when neither holds."""
    if request.user.is_authenticated:
        return request.user
    if "HTTP_AUTHORIZATION" not in request.META:
        return request.user
    from rest_framework.exceptions import APIException
    from rest_framework.request import Request
    from rest_framework.settings import api_settings

    authenticators = [cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    try:
        return Request(request, authenticators=authenticators).user
    except APIException:
        return request.user
