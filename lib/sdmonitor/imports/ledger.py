"""What an input folder remembers between imports, in `<DIR>/.istandaard/` (pseudonymous only).

- `berichten.csv`: one line per imported message (sha256 of the file, type, sender, receiver,
  identification, date, number of records, import time, direction: `uitgaand` when the gemeente
  sent it, by its type). A file whose hash is listed is skipped,
  so importing the same delivery twice adds nothing; a *different* file with the identity of an
  imported message (same type, sender, identification and date) is refused as a conflict.
- `clienten.csv`: `wet,client_id,geboortejaar` from 301 (and 315) client blocks, for declaraties.
- `aanvragen.csv`: the requested products of 315 messages with their verwijzer.
- `toewijzingen.csv`: per allocation the provider and its reference, to find the 315 it answers.
- `sleutel.txt`: the fingerprint of the pseudonym key of the first import (`pseudonym.fingerprint`,
  never the key); an import with another key is refused (`check_key`).

The files are written by `save` into a `journal.Transaction`, together with the table rows: the
ledger records exactly what is committed.

The loader ignores this folder (hidden, and not a table name), so it never reaches a report.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from .archive import direction
from .journal import Transaction, temp_path

FOLDER = ".istandaard"
FILES = {
    "berichten": ["sha256", "berichttype", "afzender", "ontvanger", "identificatie", "dagtekening",
                  "regels", "geimporteerd_op", "richting"],
    "clienten": ["wet", "client_id", "geboortejaar"],
    "aanvragen": ["gemeente", "wet", "client_id", "aanbieder", "referentie", "productcode", "verwijzer",
                  "dagtekening"],
    "toewijzingen": ["gemeente", "wet", "client_id", "toewijzing_id", "aanbieder", "referentie", "productcode"],
}


def _read(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass
class Ledger:
    """The remembered state of one output folder; `save` writes it back (after the tables)."""

    folder: Path
    berichten: list[dict] = field(default_factory=list)
    clienten: dict[tuple[str, str], int] = field(default_factory=dict)  # (wet, client_id) -> year
    aanvragen: list[dict] = field(default_factory=list)
    toewijzingen: list[dict] = field(default_factory=list)
    sleutel: str = ""  # fingerprint of the pseudonym key ('' before the first import)
    _hashes: set[str] = field(default_factory=set, repr=False)
    _identities: set[str] = field(default_factory=set, repr=False)
    _verwijzer_cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, out: Path) -> Ledger:
        folder = out / FOLDER
        led = cls(folder, berichten=_read(folder / "berichten.csv"),
                  aanvragen=_read(folder / "aanvragen.csv"), toewijzingen=_read(folder / "toewijzingen.csv"))
        led.clienten = {(r["wet"], r["client_id"]): int(r["geboortejaar"]) for r in _read(folder / "clienten.csv")
                        if r.get("geboortejaar")}
        key_file = folder / "sleutel.txt"
        led.sleutel = key_file.read_text(encoding="utf-8").strip() if key_file.is_file() else ""
        led._hashes = {r["sha256"] for r in led.berichten}
        led._identities = {_identity(r) for r in led.berichten}
        led._verwijzer_cache = {}
        return led

    def check_key(self, pseudonym: object) -> str:
        """Refuse (exit 2) a pseudonymiser whose key is not the folder's; record the key's
        fingerprint on a folder without one. Returns a note for the user, or ''."""
        matches, make = getattr(pseudonym, "matches", None), getattr(pseudonym, "fingerprint", None)
        if matches is None or make is None:
            return ""  # a plain function (tests): nothing to compare
        if self.sleutel:
            if not matches(self.sleutel):
                raise UsageError(
                    "deze map is eerder met een andere pseudonimiseringssleutel geïmporteerd; met deze sleutel "
                    "zou elke cliënt twee ids krijgen. Gebruik de oorspronkelijke sleutel, of importeer (alles) in "
                    "een nieuwe map / this folder was imported with another pseudonym key: use the original key "
                    "or import into a new folder")
            return ""
        self.sleutel = make()
        if self.berichten:
            return ("deze map had nog geen vingerafdruk van de sleutel; die van de huidige sleutel is vastgelegd "
                    "(was de eerdere import met een andere sleutel, begin dan in een nieuwe map)")
        return ""

    def known_hash(self, sha256: str) -> bool:
        return sha256 in self._hashes

    def known_identity(self, identity: str) -> bool:
        return identity in self._identities

    def add_message(self, entry: dict) -> None:
        entry.setdefault("richting", direction(str(entry.get("berichttype", ""))[-3:]))  # by type, not folder
        self.berichten.append(entry)
        self._hashes.add(entry["sha256"])
        self._identities.add(_identity(entry))

    def add_aanvragen(self, rows: list[dict]) -> None:
        if rows:  # only real additions invalidate the index (it is rebuilt on the next look-up)
            self.aanvragen += rows
            self._verwijzer_cache.clear()

    def add_toewijzingen(self, rows: list[dict]) -> None:
        if rows:
            self.toewijzingen += [{k: r[k] for k in FILES["toewijzingen"]} for r in rows]
            self._verwijzer_cache.clear()

    def verwijzer(self, gemeente: str, client_id: str, toewijzing_id: str) -> str:
        """The COD327 verwijzer of a declared allocation: allocation (301) -> request (315) by
        provider reference, else by provider and product; '' when there is no such chain."""
        if not self._verwijzer_cache:
            self._index()
        return self._verwijzer_cache.get((gemeente, client_id, toewijzing_id), "")

    def _index(self) -> None:
        by_ref, by_product = {}, {}
        for a in sorted(self.aanvragen, key=lambda r: r.get("dagtekening", "")):  # latest request wins
            if not a.get("verwijzer"):
                continue
            if a.get("referentie"):
                by_ref[(a["gemeente"], a["client_id"], a["aanbieder"], a["referentie"])] = a["verwijzer"]
            by_product[(a["gemeente"], a["client_id"], a["aanbieder"], a["productcode"])] = a["verwijzer"]
        cache = {("", "", ""): ""}  # never empty, so `verwijzer` does not rebuild it every call
        for t in self.toewijzingen:
            v = (by_ref.get((t["gemeente"], t["client_id"], t["aanbieder"], t.get("referentie", "")))
                 or by_product.get((t["gemeente"], t["client_id"], t["aanbieder"], t["productcode"]), ""))
            if v:
                cache[(t["gemeente"], t["client_id"], t["toewijzing_id"])] = v
        self._verwijzer_cache = cache

    def save(self, txn: Transaction) -> None:
        """Write every file under a temporary name into `txn` (made visible by its commit)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"berichten": self.berichten, "aanvragen": self.aanvragen, "toewijzingen": self.toewijzingen,
                "clienten": [{"wet": w, "client_id": c, "geboortejaar": y}
                             for (w, c), y in sorted(self.clienten.items())]}
        for name in ("clienten", "aanvragen", "toewijzingen", "berichten"):
            tmp = temp_path(self.folder, name, txn.token)
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, FILES[name], extrasaction="ignore", lineterminator="\n")
                writer.writeheader()
                writer.writerows(data[name])
            txn.add(tmp, self.folder / f"{name}.csv")
        if self.sleutel:
            tmp = temp_path(self.folder, "sleutel", txn.token)
            tmp.write_text(self.sleutel + "\n", encoding="utf-8")
            txn.add(tmp, self.folder / "sleutel.txt")


def _identity(entry: dict) -> str:
    return f"{entry['berichttype']}|{entry['afzender']}|{entry['identificatie']}|{entry['dagtekening']}"
