"""The national demo generator (`demo-data --scale national`): shape, validity, determinism."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from sdmonitor.demo.national import N_GEMEENTEN, OWN, generate_national, write_national
from sdmonitor.ingest.validation import validate_folder


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_tiny_scale_has_the_asked_lines_and_all_municipalities():
    tables = generate_national(seed=7, lines=20_000)
    decl = tables["declaraties"].to_pandas()
    # 20.000 asked: the debit lines are cut to round(20.000 / 1,02) = 19.608, the credits (about 2 %
    # of them, only those a month and a half before the cut) come on top: between 19.608 and 20.000.
    assert 19_608 <= len(decl) <= 20_000
    assert decl["gemeente"].nunique() <= N_GEMEENTEN
    assert set(OWN) <= set(decl["gemeente"].astype(str))
    # Every municipality has population rows (106 ages x 5 years), plus NL01.
    bev = tables["bevolking"]
    assert bev.groupby("gemeente").size().eq(106 * 5).all()
    assert bev["gemeente"].nunique() == N_GEMEENTEN + 1


def test_lines_follow_the_contract_rules():
    decl = generate_national(seed=7, lines=20_000)["declaraties"].to_pandas()
    begin, eind = pd.to_datetime(decl["periode_begin"]), pd.to_datetime(decl["periode_eind"])
    assert (begin.dt.to_period("M") == eind.dt.to_period("M")).all()
    assert ((decl["volume"] > 0) == (decl["bedrag"] > 0)).all()  # same sign on every line
    assert decl["verwijzer"].isna().eq(decl["wet"].astype(str) == "wmo").all()  # verwijzer jeugd only
    assert not decl.duplicated().any()
    assert pd.to_datetime(decl["ingediend_op"]).max() <= pd.Timestamp("2026-03-10")


def test_written_folder_is_valid_and_same_seed_gives_same_bytes(tmp_path: Path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_national(a, seed=3, lines=5_000)
    write_national(b, seed=3, lines=5_000)
    write_national(c, seed=4, lines=5_000)
    assert sorted(p.name for p in a.iterdir()) == [".sdmonitor-demo", "bevolking.csv", "declaraties.parquet",
                                                  "producten.csv"]
    for name in ("declaraties.parquet", "producten.csv", "bevolking.csv"):
        assert _sha(a / name) == _sha(b / name)
    assert _sha(a / "declaraties.parquet") != _sha(c / "declaraties.parquet")
    report = validate_folder(a)
    assert report.ok, report.render()
    assert pq.ParquetFile(a / "declaraties.parquet").metadata.num_rows == len(report.dataset["declaraties"])
