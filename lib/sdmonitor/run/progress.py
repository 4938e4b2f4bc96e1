"""What the operator of `sdmonitor batch` sees: progress per municipality and chapter, and a log.

On a terminal each municipality gets a progress bar (tqdm) that moves per step (figures, each
chapter, report, PDF); elsewhere (cron, CI, a pipe) the same events are plain timestamped lines.
`quiet` shows nothing while running. Every event and the final table always go to the batch's log
file (`OUT/logs/batch-<periode>-<timestamp>.log`), so a cron job can be checked afterwards.
"""

from __future__ import annotations

import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import IO, Any

LOG_FOLDER = "logs"


def log_path(out: Path, periode: str, now: datetime | None = None) -> Path:
    """`OUT/logs/batch-<periode>-<YYYYmmdd-HHMMSS>.log` (one per batch, never overwritten by the next)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return Path(out) / LOG_FOLDER / f"batch-{periode}-{stamp}.log"


def seconds_text(seconds: float) -> str:
    """`12.34 -> "12,3 s"` (Dutch decimal comma)."""
    return f"{seconds:.1f}".replace(".", ",") + " s"


class BatchProgress:
    """Receives `event(gemeente, message)` for every step and `done(...)` per municipality.

    Thread-safe: events from worker processes arrive on a reader thread while the main thread
    may report a result.
    """

    def __init__(self, gemeenten: list[str], steps: dict[str, int], stream: IO[str] | None = None,
                 quiet: bool = False, log_file: Path | None = None, tty: bool | None = None) -> None:
        self.gemeenten = list(gemeenten)
        self.steps = steps
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.tty = bool(self.stream.isatty()) if tty is None else tty
        self._lock = threading.Lock()
        self._seen: dict[str, int] = {g: 0 for g in self.gemeenten}
        self._bars: dict[str, Any] = {}
        self._log: IO[str] | None = None
        if log_file is not None:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            self._log = open(log_file, "a", encoding="utf-8")
        if self.tty and not self.quiet:
            from tqdm import tqdm

            width = max(len(g) for g in self.gemeenten) if self.gemeenten else 10
            for i, g in enumerate(self.gemeenten):
                self._bars[g] = tqdm(total=max(steps.get(g, 1), 1), desc=g.ljust(width), position=i,
                                     leave=True, file=self.stream, dynamic_ncols=True,
                                     bar_format="{desc} {bar:20} {n_fmt}/{total_fmt} {postfix}")

    def _line(self, gemeente: str, text: str) -> str:
        index = self.gemeenten.index(gemeente) + 1 if gemeente in self.gemeenten else 0
        return f"{datetime.now():%H:%M:%S} [{index}/{len(self.gemeenten)}] {gemeente}: {text}"

    def _write_log(self, line: str) -> None:
        if self._log is not None:
            self._log.write(line + "\n")
            self._log.flush()

    def event(self, gemeente: str, message: str) -> None:
        """A step of `gemeente` starts ("hoofdstuk jeugd ...")."""
        message = message.rstrip(" .")
        with self._lock:
            self._seen[gemeente] = self._seen.get(gemeente, 0) + 1
            step, total = self._seen[gemeente], self.steps.get(gemeente, 0)
            line = self._line(gemeente, f"{message} (stap {step} van {total})" if total else message)
            self._write_log(line)
            if self.quiet:
                return
            bar = self._bars.get(gemeente)
            if bar is not None:
                bar.n = min(step - 1, bar.total)
                bar.set_postfix_str(message)
            else:
                print(line, file=self.stream, flush=True)

    def done(self, gemeente: str, ok: bool, seconds: float, message: str = "") -> None:
        """`gemeente` finished (ok or failed) after `seconds`."""
        text = f"klaar in {seconds_text(seconds)}" if ok else \
            f"mislukt na {seconds_text(seconds)}: {message.splitlines()[0] if message else ''}"
        with self._lock:
            line = self._line(gemeente, text)
            self._write_log(line)
            if self.quiet:
                return
            bar = self._bars.get(gemeente)
            if bar is not None:
                if ok:
                    bar.n = bar.total
                bar.set_postfix_str("klaar" if ok else "MISLUKT")
                bar.refresh()
            else:
                print(line, file=self.stream, flush=True)

    def log(self, text: str) -> None:
        """Extra text for the log file only (the final table)."""
        with self._lock:
            for line in text.splitlines():
                self._write_log(line)

    def close(self) -> None:
        with self._lock:
            for bar in self._bars.values():
                bar.close()
            self._bars.clear()
            if self._log is not None:
                self._log.close()
                self._log = None


def forward_progress(queue: Any, reporter: BatchProgress) -> None:
    """Reader thread: `(gemeente, message)` are steps, `(None, BatchResult)` results, `None` the end."""
    while True:
        item = queue.get()
        if item is None:
            return
        gemeente, payload = item
        if gemeente is None:
            reporter.done(payload.gemeente, payload.status == "ok", payload.seconds, payload.message)
        else:
            reporter.event(gemeente, payload)


def summary_table(results: list[Any]) -> str:
    """Plain-text table of `BatchResult`s: gemeente, status, seconden (Dutch decimal comma), melding."""
    rows = [("gemeente", "status", "seconden", "melding")]
    rows += [(r.gemeente, r.status, f"{r.seconds:.1f}".replace(".", ","), r.message.splitlines()[0] if r.message
              else "") for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:>{widths[2]}}  {d}" for a, b, c, d in rows]
    return "\n".join(lines)
