"""The situation a wet's prognosis is in, which sets the scale of its 80 % interval
(docs/prognose.md §7; `prognose_interval.edition_types` computes the inputs).

The backtests behind the interval (`prognose_interval.origins`) see the complete years; what the
current year has that they did not see — a batch declarer, a product winding down or ramping up,
a contract change, strong growth, a fresh step — makes the backtests' spread too wide or too
narrow. The situation is read from the data only, by how much the prognosis moves when one part
of the method is switched off, and per situation the interval has its own calibrated scale
(`prognose_interval.TYPE_FACTORS`). The first that applies:

- "kwartaal": a quarterly batch declarer (`kwartaal.batch_declarers`);
- "afbouw": the shapes (`prognose_shapes`) lower the prognosis by more than `SHIFT["vorm"]`
  (a phase-out);
- "aanloop": the shapes raise it by more than that (a new product ramping up);
- "opvolging": a product succession (`opvolging.detect`);
- "groei": the trend moves it by more than `SHIFT["groei"]` (growth beyond tariff indexation);
- "stap": the year's own step moves it by more than `SHIFT["stap"]`;
- "regulier": none of these.

A phase-out and a ramp are told apart because their errors differ: a wind-down's end is seen in
its line, a ramp's levelling-off is not (on the lag scenarios a ramp needed about twice the
scale of a phase-out).
"""

from __future__ import annotations

# Relative move of the prognosis beyond which a part of the method defines the situation.
# Shapes: half a percent (a shape that hardly moves the wet is not its situation); trend: 6 %
# (about twice a tariff indexation, so ordinary indexation stays "regulier"); step: 2 %.
SHIFT = {"vorm": 0.005, "groei": 0.06, "stap": 0.02}
SITUATIONS = ("kwartaal", "afbouw", "aanloop", "opvolging", "groei", "stap", "regulier")


def _moved(value: float, other: float | None, share: float) -> float:
    """Relative move of `value` against `other` when it exceeds `share`, else 0."""
    if other is None:
        return 0.0
    move = (value - other) / max(abs(value), 1.0)
    return move if abs(move) > share else 0.0


def situation(prognose: float, zonder_vorm: float | None = None, zonder_trend: float | None = None,
              zonder_stap: float | None = None, batch: bool = False, opvolging: bool = False) -> str:
    """The situation of one wet's prognosis (see the module docstring), given the prognosis and
    what it would be without the shapes, the trend and the year's own step (None: not known)."""
    if batch:
        return "kwartaal"
    shape = _moved(prognose, zonder_vorm, SHIFT["vorm"])
    if shape < 0:
        return "afbouw"
    if shape > 0:
        return "aanloop"
    if opvolging:
        return "opvolging"
    if _moved(prognose, zonder_trend, SHIFT["groei"]):
        return "groei"
    if _moved(prognose, zonder_stap, SHIFT["stap"]):
        return "stap"
    return "regulier"


__all__ = ["SHIFT", "SITUATIONS", "situation"]
