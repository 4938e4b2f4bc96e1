"""papermill as the runner uses it: paths taken literally, quiet, and one engine (`ENGINE`) that
runs a chapter on a kernel the pool (`run.kernels`) owns; and the check that every executed cell
of a chapter was announced by its kernel (`unannounced_cells`, `OutputLost`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sdmonitor.errors import ChapterError

ENGINE = "sdmonitor-gedeelde-kernel"


def literal_paths() -> None:
    """papermill treats the notebook paths as format templates filled with the parameters
    (`parameterize_path`), so a `{` or `}` in `--out` or in a gemeente naam broke a run (issue 21).
    sdmonitor never uses that feature: paths are data, passed through unchanged. Installed once
    per process (idempotent; papermill's execute module holds the name it calls)."""
    import nbformat
    import papermill.execute as pm_execute

    def parameterize_path(path: Any, parameters: Any = None) -> Any:
        return path if path is None or isinstance(path, (str, nbformat.NotebookNode)) else str(path)

    pm_execute.parameterize_path = parameterize_path


@contextmanager
def quiet_papermill() -> Iterator[None]:
    """papermill as the runner needs it: paths literal (`literal_paths`) and quiet: it warns about
    every parameter it cannot parse for --help-notebook; the runner passes exactly the contract's
    five, so those warnings are noise for the user."""
    literal_paths()
    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def register_engine() -> None:
    """Register `ENGINE` with papermill: nbclient on a kernel manager it does not own (papermill
    passes the `km` engine argument through), whose client channels are closed after the notebook
    (nbclient leaves them open for a kernel it does not own; each holds a heartbeat thread), and
    the executed notebook written when it is done, not after every cell."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class SharedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                     stdout_file: Any = None, stderr_file: Any = None, start_timeout: int = 60,
                                     execution_timeout: int | None = None, km: Any = None, **_: Any) -> Any:
            client = PapermillNotebookClient(nb_man, km=km, kernel_name=kernel_name, log=logger,
                                             log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
                                             startup_timeout=start_timeout, timeout=execution_timeout)
            # papermill writes the whole notebook before and after every cell, for whoever watches
            # a long run; the runner reads it once the chapter is done, which notebook_complete and
            # papermill's last write still give (jeugd: some 100 writes of a growing file, saved).
            output_path, nb_man.output_path = nb_man.output_path, None
            try:
                return client.execute()
            finally:
                nb_man.output_path = output_path
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register(ENGINE, SharedKernelEngine)


class OutputLost(ChapterError):
    """A chapter's executed notebook has a code cell without an execution count: the kernel's
    announcement of that cell (its first message on IOPub) never reached the client, so its
    output may be missing too. A pool's lane runs such a chapter once more (`kernels._Lane._again`).
    The cause seen so far, two clients of one kernel sending the same message ids, is gone
    (`kernel_client`); this is the check that no report is published with a cell unaccounted for."""


def unannounced_cells(nb: Any) -> list[int]:
    """Positions of the code cells nbclient executed (source not empty, not tagged
    `skip-execution`) that have no execution count: never announced on IOPub."""
    return [i for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and cell.source.strip() and cell.get("execution_count") is None
            and "skip-execution" not in cell.get("metadata", {}).get("tags", [])]


__all__ = ["ENGINE", "OutputLost", "literal_paths", "quiet_papermill", "register_engine", "unannounced_cells"]
