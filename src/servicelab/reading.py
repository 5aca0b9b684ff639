"""Read raw bytes into text, recording the encoding that was used.

Order of attempts: UTF-8 with BOM, UTF-8, cp1252, latin-1. Latin-1 decodes any byte, so a
text is only accepted as latin-1 when it yields no C1 control characters; otherwise the file
is reported as undecodable. Binary files (NUL bytes or many control characters) and empty
files are rejected with a one-line error naming the file.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from servicelab.errors import CorpusInputError

_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}


@dataclass(frozen=True)
class RawText:
    """A decoded input file."""

    doc_id: str
    path: str
    sha256: str
    encoding: str
    n_bytes: int
    text: str


def _c1_controls(text: str) -> int:
    return sum(1 for ch in text if "\x80" <= ch <= "\x9f")


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:4096]
    ctrl = sum(1 for b in sample if b < 32 and chr(b) not in _CONTROL_OK)
    return ctrl > max(2, len(sample) // 20)


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)`` or raise :class:`CorpusInputError`."""
    if not data.strip():
        raise CorpusInputError(path, "empty file (no text)")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            problem = f"undecodable bytes after UTF-8 BOM at byte {exc.start + 3}"
            raise CorpusInputError(path, problem) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise CorpusInputError(path, f"undecodable UTF-16 at byte {exc.start}") from None
    if _looks_binary(data):
        raise CorpusInputError(path, "binary file (contains NUL or control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    text = data.decode("latin-1")
    if _c1_controls(text) == 0:
        return text, "latin-1"
    raise CorpusInputError(
        path, f"undecodable bytes (not UTF-8, cp1252 or latin-1 text) near byte {first_bad}"
    )


def read_file(path: Path, root: Path | None = None) -> RawText:
    """Read one text file; the recorded path is relative to ``root`` when given."""
    rel = path.relative_to(root).as_posix() if root is not None else path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusInputError(rel, f"cannot read file ({exc.strerror})") from None
    text, encoding = decode_bytes(data, rel)
    return RawText(
        doc_id=path.stem,
        path=rel,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        n_bytes=len(data),
        text=text,
    )


def list_corpus_files(input_dir: str | Path) -> list[Path]:
    """The ``.txt`` files of a corpus folder (recursively), sorted; clear errors otherwise."""
    root = Path(input_dir)
    if not root.exists():
        raise CorpusInputError(str(input_dir), "corpus folder does not exist")
    if root.is_file():
        if root.suffix.lower() != ".txt":
            problem = "expected a folder of .txt files or one .txt file"
            raise CorpusInputError(str(input_dir), problem)
        return [root]
    files = sorted(p for p in root.rglob("*.txt") if p.is_file() and not p.name.startswith("."))
    if not files:
        raise CorpusInputError(str(input_dir), "no .txt files in the corpus folder")
    dupes = sorted(s for s, n in Counter(p.stem for p in files).items() if n > 1)
    if dupes:
        raise CorpusInputError(str(input_dir), f"two files share the doc_id {dupes[0]!r}")
    return files
