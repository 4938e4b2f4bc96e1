"""The demo data generator: deterministic, complete, pseudonymous, and calibrated to the seeds.

Generating one set takes seconds; the module generates three (seed 2026 twice, seed 7 once) and
reads them with plain csv/pandas, counting figures by hand as INTERFACE §3 defines them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import numpy as np

from sdmonitor.demo import write_demo_data
from sdmonitor.demo.cells import year_curve

# INTERFACE §2: every table and the columns the contract names.
CONTRACT = {
    "declaraties": ["gemeente", "wet", "client_id", "geboortejaar", "productcode", "productcategorie", "aanbieder",
                    "verwijzer", "zorgvorm", "periode_begin", "periode_eind", "volume", "eenheid", "bedrag",
                    "ingediend_op"],
    "producten": ["wet", "productcode", "omschrijving", "bouwsteen", "begrotingspost", "eenheid"],
    "begroting": ["gemeente", "jaar", "wet", "begrotingspost", "bedrag"],
    "nulmeting": ["gemeente", "jaar", "wet", "bouwsteen", "volume", "bedrag"],
    "bevolking": ["gemeente", "jaar", "leeftijd", "aantal", "soort"],
    "meldingen": ["gemeente", "melding_id", "zorgtype", "aangemeld_op", "keukentafel_op", "afgesloten_op", "spoed",
                  "uitkomst"],
    "klachten_bezwaren": ["gemeente", "id", "soort", "ontvangen_op", "onderwerp", "afhandeling"],
    "tevredenheid": ["gemeente", "jaar", "doelgroep", "vraag", "waarde", "eenheid", "respons"],
    "smw": ["gemeente", "schooljaar", "onderwijs", "soort", "aantal"],
    "veilig_thuis": ["gemeente", "jaar", "kwartaal", "soort", "aantal"],
    "benchmark": ["gebied", "indicator", "periode", "dimensie", "waarde"],
    "toewijzingen": ["gemeente", "wet", "client_id", "toewijzing_id", "productcode", "toegewezen_op", "ingangsdatum",
                     "einddatum", "volume", "eenheid", "frequentie", "reden_einde"],
}
WIJCHEN, DRUTEN = "GM0296", "GM0225"


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("demo")
    out = {"a": root / "a", "b": root / "b", "c": root / "c"}
    write_demo_data(out["a"], seed=2026)
    write_demo_data(out["b"], seed=2026)
    write_demo_data(out["c"], seed=7)
    return out


def _read(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def lines(folders) -> pd.DataFrame:
    """Declaration lines of the seed-2026 set, with the product book attached."""
    d = _read(folders["a"], "declaraties")
    d["volume"] = d["volume"].astype(float)
    d["bedrag"] = d["bedrag"].astype(float)
    d["jaar"] = d["periode_begin"].str[:4].astype(int)
    d["maand"] = d["periode_begin"].str[:7]
    book = _read(folders["a"], "producten")[["wet", "productcode", "bouwsteen", "begrotingspost"]]
    d = d.merge(book, on=["wet", "productcode"], how="left", validate="many_to_one")
    d.loc[d["zorgvorm"] == "PGB", "begrotingspost"] = "PGB"
    return d


def _clients(lines: pd.DataFrame, gemeente: str, wet: str, year: int, bouwstenen: list[str] | None = None) -> int:
    """Distinct clients with a delivered cell (net volume > 0 per client, product, service month)."""
    d = lines[(lines["gemeente"] == gemeente) & (lines["wet"] == wet) & (lines["jaar"] == year)]
    if bouwstenen is not None:
        d = d[d["bouwsteen"].isin(bouwstenen)]
    net = d.groupby(["client_id", "productcode", "maand"])["volume"].sum()
    return net[net > 0].index.get_level_values("client_id").nunique()


# --- smooth calibration ----------------------------------------------------------------------

def test_year_curve_meets_each_year_target_without_a_january_step():
    # 24 months 2022-01..2023-12 of value 1, targets 12 (2022) and 24 (2023). Knots k1, k2 at the
    # middle of each year (month 5.5 and 17.5), flat outside, linear in between:
    #   2022: 6 k1 + sum_{m=6..11} (k1 + (k2-k1)(m-5.5)/12) = 10.5 k1 + 1.5 k2 = 12
    #   2023: sum_{m=12..17} (...) + 6 k2 = 1.5 k1 + 10.5 k2 = 24   ->  k1 = 5/6, k2 = 13/6
    f = year_curve(np.arange(24), np.ones(24), {2022: 12.0, 2023: 24.0})
    assert f[:6] == pytest.approx([5 / 6] * 6) and f[18:] == pytest.approx([13 / 6] * 6)
    assert (f[:12].sum(), f[12:].sum()) == (pytest.approx(12.0), pytest.approx(24.0))
    # December -> January is one ordinary step of the slope (k2 - k1) / 12 = 1/9, not a jump
    assert f[12] - f[11] == pytest.approx(1 / 9)
    assert f[7] - f[6] == pytest.approx(1 / 9)


# --- determinism ---------------------------------------------------------------------------

def test_same_seed_gives_identical_bytes(folders):
    names = sorted(p.name for p in folders["a"].iterdir())
    assert names == sorted(p.name for p in folders["b"].iterdir())
    for name in names:
        assert (folders["a"] / name).read_bytes() == (folders["b"] / name).read_bytes(), name


def test_other_seed_gives_other_data(folders):
    assert (folders["a"] / "declaraties.csv").read_bytes() != (folders["c"] / "declaraties.csv").read_bytes()
    ids_a = set(_read(folders["a"], "declaraties")["client_id"])
    ids_c = set(_read(folders["c"], "declaraties")["client_id"])
    assert not ids_a & ids_c  # pseudonyms depend on the seed


# --- completeness and form -------------------------------------------------------------------

@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_every_table_is_written_with_its_contract_columns(folders, table):
    header = (folders["a"] / f"{table}.csv").read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    assert [c for c in CONTRACT[table] if c not in header] == []
    assert len(_read(folders["a"], table)) > 0


def test_person_ids_are_pseudonyms_never_bsn_shaped(folders):
    for table in ("declaraties", "toewijzingen"):
        ids = set(_read(folders["a"], table)["client_id"])
        assert not [i for i in ids if re.fullmatch(r"\d{9}", i)]
        assert all(re.fullmatch(r"p[0-9a-f]{12}", i) for i in ids)


def test_declarations_respect_the_data_cut_and_the_month_rule(lines):
    assert lines["ingediend_op"].max() == "2026-03-10"
    assert lines["periode_begin"].min() == "2022-01-01"
    assert lines["periode_begin"].max() <= "2026-02-28"
    assert (lines["periode_begin"].str[:7] == lines["periode_eind"].str[:7]).all()
    assert (lines["ingediend_op"] > lines["periode_eind"]).all()
    assert (lines["geboortejaar"] != "").all()


def test_corrections_are_a_full_credit_then_a_new_debit(lines):
    credits = lines[lines["volume"] < 0]
    assert len(credits) > 100
    assert (credits["bedrag"] <= 0).all()
    # each credit cancels an earlier debit of the same cell exactly
    key = ["client_id", "productcode", "periode_begin"]
    debits = lines[lines["volume"] > 0].merge(credits[key + ["volume", "bedrag", "ingediend_op"]], on=key,
                                              suffixes=("", "_credit"))
    matched = debits[(debits["volume"] == -debits["volume_credit"]) & (debits["bedrag"] == -debits["bedrag_credit"])
                     & (debits["ingediend_op"] < debits["ingediend_op_credit"])]
    assert matched[key].drop_duplicates().shape[0] == credits[key].drop_duplicates().shape[0]


def test_codes_keep_their_leading_zeros(lines):
    assert set(lines["eenheid"]) <= {"01", "04", "14", "16", "82", "83", "84"}
    assert set(lines.loc[lines["wet"] == "jeugd", "verwijzer"]) <= {"01", "02", "03", "04", "05", "06", "08"}
    assert (lines.loc[lines["wet"] == "wmo", "verwijzer"] == "").all()
    assert (lines["productcategorie"] == lines["productcode"].str[:2]).all()


def test_every_declared_client_product_has_an_allocation(folders, lines):
    t = _read(folders["a"], "toewijzingen")
    declared = set(zip(lines["client_id"], lines["productcode"]))
    allocated = set(zip(t["client_id"], t["productcode"]))
    assert declared <= allocated


def test_chain_tables_tell_the_story_of_the_allocations_and_lines(folders, lines):
    t = _read(folders["a"], "toewijzingen")
    meldingen = _read(folders["a"], "zorgmeldingen")
    assert set(meldingen["toewijzing_id"]) <= set(t["toewijzing_id"])
    # the archive starts in January 2022: no request or start message before it, nothing after the data cut
    aanvragen = _read(folders["a"], "aanvragen")
    assert aanvragen["aangevraagd_op"].min() >= "2022-01-01" and meldingen["gemeld_op"].max() <= "2026-03-10"
    assert set(zip(aanvragen["client_id"], aanvragen["wet"])) <= set(zip(t["client_id"], t["wet"]))
    retouren = _read(folders["a"], "retouren")
    zin = lines[(lines["zorgvorm"] == "ZIN") & (lines["bedrag"] > 0)]
    assert 0.005 < len(retouren) / len(zin) < 0.02 and "0200" not in set(retouren["retourcode"])
    berichten = _read(folders["a"], "berichten")
    assert {"JW301", "JW305", "JW307", "JW315", "JW323", "JW325", "WMO301", "WMO323"} <= set(berichten["berichttype"])
    assert (berichten.loc[berichten["status"] == "overgeslagen", "berichttype"] == "").all()


def test_the_folder_passes_validation(folders):
    validation = pytest.importorskip("sdmonitor.ingest.validation", reason="validation module not available yet")
    report = validation.validate_folder(folders["a"])
    assert report.ok, report.render()


# --- calibration: Wijchen (seed 000) -----------------------------------------------------------

def test_wijchen_jeugd_clients_2025(lines):
    # seed 000 §3.2: 1.301 jongeren in 2025
    assert _clients(lines, WIJCHEN, "jeugd", 2025) == pytest.approx(1301, rel=0.01)


def test_wijchen_jeugd_clients_so_far_in_2026(lines):
    # seed 000 §3.5: 950 unieke jeugdigen t/m februari 2026 (not fully declared at the cut)
    assert _clients(lines, WIJCHEN, "jeugd", 2026) == pytest.approx(950, rel=0.06)


def test_wijchen_youth_in_verblijf(lines):
    verblijf = ["Pleegzorg", "Gezinshuis", "Residentieel", "GGZ-verblijf", "LTA", "Essentiële functies"]
    # seed 000 §3.3: 134 jeugdigen in verblijf in 2025, 89 so far in 2026
    assert _clients(lines, WIJCHEN, "jeugd", 2025, verblijf) == 134
    assert _clients(lines, WIJCHEN, "jeugd", 2026, verblijf) == pytest.approx(89, rel=0.12)


def test_wijchen_pct_in_zorg_2025(folders, lines):
    d = lines[(lines["gemeente"] == WIJCHEN) & (lines["wet"] == "jeugd") & (lines["jaar"] == 2025)]
    net = d.groupby(["client_id", "productcode", "maand"])["volume"].sum()
    delivered = set(net[net > 0].index.get_level_values("client_id"))
    born = d.drop_duplicates("client_id").set_index("client_id")["geboortejaar"].astype(int)
    young = sum(1 for c in delivered if 2025 - born[c] <= 17)
    bev = _read(folders["a"], "bevolking")
    b = bev[(bev["gemeente"] == WIJCHEN) & (bev["jaar"] == "2025") & (bev["leeftijd"].astype(int) <= 17)]
    # seed 000 §3.2: 13,3 % of the youth aged 0-17 (about 9.780) is in care
    assert 100 * young / b["aantal"].astype(int).sum() == pytest.approx(13.3, abs=0.05)
    assert b["aantal"].astype(int).sum() == pytest.approx(9780, rel=0.02)


@pytest.mark.parametrize("wet, year, share", [("jeugd", 2023, 0.03), ("jeugd", 2024, 0.02), ("jeugd", 2025, 0.02),
                                              ("wmo", 2025, 0.05)])
def test_wijchen_pgb_share(lines, wet, year, share):
    d = lines[(lines["gemeente"] == WIJCHEN) & (lines["wet"] == wet) & (lines["jaar"] == year)]
    pgb = d.loc[d["zorgvorm"] == "PGB", "bedrag"].sum()
    # PGB bedrag / all bedrag; the closed years are (nearly) fully declared at the cut
    assert pgb / d["bedrag"].sum() == pytest.approx(share, abs=0.002)


def test_wijchen_avan_users_per_month(lines):
    d = lines[(lines["gemeente"] == WIJCHEN) & (lines["bouwsteen"] == "Vervoer (AVAN)")]
    net = d.groupby(["client_id", "maand"])["volume"].sum()
    per_month = net[net > 0].reset_index().groupby("maand")["client_id"].nunique()
    mean = per_month.groupby(per_month.index.str[:4]).mean()
    # seed 000 §4.2: 237 pass holders per month used AVAN in 2024, 215 in 2025
    assert mean["2024"] == pytest.approx(237, abs=1)
    assert mean["2025"] == pytest.approx(215, abs=8)


def test_wijchen_klachten_and_bezwaren_2025(folders):
    k = _read(folders["a"], "klachten_bezwaren")
    k = k[(k["gemeente"] == WIJCHEN) & k["ontvangen_op"].str.startswith("2025")]
    klachten = k[k["soort"] == "klacht"]
    bezwaren = k[k["soort"] == "bezwaar"]
    # seed 000 §2.4: 12 klachten (11 informeel); 22 bezwaren, 11 wmo and 6 gehandicaptenparkeren
    assert (len(klachten), (klachten["afhandeling"] == "informeel").sum()) == (12, 11)
    assert len(bezwaren) == 22
    assert bezwaren["onderwerp"].value_counts()[["wmo", "gehandicaptenparkeren"]].tolist() == [11, 6]


def test_wijchen_budget_2026_has_every_post(folders):
    b = _read(folders["a"], "begroting")
    b = b[(b["gemeente"] == WIJCHEN) & (b["jaar"] == "2026")]
    assert set(b.loc[b["wet"] == "jeugd", "begrotingspost"]) == {
        "Dagbehandeling", "Verblijf", "Ambulant", "GGZ zorg", "Bescherming/reclassering", "PGB", "Overig"}
    # jeugd budget: the expected 2026 costs (≈ € 20,3 mln) minus the expected nadeel of € 299k
    assert b.loc[b["wet"] == "jeugd", "bedrag"].astype(float).sum() == pytest.approx(20.3e6 - 0.299e6, rel=0.02)


# --- calibration: Druten (seed 003) ------------------------------------------------------------

def test_druten_jeugd_2024_per_begrotingspost(lines):
    d = lines[(lines["gemeente"] == DRUTEN) & (lines["wet"] == "jeugd") & (lines["jaar"] == 2024)]
    got = d.groupby("begrotingspost")["bedrag"].sum() / 1000
    # seed 003 §3.4 (x € 1.000), its lines summed into the contract's begrotingsposten:
    expected = {
        "Dagbehandeling": 527,
        "Verblijf": 1130 + 90,  # verblijf + Landelijk Transitie Arrangement
        "Ambulant": 740 + 608,  # begeleiding ambulant + behandeling ambulant
        "GGZ zorg": 1538,
        "Bescherming/reclassering": 308 + 61 + 2,  # jeugdbescherming + jeugdreclassering + preventief justitieel
        "PGB": 101,
        "Overig": 16 + 24 + 9,  # persoonlijke verzorging + vervoersdiensten + jeugdhulp crisis
    }
    for post, value in expected.items():
        assert got[post] == pytest.approx(value, rel=0.01), post
    assert got.sum() == pytest.approx(5154, rel=0.01)


def test_druten_jeugd_ggz(lines):
    basis, spec = ["Basis GGZ"], ["Specialistische GGZ"]
    # seed 003 §3.2: 382 clients (2022) -> 359 (2024); basis 175 -> 130; specialistisch 207 -> 229
    assert [_clients(lines, DRUTEN, "jeugd", y, basis + spec) for y in (2022, 2024)] == [382, 359]
    assert [_clients(lines, DRUTEN, "jeugd", y, basis) for y in (2022, 2024)] == [175, 130]
    assert [_clients(lines, DRUTEN, "jeugd", y, spec) for y in (2022, 2024)] == [207, 229]
    d = lines[(lines["gemeente"] == DRUTEN) & lines["bouwsteen"].isin(basis + spec)]
    hours = d.groupby("jaar")["volume"].sum() / 60  # declared in minutes
    # 10.172 hours in 2022, 12.127 in 2024
    assert hours[2022] == pytest.approx(10172, rel=0.001)
    assert hours[2024] == pytest.approx(12127, rel=0.001)


def test_druten_wmo_figures(lines):
    d = lines[(lines["gemeente"] == DRUTEN) & (lines["wet"] == "wmo")]
    hbh = d[d["bouwsteen"] == "Hulp bij het huishouden"]
    net = hbh.groupby(["client_id", "maand"])["volume"].sum()
    per_month = net[net > 0].reset_index().groupby("maand")["client_id"].nunique()
    # seed 003 §4.2: 655 HbH clients in January 2024, 676 in December 2024
    assert (per_month["2024-01"], per_month["2024-12"]) == (655, 676)
    vol = d.groupby(["bouwsteen", "jaar"])["volume"].sum()
    # praktische begeleiding 2.278 h (2023) -> 1.886 h (2024); dagbesteding ouderen 2.675 -> 2.767 dagdelen
    assert vol[("Praktische begeleiding", 2023)] == pytest.approx(2278, abs=1)
    assert vol[("Praktische begeleiding", 2024)] == pytest.approx(1886, abs=1)
    assert vol[("Dagbesteding ouderen", 2023)] == pytest.approx(2675, abs=1)
    assert vol[("Dagbesteding ouderen", 2024)] == pytest.approx(2767, abs=1)


def test_druten_klachten_and_bezwaren(folders):
    k = _read(folders["a"], "klachten_bezwaren")
    k = k[k["gemeente"] == DRUTEN]
    year = k["ontvangen_op"].str[:4]
    klacht = k["soort"] == "klacht"
    # seed 003 §2.4: 4 klachten in 2024 (1 formeel), 2 in 2025; 1 bezwaar in 2024
    assert (klacht & (year == "2024")).sum() == 4
    assert (klacht & (year == "2024") & (k["afhandeling"] == "formeel")).sum() == 1
    assert (klacht & (year == "2025")).sum() == 2
    assert (~klacht & (year == "2024")).sum() == 1
