"""Legacy Word (.doc, OLE2) reader: LibreOffice converts it to .docx, then the docx
reader does the work (numbering, tables and legacy fonts included)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile

from .docx_reader import read_docx_bytes
from .source import ReadError, Source

__all__ = ["read_doc_bytes", "soffice_binary", "MISSING_MESSAGE"]

MISSING_MESSAGE = "Chưa cài LibreOffice để đọc tệp .doc: cài gói libreoffice-writer-nogui."
TIMEOUT = float(os.environ.get("DONDOC_SOFFICE_TIMEOUT", 120))


_NAMES = {".doc": "Word (.doc)", ".rtf": "RTF", ".odt": "OpenDocument (.odt)"}


def soffice_binary() -> str | None:
    return os.environ.get("DONDOC_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_soffice(
    data: bytes, suffix: str, target: str = "docx", timeout: float | None = None
) -> bytes:
    """Convert a document with LibreOffice headless; returns the converted bytes."""
    binary = soffice_binary()
    if not binary:
        raise ReadError(MISSING_MESSAGE)
    with tempfile.TemporaryDirectory(prefix="dondoc-soffice-") as tmp:
        src = os.path.join(tmp, "input" + suffix)
        out_dir = os.path.join(tmp, "out")
        os.mkdir(out_dir)
        with open(src, "wb") as fh:
            fh.write(data)
        # A private profile: two conversions at once (web workers) would otherwise fight
        # over the user's profile lock, and a crashed profile would break the next run.
        profile = "file://" + os.path.join(tmp, "profile")
        cmd = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            out_dir,
            src,
        ]
        try:
            _run(cmd, timeout or TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            raise ReadError(
                f"Chuyển đổi tệp {_NAMES.get(suffix, suffix)} quá thời gian cho phép, không đọc được."
            ) from exc
        except OSError as exc:
            raise ReadError(MISSING_MESSAGE) from exc
        produced = [f for f in os.listdir(out_dir) if f.endswith("." + target.split(":")[0])]
        if not produced:
            raise ReadError(f"Tệp {_NAMES.get(suffix, suffix)} bị hỏng, không đọc được.")
        with open(os.path.join(out_dir, produced[0]), "rb") as fh:
            return fh.read()


def _run(cmd: list[str], timeout: float) -> int:
    """Run soffice in its own process group: on a timeout the whole group goes (the
    launcher script, oosplash and soffice.bin), not just the launcher."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        proc.wait()
        raise


def read_doc_bytes(data: bytes) -> Source:
    return read_docx_bytes(convert_with_soffice(data, ".doc"), fmt="doc")
