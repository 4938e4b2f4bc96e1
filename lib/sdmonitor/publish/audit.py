"""Statistical-disclosure audit of the small-numbers rule: a build gate, as τ-ARGUS audit / sdcTable do.

For every hidden primary cell the tightest interval an attacker can derive from everything published
is computed by linear programming (LP relaxation, HiGHS) over the additive relations between cells.
The attacker knows every published and every `vast` cell exactly, that a primary cell lies in
1..drempel-1 ("<5"), that every count is >= 0, and the relations. A key that a relation names but
that is not among the cells is unpublished, so unknown to the attacker: a count >= 0 without upper bound.

Pure: cells and relations come in as plain data; nothing here reads the figure table or the registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sdmonitor.errors import InvalidDataError, SdmonitorError

Key = tuple[str, str, str]  # (indicator, periode, dimensie); dimensie "" is the total
PRIMAIR, SECUNDAIR = "primair", "secundair"
SOORTEN = ("som", "deel", "onder", "binnen")
_TOL = 1e-9
_DIGITS = 6  # HiGHS is exact to about 1e-7: rounding makes 3.9999999 the 4 it is
_KOP = "Audit kleine aantallen"


@dataclass(frozen=True)
class Relation:
    """An additive fact the attacker knows. "som": totaal == sum(delen). "deel": every deel <= totaal
    and totaal <= sum(delen) (a person may be in several parts, e.g. clients per bouwsteen). "onder":
    sum(delen) <= totaal (parts that need not cover the total, e.g. meldingen by a recorded uitkomst).
    "binnen": every deel <= totaal (overlapping parts that need not cover it, e.g. groups of bouwstenen)."""

    naam: str
    totaal: Key
    delen: tuple[Key, ...]
    soort: str = "som"

    def __post_init__(self) -> None:
        if self.soort not in SOORTEN:
            raise ValueError(f"relation {self.naam!r}: soort must be one of {', '.join(SOORTEN)}, not {self.soort!r}")

    @property
    def keys(self) -> tuple[Key, ...]:
        """Total first, then the parts."""
        return (self.totaal, *self.delen)


@dataclass(frozen=True)
class Cell:
    """One count: its true value (known to the auditor only) and how it is shown."""

    key: Key
    waarde: float
    onderdrukt: str = ""  # "" published, "primair" ("<drempel", sensitive), "secundair" ("x")
    vast: bool = False  # known to the attacker from elsewhere (a previous edition): never hidden further

    def __post_init__(self) -> None:
        if self.onderdrukt not in ("", PRIMAIR, SECUNDAIR):
            raise ValueError(f"cell {self.key}: onderdrukt {self.onderdrukt!r} is not '', primair or secundair")


@dataclass(frozen=True)
class CellInterval:
    """What the attacker can derive about one sensitive cell: laag <= waarde <= hoog."""

    key: Key
    waarde: float
    laag: float
    hoog: float
    veilig: bool
    relaties: tuple[str, ...]  # names of the relations that contain the cell

    @property
    def breedte(self) -> float:
        """hoog - laag."""
        return self.hoog - self.laag


class AuditError(SdmonitorError):
    """A hidden small number stays derivable: the report is not published (exit 4, like `PrivacyError`:
    the input is valid, the output is refused)."""

    exit_code = 4


def _naam(key: Key) -> str:
    return f"{key[0]} {key[1]} {key[2] or 'totaal'}"


def _getal(x: float) -> str:
    return str(round(x)) if abs(x - round(x)) < 1e-6 else f"{x:.2f}".replace(".", ",")


def _regel(iv: CellInterval, min_breedte: float) -> str:
    return (f"- {_naam(iv.key)}: af te leiden tot [{_getal(iv.laag)}; {_getal(iv.hoog)}] (breedte "
            f"{_getal(iv.breedte)}, minimaal {_getal(min_breedte)}) via {'; '.join(iv.relaties) or '-'}")


@dataclass
class AuditReport:
    """Intervals of the hidden primary cells (sorted by key) and the cells protect() hid in addition."""

    intervals: list[CellInterval]
    extra: list[Key]
    drempel: int
    min_breedte: float
    verborgen: int = 0  # all hidden cells (primary and secondary), for the summary

    @property
    def veilig(self) -> bool:
        """True when no sensitive cell can be narrowed down beyond what "<drempel" says."""
        return all(iv.veilig for iv in self.intervals)

    def onveilig(self) -> list[CellInterval]:
        """The intervals that are too narrow, in key order."""
        return [iv for iv in self.intervals if not iv.veilig]

    def summary(self) -> str:
        """A few Dutch lines for the build log: counts, then one line per unsafe cell."""
        bad, n, m = self.onveilig(), self.verborgen, len(self.extra)
        head = (f"{_KOP}: {n} verborgen cel{'' if n == 1 else 'len'} ({len(self.intervals)} primair), "
                f"{len(bad)} te smal; {m} cel{'' if m == 1 else 'len'} extra onderdrukt.")
        return "\n".join([head] + [_regel(iv, self.min_breedte) for iv in bad])

    def to_frame(self) -> pd.DataFrame:
        """One row per sensitive cell, for `intern/audit.csv`."""
        columns = ["indicator", "periode", "dimensie", "waarde", "laag", "hoog", "breedte", "veilig", "relaties"]
        return pd.DataFrame([(*iv.key, iv.waarde, iv.laag, iv.hoog, iv.breedte, iv.veilig, "; ".join(iv.relaties))
                             for iv in self.intervals], columns=columns)


def default_min_breedte(drempel: int) -> float:
    """The narrowest interval allowed for a hidden count: what "<drempel" itself says (1..drempel-1,
    width drempel - 2), so the published figures add nothing to the label."""
    return float(max(1, drempel - 2))


class _Problem:
    """Cells and relations checked and indexed once; audits any set of marks (protect() adds to them)."""

    def __init__(self, cells: Iterable[Cell], relations: Iterable[Relation], drempel: int,
                 min_breedte: float | None) -> None:
        self.drempel = drempel
        self.min_breedte = float(default_min_breedte(drempel) if min_breedte is None else min_breedte)
        self.cells: dict[Key, Cell] = {}
        for cell in cells:
            if cell.key in self.cells:
                raise InvalidDataError(f"{_KOP}: cel {_naam(cell.key)} komt twee keer voor.")
            self.cells[cell.key] = cell
        self.relations = list(relations)
        self.by_key: dict[Key, list[int]] = {}  # relation indices per key
        for i, rel in enumerate(self.relations):
            for key in dict.fromkeys(rel.keys):
                self.by_key.setdefault(key, []).append(i)
        self._cache: dict[tuple, dict[Key, tuple[float, float]]] = {}
        self._wide: dict[tuple, dict[Key, tuple[list[Key], list[Relation]]]] = {}
        self._check()

    def _check(self) -> None:
        """Inconsistent input makes an LP infeasible: refuse it here, with a message one can act on."""
        for c in self.cells.values():
            if not c.waarde >= 0:
                raise InvalidDataError(f"{_KOP}: {_naam(c.key)} heeft waarde {c.waarde}, geen aantal.")
            if c.onderdrukt == PRIMAIR and not 1 <= c.waarde <= self.drempel - 1:
                raise InvalidDataError(f"{_KOP}: {_naam(c.key)} is primair onderdrukt maar {_getal(c.waarde)} "
                                       f"ligt niet tussen 1 en {self.drempel - 1}.")
        for rel in (r for r in self.relations if all(k in self.cells for k in r.keys)):
            total, parts = self.cells[rel.totaal].waarde, [self.cells[k].waarde for k in rel.delen]
            tol = 1e-6 * max(1.0, abs(total))
            if not (abs(total - sum(parts)) <= tol if rel.soort == "som"
                    else sum(parts) <= total + tol if rel.soort == "onder"
                    else all(p <= total + tol for p in parts) if rel.soort == "binnen"
                    else all(p <= total + tol for p in parts) and total <= sum(parts) + tol):
                raise InvalidDataError(f"{_KOP}: de relatie '{rel.naam}' klopt niet met de cijfers (totaal "
                                       f"{_getal(total)}, delen {' + '.join(map(_getal, parts))}).")
        missing = [k for k in self.by_key if k not in self.cells]
        if missing:  # keys without a cell are unknowns >= 0: can the relations still hold?
            from scipy.optimize import linprog

            rels = [rel for rel in self.relations if any(k not in self.cells for k in rel.keys)]
            if linprog(np.zeros(len(missing)), **self._program(missing, rels, {}), method="highs").status != 0:
                raise InvalidDataError(f"{_KOP}: de relaties kloppen niet met de cijfers "
                                       f"({'; '.join(rel.naam for rel in rels)}).")

    def known(self, key: Key, marks: dict[Key, str]) -> bool:
        """Whether the attacker knows the exact value."""
        cell = self.cells.get(key)
        return cell is not None and (cell.vast or not marks.get(key))

    def small(self, key: Key) -> bool:
        """A count 1..drempel-1: what the rule protects, however the cell came to be hidden."""
        cell = self.cells.get(key)
        return cell is not None and 1 <= cell.waarde <= self.drempel - 1

    def sensitive(self, key: Key, marks: dict[Key, str]) -> bool:
        return bool(marks.get(key)) and self.small(key) and not self.known(key, marks)

    def components(self, marks: dict[Key, str]) -> list[tuple[list[Key], list[Relation]]]:
        """Unknown cells linked through relations, each group with its relations: one small LP each."""
        parent: dict[Key, Key] = {k: k for k in self.cells if self.sensitive(k, marks)}

        def find(k: Key) -> Key:
            while parent[k] != k:
                parent[k] = parent[parent[k]]  # path halving
                k = parent[k]
            return k

        linked: list[tuple[Key, Relation]] = []
        for rel in self.relations:
            unknown = [k for k in dict.fromkeys(rel.keys) if not self.known(k, marks)]
            for k in unknown:  # no unknown: all published/vast, a consistency fact checked in _check()
                parent.setdefault(k, k)
                parent[find(k)] = find(unknown[0])
            if unknown:
                linked.append((unknown[0], rel))
        groups: dict[Key, tuple[list[Key], list[Relation]]] = {}
        for k in parent:
            groups.setdefault(find(k), ([], []))[0].append(k)
        for k, rel in linked:
            groups[find(k)][1].append(rel)
        return list(groups.values())

    def _program(self, keys: list[Key], rels: list[Relation], marks: dict[Key, str]) -> dict:
        """linprog's constraints over `keys`; published/vast cells are constants on the right-hand side."""
        from scipy.sparse import coo_array

        col = {k: j for j, k in enumerate(keys)}
        parts: dict[str, tuple[list, list, list, list]] = {"eq": ([], [], [], []), "ub": ([], [], [], [])}

        def add(kind: str, terms: list[tuple[Key, float]]) -> None:
            rows, cols, vals, rhs = parts[kind]
            rhs.append(0.0)
            for k, coef in terms:
                if k in col:
                    rows.append(len(rhs) - 1)
                    cols.append(col[k])
                    vals.append(coef)
                else:
                    rhs[-1] -= coef * self.cells[k].waarde

        for rel in rels:
            sign = -1.0 if rel.soort == "onder" else 1.0  # onder: the parts add up to at most the total
            if rel.soort != "binnen":
                add("eq" if rel.soort == "som" else "ub", [(rel.totaal, sign)] + [(d, -sign) for d in rel.delen])
            for d in rel.delen if rel.soort in ("deel", "binnen") else ():
                add("ub", [(d, 1.0), (rel.totaal, -1.0)])
        # "<drempel" tells the attacker 1..drempel-1; "x" tells nothing but >= 0.
        program: dict = {"bounds": [(1.0, self.drempel - 1.0) if marks.get(k) == PRIMAIR else (0.0, None)
                                    for k in keys]}
        for kind, (rows, cols, vals, rhs) in parts.items():
            if rhs:
                program[f"A_{kind}"] = coo_array((vals, (rows, cols)), shape=(len(rhs), len(keys))).tocsr()
                program[f"b_{kind}"] = np.array(rhs)
        return program

    def _solve(self, keys: list[Key], rels: list[Relation], marks: dict[Key, str],
               only: Key | None = None) -> dict[Key, tuple[float, float]]:
        """Minimise and maximise every sensitive cell of one component (or just `only`)."""
        # scipy's solver is imported here, not with the module: a chapter's kernel reads the
        # edition's decision (`Published` with onderdrukking) and never audits (0,25 s per kernel).
        from sdmonitor.publish.extremes import UNBOUNDED, Extremes

        program = self._program(keys, rels, marks)
        extremes = Extremes(program)
        lb, ub = extremes.lower, extremes.upper
        # A bound reached by any feasible point found so far is the optimum: that LP can be skipped. The
        # true values are such a point (_check() found the keys without a cell a feasible completion).
        true = np.array([self.cells[k].waarde if k in self.cells else np.nan for k in keys])
        hits = (true <= lb + _TOL, true >= ub - _TOL)
        out: dict[Key, tuple[float, float]] = {}
        for j, k in ((j, k) for j, k in enumerate(keys) if self.sensitive(k, marks) and only in (None, k)):
            ends: list[float] = []
            for sign, hit, bound in ((1.0, hits[0], lb), (-1.0, hits[1], ub)):
                if not hit[j]:
                    status, x = extremes.solve(j, sign)
                    if status == UNBOUNDED and sign < 0:  # no upper bound at all ("x" cells, no published total)
                        ends.append(float("inf"))
                        continue
                    if x is None:
                        raise InvalidDataError(f"{_KOP}: geen oplossing voor {_naam(k)} ({status}); controleer "
                                               f"{'; '.join(dict.fromkeys(r.naam for r in rels))}.")
                    hits[0][x <= lb + _TOL] = hits[1][x >= ub - _TOL] = True
                    bound = x
                ends.append(round(float(bound[j]), _DIGITS) + 0.0)  # + 0.0: no -0.0 in the report
            out[k] = (ends[0], ends[1])
        return out

    def audit(self, marks: dict[Key, str], extra: list[Key]) -> AuditReport:
        """The interval of every hidden primary cell under `marks`."""
        intervals: list[CellInterval] = []
        for keys, rels in self.components(marks):
            if not any(self.sensitive(k, marks) for k in keys):
                continue  # only secondary/missing cells: nothing to audit (consistency: _check())
            # A component's LPs depend only on its unknown cells and their marks: protect() re-audits
            # after each extra cell, and all but one component are unchanged.
            signature = tuple(sorted((k, marks.get(k, "")) for k in keys))
            if signature not in self._cache:
                self._cache[signature] = self._solve(keys, rels, marks)
            intervals += [self._interval(key, *ends) for key, ends in self._cache[signature].items()]
        intervals += [self._interval(k, c.waarde, c.waarde) for k, c in self.cells.items()
                      if c.vast and marks.get(k) and self.small(k)]  # hidden, yet known from elsewhere
        intervals.sort(key=lambda iv: iv.key)
        return AuditReport(intervals, list(extra), self.drempel, self.min_breedte, verborgen=len(marks))

    def _interval(self, key: Key, laag: float, hoog: float) -> CellInterval:
        names = tuple(dict.fromkeys(self.relations[i].naam for i in self.by_key.get(key, [])))
        return CellInterval(key, self.cells[key].waarde, laag, hoog, hoog - laag >= self.min_breedte - _TOL, names)

    def candidate(self, key: Key, marks: dict[Key, str]) -> Key | None:
        """The next cell to hide for `key`: from the relations containing it, then from those reached
        through other hidden cells; the smallest positive published cell (least lost), else a published total."""
        seen_rel: set[int] = set()
        seen_key, frontier = {key}, [key]
        while frontier:
            tier = [i for i in dict.fromkeys(i for k in frontier for i in self.by_key.get(k, [])) if i not in seen_rel]
            seen_rel.update(tier)
            rels = [self.relations[i] for i in tier]
            free = sorted({k for rel in rels for k in rel.keys
                           if k in self.cells and not marks.get(k) and not self.cells[k].vast})
            positive = [k for k in free if self.cells[k].waarde > 0]
            totals = [k for k in free if any(rel.totaal == k for rel in rels)]
            if positive or totals:
                return min(positive, key=lambda k: (self.cells[k].waarde, k)) if positive else totals[0]
            frontier = [k for rel in rels for k in rel.keys if not self.known(k, marks) and k not in seen_key]
            seen_key.update(frontier)
        return None

    def relabel(self, key: Key, marks: dict[Key, str]) -> list[Key]:
        """The "<drempel" cells (not `vast`) of `key`'s component, to be shown as "x" instead."""
        for keys, _rels in self.components(marks):
            if key in keys:
                return sorted(k for k in keys if marks.get(k) == PRIMAIR and not self.cells[k].vast)
        return []

    def best_case(self, key: Key, marks: dict[Key, str]) -> CellInterval:
        """The interval of `key` with every cell hidden that protect() could still hide. Hiding more only
        widens an interval (the true values stay feasible), so too narrow here means nothing can help."""
        totals = {rel.totaal for rel in self.relations}
        wide = marks | {k: SECUNDAIR for k, c in self.cells.items()
                        if not marks.get(k) and not c.vast and (c.waarde > 0 or k in totals)}
        signature = tuple(sorted(wide.items()))  # protect() only adds cells that are hidden here anyway
        if signature not in self._wide:
            self._wide = {signature: {k: group for group in self.components(wide) for k in group[0]}}
        keys, rels = self._wide[signature][key]
        return self._interval(key, *self._solve(keys, rels, wide, only=key)[key])


def audit(cells: Iterable[Cell], relations: Iterable[Relation], drempel: int = 5,
          min_breedte: float | None = None) -> AuditReport:
    """Audit the cells as marked; `min_breedte` defaults to `default_min_breedte(drempel)`."""
    problem = _Problem(cells, relations, drempel, min_breedte)
    return problem.audit({k: c.onderdrukt for k, c in problem.cells.items() if c.onderdrukt}, [])


def protect(cells: Iterable[Cell], relations: Iterable[Relation], drempel: int = 5,
            min_breedte: float | None = None, max_rondes: int = 10_000) -> tuple[dict[Key, str], AuditReport]:
    """Hide further cells ("secundair"), one per round, until the audit is safe.

    When no amount of hiding helps because the "<drempel" labels of the hidden cells around a cell
    give it away, those cells are shown as "x" (secundair) instead. Returns the final mark of every
    hidden key and the audit of that state. Raises `AuditError` when a cell cannot be protected
    (pinned by `vast` cells) or would need more than `max_rondes` extra cells."""
    problem = _Problem(cells, relations, drempel, min_breedte)
    marks = {k: c.onderdrukt for k, c in problem.cells.items() if c.onderdrukt}
    extra: list[Key] = []
    tries: dict[Key, int] = {}
    for ronde in range(max_rondes + 1):
        report = problem.audit(marks, extra)
        if report.veilig:
            return marks, report
        bad = report.onveilig()[0]
        tries[bad.key] = tries.get(bad.key, 0) + 1
        # One extra cell usually suffices. When it did not, check once (one larger LP) whether any amount
        # of hiding can help: fail now rather than hide a whole table in vain.
        target = problem.candidate(bad.key, marks)
        if problem.cells[bad.key].vast or tries[bad.key] == 2 or target is None:
            best = bad if problem.cells[bad.key].vast else problem.best_case(bad.key, marks)
            if not best.veilig:
                # The "<drempel" of the hidden cells around it give it away (a "<5" total split into
                # "<5" parts): those cells read "x" instead, which tells an attacker nothing.
                relabel = problem.relabel(bad.key, marks)
                if not relabel:
                    raise AuditError(f"{_KOP}: cel niet te beschermen, ook niet door alle andere cellen te verbergen "
                                     f"(vaste cijfers uit een eerdere editie verraden haar):\n"
                                     + _regel(best, problem.min_breedte))
                marks.update(dict.fromkeys(relabel, SECUNDAIR))
                extra += relabel
                tries[bad.key] = 0
                continue
        if target is None or ronde == max_rondes:
            reden = "geen cel meer om te verbergen" if target is None else f"meer dan {max_rondes} rondes"
            raise AuditError(f"{_KOP}: cel niet te beschermen ({reden}):\n" + _regel(bad, problem.min_breedte))
        marks[target] = SECUNDAIR
        extra.append(target)
    raise AssertionError("unreachable: the last round returns or raises")
