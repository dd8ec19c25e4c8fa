"""Parse a duty catalog (职责目录) text file into :mod:`lvzhi.catalog.parsed` data.

Both known layouts are recognized by content: an index table (序号 / 主要职责 / 职责事项 /
页码) followed by one info sheet (信息表) per duty item with the labels 序号, 名称, 法定依据,
实施机构, 职责边界, 运行流程, 运行要件, 责任事项, 监督方式. Women's federation sheets are
titled "（名称）信息表", trade union sheets "N.N（名称）信息表".

Every defect goes to ``findings`` with its item, field and 1-based source line; nothing is
repaired silently. Proposed repairs are applied only by :func:`apply_repairs`.

Field text is kept as written: the leading tab (the table-cell separator of the export)
and trailing spaces of each line are dropped, surrounding blank lines are stripped, inner
line breaks (blank lines included) are kept as "\\n". No database; the finding messages are
in the active language (Django's gettext), Chinese by default.

The modules, each used only by those after it:

- :mod:`.text`: the labels, patterns and small text helpers all of them share;
- :mod:`.encodings`: bytes to text, mojibake detection;
- :mod:`.labels`: label lines and their variants, sheet titles;
- :mod:`.index`: the index table (目录);
- :mod:`.sheets`: the info sheets (信息表) and their labelled blocks;
- :mod:`.repairs`: fields shifted by one label, and applying accepted repairs;
- :mod:`.items`: one item filled from its sheet, with its findings;
- :mod:`.document`: the whole file (:func:`parse_catalog`);
- :mod:`.supervision`: addresses, phones and e-mails of a 监督方式 text.
"""

from ..parsed import CatalogUnreadable
from .document import parse_catalog
from .encodings import detect_mojibake
from .labels import looks_like_label, match_label
from .repairs import apply_repairs
from .supervision import parse_supervision

__all__ = [
    "CatalogUnreadable",
    "apply_repairs",
    "detect_mojibake",
    "looks_like_label",
    "match_label",
    "parse_catalog",
    "parse_supervision",
]
