"""A generated iJw/iWmo 3.2 message archive with every case of the chain (issue 20), for tests.

`build(folder)` writes one gemeente's (GM0225) archive from March 2025 (a start mid-year) to
February 2026 as monthly deliveries `folder/YYYY-MM/*.xml`; the last delivery is a zip
(`folder/2026-02.zip`), as archives arrive. Every message is written with `sdmonitor.imports.writer`
(valid against its XSD). The clients and what happens to them:

jeugd (aanbieder 11110001, product 45A01 'Reguliere begeleiding', hours per month, € 60 an hour)
- j0: a 315 (verwijzer 02 huisarts) and its 301; the allocation ends 2025-07-31 (a second
  version); a new allocation of the same product from 2025-10 has no 315 (the gemeente's own
  referral: it must not borrow the first episode's 02).
- j1: a 301 without a 315 (gemeente, 01).
- j2: a 315 (03 jeugdarts); a second version of the 301 (RedenWijziging 04) raises the volume.
- j3: a 301 withdrawn a month later (RedenWijziging 13, einddatum = ingangsdatum), never declared.
- j4: a 315 (02); care stops 2025-08-31: the gemeente ends the allocation (RedenWijziging 12,
  reden beëindiging 37), then the provider's 307 follows (31 volgens plan): the 307 counts.
- j5: a 307 (33) first, then the gemeente's 301 (RedenWijziging 09, overstap: 38): the 301 counts.
- j6: the 2025-06 line is rejected by a 325 (9307) in the next delivery; a corrected line follows.
- j7: the 2025-07 declaration is sent twice on one day (another message, the same lines).
- j8: an allocation from before the archive (its first held version is a change, RedenWijziging 04).
- j9: declared on an allocation whose 301 predates the archive (no 301 in it at all).
- every started allocation has a 305; the 305 of j1 is withdrawn (status 3) and sent again.
wmo (aanbieder 22220001, product 01A01 'Hulp bij het huishouden')
- w0: care stops 2025-11-30 with a 307 (19 volgens plan) after the gemeente's ending version.
- w1: three versions of one allocation.
- w2: a withdrawn allocation.
No PGB (the SVB pays it; no 323 carries it). Declarations: one 323 per aanbieder per service
month, sent on the 10th of the next month; service months 2025-03 .. 2026-01.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from sdmonitor.imports import writer

GEMEENTE = "0225"
JEUGD, WMO = "11110001", "22220001"
TARIEF = 6000  # cents per hour
MONTHS = [f"2025-{m:02d}" for m in range(3, 13)] + ["2026-01"]
BIRTH = {"jeugd": "2012-05-01", "wmo": "1950-05-01"}


def _bsn(index: int) -> str:
    """A made-up BSN passing the 11-proef."""
    for check in range(10):
        number = f"99{index:06d}{check}"
        digits = [int(c) for c in number]
        if (sum(w * d for w, d in zip(range(9, 1, -1), digits[:8])) - digits[8]) % 11 == 0:
            return number
    return _bsn(index + 500)


def _month_end(month: str) -> str:
    y, m = int(month[:4]), int(month[5:])
    nxt = f"{y + (m == 12)}-{(m % 12) + 1:02d}-01"
    return (dt.date.fromisoformat(nxt) - dt.timedelta(days=1)).isoformat()


def _next_month(month: str) -> str:
    y, m = int(month[:4]), int(month[5:])
    return f"{y + (m == 12)}-{(m % 12) + 1:02d}"


@dataclass
class Archive:
    """What was written: the folder, the delivery names (in order), the BSNs (never in any output)."""

    folder: Path
    deliveries: list[str] = field(default_factory=list)
    bsns: set[str] = field(default_factory=set)


class _Builder:
    def __init__(self) -> None:
        self.files: dict[str, list[tuple[str, bytes]]] = {}
        self.n = 0
        self.bsn: dict[str, str] = {}
        # per (wet, aanbieder, service month): [(bsn, line)]
        self.lines: dict[tuple[str, str, str], list[tuple[str, dict]]] = {}

    def put(self, date: str, kind: str, message: bytes) -> None:
        self.files.setdefault(date[:7], []).append((f"{date}-{self.n:04d}-{kind}.xml", message))

    def ident(self) -> str:
        self.n += 1
        return str(self.n)

    def client(self, name: str) -> str:
        return self.bsn.setdefault(name, _bsn(len(self.bsn) + 1))

    def alloc(self, wet: str, name: str, date: str, product: dict, **extra) -> None:
        aanbieder = JEUGD if wet == "jeugd" else WMO
        p = dict(product, **extra)
        self.put(date, f"{wet}-301", writer.toewijzing(wet, GEMEENTE, aanbieder, self.ident(), date,
                                                      self.client(name), BIRTH[wet], [p]))

    def request(self, name: str, date: str, product: dict, verwijzer: str) -> None:
        self.put(date, "jeugd-315", writer.aanvraag("jeugd", GEMEENTE, JEUGD, self.ident(), date, self.client(name),
                                                    BIRTH["jeugd"], [dict(product, verwijzer=verwijzer)]))

    def melding(self, wet: str, name: str, date: str, product: dict, stop: bool = False, **extra) -> None:
        aanbieder = JEUGD if wet == "jeugd" else WMO
        p = dict(product, begindatum=product["ingangsdatum"], **extra)
        self.put(date, f"{wet}-30{7 if stop else 5}", writer.zorgmelding(
            wet, GEMEENTE, aanbieder, self.ident(), date, self.client(name), BIRTH[wet], [p], stop=stop))

    def declare(self, wet: str, name: str, product: dict, months: list[str], hours: int) -> None:
        aanbieder = JEUGD if wet == "jeugd" else WMO
        for month in months:
            line = {"productcategorie": product["productcategorie"], "productcode": product["productcode"],
                    "periode_begin": f"{month}-01", "periode_eind": _month_end(month), "volume": hours,
                    "eenheid": "04", "cents": hours * TARIEF, "toewijzing_id": product["toewijzing_id"]}
            self.lines.setdefault((wet, aanbieder, month), []).append((self.client(name), line))


def _product(wet: str, toewijzing_id: str, ingangsdatum: str, volume: int, **extra) -> dict:
    cat, code = ("45", "45A01") if wet == "jeugd" else ("01", "01A01")
    return {"toewijzing_id": toewijzing_id, "productcategorie": cat, "productcode": code,
            "ingangsdatum": ingangsdatum, "volume": volume, "eenheid": "04", "frequentie": "4",
            "referentie": f"REF{toewijzing_id}", **extra}


def _scenario(b: _Builder) -> None:
    j = "jeugd"
    # j0: two episodes of the same product; only the first has a 315.
    p = _product(j, "1001", "2025-03-01", 8)
    b.request("j0", "2025-03-01", p, "02")
    b.alloc(j, "j0", "2025-03-01", p)
    b.melding(j, "j0", "2025-03-03", p)
    b.alloc(j, "j0", "2025-07-15", p, einddatum="2025-07-31", reden_wijziging="05")
    b.declare(j, "j0", p, MONTHS[:5], 8)
    p2 = _product(j, "1011", "2025-10-01", 6, referentie="")
    b.alloc(j, "j0", "2025-10-01", p2)
    b.melding(j, "j0", "2025-10-02", p2)
    b.declare(j, "j0", p2, MONTHS[7:], 6)
    # j1: no 315; its 305 withdrawn and sent again.
    p = _product(j, "1002", "2025-04-01", 4, referentie="")
    b.alloc(j, "j1", "2025-04-01", p)
    b.melding(j, "j1", "2025-04-02", p)
    b.melding(j, "j1", "2025-04-20", p, status="3")
    b.melding(j, "j1", "2025-04-21", p)
    b.declare(j, "j1", p, MONTHS[1:], 4)
    # j2: 315 (03); a second version raises the volume from 10 to 12.
    p = _product(j, "1003", "2025-03-01", 10)
    b.request("j2", "2025-03-01", p, "03")
    b.alloc(j, "j2", "2025-03-01", p)
    b.melding(j, "j2", "2025-03-04", p)
    b.alloc(j, "j2", "2025-08-01", dict(p, volume=12), reden_wijziging="04", toewijzingsdatum="2025-08-01")
    b.declare(j, "j2", p, MONTHS, 10)
    # j3: withdrawn.
    p = _product(j, "1004", "2025-05-01", 5, referentie="")
    b.alloc(j, "j3", "2025-05-01", p)
    b.alloc(j, "j3", "2025-06-03", p, einddatum="2025-05-01", reden_wijziging="13")
    # j4: the gemeente ends the allocation, the provider's 307 follows: its reason (31) counts.
    p = _product(j, "1005", "2025-03-01", 6)
    b.request("j4", "2025-03-01", p, "02")
    b.alloc(j, "j4", "2025-03-01", p)
    b.melding(j, "j4", "2025-03-05", p)
    b.alloc(j, "j4", "2025-09-01", p, einddatum="2025-08-31", reden_wijziging="12")
    b.melding(j, "j4", "2025-09-03", p, stop=True, einddatum="2025-08-31", reden="31")
    b.declare(j, "j4", p, MONTHS[:6], 6)
    # j5: the 307 (33) first, then the gemeente's ending (09 -> 38): the later 301 counts.
    p = _product(j, "1006", "2025-03-01", 6, referentie="")
    b.alloc(j, "j5", "2025-03-01", p)
    b.melding(j, "j5", "2025-03-05", p)
    b.melding(j, "j5", "2025-10-02", p, stop=True, einddatum="2025-09-30", reden="33")
    b.alloc(j, "j5", "2025-10-06", p, einddatum="2025-09-30", reden_wijziging="09")
    b.declare(j, "j5", p, MONTHS[:7], 6)
    # j6: a line rejected by a 325 and corrected later (see _declarations).
    p = _product(j, "1007", "2025-03-01", 5, referentie="")
    b.alloc(j, "j6", "2025-03-01", p)
    b.declare(j, "j6", p, MONTHS, 5)
    # j7: the July declaration is sent twice (see _declarations).
    p = _product(j, "1008", "2025-03-01", 3, referentie="")
    b.alloc(j, "j7", "2025-03-01", p)
    b.declare(j, "j7", p, MONTHS, 3)
    # j8: allocated before the archive; the first version it holds is a change.
    p = _product(j, "1009", "2024-09-01", 4, referentie="")
    b.alloc(j, "j8", "2025-04-01", p, reden_wijziging="04", toewijzingsdatum="2025-04-01")
    b.declare(j, "j8", p, MONTHS, 4)
    # j9: no 301 in the archive at all.
    b.declare(j, "j9", _product(j, "1010", "2024-06-01", 7), MONTHS, 7)
    w = "wmo"
    p = _product(w, "2001", "2025-03-01", 10, referentie="")
    b.alloc(w, "w0", "2025-03-01", p)
    b.melding(w, "w0", "2025-03-02", p)
    b.alloc(w, "w0", "2025-12-01", p, einddatum="2025-11-30", reden_wijziging="12")
    b.melding(w, "w0", "2025-12-03", p, stop=True, einddatum="2025-11-30", reden="19")
    b.declare(w, "w0", p, MONTHS[:9], 10)
    p = _product(w, "2002", "2025-03-01", 6, referentie="")
    b.alloc(w, "w1", "2025-03-01", p)
    b.alloc(w, "w1", "2025-06-01", dict(p, volume=8), reden_wijziging="04")
    b.alloc(w, "w1", "2025-06-01", dict(p, volume=9), reden_wijziging="14", toewijzingstijd="15:00:00")
    b.declare(w, "w1", p, MONTHS, 6)
    p = _product(w, "2003", "2025-05-01", 4, referentie="")
    b.alloc(w, "w2", "2025-05-01", p)
    b.alloc(w, "w2", "2025-05-20", p, einddatum="2025-05-01", reden_wijziging="13")


REJECTED = ("j6", "2025-06")   # rejected line: client, service month
RESENT = ("jeugd", "2025-07")  # the declaration sent twice: wet, service month


def _declarations(b: _Builder) -> None:
    for (wet, aanbieder, month), lines in sorted(b.lines.items()):
        date = f"{_next_month(month)}-10"
        ident = b.ident()
        per: dict[str, list[dict]] = {}
        for bsn, line in lines:
            per.setdefault(bsn, []).append(dict(line))
        clients = list(per.items())
        b.put(date, f"{wet}-323", writer.declaratie(wet, GEMEENTE, aanbieder, ident, date, clients))
        if (wet, month) == RESENT:
            # The same lines (the same ReferentieNummers) once more, in another message that day.
            refs = [dict(line, referentie=f"{ident}-{n}")
                    for n, line in enumerate((ln for _, ls in clients for ln in ls), start=1)]
            it = iter(refs)
            again = [(bsn, [next(it) for _ in ls]) for bsn, ls in clients]
            b.put(date, f"{wet}-323", writer.declaratie(wet, GEMEENTE, aanbieder, b.ident(), date, again))
        if month == REJECTED[1] and wet == "jeugd":
            bsn = b.client(REJECTED[0])
            n = next(i for i, (c, _) in enumerate((c, ln) for c, ls in clients for ln in ls)
                     if c == bsn) + 1
            line = dict(per[bsn][0], referentie=f"{ident}-{n}", retourcodes=["9307"])
            answer = f"{_next_month(_next_month(month))}-02"  # in the next delivery
            b.put(answer, "jeugd-325", writer.retour(GEMEENTE, aanbieder, b.ident(), answer, (ident, date),
                                                     [(bsn, [line])]))
            # The corrected line, with a new reference, two months later.
            fix = f"{_next_month(_next_month(month))}-20"
            b.put(fix, "jeugd-323", writer.declaratie(wet, GEMEENTE, aanbieder, b.ident(), fix,
                                                      [(bsn, [dict(per[bsn][0])])]))


def build(folder: Path, zip_last: bool = True) -> Archive:
    """Write the archive into `folder` (one sub-folder per delivery month; the last one zipped)."""
    b = _Builder()
    _scenario(b)
    _declarations(b)
    archive = Archive(Path(folder), bsns=set(b.bsn.values()))
    for month in sorted(b.files):
        target = archive.folder / month
        target.mkdir(parents=True, exist_ok=True)
        for name, message in b.files[month]:
            (target / name).write_bytes(message)
        archive.deliveries.append(month)
    if zip_last:
        last = archive.deliveries[-1]
        with zipfile.ZipFile(archive.folder / f"{last}.zip", "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted((archive.folder / last).iterdir()):
                zf.write(path, f"{last}/{path.name}")
                path.unlink()
        (archive.folder / last).rmdir()
        archive.deliveries[-1] = f"{last}.zip"
    return archive
