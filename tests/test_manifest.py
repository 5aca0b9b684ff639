"""data/raw is never modified: every file matches MANIFEST.csv."""

import csv
import hashlib
from pathlib import Path

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def test_raw_files_match_manifest():
    with (RAW / "MANIFEST.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["file"] for r in rows) == sorted(p.name for p in RAW.glob("*.txt"))
    for r in rows:
        data = (RAW / r["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == r["sha256"], r["file"]
        assert len(data) == int(r["bytes"])
        assert r["source_note"].strip()
