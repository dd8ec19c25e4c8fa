"""Address, phones and e-mails of a 监督方式 text."""

import re

_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE_RE = re.compile(
    r"(?<![\d-])(?:1[3-9]\d{9}|0\d{2,3}[-－—\s]?\d{7,8}|\d{7,8}|1\d{4})(?![\d-])"
)
_ADDRESS_RE = re.compile(
    r"(?:地址|地点)\s*[:：]\s*(?P<address>[^\n]+?)"
    r"(?=\s*(?:举报电话|联系电话|电话|主席信箱|邮箱|信箱|传真)|\s*\n|\s*$)"
)


def parse_supervision(text: str) -> dict:
    """Address, phones and e-mails of a 监督方式 text (regular expressions only)."""
    text = text or ""
    emails = _EMAIL_RE.findall(text)
    rest = _EMAIL_RE.sub(" ", text)
    address = _ADDRESS_RE.search(rest)
    if address:
        rest = rest.replace(address.group(0), " ")
    phones: list[str] = []
    for phone in _PHONE_RE.findall(rest):
        phone = re.sub(r"[－—\s]", "-", phone)
        if phone not in phones:
            phones.append(phone)
    return {
        "address": address.group("address").strip() if address else "",
        "phones": phones,
        "emails": list(dict.fromkeys(emails)),
    }
