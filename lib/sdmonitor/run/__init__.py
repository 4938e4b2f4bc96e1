"""Running: `sdmonitor` command line, the runner (papermill), manifest and progress."""

import sys

# papermill and nbformat import jsonschema, whose format checkers compile ~40 IRI grammars at
# import when `rfc3987_syntax` is installed (jsonschema[format-nongpl], pulled in by Jupyter):
# 1-3 s at the start of every run, before any chapter. No notebook schema checks an IRI, so the
# runner's process goes without that checker (an import of it fails; jsonschema skips it).
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
