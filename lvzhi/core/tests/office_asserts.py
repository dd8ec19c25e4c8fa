"""Checks shared by the tests of the Word and Excel exports (issue 11 point 11): the files
re-opened with the library that reads them hold the print properties offices need."""

import re
import shutil
import subprocess
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A4_TWIPS = (11906, 16838)
INTERNAL_CODE = re.compile(r"^[a-z]+(_[a-z]+)+$")


def assert_word_prints(document, *, heading_font="黑体", body_font="宋体") -> None:
    for section in document.sections:
        assert (section.page_width.twips, section.page_height.twips) == A4_TWIPS
    styles = document.styles.element
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == body_font
    normal = document.styles["Normal"].element.rPr
    assert normal.rFonts.get(f"{W}eastAsia") == body_font
    assert normal.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    for name in ("Title", "Heading 1"):
        element = document.styles[name].element
        assert element.rPr.rFonts.get(f"{W}eastAsia") == heading_font
        # no leftover template styling: theme fonts, theme colours, the title's blue rule
        assert not any("Theme" in key or "theme" in key for key in element.rPr.rFonts.attrib)
        assert element.find(f".//{W}pBdr") is None
        color = element.rPr.find(f"{W}color")
        assert color is None or (
            color.get(f"{W}val") == "000000" and color.get(f"{W}themeColor") is None
        )
    assert "asciiTheme" not in "".join(defaults.find(f"{W}rFonts").attrib)
    spacing = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}spacing")
    assert (spacing.get(f"{W}after"), spacing.get(f"{W}line")) == ("0", "240")
    assert document.tables
    for table in document.tables:
        tbl = table._tbl
        assert tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        tblw = tbl.tblPr.find(f"{W}tblW")
        assert tblw.get(f"{W}type") == "dxa"
        grid = [int(col.get(f"{W}w")) for col in tbl.tblGrid.findall(f"{W}gridCol")]
        assert all(grid) and sum(grid) == int(tblw.get(f"{W}w"))
        for row in table.rows:
            assert row._tr.trPr.find(f"{W}cantSplit") is not None
            assert [cell.width.twips for cell in row.cells] == grid


def header_repeats(table) -> bool:
    return table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None


def assert_excel_prints(sheet, *, header_row: int) -> None:
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    for row in sheet.iter_rows(min_row=header_row):
        for cell in row:
            if cell.value is not None:
                assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
                assert cell.alignment.wrap_text
                assert not (isinstance(cell.value, str) and INTERNAL_CODE.match(cell.value)), (
                    cell.coordinate,
                    cell.value,
                )
    for letter, dimension in sheet.column_dimensions.items():
        assert dimension.width, letter


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_to_pdf(paths: list[Path], outdir: Path) -> list[Path]:
    """Convert ``paths`` (one soffice start for all) with a private profile."""
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return [outdir / f"{path.stem}.pdf" for path in paths]


def pdf_text(path: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_page_size(path: Path) -> tuple[float, float]:
    """Width and height in points of the first page (pdfinfo)."""
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
    return float(match.group(1)), float(match.group(2))


def pdf_fonts(path: Path) -> str:
    return subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout


def word_papers_as_pdf_text(papers: dict[str, bytes], outdir: Path) -> list[str]:
    """Each Word paper (``{code: bytes}``) holds the print properties, then is converted by
    LibreOffice as an office would print it: the PDFs' texts, spaces removed, in order.
    Skips the test where LibreOffice or poppler-utils is absent (``.ci/run`` installs them)."""
    import io

    import pytest
    from docx import Document

    paths = []
    for code, content in papers.items():
        assert_word_prints(Document(io.BytesIO(content)))
        path = outdir / f"{code}.docx"
        path.write_bytes(content)
        paths.append(path)
    if not soffice() or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice 或 poppler-utils 未安装：.ci/run 会安装")
    return [pdf_text(pdf).replace(" ", "") for pdf in libreoffice_to_pdf(paths, outdir)]
