"""Files for upload tests: real documents of each kind, images, an HTML page hidden after
a JPEG, and PNGs large in pixels but small on disk."""

import functools
import io
import struct
import zipfile
import zlib

HTML = b"<html><script>window.pwned = 1; document.title = 'pwned';</script></html>"


def docx_bytes(text: str = "述职") -> bytes:
    """A minimal Office Open XML word-processing package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def ole_bytes(stream: str = "WordDocument") -> bytes:
    """The header of an OLE compound file and a directory entry naming its main stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    entry = stream.encode("utf-16-le").ljust(128, b"\x00")
    return header + entry * 4


def jpeg_bytes(size=(64, 48), color=(200, 30, 30), exif: bytes | None = None) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    extra = {"exif": exif} if exif else {}
    Image.new("RGB", size, color).save(buffer, "JPEG", **extra)
    return buffer.getvalue()


def html_jpeg() -> bytes:
    """A valid JPEG with an HTML page appended (what a browser sniffing text/html runs)."""
    return jpeg_bytes() + HTML


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


@functools.lru_cache(maxsize=4)
def big_png(width: int, height: int) -> bytes:
    """A black 1-bit PNG of ``width``×``height`` pixels, a few KB on disk (rows streamed
    through zlib, never held as an image)."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    rows_per_block = 1000
    parts = [compressor.compress(row * rows_per_block) for _ in range(height // rows_per_block)]
    parts.append(compressor.compress(row * (height % rows_per_block)))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )
