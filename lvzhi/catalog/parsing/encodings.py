"""Bytes to text: the encodings a catalog file comes in, and mojibake (Chinese read
through the wrong code page and saved) told apart from a readable file, with the likely
wrong encoding named."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from ..parsed import CatalogUnreadable, Finding
from .text import shorten


def decode_catalog(data: bytes | str) -> tuple[str, list[Finding]]:
    """Bytes → text (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030), line endings
    normalized to "\\n". A UTF-8 file with a few broken bytes is read as UTF-8 and each
    broken line reported. Raises CatalogUnreadable for empty or binary content."""
    text, broken = (data, False) if isinstance(data, str) else _decode_bytes(data)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CatalogUnreadable(_("文件为空，无法读取职责目录。"))
    if _looks_binary(text):
        raise CatalogUnreadable(_("文件含有二进制内容，不是可读取的职责目录文本文件。"))
    mojibake = detect_mojibake(text, replaced=broken)
    if mojibake is not None:
        raise CatalogUnreadable(mojibake)
    findings = _broken_byte_findings(text) if broken else []
    return text, findings + mojibake_line_findings(text)


# Characters Windows-1252 has where Latin-1 has C1 controls.
_CP1252_ONLY = set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")
_CJK_CHAR_RE = re.compile(r"[\u3400-\u9fff]")
MOJIBAKE_SAMPLE_LINES = 400


def _western_bytes(line: str) -> bytes | None:
    """The bytes a Windows-1252 / Latin-1 reading turned into ``line`` (a character
    Windows-1252 lacks stands for itself, as Windows maps undefined bytes to C1 controls;
    U+FFFD, a byte lost by the reading, is dropped). None for other characters."""
    out = bytearray()
    for ch in line:
        if ch == "\ufffd":
            continue
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


def _plausible_chinese(restored: str) -> bool:
    """Restored text that reads as Chinese: mostly CJK characters, few broken bytes."""
    cjk = len(_CJK_CHAR_RE.findall(restored))
    return cjk >= 2 and restored.count("\ufffd") * 4 <= cjk


def _reread(line: str) -> tuple[str, str] | None:
    """(likely wrong reading, the text restored) when ``line`` is Chinese text whose bytes
    were read through the wrong code page; None when it reads as it is."""
    if not _CJK_CHAR_RE.search(line):
        raw = _western_bytes(line)
        if not raw or raw.isascii():
            return None
        restored = raw.decode("utf-8", errors="replace")
        if _plausible_chinese(restored):
            latin1 = any("\x80" <= ch <= "\x9f" for ch in line)
            cp1252 = any(ch in _CP1252_ONLY for ch in line)
            return ("latin1" if latin1 and not cp1252 else "cp1252"), restored
        restored = raw.decode("gb18030", errors="replace")
        if _plausible_chinese(restored):
            return "gbk_as_latin", restored
        return None
    raw = line.replace("\ufffd", "").encode("gbk", errors="ignore")
    restored = raw.decode("utf-8", errors="replace")
    if _plausible_chinese(restored):
        return "gbk", restored
    return None


MOJIBAKE_MESSAGES = {
    "cp1252": N_(
        "文件是乱码：看起来是 UTF-8 编码的中文被按 Windows-1252（西欧）编码读取后另存的。"
    ),
    "latin1": N_(
        "文件是乱码：看起来是 UTF-8 编码的中文被按 Latin-1（ISO-8859-1）编码读取后另存的。"
    ),
    "gbk": N_(
        "文件是乱码：看起来是 UTF-8 编码的中文被按 GBK（简体中文 Windows）编码读取后另存的。"
    ),
    "gbk_as_latin": N_(
        "文件是乱码：看起来是 GBK/GB18030 编码的中文被按 Windows-1252 或 Latin-1 编码读取后另存的。"
    ),
    "lost": N_(
        "文件中大量文字显示为“\ufffd”：看起来是 GBK/GB18030 编码的文件被按 UTF-8 读取后"
        "另存的，原来的汉字已经丢失，无法恢复。"
    ),
}


MOJIBAKE_ENCODINGS = {
    "cp1252": "Windows-1252",
    "latin1": "Latin-1",
    "gbk": "GBK",
    "gbk_as_latin": "Windows-1252 / Latin-1",
}


def mojibake_line_findings(text: str) -> list[Finding]:
    """One error per line of a readable file that is itself mojibake (a passage pasted
    from a garbled copy), naming the likely encoding and the text it should be."""
    findings = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.isascii() or not line.strip():
            continue
        reading = _reread(line.strip())
        if reading is None:
            continue
        findings.append(
            Finding(
                code="mojibake_line",
                message=_(
                    "第 %(line)s 行是乱码（看起来是 UTF-8 文字被按 %(encoding)s 编码读取），"
                    "原文可能是“%(good)s”，请核对源文件。"
                )
                % {
                    "line": number,
                    "encoding": MOJIBAKE_ENCODINGS[reading[0]],
                    "good": shorten(reading[1], 40),
                },
                line=number,
                severity="error",
            )
        )
    return findings


def detect_mojibake(text: str, *, replaced: bool = False) -> str | None:
    """A message naming the likely wrong encoding when the text is mojibake: UTF-8 read as
    Windows-1252 / Latin-1 / GBK, GBK read as a Western code page, or GBK read as UTF-8
    with its characters replaced by U+FFFD and saved. None for a readable text."""
    lines = [line.strip() for line in text.split("\n") if line.strip() and not line.isascii()]
    lines = lines[:MOJIBAKE_SAMPLE_LINES]
    if not lines:
        return None
    found: dict[str, list[tuple[str, str]]] = {}
    for line in lines:
        reading = _reread(line)
        if reading is not None:
            found.setdefault(reading[0], []).append((line, reading[1]))
    wrong = sum(len(v) for v in found.values())
    if wrong < max(2, (len(lines) * 3) // 10):
        lost = sum(1 for line in lines if "\ufffd" in line)
        if not replaced and lost >= max(3, len(lines) // 5):
            return _(MOJIBAKE_MESSAGES["lost"]) + _(
                "请用原始文件重新导入，或在保存时选择 UTF-8 编码。"
            )
        return None
    codec, examples = max(found.items(), key=lambda pair: len(pair[1]))
    bad, good = examples[0]
    return (
        _(MOJIBAKE_MESSAGES[codec])
        + _("例如“%(bad)s”应为“%(good)s”。") % {"bad": shorten(bad, 16), "good": shorten(good, 16)}
        + _("请用原始文件重新导入，或在保存时选择 UTF-8 编码。")
    )


def _decode_bytes(data: bytes) -> tuple[str, bool]:
    """(text, whether broken UTF-8 bytes were replaced)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), False
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8-sig", errors="replace")
    if replaced.count("\ufffd") <= max(3, len(replaced) // 1000):
        return replaced, True
    try:
        return data.decode("gb18030"), False
    except UnicodeDecodeError:
        pass
    raise CatalogUnreadable(
        _("文件编码无法识别（既不是 UTF-8 也不是 GB18030），无法读取职责目录。")
    )


def _broken_byte_findings(text: str) -> list[Finding]:
    """One finding per line holding bytes that are not valid UTF-8 (shown as \ufffd)."""
    return [
        Finding(
            code="encoding_errors",
            message=_(
                "第 %(line)s 行含有无法识别的字节（文件可能被截断或损坏），"
                "这些字节显示为“%(char)s”，请核对原文。"
            )
            % {"line": number, "char": "\ufffd"},
            line=number,
            severity="error",
        )
        for number, line in enumerate(text.split("\n"), start=1)
        if "\ufffd" in line
    ]


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n")
    return "\x00" in text or controls > max(2, len(text) // 200)
