"""What a catalog parser returns: plain data, no database. The importer (services.py)
turns it into a draft version; the preview shows it with its findings."""

import dataclasses
from dataclasses import dataclass
from dataclasses import field as dc_field

# The seven labelled fields of an info sheet (信息表), in their official order.
FIELD_LABELS = {
    "legal_basis": "法定依据",
    "implementing_body": "实施机构",
    "boundary": "职责边界",
    "workflow": "运行流程",
    "requirements": "运行要件",
    "responsibilities": "责任事项",
    "supervision": "监督方式",
}


@dataclass
class Finding:
    """A defect of the source, never repaired silently.

    ``severity``: "error" (the item cannot be read as published), "warning" (a real
    defect such as a title differing from the index), "note" (differences of trailing
    punctuation or spaces, fields that say 无). ``repair`` names a proposed repair the
    cadre accepts or rejects (e.g. "shift_fields_back"; "use_sheet_name" and
    "keep_first_block" are optional: their default keeps the whole source); its
    ``repair_fields`` hold the field values after the repair ("name" for the item name)."""

    code: str  # e.g. "fields_shifted", "duplicate_field", "title_mismatch", "missing_title"
    message: str  # Chinese, for the cadre
    item_number: str = ""  # "9.1"; "" for the whole file
    field: str = ""  # a key of FIELD_LABELS, or "title" / "name"
    line: int = 0  # 1-based line in the source
    severity: str = "warning"
    repair: str = ""
    # dataclasses.field: the attribute ``field`` above shadows the imported name here.
    repair_fields: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclass
class ParsedItem:
    number: str  # "3.2"
    name: str  # name as in the index (目录)
    sheet_title: str = ""  # title of its info sheet ("（…）信息表"), "" when missing
    fields: dict[str, str] = dc_field(default_factory=dict)  # FIELD_LABELS keys → text as in source
    page: str = ""  # page number from the index
    line: int = 0  # line where its info sheet starts
    # The name the info sheet gives (its 名称, else the name in its title); kept beside
    # ``name`` so that neither is lost when they differ. "" when the sheet gives none.
    sheet_name: str = ""


@dataclass
class ParsedDuty:
    number: str  # "3"
    text: str
    items: list[ParsedItem] = dc_field(default_factory=list)


@dataclass
class ParsedCatalog:
    layout: str  # "women_federation" | "trade_union" | "excel"
    title: str  # e.g. "(天津市滨海新区妇女联合会)职责目录"
    duties: list[ParsedDuty] = dc_field(default_factory=list)
    findings: list[Finding] = dc_field(default_factory=list)

    @property
    def items(self) -> list[ParsedItem]:
        return [item for duty in self.duties for item in duty.items]


class CatalogUnreadable(ValueError):
    """The file cannot be read as a catalog at all; nothing is imported."""
