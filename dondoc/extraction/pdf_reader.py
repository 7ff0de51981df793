"""PDF reader: the text layer through pypdfium2, OCR for pages that have none.

A PDF has no paragraphs, only positioned lines. We rebuild paragraphs from the line
geometry (a first-line indent or a short previous line ends a paragraph) and the text
(a sentence end, a list label), drop the page numbers, and join a paragraph that runs
over a page end.

An officially issued document is signed digitally (ký số) after it is written: the
clerk's signing software stamps the number, the day and the month into the blanks of
"Số: /UBND-KT" and "ngày  tháng 4 năm 2026" as signature-field (widget) or FreeText
annotation appearances, which are not in the page's text. `_flatten_stamps` has PDFium
draw those appearances into the page (it decodes their glyphs as a viewer would, also
in subset fonts without a ToUnicode map) and `_raw_lines` puts each short stamp into
the line it stands on, at its place among that line's words. Longer stamp texts (the
signature's own "Ký bởi: ... Thời gian ký: ...") are not page text and are left out.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field

from .normalize import (
    Item,
    build_source,
    ends_sentence,
    is_page_number,
    rejoin_broken_paragraphs,
    starts_new_item,
)
from .source import ReadError, Source
from .txt_reader import Line, join_wrapped_lines

__all__ = ["read_pdf_bytes", "page_lines"]

ENCRYPTED = "Tệp PDF đã bị mã hóa, không đọc được."
BROKEN = "Tệp PDF bị hỏng, không đọc được."
MAX_PAGES = int(os.environ.get("DONDOC_PDF_MAX_PAGES", 300))
# A page with fewer characters than this in its text layer is a scan (perhaps with a
# stamped page number or a few OCR'd words): it is read by OCR.
MIN_TEXT_CHARS = 40
OCR_DPI = 300


def _open(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # PDFium's FPDF_ERR_PASSWORD (4): the file needs a password to open; FPDF_ERR_SECURITY (5):
        # an unsupported security handler.
        if getattr(exc, "err_code", None) in (4, 5) or "password" in str(exc).lower():
            raise ReadError(ENCRYPTED) from exc
        raise ReadError(BROKEN) from exc


@dataclass(slots=True)
class _RawLine:
    parts: list[tuple[str, float, float]]  # (text, x0, x1) pieces split at wide gaps
    top: float
    bottom: float
    size: float
    grid: _Grid | None = None  # a ruled table standing at this place in the text

    @property
    def text(self) -> str:
        return " ".join(p[0] for p in self.parts)

    @property
    def x0(self) -> float:
        return self.parts[0][1]

    @property
    def x1(self) -> float:
        return self.parts[-1][2]


@dataclass(slots=True)
class _Grid:
    """A ruled table found from the page's drawn lines: column edges `xs` (left to
    right), row edges `ys` (top to bottom), and the horizontal and vertical rules, to
    tell merged cells (no rule between two bands) from separate ones."""

    xs: list[float]
    ys: list[float]
    hs: list[tuple[float, float, float]]  # (x0, x1, y)
    vs: list[tuple[float, float, float]]  # (x, y0, y1)
    chars: dict[tuple[int, int], list[tuple[int, str]]] = field(default_factory=dict)
    placed: bool = False
    convert: object = None  # a legacy-font converter for the cells' text

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[-1] <= y <= self.ys[0]):
            return None
        col = next((i for i in range(len(self.xs) - 1) if x <= self.xs[i + 1]), len(self.xs) - 2)
        row = next((i for i in range(len(self.ys) - 1) if y >= self.ys[i + 1]), len(self.ys) - 2)
        return row, col

    def _h_rule(self, y: float, x: float) -> bool:
        return any(abs(hy - y) < 2.5 and x0 - 2 <= x <= x1 + 2 for x0, x1, hy in self.hs)

    def _v_rule(self, x: float, y: float) -> bool:
        return any(abs(vx - x) < 2.5 and y0 - 2 <= y <= y1 + 2 for vx, y0, y1 in self.vs)

    def rows(self) -> list[list[str]]:
        n_rows, n_cols = len(self.ys) - 1, len(self.xs) - 1
        parent = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

        def find(a):
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        for r in range(n_rows):
            cy = (self.ys[r] + self.ys[r + 1]) / 2
            for c in range(n_cols):
                cx = (self.xs[c] + self.xs[c + 1]) / 2
                # Merged cells: no rule between two bands.
                if c + 1 < n_cols and not self._v_rule(self.xs[c + 1], cy):
                    parent[find((r, c + 1))] = find((r, c))
                if r + 1 < n_rows and not self._h_rule(self.ys[r + 1], cx):
                    parent[find((r + 1, c))] = find((r, c))
        texts: dict[tuple[int, int], list[tuple[int, str]]] = {}
        for band, chars in self.chars.items():
            texts.setdefault(find(band), []).extend(chars)
        joined = {k: _join_chars(v) for k, v in texts.items()}
        if self.convert is not None:
            joined = {k: self.convert(v) for k, v in joined.items()}
        out = []
        for r in range(n_rows):
            cells: list[str] = []
            previous = None
            for c in range(n_cols):
                root = find((r, c))
                if root == previous:
                    continue  # a cell spanning columns keeps one value
                previous = root
                # A cell spanning rows gives its value to each of them, as the .docx
                # reader does, so that every task row carries its lead and deadline.
                cells.append(joined.get(root, ""))
            out.append(cells)
        return out


def _join_chars(chars: list[tuple[int, str]]) -> str:
    chars.sort()
    out: list[str] = []
    last = None
    for k, ch in chars:
        if last is not None and k - last > 1:
            # A narrow cell wraps "31/12/2026" as "31/12/20" + "26": a date's year is
            # one word, so a break inside it is no space.
            if not (ch.isdigit() and _DATE_CUT.search("".join(out[-12:]))):
                out.append(" ")
        out.append(ch)
        last = k
    return " ".join("".join(out).split())


_DATE_CUT = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{1,3}$")


def _merge_close(values: list[float], tolerance: float = 2.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def _find_grids(page) -> list[_Grid]:
    """Ruled tables: clusters of thin drawn lines, at least two columns wide."""
    import pypdfium2.raw as pdfium_c

    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    try:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
            left, bottom, right, top = obj.get_bounds()
            width, height = right - left, top - bottom
            if height <= 2.5 and width >= 15:
                hs.append((left, right, (top + bottom) / 2))
            elif width <= 2.5 and height >= 8:
                vs.append(((left + right) / 2, bottom, top))
            if len(hs) + len(vs) > 5000:
                return []  # a drawing, not a table
    except Exception:
        return []
    if len(vs) < 3 or not hs:
        return []
    # Vertical rules whose heights overlap belong to one table.
    clusters: list[list[tuple[float, float, float]]] = []
    for v in sorted(vs, key=lambda v: -v[2]):
        if clusters and v[2] >= min(c[1] for c in clusters[-1]) - 2:
            clusters[-1].append(v)
        else:
            clusters.append([v])
    grids = []
    for cluster in clusters:
        xs = _merge_close([v[0] for v in cluster])
        if len(xs) < 3:
            continue
        y_low = min(v[1] for v in cluster)
        y_high = max(v[2] for v in cluster)
        rules = [h for h in hs if y_low - 3 <= h[2] <= y_high + 3 and h[0] < xs[-1] and h[1] > xs[0]]
        ys = sorted(_merge_close([h[2] for h in rules] + [y_low, y_high]), reverse=True)
        if len(ys) < 2:
            continue
        grids.append(_Grid(xs=xs, ys=ys, hs=rules, vs=cluster))
    return grids


# Two cells of a borderless table on one baseline ("Số: 12/TB-UBND" ... "Lạng Sơn,
# ngày ..."): farther apart than any word gap of justified text (in font sizes).
_CELL_GAP = 1.6


# A draft leaves the number blank: "Số:" and "/TB-UBND" stand far apart in one cell.
_NOT_A_CELL = frozenset({"Số:", "Số", "Số :"})


def _merge_parts(parts: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """A wide gap also opens inside a cell: a justified narrow column ("chứng    nhận
    huấn"), a blank left for the day in a draft ("ngày      tháng 4 năm 2026"). A cell
    of the header or signing table starts with a capital, a digit or a dash; a piece
    starting in lowercase or with "/" continues the piece before it."""
    merged = [parts[0]]
    for text, x0, x1 in parts[1:]:
        if text[:1].islower() or text[:1] == "/":
            prev_text, prev_x0, _ = merged[-1]
            merged[-1] = (f"{prev_text} {text}", prev_x0, x1)
        else:
            merged.append((text, x0, x1))
    return merged


# Annotations whose appearance may carry the text a clerk stamps: signature fields and
# other form fields (widgets), FreeText boxes, rubber stamps.
_STAMP_KINDS = (20, 3, 13)  # FPDF_ANNOT_WIDGET, FPDF_ANNOT_FREETEXT, FPDF_ANNOT_STAMP
# A stamp that fills a blank: one short line with a digit ("1234", "28", "04",
# "1234/UBND-KT"). A signature's caption ("Ký bởi: ...", an e-mail, "06.11.2024
# 09:27:05 +07:00") has a colon, an "@" or several lines, and is no page text.
_STAMP_MAX = 24


@dataclass(slots=True)
class _Stamps:
    """The characters of a flattened page from `body` on are those of annotation
    appearances; `rects` are those annotations' rectangles (left, bottom, right, top)."""

    body: int
    rects: list[tuple[float, float, float, float]]


def _flatten_stamps(pdf, index: int, page):
    """(page, stamps): when the page has annotations that can show text, the page with
    their appearances drawn into its content (reloaded), and where their characters
    begin; else the page as it was and None."""
    import pypdfium2.raw as pdfium_c

    raw = page.raw
    rects: list[tuple[float, float, float, float]] = []
    hidden = pdfium_c.FPDF_ANNOT_FLAG_HIDDEN | pdfium_c.FPDF_ANNOT_FLAG_INVISIBLE
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(raw, i)
        if not annot:
            continue
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) not in _STAMP_KINDS:
                continue
            if pdfium_c.FPDFAnnot_GetFlags(annot) & hidden or not pdfium_c.FPDFAnnot_HasKey(annot, b"AP"):
                continue
            box = pdfium_c.FS_RECTF()
            if pdfium_c.FPDFAnnot_GetRect(annot, box):
                rects.append(
                    (
                        min(box.left, box.right),
                        min(box.bottom, box.top),
                        max(box.left, box.right),
                        max(box.bottom, box.top),
                    )
                )
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    if not rects:
        return page, None
    textpage = page.get_textpage()
    try:
        body = textpage.count_chars()
        before = textpage.get_text_range(0, body) if body > 0 else ""
    finally:
        textpage.close()
    if pdfium_c.FPDFPage_Flatten(raw, pdfium_c.FLAT_PRINT) != pdfium_c.FLATTEN_SUCCESS:
        return page, None
    # The flattened content is seen by a page loaded anew.
    page.close()
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        same = count >= body and textpage.get_text_range(0, body) == before if body > 0 else True
    finally:
        textpage.close()
    if not same:
        # PDFium ordered the page's own text differently once the appearances were
        # added: no telling the stamps from the page; read the page without them.
        return page, _Stamps(body=-1, rects=[])
    return page, _Stamps(body=max(body, 0), rects=rects)


def _stamp_order(textpage, text: str, stamps: _Stamps) -> list[int] | None:
    """The reading order of the page's characters (indices, -1 for an added space)
    with each short stamp put into the line it stands on, after the last character of
    that line left of it; None when no stamp goes anywhere."""
    count = len(text)
    body = stamps.body
    if body < 0:
        return None
    groups: dict[int, list[int]] = {}
    for k in range(body, count):
        if text[k].isspace():
            continue
        left, low, right, high = textpage.get_charbox(k)
        cx, cy = (left + right) / 2, (low + high) / 2
        # Signature fields overlap (a wide number field, the date fields beside it):
        # a character belongs to the smallest rectangle it stands in.
        best = None
        for n, (x0, y0, x1, y1) in enumerate(stamps.rects):
            if x0 - 1 <= cx <= x1 + 1 and y0 - 1 <= cy <= y1 + 1:
                area = (x1 - x0) * (y1 - y0)
                if best is None or area < best[0]:
                    best = (area, n)
        if best is not None:
            groups.setdefault(best[1], []).append(k)
    boxes = None
    inserts: dict[int, list[tuple[float, list[int]]]] = {}
    for chars in groups.values():
        value = "".join(text[k] for k in chars)
        if len(value) > _STAMP_MAX or not any(c.isdigit() for c in value) or ":" in value or "@" in value:
            continue
        cboxes = [textpage.get_charbox(k) for k in chars]
        low = min(b[1] for b in cboxes)
        high = max(b[3] for b in cboxes)
        if any(b[1] > high or b[3] < low for b in cboxes) or high - low <= 0:
            continue  # more than one line
        left = min(b[0] for b in cboxes)
        # A stamp drawn a little into the word before its blank ("ngày" ending where
        # the day begins): the line's characters are placed by their centres against
        # the centre of the stamp's first character.
        head = min(cboxes, key=lambda b: b[0])
        mark = (head[0] + head[2]) / 2
        if boxes is None:
            boxes = [textpage.get_charbox(k) for k in range(body)]
        after = None  # (right edge, index) of the line's last character left of the stamp
        first = None  # the line's first character, when the stamp stands left of it all
        for k in range(body):
            ch = text[k]
            if ch.isspace():
                continue
            b = boxes[k]
            overlap = min(high, b[3]) - max(low, b[1])
            if overlap < 0.3 * min(high - low, max(b[3] - b[1], 0.1)):
                continue
            centre = (b[0] + b[2]) / 2
            if centre < mark:
                if after is None or centre > after[0]:
                    after = (centre, k)
            elif first is None or centre < first[0]:
                first = (centre, k)
        in_x = [k for _, k in sorted(zip((b[0] for b in cboxes), chars, strict=True))]
        if after is not None:
            inserts.setdefault(after[1], []).append((left, in_x))
        elif first is not None:
            inserts.setdefault(first[1] - 1, []).append((left, in_x))
    if not inserts:
        return None
    order: list[int] = []
    for k in range(-1, body):
        if k >= 0:
            order.append(k)
        for _left, chars in sorted(inserts.get(k, ()), key=lambda item: item[0]):
            if order and not text[order[-1]].isspace():
                order.append(-1)
            order.extend(chars)
            if k + 1 < body and not text[k + 1].isspace():
                order.append(-1)
    return order


def _raw_lines(page, grids: list[_Grid] | None = None, stamps: _Stamps | None = None) -> list[_RawLine]:
    import pypdfium2.raw as pdfium_c

    grids = grids or []
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return []
        text = textpage.get_text_range(0, count)
        if len(text) != count:
            # Characters outside the BMP break the index alignment: no geometry.
            if stamps is not None and stamps.body >= 0:
                text = text[: stamps.body]
            return [_RawLine([(seg, 0.0, 0.0)], 0.0, 0.0, 0.0) for seg in text.splitlines() if seg.strip()]
        order: list[int] | range = range(count)
        if stamps is not None:
            # The stamps put in their places, the rest of the annotations' text left out.
            order = _stamp_order(textpage, text, stamps) or range(stamps.body if stamps.body >= 0 else count)
        lines: list[_RawLine] = []
        parts: list[tuple[str, float, float]] = []
        piece: list[str] = []
        px0 = px1 = 0.0
        top = bottom = 0.0
        sizes: list[float] = []

        def end_piece() -> None:
            if "".join(piece).strip():
                parts.append(("".join(piece).strip(), px0, px1))
            piece.clear()

        def end_line() -> None:
            nonlocal top, bottom
            end_piece()
            if parts:
                sizes.sort()
                lines.append(
                    _RawLine(_merge_parts(parts), top, bottom, sizes[len(sizes) // 2] if sizes else 0.0)
                )
            parts.clear()
            sizes.clear()
            top = bottom = 0.0

        for k in order:
            if k < 0:
                if piece and piece[-1] != " ":
                    piece.append(" ")
                continue
            ch = text[k]
            if ch in "\r\n":
                if ch == "\n" or (k + 1 < count and text[k + 1] != "\n"):
                    end_line()
                continue
            if ch.isspace():
                if piece:
                    piece.append(" ")
                continue
            left, low, right, high = textpage.get_charbox(k)
            if grids:
                cx, cy = (left + right) / 2, (low + high) / 2
                grid = next((g for g in grids if g.cell_of(cx, cy) is not None), None)
                if grid is not None:
                    grid.chars.setdefault(grid.cell_of(cx, cy), []).append((k, ch))
                    if not grid.placed:
                        # The table takes the place of its first character in the text.
                        end_line()
                        grid.placed = True
                        lines.append(_RawLine([("", cx, cx)], high, low, 0.0, grid=grid))
                    continue
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, k)
            if (
                piece
                and left - px1 > max(_CELL_GAP * size, 12.0)
                and "".join(piece).strip() not in _NOT_A_CELL
            ):
                end_piece()
            if not piece:
                px0 = left
            piece.append(ch)
            px1 = max(px1, right) if len(piece) > 1 else right
            if not parts and len(piece) == 1:
                top, bottom = high, low
            else:
                top, bottom = max(top, high), min(bottom, low)
            sizes.append(size)
        end_line()
        return lines
    finally:
        textpage.close()


def page_lines(page, stamps: _Stamps | None = None) -> tuple[list[_RawLine], list[_RawLine]]:
    """The lines of one page's text layer, page numbers dropped, footnotes apart;
    `stamps` from `_flatten_stamps` when annotation appearances were drawn in."""
    raw = _raw_lines(page, _find_grids(page), stamps)
    # Running page numbers stand alone at the top or the bottom of a page.
    while raw and raw[-1].grid is None and is_page_number(raw[-1].text):
        raw.pop()
    while raw and raw[0].grid is None and is_page_number(raw[0].text):
        raw.pop(0)
    notes: list[_RawLine] = []
    sizes = sorted(r.size for r in raw if r.size > 0 and len(r.text) > 20)
    if sizes:
        body = sizes[len(sizes) // 2]
        # Footnotes: the lines at the foot of the page in a smaller font.
        while (
            raw
            and raw[-1].grid is None
            and 0 < raw[-1].size < 0.85 * body
            and raw[-1].bottom <= min(r.bottom for r in raw) + 1
        ):
            notes.insert(0, raw.pop())
    return raw, notes


def _continues_cell(
    row: _RawLine, cells: list[str], prev: _RawLine | None, line: _RawLine, pitch: float | None
) -> int | None:
    """The cell of `row` (just above) whose wrapped end `line` is, if any: closely
    spaced, inside the cell's column, not a new item, and either going on with a
    lowercase word or a number ("... tháng 02 năm" / "2026"), or going on with a cell
    that ends no sentence, capitals under capitals ("ỦY BAN NHÂN DÂN" / "TỈNH LẠNG
    SƠN"), ordinary text under ordinary text ("V/v triển khai ... Phú" / "Thịnh 5")."""
    if (
        prev is None
        or not pitch
        or not 0 < prev.bottom - line.bottom < 1.6 * pitch
        or starts_new_item(line.text)
    ):
        return None
    head = line.text[:1]
    centre = (line.x0 + line.x1) / 2
    for i, (_text, c0, c1) in enumerate(row.parts):
        if not (c0 - 20 <= line.x0 and line.x1 <= c1 + 40 and c0 <= centre <= c1):
            continue
        if head.islower() or head.isdigit():
            return i
        text = cells[i] if i < len(cells) else ""
        if text and not ends_sentence(text) and text.isupper() == line.text.isupper():
            return i
    return None


def _to_items(raw: list[_RawLine], state: dict) -> list[Item]:
    """Rebuild paragraphs (and rows of cells on one baseline) from a page's lines."""
    full = [r for r in raw if len(r.text) >= 25 and r.size > 0]
    if full:
        lefts = sorted(r.x0 for r in full)
        rights = sorted(r.x1 for r in full)
        left = lefts[len(lefts) // 10]
        right = rights[len(rights) * 9 // 10]
        pitches = sorted(
            a.bottom - b.bottom
            for a, b in zip(raw, raw[1:], strict=False)
            if 0 < a.bottom - b.bottom < 4 * max(a.size, 1)
        )
        pitch = pitches[len(pitches) // 2] if pitches else None
    else:
        left = right = pitch = None
    items: list[Item] = []
    pending: list[Line] = []
    table = state.get("count", 0)
    in_table = False
    row = 0
    prev: _RawLine | None = None

    def flush() -> None:
        items.extend(Item(p) for p in join_wrapped_lines(pending))
        pending.clear()

    last_row: _RawLine | None = None
    for r in raw:
        if r.grid is not None:
            flush()
            ncols = len(r.grid.xs) - 1
            opened = state.get("open")
            rows = r.grid.rows()
            if opened and not items and opened[1] == ncols:
                # The table goes on from the previous page.
                index, _, next_row = opened
                last = state.get("last_row")
                if (
                    rows
                    and last is not None
                    and len(rows[0]) == len(last.cells)
                    and not rows[0][0].strip()
                    and last.cells[0].strip()
                ):
                    # A row broken by the page end: its rest has no number of its own.
                    last.cells = [f"{a} {b}".strip() for a, b in zip(last.cells, rows.pop(0), strict=True)]
            else:
                index, next_row = table, 0
                table += 1
            for cells in rows:
                items.append(Item("", kind="row", cells=cells, table=index, row=next_row))
                next_row += 1
                state["last_row"] = items[-1]
            state["open"] = (index, ncols, next_row)
            in_table, last_row, prev = False, None, None
            continue
        state["open"] = None
        column = (
            _continues_cell(last_row, items[-1].cells or [], prev, r, pitch)
            if last_row is not None and len(r.parts) == 1 and items and items[-1].cells is not None
            else None
        )
        if column is not None:
            # A cell's text wrapped on the next line ("Lạng Sơn, ngày 05 tháng 02 năm" /
            # "2026"): back into the cell whose column it lies in.
            cells = items[-1].cells
            cells[column] = f"{cells[column]} {r.text}"
            prev = r
            continue
        if len(r.parts) > 1:
            last_row = r
            flush()
            if not in_table:
                in_table, row = True, 0
                table += 1
            items.append(Item("", kind="row", cells=[p[0] for p in r.parts], table=table - 1, row=row))
            row += 1
            prev = r
            continue
        in_table = False
        last_row = None
        text = " ".join(r.text.split())
        if left is None or r.size == 0:
            pending.append(Line(text))
            prev = r
            continue
        new_block = prev is not None and r.bottom > prev.bottom + 2
        gap = (prev.bottom - r.bottom) if prev is not None else 0.0
        # "Short" is measured against the lines that start where this one starts: in
        # a table cell ("Kính gửi: - Công ty ...") the right edge is the cell's.
        group = [o.x1 for o in raw if abs(o.x0 - r.x0) < 6 and len(o.parts) == 1]
        group_right = max(group) if len(group) >= 3 else right
        pending.append(
            Line(
                text,
                # A first-line indent starts right of the margin and of the line above;
                # lines of a table cell all start at the cell's left edge.
                indented=r.x0 - left > 8.0 and (prev is None or r.x0 > prev.x0 + 8.0),
                short=group_right - r.x1 > 0.15 * max(1.0, group_right - r.x0),
                full=group_right - r.x1 < 0.02 * max(1.0, group_right - r.x0) and len(text) >= 40,
                blank_before=bool(pitch) and gap > 1.35 * pitch,
                new_block=new_block,
                x0=r.x0,
                x1=r.x1,
            )
        )
        prev = r
    flush()
    state["count"] = table
    return items


def _has_images(page) -> bool:
    import pypdfium2.raw as pdfium_c

    try:
        return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))
    except Exception:  # an unreadable object list: let OCR have a try
        return True


# --- is the text layer text? ------------------------------------------------------------
# A text layer can be garbage: a scan with a poor OCR layer of its own, a font without
# a usable ToUnicode map (glyph numbers read as letters), a legacy TCVN3/VNI font (the
# Latin-1 look-alikes of Vietnamese letters). Its words are then mostly not Vietnamese
# syllables, or it holds replacement and private-use characters, or UTF-8 read as
# Windows-1252 ("Ä‘", "áº"). A page with fewer words than this is not judged.
_QUALITY_MIN_WORDS = 8
# Share of words that are Vietnamese syllables: about 0.97 in real documents (the rest
# abbreviations and names), under 0.3 in every garbage layer we made.
_QUALITY_MIN_SHARE = 0.6
_BAD_CHARS = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f]")
_MOJIBAKE = re.compile("Ã[\x80-\xbf\xa1-\xff]|á[º»]|Ä[‘\x91]|Æ[°¡]|â€")


def layer_quality(text: str) -> tuple[int, int, int]:
    """(words judged, words that are Vietnamese syllables, bad characters) of a text:
    abbreviations in capitals ("UBND", "KT") are not judged; a mojibake pair counts as
    three bad characters."""
    from .legacy_encodings import _VN_LETTERS, _WORD, _syllable_ok

    words = good = 0
    for m in _WORD.finditer(text):
        word = m.group(0)
        if len(word) <= 8 and word.isascii() and word.isupper():
            continue
        lower = word.lower()
        words += 1
        if all(c in _VN_LETTERS or ("a" <= c <= "z") for c in lower) and _syllable_ok(lower):
            good += 1
    bad = len(_BAD_CHARS.findall(text)) + 3 * len(_MOJIBAKE.findall(text))
    return words, good, bad


def text_layer_ok(text: str) -> bool:
    """Whether a page's text layer reads as Vietnamese (see `layer_quality`)."""
    words, good, bad = layer_quality(text)
    if bad > max(2, len(text) // 100):
        return False
    return words < _QUALITY_MIN_WORDS or good >= _QUALITY_MIN_SHARE * words


def _layer_text(raw: list[_RawLine]) -> str:
    parts = []
    for r in raw:
        if r.grid is not None:
            parts.extend(ch for chars in r.grid.chars.values() for _, ch in chars)
        else:
            parts.append(r.text)
        parts.append("\n")
    return "".join(parts)


def _legacy_fix(raw: list[_RawLine], text: str):
    """The converter (TCVN3 or VNI to Unicode) that makes a failing layer Vietnamese,
    if one does."""
    from .legacy_encodings import LEGACY_CONVERTERS, detect_legacy

    name = detect_legacy(text)
    if name == "unicode":
        return None
    convert = LEGACY_CONVERTERS[name]
    return convert if text_layer_ok(convert(text)) else None


def _convert_lines(raw: list[_RawLine], convert) -> None:
    for r in raw:
        r.parts = [(convert(t), x0, x1) for t, x0, x1 in r.parts]
        if r.grid is not None:
            r.grid.convert = convert


def read_pdf_bytes(data: bytes) -> Source:
    import pypdfium2 as pdfium

    from .ocr import BUDGET_MESSAGE, PagePool, ocr_available, page_items
    from .ocr import TOTAL_TIMEOUT as OCR_TOTAL_TIMEOUT

    pdf = _open(data)
    warnings: list[str] = []
    items: list[Item] = []
    notes: list[Item] = []
    state: dict = {"count": 0, "open": None}  # tables seen; the table a page may go on with
    skipped_ocr = 0
    broken_pages = 0
    deadline = time.monotonic() + OCR_TOTAL_TIMEOUT
    ocr_pages = 0
    missing_ocr = 0
    garbled = 0  # pages whose text layer failed the check and were OCRed
    unreadable = 0  # such pages kept as they are: no OCR here
    legacy = 0  # pages in a legacy font, converted
    # Pages in order: ("text", lines, footnotes) | ("ocr", future of the page's OCR).
    plan: list[tuple] = []
    pool: PagePool | None = None
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise ReadError("Tài liệu không có nội dung.")
        if n_pages > MAX_PAGES:
            warnings.append(f"Tệp PDF có {n_pages} trang: chỉ đọc {MAX_PAGES} trang đầu.")
        last = min(n_pages, MAX_PAGES)
        for index in range(last):
            try:
                page = pdf[index]
            except pdfium.PdfiumError:
                broken_pages += 1
                continue
            try:
                page, stamps = _flatten_stamps(pdf, index, page)
                raw, page_notes = page_lines(page, stamps)
                garbage = False
                if sum(len(r.text) for r in raw) + sum(len(r.text) for r in page_notes) >= MIN_TEXT_CHARS:
                    text = _layer_text(raw + page_notes)
                    if text_layer_ok(text):
                        plan.append(("text", raw, page_notes))
                        continue
                    convert = _legacy_fix(raw, text)
                    if convert is not None:
                        _convert_lines(raw + page_notes, convert)
                        legacy += 1
                        plan.append(("text", raw, page_notes))
                        continue
                    garbage = True
                elif not _has_images(page):
                    # A page with little text and no picture (the last lines and the
                    # signature of a letter): nothing more to find by OCR.
                    plan.append(("text", raw, []))
                    continue
                if not ocr_available():
                    if garbage:
                        unreadable += 1
                        plan.append(("text", raw, page_notes))
                    else:
                        missing_ocr += 1
                    continue
                if time.monotonic() > deadline:
                    skipped_ocr += 1
                    continue
                # 300 dpi, but no more than ~40 megapixels for an oversized page.
                width, height = page.get_size()
                scale = min(OCR_DPI / 72, (40_000_000 / max(1.0, width * height)) ** 0.5)
                bitmap = page.render(scale=scale, grayscale=True)
                if pool is None:
                    # Pages OCRed side by side while the next ones are rendered.
                    pool = PagePool(last - index, deadline)
                # A copy: the bitmap's buffer is freed with it, the page is OCRed later.
                image = bitmap.to_pil().copy()
                bitmap.close()
                plan.append(("ocr", pool.submit(image, scale * 72)))
                garbled += garbage
            finally:
                page.close()
        for entry in plan:
            if entry[0] == "text":
                _, raw, page_notes = entry
                # Paragraphs are rebuilt page by page; one running over a page end
                # is joined again by rejoin_broken_paragraphs below.
                items.extend(_to_items(raw, state))
                if page_notes:
                    opened = state["open"]
                    notes.extend(_to_items(page_notes, state))
                    state["open"] = opened
                continue
            result = entry[1].result()
            if result is None:
                skipped_ocr += 1
                continue
            items.extend(page_items(result, state))
            ocr_pages += 1
    finally:
        if pool is not None:
            pool.close()
        pdf.close()
    if missing_ocr:
        if not items:
            from .ocr import MISSING_MESSAGE

            raise ReadError(MISSING_MESSAGE)
        warnings.append(f"{missing_ocr} trang là ảnh quét nhưng chưa cài Tesseract OCR: bỏ qua các trang đó.")
    if broken_pages:
        if not items:
            raise ReadError(BROKEN)
        warnings.append(f"{broken_pages} trang PDF bị hỏng, không đọc được: bỏ qua các trang đó.")
    if skipped_ocr:
        warnings.append(BUDGET_MESSAGE.format(n=skipped_ocr))
    if garbled:
        warnings.append(
            f"Lớp chữ của {garbled} trang PDF bị lỗi (phông chữ hoặc lớp OCR kém): đã nhận dạng lại từ ảnh trang."
        )
    if unreadable:
        warnings.append(
            f"Lớp chữ của {unreadable} trang PDF bị lỗi phông chữ và chưa cài Tesseract OCR để đọc lại: "
            "nội dung các trang đó có thể sai."
        )
    if legacy:
        warnings.append(f"{legacy} trang PDF dùng phông chữ cũ (TCVN3/VNI): đã chuyển sang Unicode.")
    fmt = "ocr" if ocr_pages and ocr_pages >= (min(n_pages, MAX_PAGES) - missing_ocr) else "pdf"
    if ocr_pages:
        warnings.append("Văn bản được nhận dạng từ ảnh (OCR), cần kiểm tra lại.")
    # Footnotes go after the body, where they no longer cut a paragraph in two.
    return build_source(rejoin_broken_paragraphs(items) + notes, fmt, warnings)
