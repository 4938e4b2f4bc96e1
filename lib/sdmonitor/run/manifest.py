"""`manifest.json`: what went into one edition of the monitor, so it can be reproduced and audited.

The manifest is published with the report (INTERFACE §4), so it names no file or folder of the
input: a file name may identify a person (`declaraties/jansen.csv`). Inputs are listed per table,
each with the content hashes of the files it was read from (sorted, so a renamed file gives the
same manifest); a file is checked by hashing it and finding the hash under its table.

Keys are sorted and the layout is fixed, so two runs on the same inputs differ only in
`created_at` and the timings.
"""

from __future__ import annotations

import hashlib
import json
import platform
from datetime import date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

PACKAGES = ("sdmonitor", "pandas", "numpy", "pandera", "pyarrow", "openpyxl", "matplotlib", "seaborn",
            "babel", "papermill", "nbconvert", "nbformat", "nbclient", "ipykernel", "jinja2")


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def input_hashes(data: Path) -> dict[str, str]:
    """SHA-256 of every file in the input folder (recursively), keyed by POSIX path relative to it."""
    data = Path(data)
    return {
        p.relative_to(data).as_posix(): sha256_file(p)
        for p in sorted(data.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(data).parts)
    }


def table_of(relative_path: str) -> str:
    """The input table a file belongs to (INTERFACE §2: `<table>.<ext>` or a file in `<table>/`);
    `overig` for any other file, whose own name is not published."""
    from sdmonitor.ingest.typed import ALL_TABLES

    first = relative_path.replace("\\", "/").split("/", 1)[0]
    name = first if "/" in relative_path.replace("\\", "/") else first.split(".", 1)[0]
    return name if name in ALL_TABLES else "overig"


def table_hashes(hashes: dict[str, str]) -> dict[str, list[str]]:
    """File hashes keyed by relative path → the sorted hashes per table name (no file names)."""
    out: dict[str, list[str]] = {}
    for rel, digest in hashes.items():
        out.setdefault(table_of(rel), []).append(digest)
    return {table: sorted(digests) for table, digests in sorted(out.items())}


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str]:
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "niet geïnstalleerd"
    versions["python"] = platform.python_version()
    return versions


def _records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    if frame is None:
        return []
    out = []
    for row in frame.to_dict(orient="records"):
        out.append({str(k): (v.item() if hasattr(v, "item") else v) for k, v in row.items()})
    return out


def build_manifest(*, parameters: dict[str, Any], peildatum: date, data: Path,
                   timings: dict[str, float], reconciliation: pd.DataFrame | None,
                   outputs: dict[str, str] | None = None, created_at: datetime | None = None,
                   inputs: dict[str, str] | None = None) -> dict[str, Any]:
    """The manifest as a plain dict (see module docstring). `inputs` are the hashes of the bytes
    the run actually parsed (`Dataset.hashes`): exactly the files read, as they were when read —
    a file changed or added after validation does not show up with a hash the run never used.
    Without them the files of `data` are hashed now (a manifest for data that was not loaded).
    Either way they are listed per table (`table_hashes`). `reconciliation` None leaves the key
    out: its exact counts are not for publication (`sdmonitor run` keeps them in `intern/`)."""
    doc = {
        "created_at": (created_at or datetime.now().astimezone()).isoformat(timespec="seconds"),
        "inputs": table_hashes(inputs if inputs is not None else input_hashes(data)),
        "outputs": dict(outputs or {}),
        "packages": package_versions(),
        "parameters": parameters,
        "peildatum": peildatum.isoformat(),
        "reconciliation": _records(reconciliation),
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    if reconciliation is None:
        del doc["reconciliation"]
    return doc


def write_manifest(manifest: dict[str, Any], path: Path) -> None:
    """Write with sorted keys, two-space indent, UTF-8, trailing newline."""
    Path(path).write_text(json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n",
                          encoding="utf-8")
