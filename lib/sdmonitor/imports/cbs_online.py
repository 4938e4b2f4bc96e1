"""`sdmonitor import cbs --online`: the same tables from the CBS open-data API (OData v3).

Read with the standard library (no extra package), every request with a timeout: a proxy or
server that accepts the connection and never answers ends in a Dutch message (exit 2), not a
hang. Per table: `DataProperties` (titles and units of the measures, which columns are
dimensions), the code lists of the dimensions (so `Leeftijd` `10010` becomes its label), and
`TypedDataSet` filtered to the asked areas, following `odata.nextLink`. The base address is
`SDMONITOR_CBS_URL` when set (a mirror, or a local server in tests); proxies come from the usual
`https_proxy`/`http_proxy` variables.
"""

from __future__ import annotations

import json
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from ..errors import InvalidDataError, UsageError
from . import cbs_tabellen as T
from .cbs_csv import Table

BASE = "https://opendata.cbs.nl/ODataApi/odata"
DEFAULT_TIMEOUT = 30.0
MAX_PAGES = 50
Fetch = Callable[[str, float], Any]
_DIMENSIONS = ("Dimension", "GeoDimension", "TimeDimension", "GeoDetail")


def base_url() -> str:
    return os.environ.get("SDMONITOR_CBS_URL", "").rstrip("/") or BASE


def fetch_json(url: str, timeout: float) -> Any:
    """GET one JSON document; a timeout or an unreachable host is a `UsageError` (exit 2)."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    host = urllib.parse.urlsplit(url).netloc
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise InvalidDataError(f"CBS open data kent {url.rsplit('/', 2)[-2]} niet (404)") from None
        raise UsageError(f"CBS open data ({host}) antwoordt met fout {exc.code}; probeer het later of gebruik "
                         "--csv met een gedownload bestand") from None
    except TimeoutError:
        raise UsageError(f"CBS open data ({host}) gaf binnen {timeout:g} seconden geen antwoord (een proxy of "
                         "firewall die niet doorlaat?); verhoog --timeout of gebruik --csv met een gedownload "
                         "bestand") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise UsageError(f"CBS open data ({host}) gaf binnen {timeout:g} seconden geen antwoord (een proxy "
                             "of firewall die niet doorlaat?); verhoog --timeout of gebruik --csv met een "
                             "gedownload bestand") from None
        raise UsageError(f"CBS open data ({host}) is niet bereikbaar ({type(reason).__name__}); controleer de "
                         "netwerkverbinding of gebruik --csv met een gedownload bestand") from None
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidDataError(f"CBS open data ({host}) stuurde geen JSON voor {url}") from None


def _values(payload: Any, url: str) -> list[dict]:
    values = payload.get("value") if isinstance(payload, dict) else None
    if not isinstance(values, list):
        raise InvalidDataError(f"CBS open data: onverwacht antwoord op {url} (geen lijst 'value')")
    return values


def _region_filter(key: str, codes: list[str]) -> str:
    return "(" + " or ".join(f"startswith({key},'{c}')" for c in codes) + ")"


def fetch_table(table_id: str, codes: list[str] | None, timeout: float, fetch: Fetch = fetch_json,
                extra_filter: str = "", years: list[int] | None = None) -> Table:
    """One table as a `Table`: measure titles (with unit) as `titles`, dimension codes as labels
    (region and period codes stay codes). `years` keeps the answer under the API's 10.000 rows."""
    root = f"{base_url()}/{table_id}"
    props = _values(fetch(f"{root}/DataProperties", timeout), f"{root}/DataProperties")
    titles, labels, region, time_key = {}, {}, None, None
    for p in props:
        key, kind = str(p.get("Key", "")), str(p.get("Type", ""))
        if kind == "Topic":
            u = str(p.get("Unit") or "").strip()
            titles[key] = f"{p.get('Title', key)}" + (f" ({u})" if u else "")
        elif kind == "Dimension":
            codes_list = _values(fetch(f"{root}/{key}", timeout), f"{root}/{key}")
            labels[key] = {str(c.get("Key", "")).strip(): str(c.get("Title", "")).strip() for c in codes_list}
        elif kind in ("GeoDimension", "GeoDetail") and region is None:
            region = key
        elif kind == "TimeDimension":
            time_key = key
    filters = [f for f in (extra_filter, _region_filter(region, codes) if region and codes else "") if f]
    if time_key and years:
        filters.append("(" + " or ".join(f"startswith({time_key},'{y}')" for y in years) + ")")
    query = urllib.parse.quote(" and ".join(filters), safe="(),'")
    url = f"{root}/TypedDataSet" + (f"?$filter={query}" if filters else "")
    records: list[dict] = []
    for _ in range(MAX_PAGES):
        payload = fetch(url, timeout)
        records += _values(payload, url)
        link = payload.get("odata.nextLink") or payload.get("@odata.nextLink") if isinstance(payload, dict) else None
        if not link:
            break
        url = str(link)
    else:
        raise InvalidDataError(f"CBS open data: {table_id} heeft meer dan {MAX_PAGES} pagina's; gebruik --gemeente")
    columns = list(records[0]) if records else [p["Key"] for p in props if p.get("Type") in (*_DIMENSIONS, "Topic")]
    rows = []
    for rec in records:
        row = []
        for c in columns:
            v = rec.get(c)
            text = "" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)).strip()
            row.append(labels.get(c, {}).get(text, text))
        rows.append(row)
    return Table(f"CBS open data {table_id}", columns, rows, "plain", titles={k: v for k, v in titles.items()})


def online_tables(codes: list[str] | None, timeout: float, fetch: Fetch = fetch_json,
                  years: list[int] | None = None) -> list[tuple[str, Table | str]]:
    """Every known table for `codes` (with NL00/NL01 for the country) and `years`: a `Table`, or the
    reason it could not be read (a table CBS does not have, or whose columns are not recognised)."""
    wanted = sorted(set(codes or []) | {"NL00", "NL01"}) if codes else None
    out: list[tuple[str, Table | str]] = []
    jobs = [(t.online[0], t.online_filter) for t in T.LANG] + [(tid, "") for tid in T.KWB_TABLES.values()]
    for table_id, extra in jobs:
        try:
            out.append((table_id, fetch_table(table_id, wanted, timeout, fetch, extra, years)))
        except InvalidDataError as exc:
            out.append((table_id, str(exc)))
    return out
