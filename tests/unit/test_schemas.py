"""Table specifications and pandera schemas of INTERFACE.md §2."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest

from sdmonitor.ingest import dataset, schemas


def test_every_contract_table_has_a_spec():
    assert set(schemas.TABLES) == set(dataset.ALL_TABLES)
    assert schemas.REQUIRED_TABLES == ("declaraties", "producten")


def test_declaraties_columns_follow_the_contract_order():
    assert schemas.TABLES["declaraties"].column_names == [
        "gemeente", "wet", "client_id", "geboortejaar", "productcode", "productcategorie",
        "aanbieder", "verwijzer", "zorgvorm", "periode_begin", "periode_eind", "volume", "eenheid",
        "bedrag", "ingediend_op",
        # project extensions the iStandaard import writes (docs/definitions.md)
        "toewijzing_id", "referentie"]


def test_chain_tables_are_optional_with_the_agreed_columns():
    for name in ("aanvragen", "zorgmeldingen", "retouren", "berichten"):
        assert not schemas.TABLES[name].required and name in dataset.OPTIONAL_TABLES
    assert schemas.TABLES["zorgmeldingen"].column_names == [
        "gemeente", "wet", "client_id", "toewijzing_id", "aanbieder", "productcategorie", "productcode",
        "soort", "datum", "reden", "gemeld_op"]
    assert schemas.TABLES["retouren"].column("retourcode").codelist == "WJ001"
    assert schemas.TABLES["berichten"].column("regels").dtype == "int64"


def test_dtypes_follow_architecture():
    spec = schemas.TABLES
    assert spec["declaraties"].column("volume").dtype == "float64"
    assert spec["declaraties"].column("geboortejaar").dtype == "Int64"
    assert spec["declaraties"].column("ingediend_op").dtype == "datetime64[ns]"
    assert spec["bevolking"].column("aantal").dtype == "int64"
    assert spec["meldingen"].column("spoed").dtype == "bool"
    assert spec["tevredenheid"].column("respons").dtype == "Int64"


def _bevolking(**overrides) -> pd.DataFrame:
    row = {"gemeente": "GM0296", "jaar": 2025, "leeftijd": 17, "aantal": 450, "soort": "waarneming"}
    row.update(overrides)
    frame = pd.DataFrame([row])
    frame = frame.astype({"gemeente": "str", "soort": "str", "jaar": "Int64", "leeftijd": "Int64",
                          "aantal": "Int64"})
    frame["_file"] = pd.Series(["bevolking.csv"], dtype="str")
    frame["_row"] = pd.Series([2], dtype="int64")
    return frame


def test_valid_bevolking_passes():
    schemas.schema("bevolking").validate(_bevolking())
    schemas.schema("bevolking").validate(_bevolking(gemeente="NL01"))  # the country is allowed here


@pytest.mark.parametrize("overrides", [
    {"leeftijd": 106},          # 105 means "105 and older"; 106 does not exist
    {"leeftijd": -1},
    {"soort": "raming"},        # only waarneming | prognose
    {"gemeente": "GM296"},      # four digits after GM
    {"aantal": -3},
])
def test_invalid_bevolking_fails(overrides):
    with pytest.raises(pa.errors.SchemaError):
        schemas.schema("bevolking").validate(_bevolking(**overrides))


def test_declaraties_gemeente_must_be_gm_code():
    check = schemas.TABLES["declaraties"].column("gemeente")
    assert check.pattern == r"^GM\d{4}$"


def test_failure_carries_dutch_expected_text():
    with pytest.raises(pa.errors.SchemaErrors) as info:
        schemas.schema("bevolking").validate(_bevolking(soort="raming"), lazy=True)
    assert list(info.value.failure_cases["check"]) == ["een van waarneming, prognose"]


def test_codelist_text_lists_the_codes():
    assert schemas.codelist_text("WJ756") == "een WJ756-code (01, 04, 14, 16, 82, 83, 84)"


def test_begrotingsposten_per_wet():
    assert "Ambulant" in schemas.BEGROTINGSPOSTEN["jeugd"]
    assert "Ambulant" not in schemas.BEGROTINGSPOSTEN["wmo"]
    assert "PGB" in schemas.BEGROTINGSPOSTEN["wmo"] and "PGB" in schemas.BEGROTINGSPOSTEN["jeugd"]
