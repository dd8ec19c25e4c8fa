"""The roster's shape: sheets, columns, the template's example rows and which fields go to
the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from lvzhi.core.pii import mask_birth_date, mask_id_number, mask_phone

from .. import services
from ..models import Education, Gender, Kind, Level, PoliticalStatus, Tenure, Title

ORGS, PEOPLE, POSITIONS = "组织", "人员", "职务"
SHEETS = (ORGS, PEOPLE, POSITIONS)
MAX_ROWS = 20000  # data rows per sheet
TEMPLATE_ROWS = 1000  # rows covered by the template's drop-down lists
UNREADABLE = gettext_noop(
    "无法读取该文件：请上传用 Excel 保存的 .xlsx 文件（可先下载导入模板填写）"
)  # shown as _(UNREADABLE)
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d")
YES, NO = "是", "否"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool = False
    kind: str = "text"  # text, choice, date, bool, int, phone, id_number
    choices: type | None = None
    max_length: int | None = None
    width: int = 14
    hint: str = ""


COLUMNS = {
    ORGS: (
        Column("组织代码", "code", True, max_length=40, hint="全平台唯一，例如 BH-XH-02"),
        Column("组织名称", "name", True, max_length=200, width=28),
        Column(
            "上级组织代码",
            "parent_code",
            max_length=40,
            hint="系统中已有的组织，或本表中写在上方的组织",
        ),
        Column("类型", "kind", True, "choice", Kind, width=22),
        Column("层级", "level", False, "choice", Level, hint="留空则按上级组织推定"),
        Column("地址", "address", max_length=200, width=28),
        Column("电话", "phone", kind="phone", hint="手机号或带区号的固定电话"),
    ),
    PEOPLE: (
        Column("姓名", "name", True, max_length=50),
        Column("性别", "gender", False, "choice", Gender, width=8, hint="留空则按身份证号推定"),
        Column("出生日期", "birth_date", kind="date", hint="如 1985-03-12，留空则按身份证号推定"),
        Column("民族", "ethnicity", max_length=20, width=10),
        Column("政治面貌", "political_status", False, "choice", PoliticalStatus),
        Column("学历", "education", False, "choice", Education),
        Column("工作单位及职务", "workplace", max_length=200, width=28),
        Column("手机号码", "phone", kind="phone"),
        Column("身份证号", "id_number", True, "id_number", width=22),
        Column(
            "所属组织代码",
            "org_code",
            True,
            max_length=40,
            hint="系统中已有的组织，或“组织”表中新建的组织",
        ),
    ),
    POSITIONS: (
        Column(
            "身份证号",
            "id_number",
            True,
            "id_number",
            width=22,
            hint="“人员”表中的人员，或系统中已登记的人员",
        ),
        Column("组织代码", "org_code", True, max_length=40),
        Column("职务", "title", True, "choice", Title),
        Column("任职方式", "tenure", False, "choice", Tenure, hint="仅主席、副主席填写"),
        Column("常委", "is_standing", False, "bool", width=8),
        Column("任职日期", "start_date", True, "date"),
        Column(
            "届次",
            "term_number",
            False,
            "int",
            width=8,
            hint="该组织已在系统中登记的届次号，可留空",
        ),
    ),
}

EXAMPLE_ID = "12010319850312002X"  # a valid checksum: woman born 1985-03-12
EXAMPLES = {
    ORGS: (
        "BH-XH-02",
        "新河二社区妇女联合会",
        "BH-XH",
        "地方妇联",
        "村（社区）",
        "天津市滨海新区新河街道新河二社区",
        "022-25201234",
    ),
    PEOPLE: (
        "张丽",
        "女",
        dt.date(1985, 3, 12),
        "汉族",
        "中共党员",
        "大学本科",
        "新河二社区居委会 主任",
        "13812345678",
        EXAMPLE_ID,
        "BH-XH-02",
    ),
    POSITIONS: (EXAMPLE_ID, "BH-XH-02", "主席", "兼职", YES, dt.date(2024, 1, 15), None),
}
DISPLAY_MASKS = {"id_number": mask_id_number, "phone": mask_phone, "birth_date": mask_birth_date}
SERVICE_FIELDS = {
    ORGS: {"name", "code", "kind", "level", "address", "phone"},
    PEOPLE: set(services.PERSON_FIELDS) - {"photo"},
    POSITIONS: {"title", "tenure", "is_standing", "start_date"},
}
