"""Reading a YAML file a user wrote (parameters, commentary): bounded before it is parsed.

A YAML file is small text that can still cost a minute and gigabytes: aliases of aliases
("billion laughs", 4 KB) expand to 10^9 values for whoever walks the result, and PyYAML itself
recurses per nesting level. So a user file is refused (usage error, exit 2, naming the file and
where possible the line) when it is not a regular file, larger than `MAX_BYTES`, uses more than
`MAX_ALIASES` aliases, expands to more than `MAX_NODES` values, refers to itself, or nests deeper
than Python can follow. The shipped files use no aliases at all; a few (`<<: *standaard`) stay
allowed. Package data (`data/*.yaml`) is ours and read directly.
"""

from __future__ import annotations

import copy
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from sdmonitor.errors import UsageError

MAX_BYTES = 1_000_000
MAX_ALIASES = 100
MAX_NODES = 100_000


class _Refused(Exception):
    """A bound of this module was passed; `mark` is where (a yaml Mark or None)."""

    def __init__(self, reason: str, mark: Any = None) -> None:
        super().__init__(reason)
        self.mark = mark


class _CountingLoader(yaml.SafeLoader):
    """SafeLoader that counts alias events while composing and refuses past `MAX_ALIASES`."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Refused(f"meer dan {MAX_ALIASES} verwijzingen (aliassen, *naam)", self.peek_event().start_mark)
        return super().compose_node(parent, index)


def _expanded_size(root: yaml.Node) -> None:
    """Raise `_Refused` when the node graph, aliases expanded, holds more than `MAX_NODES` values
    or contains itself. Shared nodes are sized once (memo), so this costs the graph, not the
    expansion."""
    sizes: dict[int, int] = {}
    busy: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:  # iterative: a deep file must not overflow Python's stack here
        node, done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if not done:
            if key in busy:
                raise _Refused("een verwijzing (alias) bevat zichzelf", node.start_mark)
            busy.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        busy.discard(key)
        sizes[key] = 1 + sum(sizes.get(id(c), 0) for c in children)
        if sizes[key] > MAX_NODES:
            raise _Refused(f"uitgevouwen meer dan {MAX_NODES} waarden (aliassen van aliassen)", node.start_mark)


def read_user_text(path: Path, soort: str) -> str:
    """The text of a user file, refused (UsageError) when it is not a regular file, larger than
    `MAX_BYTES` or not UTF-8. `soort` names the file in the message ("parameterbestand")."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block, a device never ends
            raise UsageError(f"{soort} {path} is geen gewoon bestand")
        if info.st_size > MAX_BYTES:
            raise UsageError(f"{soort} {path} is te groot ({info.st_size} bytes; hooguit {MAX_BYTES})")
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)  # a file growing meanwhile is still bounded
        if len(data) > MAX_BYTES:
            raise UsageError(f"{soort} {path} is te groot (meer dan {MAX_BYTES} bytes)")
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{soort} {path} kan niet gelezen worden ({exc})") from None


def _where(mark: Any) -> str:
    return f", regel {mark.line + 1}, kolom {mark.column + 1}" if mark is not None else ""


def load_user_yaml(path: Path, soort: str = "parameterbestand") -> Any:
    """Parse a user's YAML file within the bounds of this module; any problem is a UsageError
    (exit 2) naming the file and, where known, the line. Each caller gets its own copy."""
    text = read_user_text(path, soort)
    try:
        return copy.deepcopy(_parsed(text))
    except _Refused as exc:
        raise UsageError(f"{soort} {path}{_where(exc.mark)}: geweigerd, {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UsageError(f"{soort} {path}{_where(mark)}: geen geldige YAML ({problem})") from None
    except RecursionError:
        raise UsageError(f"{soort} {path}: geweigerd, te diep genest") from None


@lru_cache(maxsize=32)
def _parsed(text: str) -> Any:
    """The document of `text`, parsed once per text: every chapter resolves its municipality, and a
    municipality without a file of its own has every parameters file parsed to be sure."""
    loader = _CountingLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


__all__ = ["MAX_ALIASES", "MAX_BYTES", "MAX_NODES", "load_user_yaml", "read_user_text"]
