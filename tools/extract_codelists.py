"""Extract the iStandaard code lists the monitor needs into `lib/sdmonitor/data/codelists/*.csv`.

Source: the iJw/iWmo 3.2 code list pages in `../shared/reference/istandaarden/{jw,wmo}/codelijsten/`
(Markdown, one table with a `Code` column per page). The installed package never reads that folder;
it reads the CSV files this script writes, which are committed. Re-run after a release of the
iStandaarden:  `.venv/bin/python tools/extract_codelists.py [REFERENCE_DIR]`.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference" / "istandaarden"
OUT_DIR = ROOT / "lib" / "sdmonitor" / "data" / "codelists"

# list id -> source page (relative to the istandaarden folder)
SOURCES = {
    "JZ020": "jw/codelijsten/JZ020_Productcategorie",  # sic: this page has no extension
    "WMO020": "wmo/codelijsten/WMO020_Productcategorie.md",
    "WJ756": "jw/codelijsten/WJ756_Eenheid.md",
    "COD327": "jw/codelijsten/COD327_Code_verwijzer.md",
    "WMO757": "wmo/codelijsten/WMO757_Frequentie.md",
    "JZ588": "jw/codelijsten/JZ588_Reden_beeindiging.md",
    "WMO588": "wmo/codelijsten/WMO588_Reden_beeindiging.md",
    "COD043": "jw/codelijsten/COD043_Indicatie_debet_credit.md",
    "WJ001": "jw/codelijsten/WJ001_Retourcode.md",
}
# Lists whose page splits the codes over several tables (per kind of message); a code that occurs in
# more than one of them is kept once (its meaning is the same everywhere).
ALL_TABLES = {"WJ001"}


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_code_table(text: str, all_tables: bool = False) -> list[tuple[str, str]]:
    """The (code, omschrijving) rows of the first Markdown table whose first header cell is `Code`;
    `all_tables`: of every such table, each code once (first occurrence)."""
    lines = text.splitlines()
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if line.lstrip().startswith("|") and _cells(line)[0].lower() == "code":
            for row in lines[i + 2:]:  # skip the header and its |---| separator
                if not row.lstrip().startswith("|"):
                    break
                cells = _cells(row)
                if cells[0] not in seen:
                    seen.add(cells[0])
                    rows.append((cells[0], cells[1]))
            if not all_tables:
                return rows
    if not rows:
        raise ValueError("no table with a 'Code' column found")
    return rows


def main(reference: Path = DEFAULT_REFERENCE) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for list_id, rel in SOURCES.items():
        rows = parse_code_table((reference / rel).read_text(encoding="utf-8"), list_id in ALL_TABLES)
        for code, _ in rows:
            if not re.fullmatch(r"[0-9A-Z]+", code):
                raise ValueError(f"{list_id}: unexpected code {code!r}")
        with open(OUT_DIR / f"{list_id}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["code", "omschrijving"])
            writer.writerows(rows)
        print(f"{list_id}: {len(rows)} codes")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_REFERENCE)
