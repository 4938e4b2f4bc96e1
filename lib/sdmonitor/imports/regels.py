"""Every record of every imported message, as read, in `<DIR>/.istandaard/regels/<soort>.csv`.

The tables of an input folder are not appended to message by message: what a line means depends
on messages that may come in a later import (a later version of an allocation, a 325 rejecting a
line, a stop message). So an import adds the records of its new messages here, and the tables are
then derived again from all records together (`keten.resolve`). Importing an archive in several
runs therefore gives the same tables as importing it at once. Pseudonymous only, like the ledger;
the loader never reads this hidden folder.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path

FOLDER = Path(".istandaard") / "regels"
KINDS: dict[str, list[str]] = {
    "toewijzingen": ["gemeente", "wet", "client_id", "toewijzing_id", "productcode", "toegewezen_op",
                     "toewijzingstijd", "ingangsdatum", "einddatum", "volume", "eenheid", "frequentie",
                     "aanbieder", "referentie", "reden_wijziging", "dagtekening", "bericht"],
    "declaraties": ["gemeente", "wet", "client_id", "productcode", "productcategorie", "aanbieder", "zorgvorm",
                    "periode_begin", "periode_eind", "volume", "eenheid", "bedrag", "ingediend_op",
                    "toewijzing_id", "referentie", "vorig_referentie", "declaratie_id", "bericht"],
    "aanvragen": ["gemeente", "wet", "client_id", "aanbieder", "productcategorie", "productcode", "verwijzer",
                  "aangevraagd_op", "ingangsdatum", "referentie", "bericht"],
    "zorgmeldingen": ["gemeente", "wet", "client_id", "toewijzing_id", "aanbieder", "productcategorie",
                      "productcode", "soort", "begindatum", "datum", "reden", "gemeld_op", "status", "bericht"],
    "retouren": ["gemeente", "wet", "aanbieder", "referentie", "client_id", "productcode", "periode_begin",
                 "bedrag", "retourcode", "verzonden_op", "declaratie_id", "bericht"],
}
Records = dict[str, list[dict]]


def load(out: Path) -> Records:
    """All records imported into `out` so far, per kind (empty lists for a new folder)."""
    records: Records = {}
    for kind in KINDS:
        path = out / FOLDER / f"{kind}.csv"
        if path.is_file():
            with open(path, encoding="utf-8", newline="") as fh:
                records[kind] = list(csv.DictReader(fh))
        else:
            records[kind] = []
    return records


def save(out: Path, records: Records, *, place: Callable[[Path, Path], None] = os.replace,
         token: str = "keten") -> None:
    """Write every kind under a temporary name, handed to `place(temporary, final)` (`os.replace`,
    or a transaction's `add`). Called before the ledger is saved, so a message counts as imported
    only when its records are on disk."""
    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for kind, columns in KINDS.items():
        path = folder / f"{kind}.csv"
        tmp = folder / f".{kind}.import-{token}.tmp"
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, columns, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(records[kind])
        place(tmp, path)
