"""What an input folder remembers between imports, in `<DIR>/.istandaard/` (pseudonymous only).

- `berichten.csv`: one line per imported message (sha256 of the file, type, sender, receiver,
  identification, date, number of records, import time, direction: `uitgaand` when the gemeente
  sent it, by its type). A file whose hash is listed is skipped,
  so importing the same delivery twice adds nothing; a *different* file with the identity of an
  imported message (same type, sender, identification and date) is refused as a conflict.
- `clienten.csv`: `wet,client_id,geboortejaar` from 301 (and 315) client blocks, for declaraties.
  (The records of every message, from which the chain and the verwijzer are derived, are in
  `regels/`, see `regels.py`; the `aanvragen.csv` and `toewijzingen.csv` an earlier version kept
  here are no longer read.)
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
    sleutel: str = ""  # fingerprint of the pseudonym key ('' before the first import)
    _hashes: set[str] = field(default_factory=set, repr=False)
    _identities: set[str] = field(default_factory=set, repr=False)

    @classmethod
    def load(cls, out: Path) -> Ledger:
        folder = out / FOLDER
        led = cls(folder, berichten=_read(folder / "berichten.csv"))
        led.clienten = {(r["wet"], r["client_id"]): int(r["geboortejaar"]) for r in _read(folder / "clienten.csv")
                        if r.get("geboortejaar")}
        key_file = folder / "sleutel.txt"
        led.sleutel = key_file.read_text(encoding="utf-8").strip() if key_file.is_file() else ""
        led._hashes = {r["sha256"] for r in led.berichten}
        led._identities = {_identity(r) for r in led.berichten}
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

    def save(self, txn: Transaction) -> None:
        """Write every file under a temporary name into `txn` (made visible by its commit)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"berichten": self.berichten,
                "clienten": [{"wet": w, "client_id": c, "geboortejaar": y}
                             for (w, c), y in sorted(self.clienten.items())]}
        for name in ("clienten", "berichten"):
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
