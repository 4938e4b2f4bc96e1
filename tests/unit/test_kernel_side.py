"""run/kernel_side.py: the warm-up reads the package data the chapters need; what it cannot read is
left to the chapter that needs it."""

from __future__ import annotations

import gc
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


def test_warm_up_freezes_what_it_loaded_so_a_reset_does_not_walk_it_again():
    loaded = [object()]  # stands for the modules and package data loaded before the chapters
    try:
        kernel_side.warm_up(modules=(), preload=())
        assert not any(o is loaded for o in gc.get_objects())  # in the permanent generation
        made = [object()]  # a chapter's objects stay collectable
        assert any(o is made for o in gc.get_objects())
    finally:
        gc.unfreeze()
