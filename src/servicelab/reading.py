"""Read raw bytes into text, recording the encoding that was used.

Order of attempts: UTF-8 with BOM, UTF-8, cp1252, latin-1. Latin-1 decodes any byte, so a
text is only accepted as latin-1 when it yields no C1 control characters; otherwise the file
is reported as undecodable. UTF-16 without a BOM (every other byte NUL in German text) is
recognised as UTF-16. Binary files (NUL bytes or many control characters) and empty files
(also a file holding only a BOM or whitespace) are rejected with a one-line error naming
the file.

A corpus folder is listed with ``.txt`` in any case (``a.TXT`` too). Entries that cannot be
read as texts are still listed, so that reading them gives an error row naming them rather
than skipping them in silence: a dangling symbolic link, a subfolder that cannot be
listed, a file whose name is not UTF-8.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from servicelab.errors import CorpusInputError, shown_path

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


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` looks like UTF-16 text without a BOM:
    even length, and (Latin script) most bytes at odd or at even positions are NUL."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    pairs = len(sample) // 2
    for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) >= 0.6 * pairs:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            bad = sum(1 for ch in text[:2048] if ch < " " and ch not in _CONTROL_OK)
            return encoding if bad == 0 else None
    return None


def _not_empty(text: str, encoding: str, path: str) -> tuple[str, str]:
    if not text.strip():
        raise CorpusInputError(path, "empty file (no text)")
    return text, encoding


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)`` or raise :class:`CorpusInputError`."""
    if not data.strip():
        raise CorpusInputError(path, "empty file (no text)")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return _not_empty(data[3:].decode("utf-8"), "utf-8-sig", path)
        except UnicodeDecodeError as exc:
            problem = f"undecodable bytes after UTF-8 BOM at byte {exc.start + 3}"
            raise CorpusInputError(path, problem) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _not_empty(data.decode("utf-16"), "utf-16", path)
        except UnicodeDecodeError as exc:
            raise CorpusInputError(path, f"undecodable UTF-16 at byte {exc.start}") from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _not_empty(data.decode(utf16), utf16, path)
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
    """Read one text file; the recorded path is relative to ``root`` when given.

    Also gives the one-line error for the entries :func:`list_corpus_files` lists although
    they are no readable files (a bad file name, a dangling link, an unlistable folder)."""
    rel = path.relative_to(root).as_posix() if root is not None else path.name
    if shown_path(rel) != rel:
        raise CorpusInputError(rel, "file name is not valid UTF-8 text; rename the file")
    if path.is_symlink() and not path.exists():
        raise CorpusInputError(rel, "dangling symbolic link (its target does not exist)")
    if path.is_dir():
        try:
            os.listdir(path)
            problem = "a folder, not a text file"
        except OSError as exc:
            problem = f"cannot read folder ({exc.strerror}); its files are not in the corpus"
        raise CorpusInputError(rel, problem)
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


def is_text_name(name: str) -> bool:
    """Whether a file name is a corpus text: ``.txt`` in any case, not hidden."""
    return name.lower().endswith(".txt") and not name.startswith(".") and len(name) > 4


def scan_corpus(root: Path) -> list[Path]:
    """Every ``.txt`` entry below ``root`` (symlinked folders are not followed, as in
    ``Path.rglob``), plus the subfolders that could not be listed; sorted."""
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        if exc.filename is not None and Path(exc.filename) != root:
            found.append(Path(exc.filename))
        elif exc.filename is not None:
            raise CorpusInputError(str(root), f"cannot read folder ({exc.strerror})")

    for folder, _dirs, names in os.walk(root, onerror=unreadable):
        found.extend(Path(folder, n) for n in names if is_text_name(n))
    return sorted(found)


def list_corpus_files(input_dir: str | Path) -> list[Path]:
    """The ``.txt`` files of a corpus folder (recursively), sorted; clear errors otherwise.

    Entries that will not read as texts (see :func:`read_file`) are listed too, so that
    each gives its own error instead of vanishing."""
    root = Path(input_dir)
    if not root.exists():
        raise CorpusInputError(str(input_dir), "corpus folder does not exist")
    if root.is_file():
        if root.suffix.lower() != ".txt":
            problem = "expected a folder of .txt files or one .txt file"
            raise CorpusInputError(str(input_dir), problem)
        return [root]
    files = scan_corpus(root)
    if not files:
        raise CorpusInputError(str(input_dir), "no .txt files in the corpus folder")
    regular = (p.stem for p in files if p.is_file())
    dupes = sorted(s for s, n in Counter(regular).items() if n > 1)
    if dupes:
        raise CorpusInputError(str(input_dir), f"two files share the doc_id {dupes[0]!r}")
    return files
