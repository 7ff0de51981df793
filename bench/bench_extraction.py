"""Speed of extraction: read + extract, in process, per dev-corpus file and on a
synthetic ~1 MB conclusion notice of a few thousand tasks; and the OCR of a 10-page
scanned notice, its pages one at a time and side by side.

    .venv/bin/python bench/bench_extraction.py [--reps N] [--no-scan]

Writes bench/results/extraction.json:
    {"files": {"<name>": {"median_ms", "min_ms", "bytes", "tasks"}}, "synthetic_1mb": {...},
     "scanned_10_pages": {"pages", "workers", "parallel_s", "serial_s", ...}}
The scan is made here: the synthetic notice printed by LibreOffice, its pages rendered
at 200 dpi into an image-only PDF (skipped without LibreOffice or Tesseract).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dondoc.extraction import extract  # noqa: E402
from dondoc.extraction.source import Block, Source  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
OUT = ROOT / "bench" / "results" / "extraction.json"


def synthetic_notice(target_bytes: int = 1_000_000) -> str:
    """A notice in the usual layout: header, sections of numbered items with leads,
    coordinators and deadlines, a closing line and the signing block."""
    bodies = ["Sở Nội vụ", "Sở Tài chính", "Sở Y tế", "Công an tỉnh", "UBND các xã, phường", "Sở Xây dựng"]
    phrases = [
        "trong tháng {m}/2026",
        "trước ngày {d}/{m}/2026",
        "chậm nhất ngày {d}/{m}/2026",
        "trong quý II/2026",
        "thường xuyên",
    ]
    head = [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LẠNG SƠN",
        "Số: 443/TB-UBND",
        "Lạng Sơn, ngày 05 tháng 02 năm 2026",
        "THÔNG BÁO",
        "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban",
        "Ngày 01/02/2026, Chủ tịch UBND tỉnh chủ trì cuộc họp giao ban.",
        "Chủ tịch UBND tỉnh kết luận như sau:",
    ]
    lines = list(head)
    size = sum(len(x.encode()) + 1 for x in lines)
    sec = 0
    n = 0
    while size < target_bytes:
        sec += 1
        heading = f"{sec}. {bodies[sec % len(bodies)]}:"
        lines.append(heading)
        size += len(heading.encode()) + 1
        for k in range(12):
            n += 1
            ph = phrases[n % len(phrases)].format(d=(n % 27) + 1, m=(n % 9) + 3)
            item = (
                f"{'abcdeghiklmn'[k]}) Chủ trì, phối hợp với {bodies[(n + 1) % len(bodies)]} và các cơ quan liên quan "
                f"rà soát, đánh giá kết quả thực hiện nhiệm vụ số {n}, xây dựng kế hoạch khắc phục, "
                f"báo cáo UBND tỉnh {ph}; bảo đảm đúng quy định của pháp luật."
            )
            lines.append(item)
            size += len(item.encode()) + 1
    lines += [
        "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn An",
    ]
    return "\n".join(lines)


def scanned_notice(pages: int = 10) -> bytes | None:
    """A scanned notice of `pages` pages (image-only PDF, 200 dpi, grey), or None when
    LibreOffice is missing."""
    import io
    import shutil
    import subprocess
    import tempfile

    import docx
    import pypdfium2 as pdfium

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    document = docx.Document()
    for line in synthetic_notice(pages * 4000).split("\n"):
        document.add_paragraph(line)
    with tempfile.TemporaryDirectory(prefix="dondoc-bench-") as tmp:
        document.save(f"{tmp}/scan.docx")
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", tmp, f"{tmp}/scan.docx"],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        pdf = pdfium.PdfDocument(f"{tmp}/scan.pdf")
        images = []
        for index in range(min(pages, len(pdf))):
            page = pdf[index]
            images.append(page.render(scale=200 / 72, grayscale=True).to_pil().copy())
            page.close()
        pdf.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=200)
    return out.getvalue()


def measure_scan(pages: int = 10) -> dict | None:
    """Wall time of reading a scanned notice with its pages OCRed side by side (the
    default) and one at a time (DONDOC_OCR_WORKERS=1)."""
    from dondoc.extraction.ocr import ocr_available, ocr_workers
    from dondoc.extraction.readers import read_bytes

    if not ocr_available():
        return None
    data = scanned_notice(pages)
    if data is None:
        return None
    saved = os.environ.pop("DONDOC_OCR_WORKERS", None)
    try:
        workers = ocr_workers(pages)
        t0 = time.perf_counter()
        parallel = read_bytes(data)
        parallel_s = time.perf_counter() - t0
        os.environ["DONDOC_OCR_WORKERS"] = "1"
        t0 = time.perf_counter()
        serial = read_bytes(data)
        serial_s = time.perf_counter() - t0
    finally:
        os.environ.pop("DONDOC_OCR_WORKERS", None)
        if saved is not None:
            os.environ["DONDOC_OCR_WORKERS"] = saved
    return {
        "pages": pages,
        "workers": workers,
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "parallel_s": round(parallel_s, 2),
        "serial_s": round(serial_s, 2),
        "speedup": round(serial_s / parallel_s, 2) if parallel_s else None,
        "chars": len(parallel.text),
        "same_text": parallel.text == serial.text,
        "tasks": len(extract(parallel)["tasks"]),
    }


def source_from_text(text: str) -> Source:
    blocks = []
    pos = 0
    for line in text.split("\n"):
        blocks.append(Block(line, pos, pos + len(line)))
        pos += len(line) + 1
    return Source(text, blocks, "txt")


def _cold() -> None:
    """Empty the per-string caches (folding, tokens) so every repetition pays the full
    cost, as the first extraction of a new document does."""
    from dondoc.extraction import textutil, units

    textutil._ffold_cached.cache_clear()
    units._tokenize_cached.cache_clear()


def measure(fn, reps: int) -> tuple[float, float, float, object]:
    """(median wall ms, min wall ms, median CPU ms, last result). CPU time is reported
    too because shared machines make wall time noisy."""
    times, cpu = [], []
    result = None
    for _ in range(reps):
        _cold()
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(times), min(times), statistics.median(cpu), result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=50, help="repetitions per corpus file")
    ap.add_argument("--synthetic-reps", type=int, default=5)
    ap.add_argument("--no-scan", action="store_true", help="skip the OCR of the 10-page scan")
    args = ap.parse_args()
    from dondoc.extraction.readers import read_file

    results: dict = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "note": "cold runs (caches cleared each repetition); wall and CPU time of one process",
        "files": {},
    }
    # Warm-up: compile regexes and build the default gazetteer index once.
    extract(source_from_text("Số: 1/TB-UBND\nTHÔNG BÁO\nNội dung."))
    if CORPUS.is_dir():
        for path in sorted(CORPUS.iterdir()):
            if path.suffix not in (".txt", ".docx", ".pdf", ".doc") or path.name.endswith(".gold.json"):
                continue
            med, mn, cpu, res = measure(lambda p=path: extract(read_file(p)), args.reps)
            src = read_file(path)
            med_x, mn_x, cpu_x, _ = measure(lambda s=src: extract(s), args.reps)
            results["files"][path.name] = {
                "median_ms": round(med, 3),
                "min_ms": round(mn, 3),
                "cpu_median_ms": round(cpu, 3),
                "extract_only_median_ms": round(med_x, 3),
                "extract_only_min_ms": round(mn_x, 3),
                "extract_only_cpu_median_ms": round(cpu_x, 3),
                "bytes": path.stat().st_size,
                "tasks": len(res["tasks"]),
            }
            print(
                f"{path.name:44} read+extract median {med:7.2f} ms (min {mn:6.2f}, cpu {cpu:6.2f})"
                f"  extract median {med_x:7.2f} ms (min {mn_x:6.2f})  {len(res['tasks']):3} tasks"
            )
    text = synthetic_notice()
    src = source_from_text(text)
    med, mn, cpu, res = measure(lambda: extract(src), args.synthetic_reps)
    results["synthetic_1mb"] = {
        "median_ms": round(med, 1),
        "min_ms": round(mn, 1),
        "cpu_median_ms": round(cpu, 1),
        "bytes": len(text.encode()),
        "tasks": len(res["tasks"]),
    }
    print(
        f"{'synthetic notice':44} median {med:8.1f} ms (min {mn:.1f}, cpu {cpu:.1f})  {len(text.encode())} bytes, {len(res['tasks'])} tasks"
    )
    if not args.no_scan:
        scan = measure_scan()
        if scan is not None:
            results["scanned_10_pages"] = scan
            print(
                f"{'scanned notice, 10 pages (OCR)':44} {scan['parallel_s']:8.1f} s with {scan['workers']} pages "
                f"at once, {scan['serial_s']:.1f} s one at a time (x{scan['speedup']})"
            )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"written {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
