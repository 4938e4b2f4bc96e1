"""One input table checked and typed (the work of `validation.validate_folder` per table): text to
types, the pandera schema, the rules that depend on another column, the cross-row rules of
declaraties and the unique key. Every failure becomes one `Problem` (file, row, column, value, in
Dutch); only failing rows are visited one by one.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pandera.pandas as pa

from sdmonitor.ingest import codelists
from sdmonitor.ingest.loader import Problem, RawTable, make_problem
from sdmonitor.ingest.schemas import TableSpec, allowed_text, codelist_text, only_wet_text, schema

_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_COMMA_NUMBER = r"[-+]?(\d{1,3}(\.\d{3})+|\d*),\d+"   # 12,5  1.234,50
_GROUPED = r"[-+]?\d{1,3}(\.\d{3})+"                   # 4.000  1.234.567: thousands, or a decimal?
_DOT_NUMBER = r"[-+]?\d*\.\d+"                        # 12.5  (and the ambiguous 1.234)
# Dates outside this range are typing errors in these tables (birth years start at 1900 too);
# the open end of an allocation (`einddatum` 9999-12-31) is handled before this check.
FIRST_DATE, LAST_DATE = pd.Timestamp("1900-01-01"), pd.Timestamp("2100-12-31")
OPEN_END = "9999-12-31"
# No amount, volume or count in these tables comes near this; beyond it a value is an export
# error (1e308, a pasted account number) and sums would overflow or swamp every figure.
MAX_ABS_NUMBER = 1e10
_TRUE = {"true", "waar", "ja", "j", "yes", "y", "1"}
_FALSE = {"false", "onwaar", "nee", "n", "no", "0"}
# pandera check names that are not our own Dutch `error` texts
_PANDERA_EXPECTED = {"not_nullable": "een waarde (dit veld mag niet leeg zijn)"}


def _both(a: pd.Series, b: pd.Series) -> pd.Series:
    return a.notna() & b.notna()


# The operators of `schemas.RowRule` (pandas); `duck_check` has the same in SQL.
_RULE_OPS = {
    "month_ne": lambda a, b: _both(a, b) & (a.dt.to_period("M") != b.dt.to_period("M")),
    "gt": lambda a, b: _both(a, b) & (a > b),
    "month_gt": lambda a, b: _both(a, b) & (a.dt.to_period("M") > b.dt.to_period("M")),
    "pos_neg": lambda a, b: (a > 0) & (b < 0),
    "neg_pos": lambda a, b: (a < 0) & (b > 0),
}


class TableCheck:
    """Types one raw table and collects its problems (the work of `validate_folder` per table)."""

    def __init__(self, spec: TableSpec, raw: RawTable) -> None:
        self.spec = spec
        self.raw = raw
        self.problems: list[Problem] = list(raw.problems)
        self.rows_read = 0 if raw.frame is None else len(raw.frame)
        self._text: pd.DataFrame | None = None
        # (column -> rows already reported), so one bad value gives one problem
        self.reported: dict[str, np.ndarray] = {}
        self.bad_rows = np.zeros(self.rows_read, dtype=bool)
        self.typed_ok = False  # the table got as far as typing (columns present)

    @property
    def frame(self) -> pd.DataFrame:
        """The raw table as read (`run` checks nothing when the file could not be read)."""
        if self.raw.frame is None:
            raise RuntimeError(f"{self.spec.name}: no table was read")
        return self.raw.frame

    @property
    def text(self) -> pd.DataFrame:
        """The contract columns as canonical text, from `run` on."""
        if self._text is None:
            raise RuntimeError(f"{self.spec.name}: the table has not been read as text yet")
        return self._text

    # -- bookkeeping ---------------------------------------------------------------------------
    def flag(self, mask: pd.Series | np.ndarray, column: str | None, expected: str | None = None,
             message: str | Sequence[str] | None = None, report_column: str | None = None) -> None:
        """A problem for every row in `mask` (not yet reported for `column`)."""
        mask = np.asarray(mask, dtype=bool)
        if column is not None:
            done = self.reported.setdefault(column, np.zeros(self.rows_read, dtype=bool))
            mask = mask & ~done
            done |= mask
        if not mask.any():
            return
        self.bad_rows |= mask
        text = self.text
        col = report_column or column
        # show the value as the user wrote it, not its canonical form
        source = self.frame if col in self.frame.columns else text
        values = source[col].to_numpy(dtype=object) if col in source.columns else None
        files = text["_file"].to_numpy(dtype=object)
        rows = text["_row"].to_numpy()
        flagged = np.flatnonzero(mask)
        # one message for all rows, or one per flagged row
        msgs: list[str | None] = ([message] * len(flagged) if message is None or isinstance(message, str)
                                  else list(message))
        for k, i in enumerate(flagged):
            value = None if values is None else values[i]
            if value is not None and pd.isna(value):
                value = None
            self.problems.append(make_problem(
                self.spec.name, files[i], int(rows[i]), col, value, expected,
                msgs[k]))

    # -- steps ---------------------------------------------------------------------------------
    def run(self) -> pd.DataFrame | None:
        name = self.spec.name
        if self.raw.frame is None:
            return None
        if not self._columns_present():
            return None
        if self.rows_read == 0:
            if self.spec.required:
                for rel in self.raw.columns:
                    self.problems.append(make_problem(name, rel, message=(
                        "het bestand bevat alleen een kopregel en geen gegevensrijen")))
            return self._empty_typed()
        self.typed_ok = True
        self._text = self._canonical_text()
        typed = self._typed()
        self._run_schema(typed)
        self._conditional_rules(typed)
        if self.spec.rules or self.spec.duplicate_cell:
            self._row_rules(typed)
        if name == "smw":
            self._schooljaar_rule(typed)
        if "client_id" in typed.columns:
            self._client_id_not_bsn(typed["client_id"])
        if self.spec.key:
            self._unique_key(typed)
        return typed

    def _columns_present(self) -> bool:
        missing_any = False
        for rel, cols in self.raw.columns.items():
            for c in self.spec.columns:
                if c.present and c.name not in cols:
                    missing_any = True
                    self.problems.append(make_problem(self.spec.name, rel, column=c.name, message=(
                        f"de verplichte kolom '{c.name}' ontbreekt "
                        f"(gevonden: {', '.join(cols) or 'geen'})")))
        return not missing_any

    def _empty_typed(self) -> pd.DataFrame:
        cols = {c.name: pd.Series([], dtype=c.stage_dtype) for c in self.spec.columns}
        cols["_file"] = pd.Series([], dtype="str")
        cols["_row"] = pd.Series([], dtype="int64")
        return pd.DataFrame(cols)

    def _canonical_text(self) -> pd.DataFrame:
        """Contract columns as stripped text; enum values in their canonical spelling."""
        frame = self.frame
        out: dict[str, pd.Series] = {}
        for c in self.spec.columns:
            s = frame[c.name] if c.name in frame.columns else pd.Series(pd.NA, index=frame.index,
                                                                        dtype="str")
            s = s.astype("str")
            if c.upper:
                s = s.str.upper()
            choices = c.allowed or (tuple(v for vs in c.by_wet.values() for v in vs)
                                    if c.by_wet else None)
            if choices:
                lookup = {v.lower(): v for v in choices}
                s = s.str.lower().map(lookup).fillna(s).astype("str")
            out[c.name] = s
        out["_file"] = frame["_file"].astype("str")
        out["_row"] = frame["_row"].astype("int64")
        out["_decimal_comma"] = frame["_decimal_comma"].astype(bool)
        return pd.DataFrame(out, index=frame.index)

    def _typed(self) -> pd.DataFrame:
        text = self.text
        out: dict[str, pd.Series] = {}
        for c in self.spec.columns:
            s = text[c.name]
            if c.kind == "str":
                out[c.name] = s
            elif c.kind == "date":
                out[c.name] = self._parse_date(c.name, s, c.open_end)
            elif c.kind == "bool":
                out[c.name] = self._parse_bool(c.name, s)
            else:
                out[c.name] = self._parse_number(c.name, s, c.kind)
        out["_file"] = text["_file"]
        out["_row"] = text["_row"]
        return pd.DataFrame(out, index=text.index)

    def _parse_date(self, col: str, s: pd.Series, open_end: bool = False) -> pd.Series:
        if open_end:  # iStandaard exports write an open-ended allocation as 9999-12-31: no end
            s = s.mask(s == OPEN_END)
        iso = s.str.fullmatch(_ISO_DATE).fillna(False).astype(bool)
        # Parsed at day resolution first: year 9999 or 0001 does not fit nanoseconds.
        parsed = pd.to_datetime(s.where(iso), format="%Y-%m-%d", errors="coerce").astype("datetime64[s]")
        present = s.notna()
        self.flag(present & ~iso, col, "een datum als JJJJ-MM-DD")
        self.flag(present & iso & parsed.isna(), col, "een bestaande datum (JJJJ-MM-DD)")
        outside = parsed.notna() & ((parsed < FIRST_DATE) | (parsed > LAST_DATE))
        hint = " (een open einddatum mag leeg zijn of 9999-12-31)" if open_end else ""
        self.flag(outside, col, f"een datum van 1900-01-01 t/m 2100-12-31{hint}")
        return parsed.where(~outside).astype("datetime64[ns]")

    def _parse_bool(self, col: str, s: pd.Series) -> pd.Series:
        low = s.str.lower()
        result = pd.Series(pd.NA, index=s.index, dtype="boolean")
        result[low.isin(_TRUE).fillna(False).astype(bool)] = True
        result[low.isin(_FALSE).fillna(False).astype(bool)] = False
        self.flag(s.notna() & result.isna(), col, "ja of nee (true/false, 1/0)")
        return result

    def _parse_number(self, col: str, s: pd.Series, kind: str) -> pd.Series:
        text = self.text
        dc = text["_decimal_comma"].to_numpy(dtype=bool)
        comma = s.str.fullmatch(_COMMA_NUMBER).fillna(False).to_numpy(dtype=bool) & dc
        grouped = s.str.fullmatch(_GROUPED).fillna(False).to_numpy(dtype=bool) & dc
        dot = s.str.fullmatch(_DOT_NUMBER).fillna(False).to_numpy(dtype=bool) & dc & ~grouped
        thousands = np.zeros_like(grouped)
        files = text["_file"].to_numpy(dtype=object)
        for rel in pd.unique(files[comma | dot | grouped]):
            in_file = files == rel
            if (in_file & comma).any() and (in_file & dot).any():
                self._mixed_notation(col, s, in_file, comma, dot)
            elif (in_file & comma).any():
                thousands |= in_file & grouped  # Dutch notation: 4.000 is four thousand
            elif not (in_file & dot).any():
                self._ambiguous_grouping(col, s, in_file & grouped)
        dutch = comma | thousands
        normal = s.where(~dutch, s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
        parsed = pd.to_numeric(normal, errors="coerce").astype("float64")
        parsed = parsed.where(np.isfinite(parsed))
        present = s.notna()
        too_large = parsed.abs() > MAX_ABS_NUMBER
        self.flag(too_large, col, "een getal van plausibele grootte (hoogstens 10 miljard, positief of negatief)")
        parsed = parsed.where(~too_large)
        if kind == "float":
            hint = "een getal (decimale punt; een decimale komma alleen in een ;-bestand)"
            self.flag(present & parsed.isna(), col, hint)
            return parsed
        whole = parsed.notna() & (parsed % 1 == 0)
        self.flag(present & ~whole, col, "een geheel getal")
        return parsed.where(whole).astype("Int64")

    def _mixed_notation(self, col: str, s: pd.Series, in_file: np.ndarray, comma: np.ndarray,
                        dot: np.ndarray) -> None:
        """A `;` file whose column has both 12,5 and 12.5: report the first dot, distrust the rest."""
        text = self.text
        mixed = in_file & dot
        first_comma = int(np.flatnonzero(in_file & comma)[0])
        first_dot = np.zeros_like(mixed)
        first_dot[np.flatnonzero(mixed)[0]] = True
        example = f"rij {int(text['_row'].iloc[first_comma])}: '{s.iloc[first_comma]}'"
        self.flag(first_dot, col, message=(
            f"waarde '{s[first_dot].iloc[0]}' gebruikt een decimale punt, terwijl de kolom "
            f"ook een decimale komma gebruikt ({example}); in een ;-bestand is dat niet "
            "eenduidig — gebruik overal dezelfde notatie"))
        # the rest of this column in this file is not trusted, but reported once
        self.reported.setdefault(col, np.zeros(self.rows_read, dtype=bool))
        self.reported[col] |= in_file & s.notna().to_numpy()
        self.bad_rows |= in_file & s.notna().to_numpy()

    def _ambiguous_grouping(self, col: str, s: pd.Series, mask: np.ndarray) -> None:
        """`4.000` in a `;` file whose column shows no decimal comma or point elsewhere: Dutch
        thousands (4000) or a decimal point (4,0)? Neither reading is safe, so it is refused."""
        if not mask.any():
            return
        msgs = [f"waarde '{v}' is niet eenduidig: in een ;-bestand kan de punt een duizendtal-scheiding "
                f"zijn ({v.lstrip('+-').replace('.', '')}) of een decimale punt "
                f"({v.lstrip('+-').replace('.', ',')}) — schrijf het getal zonder punt "
                "(4000) of met decimale komma (4,0)" for v in s[mask]]
        self.flag(mask, col, message=msgs)

    def _run_schema(self, typed: pd.DataFrame) -> None:
        try:
            schema(self.spec.name).validate(typed, lazy=True)
        except pa.errors.SchemaErrors as exc:
            cases = exc.failure_cases
            for (column, check), group in cases.groupby(["column", "check"], sort=False):
                index = pd.to_numeric(group["index"], errors="coerce").dropna().astype(int)
                if index.empty:  # a column-level failure (dtype): a bug of ours, still reported
                    self.problems.append(make_problem(self.spec.name, None, column=column,
                                                      message=f"kolom voldoet niet: {check}"))
                    continue
                mask = np.zeros(self.rows_read, dtype=bool)
                mask[index.to_numpy()] = True
                self.flag(mask, column, _PANDERA_EXPECTED.get(check, check))

    def _conditional_rules(self, typed: pd.DataFrame) -> None:
        if "wet" not in typed.columns:
            return
        wet = typed["wet"]
        for c in self.spec.columns:
            s = typed[c.name]
            for w, list_id in (c.by_wet_codelist or {}).items():
                codes = list(codelists.codes(list_id))
                self.flag((wet == w) & s.notna() & ~s.isin(codes), c.name,
                          f"{codelist_text(list_id)} bij wet {w}")
            for w, allowed in (c.by_wet or {}).items():
                self.flag((wet == w) & s.notna() & ~s.isin(allowed), c.name,
                          f"{allowed_text(allowed)} bij wet {w}")
        for c in self.spec.columns:
            if c.only_wet:
                others = [w for w in self.spec.column("wet").allowed or () if w != c.only_wet]
                self.flag(wet.isin(others) & typed[c.name].notna(), c.name, only_wet_text(c))

    def _row_rules(self, d: pd.DataFrame) -> None:
        """The rules between two columns (`TableSpec.rules`), then identical lines."""
        for rule in self.spec.rules:
            left, right = d[rule.left], d[rule.right]
            mask = _RULE_OPS[rule.op](left, right)
            self.flag(mask, rule.column, message=self._msgs(mask, rule.column, rule.message))
        if self.spec.duplicate_cell:
            self._duplicates(d)

    def _msgs(self, mask: pd.Series | np.ndarray, column: str, template: str) -> list[str]:
        """Per-row messages filled with the row's original text values."""
        done = self.reported.get(column)
        m = np.asarray(mask, dtype=bool)
        if done is not None:
            m = m & ~done
        rows = self.text.loc[m]
        return [template.format(**{str(k): ("" if pd.isna(v) else v) for k, v in r.items()})
                for r in rows.to_dict("records")]

    def _duplicates(self, d: pd.DataFrame) -> None:
        """Identical lines declared twice. Where the cell (client, product, service month) also holds
        a credit line, an identical debit is the re-declaration after that credit — allowed, even
        when a hand-made file gives both the same `ingediend_op`."""
        cols = self.spec.column_names
        dup = d.duplicated(cols, keep=False).to_numpy()
        if not dup.any():
            return
        cell = [d[c].dt.to_period("M") if self.spec.column(c).kind == "date" else d[c]
                for c in self.spec.duplicate_cell]
        credit = functools.reduce(operator.or_, [d[c] < 0 for c in self.spec.credit])
        cell_has_credit = credit.fillna(False).groupby(cell, dropna=False).transform("any").to_numpy()
        dup = dup & ~cell_has_credit
        if not dup.any():
            return
        sub = d.loc[dup, cols + ["_file", "_row"]]
        grouped = sub.groupby(cols, dropna=False, sort=False)
        first_file = grouped["_file"].transform("first")
        first_row = grouped["_row"].transform("first")
        later = (sub["_file"] != first_file) | (sub["_row"] != first_row)
        mask = np.zeros(self.rows_read, dtype=bool)
        mask[np.flatnonzero(dup)[later.to_numpy()]] = True
        messages = [f"dubbele declaratieregel: gelijk aan {f} rij {r} (alle kolommen, "
                    "ook ingediend_op, zijn gelijk)"
                    for f, r in zip(first_file[later], first_row[later])]
        self.flag(mask, None, message=messages)

    def orphan_products(self, decl: pd.DataFrame, prod: pd.DataFrame) -> None:
        """Every (wet, productcode) of declaraties must be in producten."""
        known = pd.MultiIndex.from_frame(prod[["wet", "productcode"]].dropna())
        keys = pd.MultiIndex.from_frame(decl[["wet", "productcode"]])
        orphan = (~keys.isin(known) & decl["wet"].isin(["jeugd", "wmo"]).to_numpy()
                  & decl["productcode"].notna().to_numpy())
        self.flag(orphan, "productcode", message=self._msgs(
            orphan, "productcode",
            "waarde '{productcode}' — deze productcode staat niet in producten bij wet {wet}"))

    def _client_id_not_bsn(self, ids: pd.Series) -> None:
        """A client_id that passes the BSN 11-proef (also written with dots or spaces) is probably a
        BSN: the contract asks for a pseudonym, and a BSN must never reach a report."""
        from sdmonitor.privacy import looks_like_bsn

        unique = ids.dropna().unique()
        suspect = {v for v in unique if looks_like_bsn(str(v))}
        if suspect:
            mask = ids.isin(suspect)
            self.flag(mask, "client_id", message=self._msgs(
                mask, "client_id", "waarde '{client_id}' voldoet aan de 11-proef en is waarschijnlijk een "
                "BSN — lever een pseudoniem aan, nooit een BSN"))

    def _schooljaar_rule(self, t: pd.DataFrame) -> None:
        parts = t["schooljaar"].str.extract(r"^(\d{4})-(\d{4})$")
        first = pd.to_numeric(parts[0], errors="coerce")
        second = pd.to_numeric(parts[1], errors="coerce")
        self.flag(first.notna() & (second != first + 1), "schooljaar",
                  "een schooljaar van twee opeenvolgende jaren, zoals 2025-2026")

    def _unique_key(self, t: pd.DataFrame) -> None:
        key = list(self.spec.key)
        dup = t.duplicated(key, keep=False) & t[key].notna().all(axis=1)
        if not dup.any():
            return
        sub = t.loc[dup, key + ["_file", "_row"]]
        grouped = sub.groupby(key, sort=False)
        first_file = grouped["_file"].transform("first")
        first_row = grouped["_row"].transform("first")
        later = (sub["_file"] != first_file) | (sub["_row"] != first_row)
        mask = np.zeros(self.rows_read, dtype=bool)
        mask[np.flatnonzero(dup.to_numpy())[later.to_numpy()]] = True
        keys = " + ".join(key)
        messages = [f"{keys} komt al voor in {f} rij {r}; die combinatie moet uniek zijn"
                    for f, r in zip(first_file[later], first_row[later])]
        self.flag(mask, key[-1], message=messages)


def finalise(spec: TableSpec, typed: pd.DataFrame) -> pd.DataFrame:
    """The Dataset shape of docs/architecture.md: contract columns + `_file`, `_row`, final dtypes."""
    out = {c.name: typed[c.name].astype(pd.api.types.pandas_dtype(c.dtype)) for c in spec.columns}
    out["_file"] = typed["_file"].astype("str")
    out["_row"] = typed["_row"].astype("int64")
    return pd.DataFrame(out).reset_index(drop=True)


__all__ = ["TableCheck", "finalise"]
