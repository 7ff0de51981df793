"""The extractor's version, recorded with every extraction: the package version and a
digest of the extraction code itself, so that a change to any rule, table or reader
gives a new version without anyone having to remember to bump it."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path


@functools.cache
def extractor_version() -> str:
    """ "0.1.0+3f9c2a1b7d": dondoc's version and the first 10 hex digits of the SHA-256
    of the extraction package's Python files (sorted by name)."""
    from dondoc import __version__

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:10]}"
