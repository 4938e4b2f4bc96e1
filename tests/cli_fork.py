"""`python -m sdmonitor.run.cli ARGS` for the end-to-end tests, without paying the interpreter start
and the third-party imports (pandas, pyarrow, DuckDB, pandera, nbformat/jsonschema, SciPy,
papermill/nbconvert: ~2-3 s of CPU) for each of the suite's hundreds of commands.

A small server process (one per pytest worker, started on first use) imports those libraries once
and forks a child per command. The child is a process of its own like a `subprocess.run` child: it
takes the command's working folder, its whole environment, stdin from /dev/null and stdout/stderr
into files the caller reads, runs `sdmonitor.run.cli` as `__main__` (as `python -m` does: `main()`,
its exit code, an uncaught exception's traceback and exit 1) and exits through the normal
interpreter shutdown (atexit, stdio flushed). sdmonitor itself is imported in the child, fresh, so
no sdmonitor state crosses from one command to the next; only the third-party modules were loaded
before the environment was set, and none of those read an sdmonitor variable.

`SDMONITOR_TEST_FORK=0` runs every command as a plain subprocess instead (the same assertions hold;
it is slower). Tests about the process itself (signals, orphans, a fresh interpreter) start their
own subprocesses and do not come here.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Imported by the server before any command: third-party only (see the module docstring).
PRELOAD = ("pandas", "pyarrow", "pyarrow.parquet", "duckdb", "pandera.pandas", "pandera.backends.pandas.register",
           "jsonschema", "nbformat", "yaml", "scipy.optimize", "scipy.sparse", "nbconvert", "papermill",
           "jupyter_client", "bs4")

_SERVER = r"""
import gc, importlib, io, json, os, runpy, sys, traceback
for name in PRELOAD:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
# The preloaded objects live as long as the server: out of the cyclic GC's sight, so that no child
# walks (and copies, page by page) them at each collection and again at its exit (~0,5 s a command).
gc.freeze()
proto_in = os.fdopen(os.dup(0), "r", encoding="utf-8")
proto_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
null = os.open(os.devnull, os.O_RDONLY)
os.dup2(null, 0)
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
proto_out.write("ready\n")
proto_out.flush()


def child(req):
    proto_in.close()
    proto_out.close()
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(req["env"])
    out = os.open(req["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err = os.open(req["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(err, 2)
    os.close(out)
    os.close(err)
    enc = sys.stdout.encoding
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding=enc, errors=sys.stdout.errors)
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding=enc, errors="backslashreplace",
                                  line_buffering=True)
    sys.__stdout__, sys.__stderr__ = sys.stdout, sys.stderr
    sys.argv = ["-m", *req["args"]]
    sys.path[0] = os.getcwd()
    runpy.run_module("sdmonitor.run.cli", run_name="__main__", alter_sys=True)
    return 0


while True:
    line = proto_in.readline()
    if not line:
        break
    req = json.loads(line)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = child(req)  # SystemExit and uncaught exceptions leave through the interpreter's exit
        sys.exit(code)
    proto_out.write(json.dumps({"pid": pid}) + "\n")
    proto_out.flush()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    proto_out.write(json.dumps({"returncode": code}) + "\n")
    proto_out.flush()
"""

_server: subprocess.Popen | None = None
_buffer = b""
_lock = threading.Lock()


def _start() -> subprocess.Popen | None:
    """The running server, started if need be; None if it cannot start (then plain subprocesses)."""
    global _server, _buffer
    if _server is not None and _server.poll() is None:
        return _server
    code = f"PRELOAD = {PRELOAD!r}\n{_SERVER}"
    _server = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, bufsize=0, cwd=ROOT)
    _buffer = b""
    if _line(_server, None) != "ready":
        _server.kill()
        _server = None
    return _server


def _line(server: subprocess.Popen, timeout: float | None) -> str | None:
    """The server's next line; None when `timeout` passes first. Read unbuffered (os.read), so
    `select` sees exactly what has not been read yet."""
    global _buffer
    fd = server.stdout.fileno()
    while b"\n" not in _buffer:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return None
        chunk = os.read(fd, 4096)
        if not chunk:
            raise RuntimeError("the sdmonitor test command server stopped")
        _buffer += chunk
    line, _buffer = _buffer.split(b"\n", 1)
    return line.decode("utf-8")


def run_cli(args: list[str], env: dict[str, str] | None = None, cwd: Path | str | None = None,
            timeout: float | None = None) -> subprocess.CompletedProcess:
    """What `subprocess.run([python, -m, sdmonitor.run.cli, *args], capture_output=True, text=True,
    env=env, cwd=cwd, timeout=timeout)` returns."""
    command = [sys.executable, "-m", "sdmonitor.run.cli", *map(str, args)]
    full_env = dict(os.environ if env is None else env)
    with _lock:
        server = None if os.environ.get("SDMONITOR_TEST_FORK", "1") == "0" else _start()
        if server is None:
            return subprocess.run(command, capture_output=True, text=True, env=full_env, cwd=cwd, timeout=timeout)
        with tempfile.TemporaryDirectory(prefix="sdmonitor-cli-") as tmp:
            out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
            request = {"args": command[3:], "env": full_env, "cwd": str(Path(cwd or os.getcwd()).resolve()),
                       "stdout": str(out), "stderr": str(err)}
            server.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            pid = json.loads(_line(server, None) or "")["pid"]
            reply = _line(server, timeout)
            if reply is None:
                os.kill(pid, signal.SIGKILL)
                _line(server, None)
                raise subprocess.TimeoutExpired(command, timeout or 0)
            returncode = int(json.loads(reply)["returncode"])
            # As `text=True` reads a pipe: the locale's encoding (UTF-8 here), universal newlines.
            stdout = out.read_text(encoding="utf-8", errors="replace")
            stderr = err.read_text(encoding="utf-8", errors="replace")
    return subprocess.CompletedProcess(command, returncode, stdout, stderr)
