"""`dondoc extract FILE [--format json|text]`: print what the extractor reads.

Exit status: 0 when the file was read (even if it assigns no task), 2 with a one-line
Vietnamese reason on stderr when it cannot be read or the arguments are wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata

from .source import ReadError

__all__ = ["main", "render_text"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep the message Vietnamese
        self.print_usage(sys.stderr)
        print(f"Lỗi tham số: {message}", file=sys.stderr)
        raise SystemExit(2)


def _width(s: str) -> int:
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s
    )


def _cut(s: str | None, n: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _pad(s: str, n: int) -> str:
    return s + " " * max(0, n - _width(s))


def render_text(result: dict, name: str = "") -> str:
    """A readable table with the document's metadata on top (Vietnamese headings)."""
    d = result.get("document") or {}
    signer = d.get("signer") or {}
    lines = []
    if name:
        lines.append(f"Tệp: {name}")
    number = d.get("number") or "…"
    symbol = d.get("symbol") or ""
    lines += [
        f"Loại văn bản: {d.get('kind') or '—'}",
        f"Số, ký hiệu: {number}/{symbol}" if symbol else f"Số, ký hiệu: {d.get('number') or '—'}",
        f"Cơ quan ban hành: {d.get('issuer') or '—'}"
        + (f" ({d['issuer_parent']})" if d.get("issuer_parent") else ""),
        f"Địa danh, ngày: {d.get('place') or '—'}, {d.get('issued_on') or '(chưa ghi ngày)'}",
        f"Trích yếu: {d.get('subject') or '—'}",
    ]
    if d.get("meeting_on"):
        lines.append(f"Ngày họp: {d['meeting_on']}")
    who = " ".join(x for x in (signer.get("authority"), signer.get("title")) if x)
    lines.append(f"Người ký: {signer.get('name') or '—'}" + (f" — {who}" if who else ""))
    lines.append(f"Nơi nhận: {len(d.get('recipients') or [])} nơi")
    tasks = result.get("tasks") or []
    lines.append(f"Số nhiệm vụ: {len(tasks)}")
    lines.append("")
    if not tasks:
        lines.append("Văn bản không giao nhiệm vụ nào.")
        return "\n".join(lines) + "\n"
    cols = [
        ("No", 3),
        ("Nhiệm vụ", 60),
        ("Chủ trì", 28),
        ("Phối hợp", 28),
        ("Thời hạn", 18),
        ("Sản phẩm", 20),
    ]
    lines.append(" | ".join(_pad(h, w) for h, w in cols))
    lines.append("-+-".join("-" * w for _, w in cols))
    for n, t in enumerate(tasks, 1):
        dl = t.get("deadline") or {}
        due = dl.get("due") or (_cut(dl.get("text"), 12) if dl.get("text") else "")
        if t.get("urgent"):
            due = (due + " (khẩn)").strip()
        row = [
            str(n),
            _cut(t.get("text"), 60),
            _cut(t.get("lead"), 28),
            _cut(", ".join(t.get("coordinators") or []), 28),
            _cut(due, 18),
            _cut(", ".join(t.get("products") or []), 20),
        ]
        lines.append(" | ".join(_pad(v, w) for v, (_, w) in zip(row, cols, strict=True)))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = _Parser(prog="dondoc extract", description="Trích xuất thông tin và nhiệm vụ từ văn bản hành chính.")
    ap.add_argument("file", help="tệp văn bản (.txt, .docx, .pdf, .doc)")
    ap.add_argument("--format", choices=("json", "text"), default="json", help="định dạng kết quả")
    ap.add_argument(
        "--before-inclusive",
        action="store_true",
        help="đọc 'trước ngày D' là hạn ngày D (mặc định: ngày D-1)",
    )
    try:
        args = ap.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else 2
    path = args.file
    out = sys.stdout
    try:
        out.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        pass
    if not os.path.exists(path):
        print(f"Không tìm thấy tệp: {path}", file=sys.stderr)
        return 2
    if os.path.isdir(path):
        print(f"Không phải tệp mà là thư mục: {path}", file=sys.stderr)
        return 2
    from .extract import Options, extract
    from .readers import read_file

    try:
        source = read_file(path)
    except ReadError as exc:
        reason = " ".join(str(exc).split()) or "Không đọc được tệp."
        print(reason, file=sys.stderr)
        return 2
    except MemoryError:
        print("Tệp quá lớn, không đọc được.", file=sys.stderr)
        return 2
    except Exception as exc:  # a reader's bug must not end in a traceback for the user
        print(f"Không đọc được tệp: {type(exc).__name__}.", file=sys.stderr)
        return 2
    if not source.text.strip():
        print("Tài liệu không có nội dung.", file=sys.stderr)
        return 2
    try:
        result = extract(source, options=Options(before_is_previous_day=not args.before_inclusive))
    except Exception as exc:
        print(f"Lỗi khi trích xuất nhiệm vụ: {type(exc).__name__}.", file=sys.stderr)
        return 1
    if args.format == "json":
        out.write(json.dumps(result, ensure_ascii=False, indent=1))
        out.write("\n")
    else:
        out.write(render_text(result, os.path.basename(path)))
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
