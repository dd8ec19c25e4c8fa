"""core.files without a database: detection by content, generated names, image intake
(re-encoded, metadata and appended bytes dropped, pixel limit before decoding) and the
download headers."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lvzhi.core import files
from lvzhi.core.tests.files import (
    HTML,
    big_png,
    docx_bytes,
    html_jpeg,
    jpeg_bytes,
    ole_bytes,
    xlsx_bytes,
)


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (docx_bytes(), "docx"),
        (xlsx_bytes(), "xlsx"),
        (ole_bytes("WordDocument"), "doc"),
        (ole_bytes("Workbook"), "xls"),
        ("说明文字\n第二行".encode(), "txt"),
        ("说明".encode("gb18030"), "txt"),
        (jpeg_bytes(), "jpg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        (b"PK\x03\x04 not a package", None),  # zip signature, no package
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, None),  # OLE, no main stream
        (b"MZ\x90\x00\x03\x00\x00\x00", None),  # binary
        (b"", None),
    ],
)
def test_detect_by_content(content, kind):
    assert files.detect(io.BytesIO(content)) == kind


def test_html_after_a_jpeg_is_a_jpeg_and_the_name_says_nothing():
    handle = io.BytesIO(html_jpeg())
    assert files.detect(handle) == "jpg" and handle.tell() == 0
    assert files.extension_kind("evil.html") is None
    assert files.extension_kind("a.b.JPEG") == "jpg"


def test_generated_name_is_random_and_keeps_only_a_known_extension():
    name = files.GeneratedName("activities")
    first, second = name(None, "upload.jpg"), name(None, "upload.jpg")
    assert first != second and first.startswith("activities/") and first.endswith(".jpg")
    assert len(first.rsplit("/", 1)[1]) == len("0" * 32 + ".jpg")
    assert name(None, "evil.html").endswith(".bin")
    assert name(None, "../../etc/passwd").startswith("activities/")
    assert files.GeneratedName("a") == files.GeneratedName("a") != files.GeneratedName("b")


def test_intake_drops_appended_html_and_exif():
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"  # Make
    exif[0x8825] = {2: (39.0, 7.0, 0.0)}  # GPS latitude
    content = jpeg_bytes(exif=exif.tobytes()) + HTML
    clean = files.intake_image(upload("evil.html", content))
    data = clean.file.read()
    assert clean.kind == "jpg" and clean.file.name == "upload.jpg"
    assert b"<html" not in data and b"script" not in data and b"Camera Maker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and image.size == (64, 48)
        assert not image.getexif()


def test_png_stays_png_with_its_transparency_and_webp_becomes_jpeg():
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buffer, "PNG")
    clean = files.intake_image(upload("a.png", buffer.getvalue()))
    assert clean.kind == "png"
    with Image.open(clean.file) as image:
        assert image.mode == "RGBA"
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), (1, 2, 3)).save(buffer, "WEBP")
    assert files.intake_image(upload("a.webp", buffer.getvalue())).kind == "jpg"


@pytest.mark.parametrize(
    "content",
    [
        b"not an image",
        jpeg_bytes()[:200],  # truncated
        b"GIF89a" + b"\x00" * 50,  # a format we do not take
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,  # broken header
    ],
)
def test_every_bad_image_is_a_chinese_validation_error(content):
    with pytest.raises(ValidationError) as refused:
        files.intake_image(upload("x.jpg", content))
    assert refused.value.messages == ["照片格式无法识别，请上传 JPG、PNG 或 WEBP 图片"]


def test_a_20000_square_png_is_refused_as_too_large():
    content = big_png(20000, 20000)
    assert len(content) < 100 * 1024  # small on disk, 400 megapixels
    with pytest.raises(ValidationError) as refused:
        files.intake_image(upload("bomb.png", content))
    assert "图片尺寸过大" in refused.value.messages[0]


def test_the_pixel_limit_refuses_before_decoding(monkeypatch, settings):
    """12000×12000 is under Pillow's own bomb error and under the byte limit: the pixel
    limit refuses it from its header; decoding it would take about 144 MB."""
    from PIL import ImageFile

    def no_decoding(self):
        raise AssertionError("decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    content = big_png(12000, 12000)
    assert len(content) < settings.PHOTO_MAX_BYTES
    with pytest.raises(ValidationError) as refused:
        files.intake_image(upload("big.png", content))
    assert "图片尺寸过大" in refused.value.messages[0]
    settings.LVZHI_IMAGE_MAX_PIXELS = 200 * 200
    with pytest.raises(ValidationError) as refused:
        files.intake_image(upload("b.png", big_png(300, 300)))
    assert refused.value.messages[0] == (
        "图片尺寸过大（300×300 像素），请上传不超过 0 百万像素的图片"
    )


def test_content_disposition_is_safe_and_keeps_the_chinese_name():
    header = files.content_disposition('申请表"; x=.pdf', inline=False)
    assert header.startswith('attachment; filename="')
    assert "filename*=UTF-8''%E7%94%B3" in header and '"; x' not in header.split("filename*")[0]
    assert files.content_disposition("照片.jpg", inline=True).startswith(
        'inline; filename="file.jpg"'
    )
    assert files.download_name("申请表.pdf", "pdf") == "申请表.pdf"
    assert files.download_name("evil.html", "jpg") == "evil.jpg"
    assert files.download_name("photo-3", "png") == "photo-3.png"
    assert files.download_name("x.bin", None) == "x.bin"
