"""Backups: the database and the stored files in one archive with SHA-256 checksums.

Archive (`.tar`, members written in this order):

    manifest.json        format, date, database vendor, and {path: sha256, size} of
                         every other member
    database.sqlite3     SQLite: a consistent copy taken with SQLite's online backup API
    database.pgdump      PostgreSQL: `pg_dump --format=custom`
    media/<path>         every stored file (uploaded documents, product files)

`restore` checks everything before it changes anything: the manifest is there and
lists exactly the members found, every checksum matches, the archive is complete, its
database is of the vendor configured, and the installation is empty (no account, no
task, no document, no stored file). Only then are the files staged beside MEDIA_ROOT,
the database restored (PostgreSQL: `pg_restore --single-transaction`; SQLite: the file
swapped in with an atomic rename) and the staged files moved into place. A refusal
raises BackupError with a Vietnamese message; nothing was changed.

Imports no other dondoc app: it works on the database connection and MEDIA_ROOT.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

FORMAT = "dondoc-backup/1"
MANIFEST = "manifest.json"
DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A refused backup or restore; `str(exc)` is the Vietnamese message. Nothing changed."""


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_tool(name: str) -> str:
    """pg_dump / pg_restore: DONDOC_PG_BIN, else the newest /usr/lib/postgresql/*/bin,
    else PATH (the client must not be older than the server)."""
    folder = os.environ.get("DONDOC_PG_BIN")
    if folder:
        return str(Path(folder) / name)
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True
    )
    for candidate in versions:
        if (candidate / name).exists():
            return str(candidate / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"Không tìm thấy chương trình {name} (gói postgresql-client).")
    return found


def _pg_env_and_args() -> tuple[dict, list[str]]:
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _dump_database(target: Path) -> None:
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # The online backup API copies a consistent snapshot while others keep writing.
            connection.connection.backup(destination)
        finally:
            destination.close()
    elif vendor == "postgresql":
        env, args = _pg_env_and_args()
        result = subprocess.run(
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target),
                *args,
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"Không sao lưu được cơ sở dữ liệu: {result.stderr.strip()[:500]}")
    else:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")


def _media_files() -> list[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith(".partial-"):
            found.append(("media/" + path.relative_to(root).as_posix(), path))
    return found


def backup(output: Path, *, now: dt.datetime | None = None) -> dict:
    """Write the archive to `output` (via a temporary name, renamed when complete).
    Returns the manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
    with tempfile.TemporaryDirectory(prefix="dondoc-backup-", dir=output.parent) as work:
        db_file = Path(work) / DB_MEMBER[vendor]
        _dump_database(db_file)
        members = [(DB_MEMBER[vendor], db_file), *_media_files()]
        manifest = {
            "format": FORMAT,
            "created_at": (now or dt.datetime.now(dt.UTC)).isoformat(),
            "database": {"vendor": vendor, "member": DB_MEMBER[vendor]},
            "members": {
                name: {"sha256": _sha256_file(path), "size": path.stat().st_size} for name, path in members
            },
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(dt.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            for name, path in members:
                archive.add(path, arcname=name, recursive=False)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, output)
    return manifest


# --- restore ----------------------------------------------------------------------------

BAD_ARCHIVE = (
    "Tệp sao lưu bị hỏng hoặc không đầy đủ: {detail}. Không khôi phục, dữ liệu hiện có không thay đổi."
)


def _refuse(detail: str) -> BackupError:
    return BackupError(BAD_ARCHIVE.format(detail=detail))


def verify(archive_path: Path, into: Path) -> dict:
    """Unpack `archive_path` into the folder `into` and check it whole. Returns the manifest."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {archive_path}.")
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            names = archive.getnames()
            if not names or names[0] != MANIFEST:
                raise _refuse("thiếu bảng kê (manifest.json) ở đầu tệp")
            manifest = json.loads(archive.extractfile(MANIFEST).read())
            if manifest.get("format") != FORMAT:
                raise _refuse(f"định dạng “{manifest.get('format')}” không phải {FORMAT}")
            listed = set(manifest.get("members") or {})
            present = set(names[1:])
            if listed - present:
                raise _refuse(f"thiếu {len(listed - present)} tệp, ví dụ {sorted(listed - present)[0]}")
            if present - listed:
                raise _refuse(f"có tệp lạ không có trong bảng kê: {sorted(present - listed)[0]}")
            for member in archive.getmembers()[1:]:
                if not member.isfile() or member.name.startswith("/") or ".." in Path(member.name).parts:
                    raise _refuse(f"mục không hợp lệ {member.name}")
            archive.extractall(into, filter="data")
    except (tarfile.TarError, EOFError, OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _refuse(f"không đọc được tệp ({type(exc).__name__})") from exc
    for name, expected in manifest["members"].items():
        path = into / name
        if path.stat().st_size != expected["size"] or _sha256_file(path) != expected["sha256"]:
            raise _refuse(f"mã kiểm tra SHA-256 của {name} không khớp")
    return manifest


def installation_is_empty() -> tuple[bool, str]:
    """No account, task or document in the database and no stored file."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table, label in (
            ("org_user", "tài khoản"),
            ("tasks_task", "nhiệm vụ"),
            ("documents_document", "văn bản"),
        ):
            if table in tables:
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {connection.ops.quote_name(table)})")  # noqa: S608 - fixed names
                if cursor.fetchone()[0]:
                    return False, f"cơ sở dữ liệu đã có {label}"
    if _media_files():
        return False, f"thư mục tệp {settings.MEDIA_ROOT} đã có tệp"
    return True, ""


def restore(archive_path: Path) -> dict:
    """Bring an archive back on an empty installation. Returns the manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".dondoc-restore-", dir=media_root.parent) as work:
        work = Path(work)
        manifest = verify(archive_path, work)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                f"Bản sao lưu là của cơ sở dữ liệu {vendor}, còn hệ thống đang dùng {connection.vendor}. "
                "Không khôi phục, dữ liệu hiện có không thay đổi."
            )
        empty, why = installation_is_empty()
        if not empty:
            raise BackupError(
                f"Chỉ khôi phục vào một cài đặt trống, nhưng {why}. Không khôi phục, dữ liệu hiện có không thay đổi."
            )
        db_file = work / manifest["database"]["member"]
        if vendor == "postgresql":
            _restore_postgresql(db_file)
        else:
            _restore_sqlite(db_file)
        staged = work / "media"
        if staged.exists():
            media_root.mkdir(parents=True, exist_ok=True)
            for path in sorted(staged.rglob("*")):
                if path.is_file():
                    target = media_root / path.relative_to(staged)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, target)  # same file system: an atomic rename
    return manifest


def _restore_postgresql(dump: Path) -> None:
    env, args = _pg_env_and_args()
    # The schema of an empty installation may already be migrated: --clean drops it first,
    # all in one transaction, so a failure leaves the database as it was.
    result = subprocess.run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(dump),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(
            "Không khôi phục được cơ sở dữ liệu; dữ liệu hiện có không thay đổi. "
            + result.stderr.strip()[:500]
        )


def _restore_sqlite(copy: Path) -> None:
    # The copy must open and be intact before it replaces anything.
    check = sqlite3.connect(copy)
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise _refuse("cơ sở dữ liệu trong tệp sao lưu không toàn vẹn")
    finally:
        check.close()
    target = Path(connection.settings_dict["NAME"])
    if str(target) in (":memory:", "") or "mode=memory" in str(target):
        # An in-memory database (the tests'): copy the data into it.
        source = sqlite3.connect(copy)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connections.close_all()
    staged = target.with_name(target.name + ".restoring")
    shutil.copyfile(copy, staged)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    os.replace(staged, target)
