"""A BSN outside the Bsn element: masked with its pseudonym, never shown, links kept."""

import csv
import shutil
from pathlib import Path

from sdmonitor.imports.istandaard import Failure, import_istandaard
from sdmonitor.imports.privacy_text import mask_record, mask_text, safe_name
from sdmonitor.imports.pseudonym import Pseudonymiser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "lib/sdmonitor/data/voorbeelden/istandaard"
P = Pseudonymiser("privacy-sleutel-0123456789")
BSN = "999900018"  # an official test BSN (passes the 11-proef)


def _elfproef(n: str) -> bool:
    digits = [int(c) for c in n]
    return (sum(w * d for w, d in zip(range(9, 1, -1), digits[:8])) - digits[8]) % 11 == 0


def test_the_test_bsns_pass_and_fail_the_11_proef_as_intended():
    assert _elfproef("999900018") and _elfproef("123456782") and not _elfproef("123456789")


def test_a_bsn_run_in_text_becomes_star_and_its_pseudonym():
    assert mask_text("REF123456782", P) == "REF*" + P("123456782")[:12]
    assert mask_text("123456789", P) == "123456789"  # fails the 11-proef: an ordinary number
    assert mask_text("1234567820", P) == "1234567820"  # ten digits: not a BSN
    assert mask_text("a 123456782 b 123456782", P).count("*" + P("123456782")[:12]) == 2


def test_amounts_volumes_and_the_client_id_are_left_alone():
    row = {"toewijzing_id": "123456782", "bedrag": "123456782.00", "volume": "123456782",
           "client_id": "123456782", "referentie": "x"}
    assert mask_record(row, P) == 1
    assert row == {"toewijzing_id": "*" + P("123456782")[:12], "bedrag": "123456782.00",
                   "volume": "123456782", "client_id": "123456782", "referentie": "x"}


def test_failure_lines_never_show_a_bsn():
    f = Failure("map/999900018.xml", "ToewijzingNummer '999900018' onbekend")
    assert "999900018" not in str(f) and safe_name("999900018") == "*********"


def test_a_bsn_as_allocation_number_never_reaches_the_folder_and_the_link_holds(tmp_path):
    # The 301 allocates with number 300201 and the 323 declares on 10072/10073/10074: put a BSN
    # in both the allocation and one declaration line, as an administration that numbers by BSN does.
    msgs = tmp_path / "berichten"
    msgs.mkdir()
    for name in ("JW301.xml", "JW323.xml"):
        shutil.copy(EXAMPLES / name, msgs)
    for name, old in (("JW301.xml", "300201"), ("JW323.xml", "10072")):
        path = msgs / name
        path.write_text(path.read_text(encoding="utf-8").replace(f"ToewijzingNummer>{old}<", f"ToewijzingNummer>{BSN}<"),
                        encoding="utf-8")
    out = tmp_path / "data"
    result = import_istandaard(out, [msgs], P, progress=False)
    assert result.mislukt == [] and result.gemaskeerd == 2
    for path in out.rglob("*"):
        if path.is_file():
            assert BSN not in path.read_text(encoding="utf-8"), path.name
    with open(out / "toewijzingen.csv", encoding="utf-8") as fh:
        allocated = {r["toewijzing_id"] for r in csv.DictReader(fh)}
    with open(out / "declaraties.csv", encoding="utf-8") as fh:
        declared = {r["toewijzing_id"] for r in csv.DictReader(fh)}
    masked = "*" + P(BSN)[:12]
    assert masked in allocated and masked in declared
    assert BSN not in result.render()
