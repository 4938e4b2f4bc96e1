"""validate_folder: typing, problems with file/row/column/value, cross-row and cross-table rules."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sdmonitor.ingest.validation import validate_folder

DECL_COLS = ["gemeente", "wet", "client_id", "geboortejaar", "productcode", "productcategorie",
             "aanbieder", "verwijzer", "zorgvorm", "periode_begin", "periode_eind", "volume",
             "eenheid", "bedrag", "ingediend_op"]
JEUGD = dict(gemeente="GM0296", wet="jeugd", client_id="C1", geboortejaar="2012",
             productcode="45A03", productcategorie="45", aanbieder="111", verwijzer="02",
             zorgvorm="ZIN", periode_begin="2025-01-01", periode_eind="2025-01-31", volume="10",
             eenheid="04", bedrag="850", ingediend_op="2025-02-10")
WMO = dict(JEUGD, wet="wmo", client_id="C2", productcode="02A01", productcategorie="01",
           verwijzer="")
PRODUCTEN = ("wet,productcode,omschrijving,bouwsteen,begrotingspost,eenheid\n"
             "jeugd,45A03,Ambulant individueel,Reguliere begeleiding,Ambulant,04\n"
             "wmo,02A01,Huishoudelijke ondersteuning,Hulp bij het huishouden,Huishoudelijke hulp,04\n")


def write(folder: Path, rows: list[dict], sep: str = ",", producten: str = PRODUCTEN,
          cols: list[str] = DECL_COLS) -> Path:
    lines = [sep.join(cols)] + [sep.join(r[c] for c in cols) for r in rows]
    (folder / "declaraties.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "producten.csv").write_text(producten, encoding="utf-8")
    return folder


def only_problem(folder: Path):
    report = validate_folder(folder)
    assert len(report.problems) == 1, [p.message for p in report.problems]
    return report.problems[0]


def test_valid_folder_gives_typed_dataset(tmp_path):
    report = validate_folder(write(tmp_path, [JEUGD, WMO]))
    assert report.ok and report.problems == []
    d = report.dataset["declaraties"]
    # The import's extra columns (toewijzing_id, referentie) are added empty when not delivered.
    assert list(d.columns) == DECL_COLS + ["toewijzing_id", "referentie", "_file", "_row"]
    assert d["volume"].dtype == "float64" and d["geboortejaar"].dtype == "Int64"
    assert str(d["ingediend_op"].dtype) == "datetime64[ns]"
    assert list(d["verwijzer"].isna()) == [False, True]
    assert d["productcategorie"].iloc[1] == "01" and d["eenheid"].iloc[0] == "04"
    assert list(d["_row"]) == [2, 3]
    assert report.tables["declaraties"].rows_read == 2 and report.tables["declaraties"].rows_valid == 2
    assert not report.dataset.has("bevolking")


def test_problem_fields_and_message(tmp_path):
    p = only_problem(write(tmp_path, [JEUGD, dict(WMO, eenheid="05")]))
    assert (p.table, p.file, p.row, p.column, p.value) == ("declaraties", "declaraties.csv", 3,
                                                          "eenheid", "05")
    assert p.message == ("declaraties.csv rij 3, kolom eenheid: waarde '05' — verwacht een "
                         "WJ756-code (01, 04, 14, 16, 82, 83, 84)")


def test_decimal_comma_in_semicolon_file(tmp_path):
    rows = [dict(JEUGD, bedrag="850,25"), dict(WMO, bedrag="1.234,50", volume="2,5")]
    report = validate_folder(write(tmp_path, rows, sep=";"))
    assert report.ok, report.render()
    # 850,25 -> 850.25; 1.234,50 -> 1234.50 (dot is a thousands separator next to a comma)
    assert list(report.dataset["declaraties"]["bedrag"]) == [850.25, 1234.5]
    assert report.dataset["declaraties"]["volume"].iloc[1] == 2.5


def test_decimal_comma_in_comma_file_is_wrong_type(tmp_path):
    rows = [JEUGD, dict(WMO, bedrag='"12,5"')]
    p = only_problem(write(tmp_path, rows))
    assert (p.row, p.column, p.value) == (3, "bedrag", "12,5")


def test_mixed_decimal_notation_is_reported_once(tmp_path):
    rows = [dict(JEUGD, bedrag="850,25"), dict(WMO, bedrag="12.5"), dict(WMO, client_id="C3", bedrag="7.5")]
    p = only_problem(write(tmp_path, rows, sep=";"))
    assert (p.row, p.column, p.value) == (3, "bedrag", "12.5")   # first dot row
    report = validate_folder(tmp_path)
    # which notation is meant cannot be told, so no bedrag of this file is trusted: 3 - 3 = 0
    assert report.tables["declaraties"].rows_valid == 0


def test_credit_and_redeclare_is_not_a_duplicate(tmp_path):
    debit = JEUGD
    credit = dict(JEUGD, volume="-10", bedrag="-850", ingediend_op="2025-03-10")
    redeclare = dict(JEUGD, volume="8", bedrag="680", ingediend_op="2025-03-10")
    assert validate_folder(write(tmp_path, [debit, credit, redeclare])).ok


def test_redeclaration_with_the_same_date_after_a_credit_is_not_a_duplicate(tmp_path):
    # debit, full credit and the same debit again, all three with one ingediend_op (a hand-made file)
    credit = dict(JEUGD, volume="-10", bedrag="-850")
    assert validate_folder(write(tmp_path, [JEUGD, credit, JEUGD])).ok


def test_exact_duplicate_names_both_rows(tmp_path):
    p = only_problem(write(tmp_path, [JEUGD, WMO, JEUGD]))
    assert (p.row, p.column) == (4, None)
    assert "gelijk aan declaraties.csv rij 2" in p.message


def test_same_line_declared_again_later_is_not_a_duplicate(tmp_path):
    assert validate_folder(write(tmp_path, [JEUGD, dict(JEUGD, ingediend_op="2025-02-11")])).ok


@pytest.mark.parametrize("volume,bedrag,fragment", [
    ("-10", "850", "negatieve volume op een debetregel"),
    ("10", "-850", "positief volume op een creditregel"),
])
def test_volume_and_bedrag_must_have_the_same_sign(tmp_path, volume, bedrag, fragment):
    p = only_problem(write(tmp_path, [dict(JEUGD, volume=volume, bedrag=bedrag)]))
    assert (p.row, p.column, p.value) == (2, "volume", volume) and fragment in p.message


def test_zero_volume_credit_is_allowed(tmp_path):
    assert validate_folder(write(tmp_path, [dict(JEUGD, volume="0", bedrag="-12")])).ok


def test_period_rules(tmp_path):
    rows = [dict(JEUGD, periode_eind="2025-02-01"),                       # row 2: two months
            dict(JEUGD, client_id="C9", periode_begin="2025-01-20", periode_eind="2025-01-10"),
            dict(JEUGD, client_id="C8", periode_begin="2025-03-01", periode_eind="2025-03-31")]
    report = validate_folder(write(tmp_path, rows))
    found = {(p.row, p.column) for p in report.problems}
    # row 4: service month March, declared 2025-02-10 -> in the future
    assert found == {(2, "periode_eind"), (3, "periode_eind"), (4, "periode_begin")}


@pytest.mark.parametrize("value,expected", [("2025-02-30", "een bestaande datum"),
                                            ("10-02-2025", "een datum als JJJJ-MM-DD"),
                                            ("2025-2-10", "een datum als JJJJ-MM-DD")])
def test_dates_must_be_real_iso_dates(tmp_path, value, expected):
    p = only_problem(write(tmp_path, [dict(JEUGD, ingediend_op=value)]))
    assert (p.column, p.value) == ("ingediend_op", value) and expected in p.message


def test_productcategorie_depends_on_wet(tmp_path):
    # 45 is a jeugd (JZ020) code, not a wmo (WMO020) one
    p = only_problem(write(tmp_path, [JEUGD, dict(WMO, productcategorie="45")]))
    assert (p.row, p.column) == (3, "productcategorie") and "WMO020" in p.message


def test_verwijzer_only_for_jeugd(tmp_path):
    p = only_problem(write(tmp_path, [JEUGD, dict(WMO, verwijzer="01")]))
    assert (p.row, p.column, p.value) == (3, "verwijzer", "01")


def test_optional_columns_may_be_left_out(tmp_path):
    cols = [c for c in DECL_COLS if c not in ("verwijzer", "geboortejaar")]
    report = validate_folder(write(tmp_path, [WMO], cols=cols))
    assert report.ok, report.render()
    d = report.dataset["declaraties"]
    assert d["verwijzer"].isna().all() and d["geboortejaar"].isna().all()


def test_missing_required_column(tmp_path):
    cols = [c for c in DECL_COLS if c != "eenheid"]
    p = only_problem(write(tmp_path, [JEUGD], cols=cols))
    assert (p.file, p.row, p.column) == ("declaraties.csv", None, "eenheid")


def test_orphan_productcode(tmp_path):
    # 45A03 exists, but only under wet jeugd
    p = only_problem(write(tmp_path, [JEUGD, dict(WMO, productcode="45A03")]))
    assert (p.row, p.column, p.value) == (3, "productcode", "45A03")


def test_duplicate_product_key(tmp_path):
    producten = PRODUCTEN + "jeugd,45A03,Nog eens,Pleegzorg,Verblijf,14\n"
    p = only_problem(write(tmp_path, [JEUGD], producten=producten))
    assert (p.table, p.row) == ("producten", 4) and "producten.csv rij 2" in p.message


def test_enum_case_and_gemeente_case_are_normalised(tmp_path):
    report = validate_folder(write(tmp_path, [dict(JEUGD, wet="Jeugd", zorgvorm="zin",
                                                   gemeente="gm0296")]))
    assert report.ok, report.render()
    row = report.dataset["declaraties"].iloc[0]
    assert (row["wet"], row["zorgvorm"], row["gemeente"]) == ("jeugd", "ZIN", "GM0296")


def test_missing_required_tables(tmp_path):
    report = validate_folder(tmp_path)
    assert [p.table for p in report.problems] == ["declaraties", "producten"]
    assert report.dataset is None


def test_optional_header_only_table_counts_as_absent(tmp_path):
    write(tmp_path, [JEUGD])
    (tmp_path / "meldingen.csv").write_text(
        "gemeente,melding_id,zorgtype,aangemeld_op,keukentafel_op,afgesloten_op,spoed\n")
    report = validate_folder(tmp_path)
    assert report.ok and not report.dataset.has("meldingen")


def test_meldingen_types(tmp_path):
    write(tmp_path, [JEUGD])
    (tmp_path / "meldingen.csv").write_text(
        "gemeente,melding_id,zorgtype,aangemeld_op,keukentafel_op,afgesloten_op,spoed\n"
        "GM0296,M1,jeugd,2025-01-06,2025-01-20,,ja\n"
        "GM0296,M2,WMO-nieuw,2025-01-08,,,false\n")
    report = validate_folder(tmp_path)
    assert report.ok, report.render()
    m = report.dataset["meldingen"]
    assert m["spoed"].dtype == "bool" and list(m["spoed"]) == [True, False]
    assert list(m["zorgtype"]) == ["jeugd", "wmo-nieuw"]
    assert m["keukentafel_op"].isna().tolist() == [False, True]


def test_required_int_may_not_be_empty(tmp_path):
    write(tmp_path, [JEUGD])
    (tmp_path / "veilig_thuis.csv").write_text(
        "gemeente,jaar,kwartaal,soort,aantal\nGM0296,2025,5,melding,3\nGM0296,2025,1,melding,\n")
    report = validate_folder(tmp_path)
    found = {(p.row, p.column) for p in report.problems}
    assert found == {(2, "kwartaal"), (3, "aantal")}


def test_render_counts_and_caps(tmp_path):
    rows = [dict(JEUGD, client_id=f"C{i}", eenheid="05") for i in range(60)]
    report = validate_folder(write(tmp_path, rows))
    text = report.render()
    assert "declaraties: 60 rijen gelezen, 0 geldig" in text
    assert len(report.problems) == 60
    assert text.count("kolom eenheid") == 50
    assert "... en nog 10 problemen in declaraties" in text
    assert "60 problemen gevonden" in text


def test_thousands_in_render_use_dutch_dots(tmp_path):
    rows = [dict(JEUGD, client_id=f"C{i}") for i in range(1001)]
    assert "1.001 rijen gelezen, 1.001 geldig" in validate_folder(write(tmp_path, rows)).render()


def test_validation_writes_nothing(tmp_path):
    write(tmp_path, [JEUGD, dict(WMO, eenheid="05")])
    before = {p: p.read_bytes() for p in tmp_path.rglob("*")}
    validate_folder(tmp_path)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*")} == before


def test_booking_within_the_service_month_is_not_future(tmp_path):
    # Declared on 2025-03-10 for March 2025 (e.g. a PGB booking): same month, so not in the future.
    row = dict(JEUGD, periode_begin="2025-03-01", periode_eind="2025-03-31", ingediend_op="2025-03-10")
    assert validate_folder(write(tmp_path, [row])).ok


# --- issue 9: Dutch notation, plausible numbers and dates, BSN-like client ids -----------------

def test_dutch_thousands_separators_in_a_semicolon_file(tmp_path):
    # the column shows a decimal comma (row 3), so "4.000" is four thousand and "1.234,56" is 1234.56
    rows = [dict(JEUGD, bedrag="4.000"), dict(JEUGD, client_id="C3", bedrag="1.234,56"),
            dict(JEUGD, client_id="C4", bedrag="12,5")]
    report = validate_folder(write(tmp_path, rows, sep=";"))
    assert report.ok, [p.message for p in report.problems]
    assert report.dataset["declaraties"]["bedrag"].tolist() == [4000.0, 1234.56, 12.5]


def test_a_grouped_value_with_decimal_points_elsewhere_is_a_decimal(tmp_path):
    # the column uses decimal points (12.5), so 4.000 reads as 4.0 — a consistent English export
    rows = [dict(JEUGD, bedrag="4.000"), dict(JEUGD, client_id="C3", bedrag="12.5")]
    report = validate_folder(write(tmp_path, rows, sep=";"))
    assert report.ok and report.dataset["declaraties"]["bedrag"].tolist() == [4.0, 12.5]


def test_ambiguous_grouped_value_is_refused(tmp_path):
    report = validate_folder(write(tmp_path, [dict(JEUGD, bedrag="4.000"), dict(JEUGD, client_id="C3")], sep=";"))
    assert [(p.row, p.column, p.value) for p in report.problems] == [(2, "bedrag", "4.000")]
    assert "niet eenduidig" in report.problems[0].message and "(4000)" in report.problems[0].message


@pytest.mark.parametrize("column, value, fragment", [
    ("bedrag", "1e308", "plausibele grootte"),
    ("bedrag", "-20000000000", "plausibele grootte"),
    ("bedrag", "Infinity", "een getal"),
    ("ingediend_op", "9999-12-31", "1900-01-01 t/m 2100-12-31"),
    ("periode_begin", "1899-12-01", "1900-01-01 t/m 2100-12-31"),
    ("client_id", "111 222 333", "11-proef"),
])
def test_implausible_values_are_refused(tmp_path, column, value, fragment):
    report = validate_folder(write(tmp_path, [dict(JEUGD, **{column: value})]))
    assert not report.ok
    shown = "[BSN verborgen]" if column == "client_id" else value  # a BSN is named by its place only
    assert any(p.column == column and p.value == shown and fragment in p.message for p in report.problems), \
        [p.message for p in report.problems]


def test_open_einddatum_9999_is_accepted_in_toewijzingen(tmp_path):
    write(tmp_path, [JEUGD])
    (tmp_path / "toewijzingen.csv").write_text(
        "gemeente,wet,client_id,toewijzing_id,productcode,toegewezen_op,ingangsdatum,einddatum,volume,eenheid,"
        "frequentie\n"
        "GM0296,jeugd,C1,T1,45A03,2025-01-02,2025-01-06,9999-12-31,10,04,2\n"
        "GM0296,jeugd,C1,T2,45A03,2025-01-02,2025-01-06,2025-06-30,10,04,2\n", encoding="utf-8")
    report = validate_folder(tmp_path)
    assert report.ok, [p.message for p in report.problems]
    eind = report.dataset["toewijzingen"]["einddatum"]
    assert eind.isna().tolist() == [True, False]   # 9999-12-31 is "no end"


AANVRAGEN = ("gemeente,wet,client_id,aanbieder,productcategorie,productcode,verwijzer,aangevraagd_op,"
             "ingangsdatum,referentie\n"
             "GM0296,jeugd,C1,111,45,,02,2025-01-06,,R1\n"
             "GM0296,wmo,C2,111,02,02A01,,2025-01-08,2025-02-01,R2\n")
ZORGMELDINGEN = ("gemeente,wet,client_id,toewijzing_id,aanbieder,productcategorie,productcode,soort,datum,reden,"
                 "gemeld_op\n"
                 "GM0296,jeugd,C1,T1,111,45,45A03,start,2025-02-01,,2025-02-03\n"
                 "GM0296,jeugd,C1,T1,111,45,45A03,stop,2025-05-31,31,2025-06-02\n")
RETOUREN = ("gemeente,wet,aanbieder,referentie,client_id,productcode,periode_begin,bedrag,retourcode,verzonden_op\n"
            "GM0296,jeugd,111,L1,C1,45A03,2025-01-01,850,9321,2025-02-12\n")
BERICHTEN = ("gemeente,wet,berichttype,richting,aanbieder,dagtekening,regels,status,reden\n"
             "GM0296,jeugd,JW323,in,111,2025-02-10,12,verwerkt,\n"
             ",,,in,,,0,overgeslagen,geen iStandaard-bericht\n")


def test_chain_tables_are_read_and_typed(tmp_path):
    write(tmp_path, [JEUGD, WMO])
    for name, text in (("aanvragen", AANVRAGEN), ("zorgmeldingen", ZORGMELDINGEN), ("retouren", RETOUREN),
                       ("berichten", BERICHTEN)):
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    report = validate_folder(tmp_path)
    assert report.ok, report.render()
    d = report.dataset
    assert d["aanvragen"]["productcode"].isna().tolist() == [True, False]
    assert str(d["zorgmeldingen"]["datum"].dtype) == "datetime64[ns]"
    assert d["retouren"]["retourcode"].tolist() == ["9321"] and d["retouren"]["bedrag"].dtype == "float64"
    assert d["berichten"]["regels"].tolist() == [12, 0] and d["berichten"]["gemeente"].isna().tolist() == [False, True]
    assert "Niet aangeleverd (optioneel)" not in report.render() or "aanvragen" not in report.render().split(
        "Niet aangeleverd (optioneel):")[1]


def test_chain_tables_absent_are_listed_as_not_supplied(tmp_path):
    report = validate_folder(write(tmp_path, [JEUGD]))
    absent = report.render().split("Niet aangeleverd (optioneel):")[1].splitlines()[0]
    assert all(n in absent for n in ("aanvragen", "zorgmeldingen", "retouren", "berichten"))
    assert not report.dataset.has("zorgmeldingen")


@pytest.mark.parametrize("name,text,column", [
    ("zorgmeldingen", ZORGMELDINGEN.replace(",start,", ",begin,"), "soort"),
    ("retouren", RETOUREN.replace(",9321,", ",9999,"), "retourcode"),     # not a WJ001 code
    ("berichten", BERICHTEN.replace(",JW323,", ",JW32,"), "berichttype"),
    ("aanvragen", AANVRAGEN.replace("jeugd,C1,111,45", "jeugd,C1,111,01"), "productcategorie"),
])
def test_chain_table_values_are_checked(tmp_path, name, text, column):
    write(tmp_path, [JEUGD])
    (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    p = only_problem(tmp_path)
    assert (p.table, p.column) == (name, column)
