"""Repairs: fields shifted down by one label (detected, with the mapping that puts them
back), and applying the repairs a cadre accepted."""

import copy
import re

from django.utils.translation import gettext as _

from ..parsed import Finding, ParsedCatalog, ParsedItem
from .sheets import Sheet
from .text import FIELD_KEYS, field_label

_LEGAL_HINT_RE = re.compile(r"《|〔\d{4}〕|\[\d{4}\]|第[一二三四五六七八九十百\d]+条|\d+号")
_CONTACT_HINT_RE = re.compile(r"@|电话|信箱|地址|\d{7,8}")


def looks_like_legal_basis(text: str) -> bool:
    return bool(_LEGAL_HINT_RE.search(text or ""))


def looks_like_supervision(text: str) -> bool:
    return bool(_CONTACT_HINT_RE.search(text or ""))


def has_content(text: str) -> bool:
    """False for text made only of quotes, punctuation and spaces."""
    return bool(re.sub(r"[\s\"'“”‘’。，、；;:：.,]", "", text or ""))


def detect_shift(fields: dict[str, str]) -> dict[str, str] | None:
    """The corrected field mapping when every field sits one label too low (法定依据 empty,
    its text under 实施机构); None when the fields are in place."""
    if has_content(fields.get("legal_basis", "")):
        return None
    if not looks_like_legal_basis(fields.get("implementing_body", "")):
        return None
    chain = FIELD_KEYS[:-1] if looks_like_supervision(fields.get("supervision", "")) else FIELD_KEYS
    repaired = dict(fields)
    for key, source in zip(chain, chain[1:], strict=False):
        repaired[key] = fields.get(source, "")
    repaired[chain[-1]] = ""
    return repaired


def shift_finding(item: ParsedItem, sheet: Sheet, repaired: dict[str, str]) -> Finding:
    block = sheet.first("legal_basis") or sheet.first("implementing_body")
    lost = [field_label(k) for k in FIELD_KEYS if not repaired.get(k)]
    values = {
        "number": item.number,
        "legal_basis": field_label("legal_basis"),
        "implementing_body": field_label("implementing_body"),
    }
    if lost:
        # Translators: separator of a list of field names.
        values["fields"] = _("、").join(lost)
        message = (
            _(
                "职责事项 %(number)s 的信息表内容错位了一栏：“%(legal_basis)s”为空，"
                "%(legal_basis)s的文字在“%(implementing_body)s”下，其余各栏依次下移。"
                "建议把各栏内容上移一栏。移回后“%(fields)s”没有内容，需要补充。"
            )
            % values
        )
    else:
        message = (
            _(
                "职责事项 %(number)s 的信息表内容错位了一栏：“%(legal_basis)s”为空，"
                "%(legal_basis)s的文字在“%(implementing_body)s”下，其余各栏依次下移。"
                "建议把各栏内容上移一栏。"
            )
            % values
        )
    return Finding(
        code="fields_shifted",
        message=message,
        item_number=item.number,
        field="legal_basis",
        line=block.line if block else sheet.line,
        severity="error",
        repair="shift_fields_back",
        repair_fields=repaired,
    )


def apply_repairs(parsed: ParsedCatalog, accepted: set[tuple[str, str]]) -> ParsedCatalog:
    """A copy of ``parsed`` with the accepted (item_number, repair) repairs applied to the
    item fields. Findings are kept as they are, so the report still shows what was wrong."""
    repaired = copy.deepcopy(parsed)
    by_number = {item.number: item for item in repaired.items}
    for finding in repaired.findings:
        if not finding.repair or (finding.item_number, finding.repair) not in accepted:
            continue
        item = by_number.get(finding.item_number)
        if item is not None:
            values = dict(finding.repair_fields)
            item.name = values.pop("name", item.name)
            item.fields.update(values)
    return repaired
