"""Monitor Sociaal Domein: library behind the chapter notebooks and the `sdmonitor` command."""

__version__ = "0.1.0"


def __getattr__(name: str):
    # Lazy: `import sdmonitor` (the CLI, `--help`) must not pay for pandas and the figure modules.
    if name == "open_edition":
        from .edition import open_edition

        return open_edition
    raise AttributeError(f"module 'sdmonitor' has no attribute {name!r}")


__all__ = ["__version__", "open_edition"]
