"""Build the synthetic test corpus in every format from its committed text sources.

``corpus_synth/`` holds, per document, ``NAME.txt`` (the text as a clerk would paste it:
two-column header and signing block laid out with spaces, task tables as Markdown
pipes) and ``NAME.gold.json`` (schema dondoc.gold/1, plus a ``synth`` key saying which
formats to build and how). Binary files are never committed: this script writes them.

* ``txt``: the source as is;
* ``docx``: python-docx, with the header and the signing block in borderless two-column
  tables as Word documents have them, pipe tables as real tables (a merged "Cơ quan
  thực hiện" header when ``docx_merge_header``), numbered items as real Word numbering
  when ``docx_numbering`` (``true``: "1." items in the List Number style;
  ``"multilevel"``: "I." / "1." / "a)" as the levels of one outline list) and "•"
  items as Word bullets when ``docx_bullets``;
* ``pdf``: that .docx converted by LibreOffice (a text layer with the real layout);
* ``pdf_wrapped``: the text hard-wrapped at 74 columns, converted by LibreOffice (a
  text layer whose paragraphs are broken into lines, as pasted from pdftotext).

    python tests/extraction/make_synth_corpus.py OUT_DIR [--formats txt,docx,pdf,pdf_wrapped]

writes OUT_DIR/<format>/NAME.<ext> with NAME.gold.json beside each.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "corpus_synth"
FORMATS = ("txt", "docx", "pdf", "pdf_wrapped")
_EXT = {"txt": ".txt", "docx": ".docx", "pdf": ".pdf", "pdf_wrapped": ".pdf"}

_GAP = re.compile(r" {3,}")
_DATELINE = re.compile(r"ngày\s+\S*\s*tháng", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d{1,2})\.\s+(?=\S)")
_BULLET = re.compile(r"^•\s*")
_PIPE = re.compile(r"^\s*\|")
_SEP_ROW = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def documents() -> list[tuple[str, str, dict]]:
    """(name, text, gold) of every committed source."""
    out = []
    for gold_path in sorted(SOURCES.glob("*.gold.json")):
        name = gold_path.name[: -len(".gold.json")]
        text = (SOURCES / (name + ".txt")).read_text(encoding="utf-8")
        out.append((name, text, json.loads(gold_path.read_text(encoding="utf-8"))))
    return out


def _split_columns(line: str) -> tuple[str, str]:
    """(left, right) of a line of a two-column block laid out with spaces: the right
    column is the text after a wide gap that starts past column 24 ("Số:    /TB-UBND"
    keeps its blank number)."""
    if not line.strip():
        return "", ""
    for m in _GAP.finditer(line):
        if m.end() >= 24 and m.start() > 0 and line[: m.start()].strip():
            return line[: m.start()].strip(), " ".join(line[m.end() :].split())
    indent = len(line) - len(line.lstrip())
    text = " ".join(line.split())
    return ("", text) if indent >= 20 else (text, "")


def _regions(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Header lines (through the date line and a following V/v block), body, signing block
    (the lines after the closing "./." line)."""
    h_end = 0
    for i, line in enumerate(lines):
        if _DATELINE.search(line):
            h_end = i + 1
            break
    if h_end < len(lines) and lines[h_end].strip().lower().startswith("v/v"):
        while (
            h_end < len(lines)
            and lines[h_end].strip()
            and not lines[h_end].strip().lower().startswith("kính gửi")
        ):
            h_end += 1
    f_start = len(lines)
    for i in range(len(lines) - 1, h_end - 1, -1):
        if lines[i].rstrip().endswith("./."):
            f_start = i + 1
            break
    return lines[:h_end], lines[h_end:f_start], lines[f_start:]


def _cols(line: str) -> tuple[str, str]:
    if _PIPE.match(line):
        # An OCR-style row "| left | right |".
        cells = _pipe_cells(line) + ["", ""]
        return cells[0], cells[1]
    return _split_columns(line)


def _two_column_table(doc, lines: list[str], signing: bool = False) -> None:
    """A borderless two-column table; in a signing block the signer's name (the right
    column's last line) sits below blank lines left for the signature and the seal."""
    from docx.shared import Pt

    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    for cell in (left, right):
        cell.paragraphs[0].text = ""
    first = {id(left): True, id(right): True}
    rights = [k for k, line in enumerate(lines) if _cols(line)[1]]
    name_at = rights[-1] if signing and len(rights) > 1 else -1
    for k, line in enumerate(lines):
        a, b = _cols(line)
        if k == name_at and b:
            for _ in range(3):
                right.add_paragraph("")
        for cell, value in ((left, a), (right, b)):
            if not value:
                continue
            para = cell.paragraphs[0] if first[id(cell)] else cell.add_paragraph()
            first[id(cell)] = False
            run = para.add_run(value)
            run.font.size = Pt(13)


def _pipe_cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _add_table(doc, rows: list[list[str]], merge_header: bool) -> None:
    ncols = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c in range(ncols):
            table.cell(r, c).text = row[c] if c < len(row) else ""
    if merge_header and len(rows) > 1:
        head, sub = rows[0], rows[1]
        # Vertical merges first: a header cell with nothing under it spans both rows.
        for c in range(ncols):
            if not sub[c] and head[c]:
                text = head[c]
                table.cell(0, c).merge(table.cell(1, c))
                table.cell(0, c).text = text
        c = 0
        while c < ncols:
            end = c
            while end + 1 < ncols and head[end + 1] == head[c] and head[c]:
                end += 1
            if end > c:
                text = head[c]
                merged = table.cell(0, c).merge(table.cell(0, end))
                merged.text = text
            c = end + 1


_LEVELS = [  # (label pattern, Word number format, level text)
    (re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s+(?=\S)"), "upperRoman", "%1."),
    (re.compile(r"^\d{1,2}\.\s+(?=\S)"), "decimal", "%2."),
    (re.compile(r"^[a-zđ]\)\s+(?=\S)"), "lowerLetter", "%3)"),
]


def _multilevel_num(doc) -> str:
    """Add an "I. / 1. / a)" multi-level list to the numbering part; its numId. Lower
    levels restart under each higher one, as in Word's outline lists."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = doc.part.numbering_part.element
    abstract_id, num_id = "90", "90"
    levels = "".join(
        f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{360 * (k + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for k, (_, fmt, text) in enumerate(_LEVELS)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>'
    )
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    )
    # abstractNum elements must precede num elements.
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return num_id


def _numbered(doc, text: str, num_id: str, level: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    para = doc.add_paragraph(text)
    ppr = para._p.get_or_add_pPr()
    ppr.append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def write_docx(text: str, meta: dict, path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = docx.Document()
    lines = text.splitlines()
    header, body, footer = _regions(lines)
    _two_column_table(doc, header)
    numbering, bullets = meta.get("docx_numbering"), meta.get("docx_bullets")
    multilevel = None
    i = 0
    while i < len(body):
        line = body[i].strip()
        if not line:
            i += 1
            continue
        if _PIPE.match(line):
            rows = []
            while i < len(body) and _PIPE.match(body[i]):
                if not _SEP_ROW.match(body[i]):
                    rows.append(_pipe_cells(body[i]))
                i += 1
            _add_table(doc, rows, bool(meta.get("docx_merge_header")))
            continue
        level = next((k for k, (rx, _, _) in enumerate(_LEVELS) if rx.match(line)), None)
        if numbering == "multilevel" and level is not None:
            if multilevel is None:
                multilevel = _multilevel_num(doc)
            _numbered(doc, _LEVELS[level][0].sub("", line), multilevel, level)
        elif numbering and _NUMBERED.match(line):
            doc.add_paragraph(_NUMBERED.sub("", line), style="List Number")
        elif bullets and _BULLET.match(line):
            doc.add_paragraph(_BULLET.sub("", line), style="List Bullet")
        else:
            para = doc.add_paragraph(line)
            if line.isupper() and len(line) < 40:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                para.runs[0].bold = True
        i += 1
    _two_column_table(doc, footer, signing=True)
    doc.save(str(path))


def write_lines_docx(text: str, path: Path) -> None:
    """One Word paragraph per line, in a proportional font: converted to PDF, a text
    layer whose paragraphs are hard-wrapped lines (LibreOffice's own text import uses a
    monospace font whose Vietnamese glyphs lose their spaces in the PDF)."""
    import docx
    from docx.shared import Inches, Pt

    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    style.paragraph_format.space_after = Pt(0)
    for section in doc.sections:
        section.left_margin = section.right_margin = Inches(0.7)
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if _PIPE.match(lines[i]):
            # Tables stay tables: a PDF of a plan has ruled cells, not pipes.
            rows = []
            while i < len(lines) and _PIPE.match(lines[i]):
                if not _SEP_ROW.match(lines[i]):
                    rows.append(_pipe_cells(lines[i]))
                i += 1
            _add_table(doc, rows, False)
            continue
        doc.add_paragraph(lines[i].replace("  ", "\u00a0 "))
        i += 1
    doc.save(str(path))


def wrap_text(text: str, width: int = 74) -> str:
    """Hard-wrap the body's long lines, keeping the header, the tables and the signing
    block as laid out."""
    lines = text.splitlines()
    header, body, footer = _regions(lines)
    out = list(header)
    for line in body:
        if _PIPE.match(line) or len(line) <= width:
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, width=width, initial_indent="    ", break_on_hyphens=False))
    return "\n".join(out + footer) + "\n"


def _convert(files: list[Path], outdir: Path) -> None:
    exe = soffice()
    if exe is None or not files:
        return
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
            ]
            + [str(f) for f in files],
            check=True,
            capture_output=True,
            timeout=600,
        )


def build(out: Path, formats: tuple[str, ...] = FORMATS) -> dict[str, list[Path]]:
    """Write each format's files; returns {format: [source paths]} (a format needing
    LibreOffice is empty when it is not installed)."""
    built: dict[str, list[Path]] = {f: [] for f in formats}
    work = out / "_work"
    work.mkdir(parents=True, exist_ok=True)
    to_pdf: dict[str, list[tuple[str, Path]]] = {"pdf": [], "pdf_wrapped": []}
    for name, text, gold in documents():
        meta = gold.get("synth", {})
        wanted = meta.get("formats", ["txt"])
        for fmt in formats:
            if fmt not in wanted:
                continue
            folder = out / fmt
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / (name + _EXT[fmt])
            if fmt == "txt":
                target.write_text(text, encoding="utf-8")
            elif fmt == "docx":
                write_docx(text, meta, target)
            elif fmt == "pdf":
                write_docx(text, meta, work / (name + ".docx"))
                to_pdf["pdf"].append((name, work / (name + ".docx")))
            elif fmt == "pdf_wrapped":
                (work / "wrapped").mkdir(exist_ok=True)
                src = work / "wrapped" / (name + ".docx")
                write_lines_docx(wrap_text(text), src)
                to_pdf["pdf_wrapped"].append((name, src))
            g = dict(gold, source=target.name)
            (folder / (name + ".gold.json")).write_text(
                json.dumps(g, ensure_ascii=False, indent=1), encoding="utf-8"
            )
            if fmt == "txt" or fmt == "docx":
                built[fmt].append(target)
    for fmt, items in to_pdf.items():
        if fmt not in formats or not items or soffice() is None:
            continue
        _convert([p for _, p in items], out / fmt)
        built[fmt] = [
            out / fmt / (name + ".pdf") for name, _ in items if (out / fmt / (name + ".pdf")).exists()
        ]
    return built


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--formats", default=",".join(FORMATS))
    args = ap.parse_args()
    built = build(args.out, tuple(f for f in args.formats.split(",") if f))
    for fmt, files in built.items():
        print(f"{fmt}: {len(files)} files in {args.out / fmt}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
