"""The outdoor board 妇女工作情况介绍 (R-HM-08, CQ-FN 附件6) as a printable A1 or A0 poster
(WeasyPrint, the CJK faces the catalog's PDF export uses). Callers check
:func:`poster_available` first."""

import importlib

from django.utils.html import escape

from lvzhi.catalog.exports.to_pdf import (
    CJK_SANS_STACK,
    CJK_SERIF_STACK,
    cjk_font_installed,
    weasyprint_importable,
)

from . import rules


def poster_available() -> bool:
    return weasyprint_importable() and cjk_font_installed()


def poster_html(*, org_name: str, home_name: str, figures, size: str) -> str:
    """One portrait page of ``size`` (A1 or A0): the title, annex 6's two paragraphs with
    the figures, and the home's name; type scales with the paper (A0 = A1 × √2)."""
    width, height = rules.POSTER_SIZES[size]
    scale = width / rules.POSTER_SIZES["A1"][0]
    title, paragraphs = rules.board_text(org_name, {f.code: f.value for f in figures})
    css = f"""
@page {{ size: {width}mm {height}mm; margin: {60 * scale:.0f}mm {55 * scale:.0f}mm; }}
body {{ font-family: {CJK_SERIF_STACK}; font-size: {44 * scale:.0f}pt; line-height: 1.9; }}
h1 {{ font-family: {CJK_SANS_STACK}; font-size: {96 * scale:.0f}pt; text-align: center;
      color: #b3122e; margin: 0 0 {30 * scale:.0f}mm; }}
p {{ text-indent: 2em; margin: 0 0 {18 * scale:.0f}mm; text-align: justify; }}
.home {{ position: absolute; bottom: 0; right: 0; font-family: {CJK_SANS_STACK};
         font-size: {36 * scale:.0f}pt; }}
"""
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    return (
        f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title><style>{css}</style></head><body>"
        f"<h1>{escape(title)}</h1>{body}<div class='home'>{escape(home_name)}</div>"
        "</body></html>"
    )


def build_poster(*, org_name: str, home_name: str, figures, size: str) -> bytes:
    weasyprint = importlib.import_module("weasyprint")
    html = poster_html(org_name=org_name, home_name=home_name, figures=figures, size=size)
    return weasyprint.HTML(string=html).write_pdf()
