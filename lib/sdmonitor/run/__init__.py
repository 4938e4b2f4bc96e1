"""Running: `sdmonitor` command line, the runner (papermill), manifest and progress."""
