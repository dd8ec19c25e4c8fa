"""Excel in and out for the 四新 register: the import template, parsing an uploaded list
into a preview (every row's verdict or every row's errors), and the blank-spot export.

Parsing never writes: :func:`lvzhi.grassroots.services.sixin_import` writes all rows or
none. Cell readers are the roster import's (``lvzhi.orgs.roster.cells``), so both imports
accept the same spellings of dates, yes/no and choice labels.
"""

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from lvzhi.core.office import excel_page_setup, excel_print_table
from lvzhi.core.staged_uploads import ImportPreview
from lvzhi.orgs.models import Organization, PartyOrganization
from lvzhi.orgs.roster.cells import CellError, cell_bool, cell_choice, cell_text, read_list_sheet

from . import rules, services
from .forms import federation_by_code
from .models import Category, SixinOrganization

SHEET = "四新组织"
MAX_ROWS = 5000
# (field, header, kind, required)
COLUMNS = (
    ("name", "名称", "text", True),
    ("category", "类别", "category", True),
    ("uscc", "统一社会信用代码", "text", False),
    ("address", "地址", "text", False),
    ("region", "行政区划代码", "region", False),
    ("industry", "行业", "text", False),
    ("park_or_building", "所在园区或楼宇", "text", False),
    ("fixed_staff", "固定从业人员", "int", True),
    ("fixed_female_staff", "其中固定女职工", "int", True),
    ("has_party_organization", "已建党组织", "bool", False),
    ("party_organization_name", "党组织名称", "text", False),
    ("covered_by", "覆盖该组织的妇联（组织代码）", "org", False),
    ("note", "备注", "text", False),
)
HEADERS = {header: name for name, header, _kind, _req in COLUMNS}
LABELS = {name: header for name, header, _kind, _req in COLUMNS}
EXAMPLE = (
    "示例：某某科技有限公司",
    "新经济组织",
    "91110000600037341L",
    "天津市滨海新区某路1号",
    "",
    "软件和信息技术服务业",
    "某某科技园",
    120,
    45,
    "是",
    "中共某某科技有限公司支部委员会",
    "",
    "示例行导入时自动忽略",
)


@dataclass
class Row:
    number: int  # the Excel row
    fields: dict
    errors: dict = field(default_factory=dict)
    verdict: object = None


Preview = ImportPreview  # bytes, file error, rows: shared with the other one-sheet import


def _cell(kind: str, value, user):
    if kind == "text":
        return cell_text(value)
    if kind == "int":
        text = cell_text(value)
        if not text.isdigit():
            raise CellError(_("请填写不小于0的整数"))
        return int(text)
    if kind == "bool":
        return cell_bool(value)
    if kind == "category":
        return cell_choice(value, Category)
    text = cell_text(value)
    if not text:
        return None
    try:
        if kind == "region":
            from .forms import region_by_code

            return region_by_code(text)
        return federation_by_code(user, text)
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from None


def _party_by_name(user, organization, name: str):
    return (
        PartyOrganization.objects.restrict(user, "view").filter(name=name).first() if name else None
    )


def parse(file, *, actor, organization: Organization) -> Preview:
    """Read an uploaded list and check every row as the service would (no write)."""
    preview = Preview(organization=organization)
    if read_list_sheet(
        preview,
        file,
        sheet=SHEET,
        headers=HEADERS,
        required={n: LABELS[n] for n, _h, _k, req in COLUMNS if req},
        example=("name", EXAMPLE[0]),
        max_rows=MAX_ROWS,
        row=lambda number, cells, columns: _row(number, cells, columns, actor, organization),
    ):
        _check_rows(preview, actor)
    return preview


def _row(number, cells, columns, actor, organization) -> Row:
    row = Row(number=number, fields={})
    for name, _header, kind, required in COLUMNS:
        index = columns.get(name)
        value = cells[index] if index is not None and index < len(cells) else None
        try:
            parsed = _cell(kind, value, actor)
        except CellError as exc:
            row.errors[name] = str(exc)
            continue
        if required and parsed in ("", None):
            row.errors[name] = _("必填")
            continue
        row.fields[name] = parsed
    party = _party_by_name(actor, organization, row.fields.get("party_organization_name", ""))
    if party is not None:
        row.fields["party_organization"] = party
    return row


def _check_rows(preview: Preview, actor) -> None:
    """The service's own checks, without writing: it refuses all or nothing."""
    valid = [row for row in preview.rows if not row.errors]
    try:
        services.sixin_import(
            actor=actor,
            organization=preview.organization,
            rows=[dict(row.fields) for row in valid],
            dry_run=True,
        )
    except services.ImportRefused as exc:
        for index, errors in exc.errors.items():
            valid[index].errors.update(
                {name: "；".join(messages) for name, messages in errors.items()}
            )
    except ValidationError as exc:
        preview.file_error = "；".join(exc.messages)
    for row in preview.rows:
        if not row.errors:
            covered = row.fields.get("covered_by")
            row.verdict = rules.sixin_verdict(
                fixed_female_staff=row.fields["fixed_female_staff"],
                has_party_organization=row.fields.get("has_party_organization", False)
                or "party_organization" in row.fields,
                covered_by=covered.name if covered else None,
            )


def build_template() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    with translation.override("zh-hans"):
        sheet.append([header for _n, header, _k, _r in COLUMNS])
        sheet.append(list(EXAMPLE))
        for index, (_n, _h, _k, required) in enumerate(COLUMNS, start=1):
            sheet.cell(row=1, column=index).font = Font(
                bold=True, color="B3261E" if required else "000000"
            )
        categories = DataValidation(
            type="list", formula1='"' + ",".join(str(c.label) for c in Category) + '"'
        )
        yes_no = DataValidation(type="list", formula1='"是,否"')
        sheet.add_data_validation(categories)
        sheet.add_data_validation(yes_no)
        categories.add("B2:B1001")
        yes_no.add("J2:J1001")
        for letter in "CE":
            sheet.column_dimensions[letter].number_format = "@"
    excel_page_setup(sheet, header_row=1)
    widths = (28, 12, 22, 28, 16, 18, 18, 12, 12, 10, 28, 24, 20)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def blank_spots_workbook(*, org, totals, children, sixin_rows, villages) -> bytes:
    """Three sheets: the subtree's counts by child, the 四新 blank spots (each with its
    rule), and the villages without a federation."""
    book = Workbook()
    summary = book.active
    summary.title = _("汇总")
    summary.append(
        [
            _("组织"),
            _("四新组织"),
            _("应单独建会未建（R-OR-01）"),
            _("应联建覆盖未覆盖（R-OR-02）"),
            _("村（社区）"),
            _("已建妇联"),
            _("覆盖率（R-OR-07）"),
        ]
    )
    for counts in [totals, *children]:
        coverage = counts.coverage
        summary.append(
            [
                counts.name,
                counts.sixin_total,
                counts.standalone_due,
                counts.joint_due,
                "—" if counts.villages is None else counts.villages,
                "—" if counts.villages is None else counts.villages_covered,
                "—" if coverage is None else coverage.percent,
            ]
        )
    excel_print_table(summary, header_row=1, widths=(30, 10, 14, 14, 10, 10, 12))
    blanks = book.create_sheet(_("四新空白点"))
    blanks.append(
        [
            _("名称"),
            _("统一社会信用代码"),
            _("登记组织"),
            _("固定女职工"),
            _("党组织"),
            _("规则"),
            _("判定"),
        ]
    )
    for sixin in sixin_rows:
        verdict = sixin.verdict
        blanks.append(
            [
                sixin.name,
                sixin.uscc,
                sixin.organization.name,
                sixin.fixed_female_staff,
                _("有") if sixin.has_party_organization else _("无"),
                f"{verdict.rule_id} {verdict.source}",
                verdict.detail,
            ]
        )
    excel_print_table(blanks, header_row=1, widths=(30, 22, 24, 10, 8, 22, 40))
    uncovered = book.create_sheet(_("未建妇联的村（社区）"))
    uncovered.append([_("区划代码"), _("村（社区）"), _("所属街镇")])
    for region in villages:
        uncovered.append([region.code, region.name, region.parent.name if region.parent else ""])
    excel_print_table(uncovered, header_row=1, widths=(18, 24, 24))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sixin_export_rows(queryset) -> list[SixinOrganization]:
    from .selectors import with_verdicts

    return with_verdicts(queryset)
