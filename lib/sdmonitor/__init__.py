"""Monitor Sociaal Domein: library behind the chapter notebooks and the `sdmonitor` command."""

__version__ = "0.1.0"
