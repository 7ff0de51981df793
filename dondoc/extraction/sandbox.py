"""Read and extract a document in a child process with limits on time and memory.

An uploaded file is untrusted input to large parsers (PDFium, python-docx's XML,
Tesseract, LibreOffice): a crafted or merely huge file must not hang the worker or
exhaust the machine's memory. `extract_isolated` runs the readers and the extractor in
a fresh interpreter (`python -m dondoc.extraction.sandbox`) whose address space is
capped (RLIMIT_AS, inherited by the OCR and LibreOffice subprocesses it starts) and
which is killed after a wall-clock limit. The readers' own limits (pages, OCR seconds
per page and per document, LibreOffice seconds) still apply inside; the overall limit
is set above them (`default_timeout`).

Pure Python, no Django (like the rest of `dondoc.extraction`). Settings (environment):
DONDOC_EXTRACT_TIMEOUT (seconds, default OCR total + 300), DONDOC_EXTRACT_MEMORY_MB
(3072), DONDOC_EXTRACT_ISOLATED (1; 0 runs in-process, for debugging).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .source import ReadError

TIMEOUT_MESSAGE = (
    "Văn bản xử lý quá thời gian cho phép ({seconds} giây) nên đã dừng. "
    "Hãy tách văn bản thành tệp nhỏ hơn hoặc báo quản trị hệ thống."
)
MEMORY_MESSAGE = (
    "Văn bản cần quá nhiều bộ nhớ để đọc (giới hạn {mb} MB) nên đã dừng. "
    "Hãy lưu lại văn bản (ví dụ in ra PDF) rồi tải lên lại, hoặc báo quản trị hệ thống."
)
CRASH_MESSAGE = "Trình đọc văn bản gặp lỗi và đã dừng. Vui lòng báo quản trị hệ thống."


def default_timeout() -> float:
    ocr_total = float(os.environ.get("DONDOC_OCR_TOTAL_TIMEOUT", 900))
    return float(os.environ.get("DONDOC_EXTRACT_TIMEOUT", ocr_total + 300))


def default_memory_mb() -> int:
    return int(os.environ.get("DONDOC_EXTRACT_MEMORY_MB", 3072))


def isolated() -> bool:
    return os.environ.get("DONDOC_EXTRACT_ISOLATED", "1") not in ("0", "false", "no", "off")


PR_SET_PDEATHSIG = 1


def _limit(memory_mb: int):
    def apply():  # runs in the child between fork and exec
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        os.setsid()  # its own process group: a timeout kills OCR/LibreOffice children too
        _die_with_parent()

    return apply


def _die_with_parent() -> None:
    """Linux: the child is killed when the worker that started it dies (killed in the
    middle of a job), instead of reading on as an orphan."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def extract_isolated(
    data: bytes,
    filename: str,
    gazetteer_entries: list[dict],
    *,
    timeout: float | None = None,
    memory_mb: int | None = None,
) -> tuple[str, str, dict]:
    """(text, source format, extraction result) of `data`. Raises ReadError with a
    Vietnamese message when the file cannot be read, took too long or too much memory."""
    timeout = default_timeout() if timeout is None else timeout
    memory_mb = default_memory_mb() if memory_mb is None else memory_mb
    if not isolated():
        return _extract(data, filename, gazetteer_entries)
    with tempfile.TemporaryDirectory(prefix="dondoc-extract-") as work:
        source = Path(work, "input")
        source.write_bytes(data)
        Path(work, "gazetteer.json").write_text(json.dumps(gazetteer_entries), encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, "-m", "dondoc.extraction.sandbox", work, filename],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_limit(memory_mb),
        )
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ReadError(TIMEOUT_MESSAGE.format(seconds=int(timeout))) from None
        result_file = Path(work, "result.json")
        if process.returncode != 0 or not result_file.exists():
            if b"MemoryError" in err or process.returncode in (-9,):
                raise ReadError(MEMORY_MESSAGE.format(mb=memory_mb))
            raise ReadError(CRASH_MESSAGE + f" (mã {process.returncode})")
        answer = json.loads(result_file.read_text(encoding="utf-8"))
    if "error" in answer:
        if answer.get("memory"):
            raise ReadError(MEMORY_MESSAGE.format(mb=memory_mb))
        raise ReadError(answer["error"])
    return answer["text"], answer["format"], answer["result"]


def _kill_group(process: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.wait()


def _extract(data: bytes, filename: str, entries: list[dict]) -> tuple[str, str, dict]:
    from .extract import extract
    from .readers import read_bytes
    from .units import Gazetteer

    source = read_bytes(data, filename)
    result = extract(source, gazetteer=Gazetteer(entries))
    return source.text, source.format, result


def _child(work: str, filename: str) -> int:
    folder = Path(work)
    data = (folder / "input").read_bytes()
    entries = json.loads((folder / "gazetteer.json").read_text(encoding="utf-8"))
    try:
        text, fmt, result = _extract(data, filename, entries)
        answer = {"text": text, "format": fmt, "result": result}
    except ReadError as exc:
        answer = {"error": str(exc)}
    except MemoryError:
        answer = {"error": "memory", "memory": True}
    # Written whole, then renamed: the parent never reads half an answer.
    partial = folder / "result.json.partial"
    partial.write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    partial.rename(folder / "result.json")
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], sys.argv[2]))
