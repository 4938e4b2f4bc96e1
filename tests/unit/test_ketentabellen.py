"""Writing the chain's tables over the import's earlier rows (imports/ketentabellen.py)."""

from __future__ import annotations

from sdmonitor.imports.ketentabellen import write_table


def _row(bedrag: str, bericht: str) -> dict:
    return {"gemeente": "GM0225", "wet": "jeugd", "client_id": "c", "productcode": "45A01", "bedrag": bedrag,
            "bericht": bericht, "referentie": "R1"}


def test_a_semicolon_file_keeps_its_form_its_own_rows_and_gets_the_new_columns(tmp_path):
    (tmp_path / "declaraties.csv").write_text(
        "gemeente;wet;client_id;productcode;bedrag;bericht\n"
        "GM0225;jeugd;eigen;45A01;12,50;\n"            # an analyst's own row: stays
        "GM0225;jeugd;c;45A01;99,00;aaaaaaaaaaaa\n",   # an earlier import's row: replaced
        encoding="utf-8")
    write_table(tmp_path, "declaraties", [_row("40.25", "bbbbbbbbbbbb")], {"aaaaaaaaaaaa", "bbbbbbbbbbbb"})
    lines = (tmp_path / "declaraties.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("gemeente;wet;client_id;productcode;bedrag;bericht;")  # new columns at the end
    assert "referentie" in lines[0].split(";")
    assert lines[1].startswith("GM0225;jeugd;eigen;45A01;12,50;")
    assert lines[2].startswith("GM0225;jeugd;c;45A01;40,25;bbbbbbbbbbbb")
    assert len(lines) == 3


def test_nothing_is_written_without_rows_or_a_table(tmp_path):
    assert write_table(tmp_path, "retouren", [], set()) is None
    assert list(tmp_path.iterdir()) == []


def test_the_temporary_file_is_handed_to_place(tmp_path):
    moves = []
    target = write_table(tmp_path, "aanvragen", [{"gemeente": "GM0225", "bericht": "b"}], set(),
                         place=lambda tmp, final: moves.append((tmp.name, final.name)), token="t1")
    assert moves == [(".aanvragen.import-t1.tmp", "aanvragen.csv")] and target == tmp_path / "aanvragen.csv"
