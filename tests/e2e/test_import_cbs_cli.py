"""`sdmonitor import cbs` end to end through the command line (issue 20, items 12-13)."""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from cli_fork import run_cli

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests/fixtures/cbs"
REFERENCE = ROOT.parent / "shared/reference"


def sdmonitor(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items()
            if k.lower() not in ("https_proxy", "http_proxy", "all_proxy", "no_proxy", "sdmonitor_cbs_url")}
    return run_cli(list(args), env={**base, **env}, timeout=120)  # `python -m sdmonitor.run.cli`, own process


def _benchmark(folder: Path) -> dict[tuple[str, str, str], str]:
    with open(folder / "benchmark.csv", encoding="utf-8") as fh:
        return {(r["gebied"], r["indicator"], r["periode"]): r["waarde"] for r in csv.DictReader(fh)}


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference not present")
def test_cbs_kwb_csv(tmp_path):
    r = sdmonitor("import", "cbs", "--out", str(tmp_path), "--csv",
                  str(REFERENCE / "kwb-almere-2018-2025/CBS_Kerncijfers_Almere_2018-2025.csv"), "--gemeente", "GM0034")
    assert r.returncode == 0, r.stderr
    got = _benchmark(tmp_path)
    assert got[("GM0034", "bevolking.cbs_inwoners", "2023")] == "222825"
    assert got[("GM0034", "jeugd.cbs_jongeren_in_natura", "2023")] == "7160"
    assert got[("GM0034", "jeugd.cbs_pct_jongeren_in_natura", "2023")] == "11.4"


def test_cbs_03759ned_rows_are_valid_bevolking(tmp_path):
    r = sdmonitor("import", "cbs", "--out", str(tmp_path), "--csv", str(FIXTURES / "03759ned_wijchen.csv"),
                  "--gemeente", "wijchen")
    assert r.returncode == 0, r.stderr
    v = sdmonitor("validate", "--data", str(tmp_path))
    # 2 x 106 ages for Wijchen (one missing) and 2 x 106 for NL01: 423 rows, all valid.
    assert "bevolking: 423 rijen gelezen, 423 geldig" in v.stdout


def test_marital_status_download_gives_a_valid_folder(tmp_path):
    # Was: five rows per age (exit 0), then `validate` refused the folder.
    r = sdmonitor("import", "cbs", "--out", str(tmp_path), "--csv", str(FIXTURES / "03759ned_statline_labels.csv"),
                  "--gemeente", "wijchen")
    assert r.returncode == 0, r.stderr
    assert "Burgerlijke staat: alleen 'Totaal burgerlijke staat' gebruikt" in r.stdout
    v = sdmonitor("validate", "--data", str(tmp_path))
    assert "bevolking: 3 rijen gelezen, 3 geldig" in v.stdout, v.stdout


def test_decimal_count_is_exit_3_and_writes_nothing(tmp_path):
    bad = tmp_path / "b.csv"
    bad.write_text('"ID";"Geslacht";"Leeftijd";"RegioS";"Perioden";"BevolkingOp1Januari_1"\n'
                   '1;"Totaal mannen en vrouwen";"0 jaar";"GM0296";"2024JJ00";12,7\n', encoding="utf-8")
    r = sdmonitor("import", "cbs", "--out", str(tmp_path / "d"), "--csv", str(bad))
    assert r.returncode == 3 and "geen geheel getal" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "d" / "bevolking.csv").exists()


def test_codes_download_is_exit_3_with_what_to_do(tmp_path):
    r = sdmonitor("import", "cbs", "--out", str(tmp_path), "--csv", str(FIXTURES / "03759ned_codes.csv"))
    assert r.returncode == 3 and "CSV met labels" in r.stderr and "Traceback" not in r.stderr


def test_region_comparison_from_cbs_alone(tmp_path):
    """The CBS tables of item 13 into one folder for Wijchen: the region's municipalities and NL
    together, under the CBS indicator names, and a valid benchmark table."""
    for name in ("85098ned_labels.csv", "86050ned_cp1252.csv", "84849ned_labels.csv"):
        r = sdmonitor("import", "cbs", "--out", str(tmp_path), "--csv", str(FIXTURES / name), "--gemeente", "wijchen")
        assert r.returncode == 0, r.stderr
    got = _benchmark(tmp_path)
    assert got[("GM0225", "jeugd.cbs_jongeren_in_natura", "2023")] == "642"  # Druten: Wijchen's region
    assert got[("NL01", "wmo.cbs_clienten_per_1000", "2023")] == "57.6"
    assert got[("GM0296", "veilig_thuis.cbs_meldingen", "2023")] == "215"
    assert not any(i == "wmo.clienten_per_1000" for _, i, _ in got)  # the monitor's own Wmo rate is not CBS's
    v = sdmonitor("validate", "--data", str(tmp_path))
    assert "benchmark: 14 rijen gelezen, 14 geldig" in v.stdout, v.stdout


def test_online_unreachable_is_a_clear_message(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = sdmonitor("import", "cbs", "--out", str(tmp_path), "--online", "--gemeente", "GM0296",
                  SDMONITOR_CBS_URL=f"http://127.0.0.1:{port}/odata")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "niet bereikbaar" in r.stderr
    assert "--csv" in r.stderr  # tells what to do instead
    assert not (tmp_path / "bevolking.csv").exists()


def test_online_behind_a_proxy_that_never_answers_times_out(tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    accepting = threading.Thread(target=lambda: held.append(server.accept()[0]), daemon=True)
    accepting.start()
    try:
        start = time.monotonic()
        r = sdmonitor("import", "cbs", "--out", str(tmp_path), "--online", "--gemeente", "GM0296", "--timeout", "1",
                      https_proxy=f"http://127.0.0.1:{server.getsockname()[1]}")
        took = time.monotonic() - start
    finally:
        for conn in held:
            conn.close()
        server.close()
    assert r.returncode == 2 and "binnen 1 seconden geen antwoord" in r.stderr, r.stderr
    assert "--timeout" in r.stderr and "Traceback" not in r.stderr
    assert took < 60 and held  # it reached the proxy, waited, and gave up
