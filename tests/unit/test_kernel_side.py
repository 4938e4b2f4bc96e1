"""run/kernel_side.py: the warm-up reads the package data the chapters need; what it cannot read is
left to the chapter that needs it."""

from __future__ import annotations

import importlib

from sdmonitor.registry import registry
from sdmonitor.run import kernel_side


def test_every_preload_names_a_function_of_the_package():
    # A misspelt name would be skipped silently at warm-up, and the first chapter would pay again.
    for target in kernel_side.PRELOAD:
        module, function = target.split(":")
        assert callable(getattr(importlib.import_module(module), function)), target


def test_warm_up_reads_the_preloads_and_skips_what_fails():
    registry.cache_clear()
    kernel_side.warm_up(modules=("sdmonitor.geen_module",),
                        preload=("sdmonitor.geen_module:f", "sdmonitor.registry:geen", "sdmonitor.registry:registry"))
    assert registry.cache_info().currsize == 1
