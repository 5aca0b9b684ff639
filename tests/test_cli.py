import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from servicelab.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_build_writes_tables_and_manifest(tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(ROOT / "data" / "raw"), "--out", str(out), "--corpus-only",
                 "--quiet"]) == 0
    man = json.loads((out / "manifest.json").read_text())
    assert len(man["inputs"]) == 5
    assert man["tables"]["documents"] == 5
    seg = pd.read_parquet(out / "segments.parquet")
    assert man["tables"]["segments"] == len(seg)
    assert "000_964d5e478ab145bc:p0:s00" in set(seg.segment_id)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: None, "corpus folder does not exist"),
        (lambda d: d.mkdir(), "no .txt files"),
        (lambda d: (d.mkdir(), (d / "e.txt").write_bytes(b"")), "e.txt: empty file"),
        (lambda d: (d.mkdir(), (d / "b.txt").write_bytes(b"\x00\x01\x02")), "b.txt: binary file"),
        (lambda d: (d.mkdir(), (d / "u.txt").write_bytes(b"x \x81\x8d\x8f\x90\x9d\x85")),
         "u.txt: undecodable bytes"),
    ],
)
def test_bad_input_one_line_error(tmp_path, setup, message):
    corpus = tmp_path / "corpus"
    setup(corpus)
    proc = subprocess.run(
        [sys.executable, "-m", "servicelab.cli", "build", str(corpus), "--out",
         str(tmp_path / "out"), "--corpus-only"],
        capture_output=True, text=True,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert "Traceback" not in proc.stderr


def test_skip_records_errors(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Hallo. Alles gut.")
    (corpus / "bad.txt").write_bytes(b"\x00\x00")
    out = tmp_path / "out"
    assert main(["build", str(corpus), "--out", str(out), "--on-error", "skip",
                 "--corpus-only", "--quiet"]) == 0
    errors = pd.read_parquet(out / "errors.parquet")
    assert errors.path.tolist() == ["bad.txt"]


GAZ_HEADER = "surface,entity,entity_type,match,case,source\n"


def test_gazetteer_option_merges_the_users_vendors(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Mein Ärger mit Zalandoo\n\nZalandoo hat bei der Lieferung "
                                  "total versagt. Die Hotline von Zalandoo ist unfähig.\n",
                                  encoding="utf-8")
    mine = tmp_path / "my.csv"
    mine.write_text(GAZ_HEADER + "Zalandoo,Zalandoo,retailer,name,i,my corpus\n",
                    encoding="utf-8")
    plain, merged = tmp_path / "plain", tmp_path / "merged"
    assert main(["build", str(corpus), "--out", str(plain), "--quiet"]) == 0
    assert main(["build", str(corpus), "--out", str(merged), "--quiet",
                 "--gazetteer", str(mine)]) == 0

    def retailers(out):
        m = pd.read_parquet(out / "mentions.parquet")
        return set(m.loc[m["entity_type"] == "retailer", "entity"])

    assert "Zalandoo" in retailers(merged) and "Zalandoo" not in retailers(plain)
    assert "Zalandoo" in set(pd.read_parquet(merged / "blame.parquet")["target_entity"])
    assert main(["analyse", str(plain), "--only", "blame", "--quiet",
                 "--gazetteer", str(mine)]) == 0
    assert "Zalandoo" in retailers(plain)


def test_a_bad_gazetteer_is_one_line(tmp_path):
    mine = tmp_path / "my.csv"
    mine.write_text(GAZ_HEADER + "Zalandoo,Zalandoo,shop,name,i,me\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "servicelab.cli", "build", str(ROOT / "data" / "raw"), "--out",
         str(tmp_path / "out"), "--gazetteer", str(mine)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    from servicelab.entities import ENTITY_TYPES

    assert lines == ["servicelab: error: my.csv: row 2: unknown entity_type 'shop' (one of "
                     f"{', '.join(ENTITY_TYPES)})"]
    assert not (tmp_path / "out").exists()
