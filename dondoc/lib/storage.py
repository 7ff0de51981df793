"""File storage that never leaves a half-written file under a real name.

Django's FileSystemStorage writes straight to the final path: when the disk fills up
(ENOSPC) or the process dies mid-write, a truncated file stays there — and dondoc
stores files under their SHA-256, so the next upload of the same content would find
"its" file already present and point to the truncated one. Here the bytes go to a
temporary file in the same folder, are flushed to disk (fsync), and only then take
their name with an atomic link; on any error the temporary file is removed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile

from django.core.files.storage import FileSystemStorage


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        fd, temp_path = tempfile.mkstemp(prefix=".partial-", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                if hasattr(content, "seek"):
                    content.seek(0)
                for chunk in content.chunks():
                    handle.write(chunk.encode() if isinstance(chunk, str) else chunk)
                handle.flush()
                os.fsync(handle.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temp_path, self.file_permissions_mode)
            else:
                os.chmod(temp_path, 0o644)
            while True:
                try:
                    # link() fails if the name exists (like O_EXCL): never overwrite.
                    os.link(temp_path, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            try:
                os.unlink(temp_path)
            except FileNotFoundError:
                pass
        self._fsync_directory(directory)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    @staticmethod
    def _fsync_directory(directory: str) -> None:
        try:
            fd = os.open(directory, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


def sha256_of(field_file, chunk_size: int = 1024 * 1024) -> str:
    """The SHA-256 of a stored file, read in chunks."""
    digest = hashlib.sha256()
    with field_file.open("rb") as handle:
        while chunk := handle.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()
