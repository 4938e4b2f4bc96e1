"""Chapter elements are methods of the Monitor's mixins and use its public helpers, never its private ones
(issue 24, item 11)."""

import ast
import re
from pathlib import Path

WORKBOOK = Path(__file__).resolve().parents[2] / "lib" / "sdmonitor" / "workbook"
# `m._x(...)` from a module function, or a MonitorBasis helper that was made public called privately.
PRIVATE_CALL = re.compile(r"\bm\._[a-z]\w*|\bself\._(figure|tabel|per_year_bars|cells|noot|bron|label|years|"
                          r"jaar_labels?|has_table|group|geen_gegevens|status_noot|benchmark_value)\b")


def offending(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if PRIVATE_CALL.search(line)]


def test_chapter_modules_call_no_private_monitor_helpers():
    found = {p.name: offending(p.read_text(encoding="utf-8"))
             for p in sorted(WORKBOOK.glob("*.py"))}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_the_rule_sees_private_calls_and_leaves_public_ones():
    assert offending('    return m._figure(fig, "x")\nm.figure(fig, caption="x")') == ['return m._figure(fig, "x")']
    assert offending("cells = self._cells(rows, rij, kolom)") == ["cells = self._cells(rows, rij, kolom)"]
    assert offending("x = self._kpi_rows(wet)\ny = self.cells(rows, rij, kolom)") == []


def test_no_method_name_on_two_chapter_mixins():
    """`Monitor` combines the mixins: a second method of the same name would silently shadow the first."""
    from sdmonitor.workbook.monitor import Monitor

    owners: dict[str, list[str]] = {}
    for cls in Monitor.__mro__[1:-1]:  # the mixins and MonitorBasis, not Monitor itself nor object
        for name, value in vars(cls).items():
            if callable(value) and not name.startswith("__"):
                owners.setdefault(name, []).append(cls.__name__)
    assert {name: classes for name, classes in owners.items() if len(classes) > 1} == {}



def module_functions_of_m(text: str) -> list[str]:
    """Public module-level functions whose first parameter is `m`: chapter elements in the other style."""
    return [node.name for node in ast.parse(text).body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_")
            and node.args.posonlyargs + node.args.args
            and (node.args.posonlyargs + node.args.args)[0].arg == "m"]


def test_chapter_elements_are_monitor_methods_not_module_functions_of_m():
    """One style: every chapter element is a method of a mixin of the `Monitor` (`m.bijstelling()`),
    never a module function taking the Monitor (`hoofdstuk_bijstelling.bijstelling(m)`)."""
    found = {p.name: module_functions_of_m(p.read_text(encoding="utf-8"))
             for p in sorted(WORKBOOK.glob("hoofdstuk_*.py"))}
    assert found, "no chapter modules found"
    assert {name: functions for name, functions in found.items() if functions} == {}


def test_the_style_rule_sees_a_function_of_m_and_leaves_methods_and_helpers():
    text = ("def bijstelling(m: Any) -> Element:\n    return m.x\n"
            "def _helper(m):\n    return m\n"
            "def lees(raw):\n    return raw\n"
            "class BijstellingMixin:\n    def bijstelling(self):\n        return self\n")
    assert module_functions_of_m(text) == ["bijstelling"]
