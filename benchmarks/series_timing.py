"""`Edition.series` on a loaded edition (issue 24 item 8): milliseconds, not seconds.

    .venv/bin/python benchmarks/series_timing.py [--data data/demo] [--repeat 20]

Opens the Wijchen demo edition (computing it once into a temporary cache), then times, in the same
process: the first `series` (which makes the publication decision, or reads it from the cache), and
the median of `--repeat` later calls for a small (84 rows) and a large (800+ rows) indicator; then,
as a new kernel, the first `series` after reopening from the disk cache. Prints the ratio of a
later call to the first one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="data/demo")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    os.environ["SDMONITOR_CACHE"] = tempfile.mkdtemp(prefix="sdmonitor-bench-series-")
    import sdmonitor
    from sdmonitor.workbook import edition

    ed = sdmonitor.open_edition("wijchen", "2026-02", data=args.data)
    first = timed(lambda: ed.series("jeugd.kosten_bouwsteen"))
    small = statistics.median(timed(lambda: ed.series("jeugd.kosten_bouwsteen")) for _ in range(args.repeat))
    large = statistics.median(timed(lambda: ed.series("jeugd.clienten")) for _ in range(args.repeat))
    edition.clear_cache()  # a new kernel: from the disk cache, with the publication decision
    again = sdmonitor.open_edition("wijchen", "2026-02", data=args.data)
    cold = timed(lambda: again.series("jeugd.kosten_bouwsteen"))
    rows = (len(ed.series("jeugd.kosten_bouwsteen")), len(ed.series("jeugd.clienten")))
    print(f"eerste series (publicatiebesluit maken): {first:.3f} s")
    print(f"series {rows[0]} rijen, mediaan: {small * 1000:.1f} ms; {rows[1]} rijen: {large * 1000:.1f} ms")
    print(f"eerste series na heropenen uit de cache: {cold:.3f} s")
    print(f"verhouding later/eerste: {small / first:.4f}")


if __name__ == "__main__":
    main()
