"""The message chain (imports/keten.py) on tiny hand-made records, each rule worked out by hand."""

from __future__ import annotations

from sdmonitor.imports import keten
from sdmonitor.imports.regels import KINDS


def rec(kind: str, **values) -> dict:
    """A record of `kind` with every column ('' unless given)."""
    return {c: "" for c in KINDS[kind]} | {"gemeente": "GM0225", "wet": "jeugd", "client_id": "c1"} | values


def versie(tid: str, datum: str, *, tijd: str = "12:00:00", **values) -> dict:
    return rec("toewijzingen", toewijzing_id=tid, toegewezen_op=datum, toewijzingstijd=tijd, dagtekening=datum,
               ingangsdatum="2025-01-01", productcode="45A01", aanbieder="A", bericht=f"b{tid}{datum}{tijd}",
               **values)


def regel(ref: str, ingediend: str, decl: str, *, bedrag: str = "100.00", **values) -> dict:
    return rec("declaraties", referentie=ref, ingediend_op=ingediend, declaratie_id=decl, bericht=f"m{decl}",
               aanbieder="A", productcode="45A01", periode_begin="2025-01-01", periode_eind="2025-01-31",
               volume="2", bedrag=bedrag, toewijzing_id="1", **values)


def test_latest_version_counts_and_keeps_its_reason_and_the_first_date():
    rows = keten.toewijzingen([versie("1", "2025-01-01", volume="4"),
                               versie("1", "2025-03-01", volume="6", reden_wijziging="04"),
                               versie("1", "2025-03-01", tijd="15:00:00", volume="8", reden_wijziging="14"),
                               versie("2", "2025-02-01", volume="1")], [])
    assert [(r["toewijzing_id"], r["volume"], r["reden_wijziging"], r["toegewezen_op"]) for r in rows] == [
        ("1", "8", "14", "2025-01-01"), ("2", "1", "", "2025-02-01")]


def test_a_withdrawn_allocation_is_left_out():
    rows = keten.toewijzingen([versie("1", "2025-01-01"),
                               versie("1", "2025-01-20", einddatum="2025-01-01", reden_wijziging="13")], [])
    assert rows == []


def test_reden_einde_from_the_301_or_a_later_307():
    ended = versie("1", "2025-06-01", einddatum="2025-05-31", reden_wijziging="09")  # 09 -> 38 (JZ002)
    stop = rec("zorgmeldingen", toewijzing_id="1", soort="stop", reden="31", gemeld_op="2025-06-02", bericht="s")
    assert keten.toewijzingen([ended], [])[0]["reden_einde"] == "38"
    assert keten.toewijzingen([ended], [stop])[0]["reden_einde"] == "31"  # the provider's stop came later
    earlier = dict(stop, gemeld_op="2025-05-31")
    assert keten.toewijzingen([ended], [earlier])[0]["reden_einde"] == "38"  # the 301 came after the 307
    open_ = versie("2", "2025-06-01")
    assert keten.toewijzingen([open_], [dict(stop, toewijzing_id="2")])[0]["reden_einde"] == "31"


def test_start_and_stop_messages_latest_counts_and_status_3_withdraws():
    start = rec("zorgmeldingen", toewijzing_id="1", soort="start", begindatum="2025-01-06", datum="2025-01-06",
                gemeld_op="2025-01-07", status="1", bericht="a")
    withdrawn = dict(start, gemeld_op="2025-01-10", status="3", bericht="b")
    again = dict(start, begindatum="2025-01-08", datum="2025-01-08", gemeld_op="2025-01-11", bericht="c")
    assert [m["datum"] for m in keten.zorgmeldingen([start, withdrawn, again])] == ["2025-01-08"]


def test_a_rejected_line_leaves_and_its_later_correction_stays():
    sent = regel("R1", "2025-02-03", "10|2025-02-03")
    other = regel("R2", "2025-02-03", "10|2025-02-03", bedrag="50.00")
    corrected = regel("R9", "2025-03-03", "11|2025-03-03")
    retour = rec("retouren", aanbieder="A", referentie="R1", declaratie_id="10|2025-02-03", retourcode="9307")
    ok = dict(retour, referentie="R2", retourcode="0200 8001")  # not a rejection
    lines, _ = keten.declaraties([sent, other, corrected], [retour, ok])
    assert [r["referentie"] for r in lines] == ["R2", "R9"]


def test_an_identical_resend_is_kept_once_and_counted():
    first = regel("R1", "2025-02-03", "10|2025-02-03")
    resent = dict(first, declaratie_id="11|2025-02-03", bericht="m11")
    redeclared = regel("R5", "2025-02-03", "11|2025-02-03")  # same content, another reference: another line
    lines, dubbel = keten.declaraties([resent, first, redeclared], [])
    assert [(r["referentie"], r["bericht"]) for r in lines] == [("R1", "m10|2025-02-03"), ("R5", "m11|2025-02-03")]
    assert dubbel == {"m11": 1}


def _request(ref: str, datum: str, verwijzer: str, product: str = "45A01") -> dict:
    return rec("aanvragen", aanbieder="A", referentie=ref, aangevraagd_op=datum, verwijzer=verwijzer,
               productcode=product, bericht=f"q{ref}")


def test_verwijzer_per_allocation_never_borrowed_from_another_episode():
    first = dict(versie("1", "2025-01-05"), referentie="REF1")
    later = versie("2", "2025-09-01")  # same client, provider and product, no request of its own
    out = keten.verwijzers(keten.toewijzingen([first, later], []), [_request("REF1", "2025-01-02", "02")])
    assert out == {("GM0225", "jeugd", "1"): "02", ("GM0225", "jeugd", "2"): "01"}


def test_verwijzer_by_product_takes_an_unclaimed_earlier_request_only():
    alloc = versie("1", "2025-03-01")
    assert keten.verwijzers([dict(alloc, eerste_wijziging="")], [_request("X", "2025-02-20", "03")]) == {
        ("GM0225", "jeugd", "1"): "03"}
    # A request made after the allocation is not its request.
    assert keten.verwijzers([dict(alloc, eerste_wijziging="")], [_request("X", "2025-04-01", "03")]) == {
        ("GM0225", "jeugd", "1"): "01"}


def test_verwijzer_unknown_when_the_archive_cannot_tell():
    alloc = keten.toewijzingen([versie("1", "2025-03-01")], [])
    assert keten.verwijzers(alloc, []) == {("GM0225", "jeugd", "1"): ""}  # no 315 in the archive at all
    older = keten.toewijzingen([versie("2", "2025-03-01", reden_wijziging="04")], [])  # began before it
    assert keten.verwijzers(older, [_request("Q", "2025-01-01", "02", product="45A03")]) == {
        ("GM0225", "jeugd", "2"): ""}


def test_berichten_log_direction_and_parties():
    rows = keten.berichten([
        {"berichttype": "JW301", "afzender": "0225", "ontvanger": "11110001", "dagtekening": "2025-01-01", "regels": 2},
        {"berichttype": "WMO323", "afzender": "22220001", "ontvanger": "0225", "dagtekening": "2025-02-10",
         "regels": 7}])
    assert [(r["wet"], r["berichttype"], r["richting"], r["aanbieder"], r["gemeente"], r["status"]) for r in rows] == [
        ("jeugd", "JW301", "uit", "11110001", "GM0225", "verwerkt"),
        ("wmo", "WMO323", "in", "22220001", "GM0225", "verwerkt")]
