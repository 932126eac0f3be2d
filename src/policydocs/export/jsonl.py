"""JSON output that is never half-written: JSON Lines to a stream or a file, or one JSON file per document.

A file output is written to a hidden temporary file in the same folder and renamed over
the target only when the run completes (``os.replace`` is atomic on one file system), so
Ctrl-C, a crash or a full disk leaves the previous file, or none, never a partial one.

Document ids become file names only through :func:`safe_file_name`, which keeps them
inside the output folder whatever they contain (``../../etc/passwd``, ``C:\\x``, ``..``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import BinaryIO

import regex

_UNSAFE = regex.compile(r"[^\w.\-]+")
_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)
MAX_NAME = 120


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class AtomicFile:
    """A binary file written beside ``path`` and renamed onto it by :meth:`commit`; :meth:`abort` removes it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        handle, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent or ".")
        self.temp_path = Path(name)
        self.stream: BinaryIO = os.fdopen(handle, "wb")
        os.chmod(self.temp_path, 0o666 & ~_umask())  # mkstemp makes 0600; the output gets the usual mode

    def commit(self, *, durable: bool = True) -> Path:
        """Flush (to disk when ``durable``) and put the file in place."""
        self.stream.flush()
        if durable:
            os.fsync(self.stream.fileno())
        self.stream.close()
        os.replace(self.temp_path, self.path)
        return self.path

    def abort(self) -> None:
        """Forget everything written."""
        self.stream.close()
        self.temp_path.unlink(missing_ok=True)


class JsonLines:
    """One JSON document per line on a binary stream (stdout, or an AtomicFile's)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def write(self, line: str) -> None:
        self.stream.write(line.encode("utf-8") + b"\n")


def safe_file_name(doc_id: str, taken: set[str] | None = None, *, suffix: str = ".json") -> str:
    """A file name for a document id that cannot leave its folder, unique among ``taken`` (updated).

    Letters of any script, digits, ``.``, ``-`` and ``_`` are kept; anything else (``/``,
    ``\\``, ``:``, control characters) becomes ``_``; leading dots are dropped. A name
    that had to change gets 8 hex digits of the id's SHA-1, so ``a/b`` and ``a_b`` differ.
    Names are compared case-insensitively, for case-insensitive file systems.

    >>> safe_file_name("../../etc/passwd")
    'etc_passwd-936d7c04.json'
    >>> safe_file_name("충북-2023")
    '충북-2023.json'
    """
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", doc_id)).strip("._ ")
    name = name[:MAX_NAME] or "document"
    if name != doc_id or name.split(".")[0].lower() in _WINDOWS_RESERVED:
        name = f"{name}-{hashlib.sha1(doc_id.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    if taken is not None:
        candidate, number = name, 1
        while (candidate + suffix).casefold() in taken:
            number += 1
            candidate = f"{name}-{number}"
        name = candidate
        taken.add((name + suffix).casefold())
    return name + suffix


class JsonFiles:
    """One indented JSON file per document in ``out_dir``, named by its id (made safe), each written atomically."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.root = self.out_dir.resolve()
        self.taken: set[str] = set()

    def write(self, doc_id: str, text: str) -> Path:
        path = self.out_dir / safe_file_name(doc_id, self.taken)
        if path.resolve().parent != self.root:  # belt and braces: safe_file_name already forbids this
            raise ValueError(f"document id {doc_id!r} would leave the output folder")
        output = AtomicFile(path)
        try:
            output.stream.write(text.encode("utf-8") + b"\n")
            output.commit(durable=False)  # thousands of small files: rename-atomic is enough
        except BaseException:
            output.abort()
            raise
        return path
