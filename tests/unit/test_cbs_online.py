"""`import cbs --online` without a network: an injected fetch, and a local server that never answers."""

import csv
import socket
import threading
import time

import pytest

from sdmonitor.errors import InvalidDataError, UsageError
from sdmonitor.imports import cbs_online
from sdmonitor.imports.cbs import import_online, selectie

BASE = "https://cbs.test/odata"

# The OData v3 answers for 03759ned, trimmed to what the import asks (codes as the API has them).
API = {
    f"{BASE}/03759ned/DataProperties": {"value": [
        {"Key": "Geslacht", "Type": "Dimension", "Title": "Geslacht"},
        {"Key": "Leeftijd", "Type": "Dimension", "Title": "Leeftijd"},
        {"Key": "BurgerlijkeStaat", "Type": "Dimension", "Title": "Burgerlijke staat"},
        {"Key": "RegioS", "Type": "GeoDimension", "Title": "Regio's"},
        {"Key": "Perioden", "Type": "TimeDimension", "Title": "Perioden"},
        {"Key": "BevolkingOp1Januari_1", "Type": "Topic", "Title": "Bevolking op 1 januari", "Unit": "aantal"}]},
    f"{BASE}/03759ned/Geslacht": {"value": [{"Key": "T001038", "Title": "Totaal mannen en vrouwen"}]},
    f"{BASE}/03759ned/Leeftijd": {"value": [{"Key": "10000", "Title": "Totaal"}, {"Key": "10010", "Title": "0 jaar"},
                                            {"Key": "10100", "Title": "1 jaar"}]},
    f"{BASE}/03759ned/BurgerlijkeStaat": {"value": [{"Key": "T001019", "Title": "Totaal burgerlijke staat"}]},
}
ROWS = [
    {"ID": 0, "Geslacht": "T001038", "Leeftijd": "10010", "BurgerlijkeStaat": "T001019", "RegioS": "GM0296  ",
     "Perioden": "2024JJ00", "BevolkingOp1Januari_1": 410},
    {"ID": 1, "Geslacht": "T001038", "Leeftijd": "10100", "BurgerlijkeStaat": "T001019", "RegioS": "GM0296  ",
     "Perioden": "2024JJ00", "BevolkingOp1Januari_1": 1023},
    {"ID": 2, "Geslacht": "T001038", "Leeftijd": "10010", "BurgerlijkeStaat": "T001019", "RegioS": "NL01    ",
     "Perioden": "2024JJ00", "BevolkingOp1Januari_1": 166815},
]


def fake_fetch(asked):
    def fetch(url, timeout):
        asked.append(url)
        if url in API:
            return API[url]
        if url.startswith(f"{BASE}/03759ned/TypedDataSet"):
            if "skip" in url:
                return {"value": ROWS[2:]}
            return {"value": ROWS[:2], "odata.nextLink": f"{BASE}/03759ned/TypedDataSet?$skip=2"}
        raise InvalidDataError(f"CBS open data kent {url.split('/')[-2]} niet (404)")
    return fetch


def test_online_codes_become_labels_and_pages_are_followed(tmp_path, monkeypatch):
    monkeypatch.setenv("SDMONITOR_CBS_URL", BASE)
    asked = []
    result = import_online(tmp_path, selectie("GM0296", ("GM0225",), jaar_nu=2026), 5.0, fake_fetch(asked))
    with open(tmp_path / "bevolking.csv", encoding="utf-8") as fh:
        rows = {(r["gemeente"], r["leeftijd"]): r["aantal"] for r in csv.DictReader(fh)}
    assert rows == {("GM0296", "0"): "410", ("GM0296", "1"): "1023", ("NL01", "0"): "166815"}
    data = next(u for u in asked if "TypedDataSet" in u and "skip" not in u)
    # The verified total codes and the region (with its other municipality and the country) are in the filter.
    assert "T001038" in data and "T001019" in data and "GM0225" in data and "NL01" in data
    assert "startswith(Perioden,'2021')" in data and "2026" in data and "2020" not in data
    # Tables this fake does not have are a note each, not a failure.
    assert "85098NED niet gebruikt" in str(result) and "86165NED niet gebruikt" in str(result)


def test_online_needs_a_gemeente(tmp_path):
    with pytest.raises(UsageError, match="--gemeente"):
        import_online(tmp_path, selectie(None), 5.0, fake_fetch([]))


@pytest.fixture
def silent_server():
    """A loopback server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_a_server_that_never_answers_times_out(tmp_path, monkeypatch, silent_server):
    monkeypatch.setenv("SDMONITOR_CBS_URL", f"http://127.0.0.1:{silent_server}/odata")
    start = time.monotonic()
    with pytest.raises(UsageError, match="binnen 0.5 seconden geen antwoord"):
        import_online(tmp_path, selectie("GM0296", jaar_nu=2026), 0.5, cbs_online.fetch_json)
    assert time.monotonic() - start < 10
    assert not list(tmp_path.iterdir())  # nothing written
