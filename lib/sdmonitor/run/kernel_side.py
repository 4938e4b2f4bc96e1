"""What the runner executes inside a shared chapter kernel (see `kernels`): warm it up once, and
between two chapters put it back into the state a fresh kernel has after the same imports.

Imported by the kernel itself (never by the runner's process). A chapter may set variables,
environment variables, the working folder, warning filters, matplotlib settings or open figures;
`reset` undoes all of that, so no chapter can depend on another one. Imported modules stay loaded:
that is the point of sharing the kernel. The execution counter starts at 1 again, so every
executed notebook is numbered [1], [2], ... as in a kernel of its own.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import warnings
from typing import Any

# What every chapter imports (pandas, matplotlib and the facade): loaded once per kernel.
WARM_UP = ("pandas", "matplotlib", "matplotlib.pyplot", "sdmonitor.workbook.monitor")
# The package data every chapter reads (each read once per process): read while the runner still
# computes the figures, not in the first chapter.
PRELOAD = ("sdmonitor.registry:registry", "sdmonitor.publish.suppression:default_rules",
           "sdmonitor.house_style:house_style", "sdmonitor.workbook.teksten:defaults",
           "sdmonitor.publish.tekst_reeksen:spec")

_BASELINE: dict[str, Any] = {}


def warm_up(modules: tuple[str, ...] = WARM_UP, preload: tuple[str, ...] = PRELOAD) -> None:
    """Import `modules`, call each `module:function` of `preload`, and remember the state `reset`
    returns to. What fails is skipped: the chapter that needs it fails with its own, readable error."""
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            continue
    for target in preload:
        module, function = target.split(":")
        try:
            getattr(importlib.import_module(module), function)()
        except Exception:
            continue
    _BASELINE.update(environ=dict(os.environ), cwd=os.getcwd(), path=list(sys.path),
                     filters=list(warnings.filters))
    mpl = sys.modules.get("matplotlib")
    if mpl is not None:
        # The backend is chosen once per process (MPLBACKEND); setting it again would switch it.
        _BASELINE["rc"] = {k: v for k, v in mpl.rcParams.items() if k != "backend"}
    # What is loaded now lives as long as the kernel. IPython's reset between two chapters runs a
    # full `gc.collect()`, which walked all of it every time (~50 ms of ~120 000 objects, 9 times a
    # monitor); frozen, a collection walks only what the chapters made.
    gc.collect()
    gc.freeze()


def reset(shell: Any) -> None:
    """Back to the state after `warm_up`: figures closed, user namespace emptied (execution
    counter back to 1), environment, working folder, sys.path, warning filters and matplotlib
    settings restored."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
    shell.reset(new_session=True)  # empties the namespace and sets execution_count = 1
    if "environ" in _BASELINE:
        os.environ.clear()
        os.environ.update(_BASELINE["environ"])
        os.chdir(_BASELINE["cwd"])
        sys.path[:] = _BASELINE["path"]
        # typeshed declares `warnings.filters` a Sequence; it is a list, restored in place
        warnings.filters[:] = _BASELINE["filters"]  # type: ignore[index]
    mpl = sys.modules.get("matplotlib")
    if mpl is not None and "rc" in _BASELINE:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # deprecated keys are part of the full dict
            mpl.rcParams.update(_BASELINE["rc"])
