"""The synthetic, calibrated, deterministic demo data set (`sdmonitor demo-data`).

Wijchen (GM0296) and Druten (GM0225), service months 2022-01 .. 2026-02, data cut 2026-03-10.
The care is simulated as episodes (`episodes`), turned into calibrated monthly cells (`cells`)
and declared with realistic lag and corrections (`lines`). The whole of 2026 is simulated (the
truth behind `true_totals`); the 2026 budget is the monitor's own prognosis on the written data
plus the seed's expected deviation (`budget`), so the monitor shows exactly that afwijking.
Same seed, same bytes: all randomness comes from one `numpy.random.SeedSequence(seed)`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sdmonitor.figures import prognose
from sdmonitor.ingest import netting
from ..periods import Periode
from . import aanvullend, budget, catalog, cells as cells_mod, context, episodes, keten, lines, toegang, toewijzingen
from .profiles import PROFILES, Profile
from .timeline import DATA_CUT, LAST_WRITTEN_MONTH, cut_day, month_label, month_start
from .writer import write_csv

DECLARATIE_COLUMNS = ["gemeente", "wet", "client_id", "geboortejaar", "productcode", "productcategorie", "aanbieder",
                      "verwijzer", "zorgvorm", "periode_begin", "periode_eind", "volume", "eenheid", "bedrag",
                      "ingediend_op"]
PCT_IN_ZORG_2025 = {"GM0296": 13.3}  # seed 000 §3.2: 1.301 jongeren, 13,3 %

__all__ = ["generate", "monitor_prognose", "true_totals", "write_demo_data", "write_tables"]


def _declaraties(profile: Profile, ep: pd.DataFrame, geb: pd.Series, decl: pd.DataFrame, attrs: pd.DataFrame,
                 ids: dict[int, str]) -> pd.DataFrame:
    start = month_start(decl["month"].to_numpy())
    return pd.DataFrame({
        "gemeente": profile.code,
        "wet": decl["wet"].to_numpy(),
        "client_id": decl["client"].map(ids).to_numpy(),
        "geboortejaar": decl["client"].map(geb).astype("Int64").to_numpy(),
        "productcode": decl["productcode"].to_numpy(),
        "productcategorie": decl["productcode"].str[:2].to_numpy(),
        "aanbieder": attrs["aanbieder"].to_numpy()[decl["ep"].to_numpy()],
        "verwijzer": attrs["verwijzer"].to_numpy()[decl["ep"].to_numpy()],
        "zorgvorm": decl["zorgvorm"].to_numpy(),
        "periode_begin": (start + (decl["first_day"].to_numpy() - 1).astype("timedelta64[D]")).astype("datetime64[ns]"),
        "periode_eind": (start + (decl["last_day"].to_numpy() - 1).astype("timedelta64[D]")).astype("datetime64[ns]"),
        "volume": decl["volume"].to_numpy(),
        "eenheid": decl["eenheid"].to_numpy(),
        "bedrag": decl["bedrag"].to_numpy(),
        "ingediend_op": decl["ingediend_op"].to_numpy().astype("datetime64[ns]"),
    })


def _young_in_care(decl: pd.DataFrame, year: int) -> int:
    """Distinct jeugd clients aged 0-17 with a delivered cell in `year` (INTERFACE §3)."""
    j = decl[(decl["wet"] == "jeugd") & (decl["periode_begin"].dt.year == year)]
    net = j.groupby(["client_id", "productcode", j["periode_begin"].dt.month])["volume"].sum()
    delivered = net[net > 0].index.get_level_values(0).unique()
    born = j.drop_duplicates("client_id").set_index("client_id")["geboortejaar"]
    return int(((year - born.reindex(delivered)) <= 17).sum())


def _producten() -> pd.DataFrame:
    return pd.DataFrame([
        {"wet": p.wet, "productcode": p.productcode, "omschrijving": p.omschrijving, "bouwsteen": p.bouwsteen,
         "begrotingspost": p.begrotingspost, "eenheid": p.eenheid, "productcategorie": p.productcategorie}
        for p in catalog.ALL_PRODUCTS
    ])


def monitor_prognose(declaraties: pd.DataFrame, producten: pd.DataFrame) -> dict[tuple[str, str], float]:
    """(wet, begrotingspost) -> the prognosis of the demo edition's year exactly as the monitor
    makes it (`prognose.forecast` on the enriched lines, periode = the last written month,
    peildatum = the data cut = the latest ingediend_op, which `selection` takes by default)."""
    periode = Periode.parse(str(month_label(LAST_WRITTEN_MONTH)))
    enriched = netting.enrich(declaraties, producten)
    money = prognose.forecast(enriched, ["wet", "begrotingspost"], periode, DATA_CUT)
    return {(w, p): float(v) for w, p, v in zip(money["wet"], money["begrotingspost"], money["prognose"])}


def _begrotingsregels(code: str) -> dict[str, dict[str, list[str]]]:
    """wet → the municipality's own begrotingsregels (its parameters), for the wetten it has them for."""
    from sdmonitor.figures.begrotingsregels import WETTEN, regels
    from ..errors import UsageError
    from ..parameters import resolve_gemeente

    try:
        gemeente = resolve_gemeente(code)
    except UsageError:
        return {}
    return {wet: r for wet in WETTEN if (r := regels(gemeente, wet))}


def _demo_months() -> list[str]:
    """Every month the demo writes, January of the first year through the edition's periode."""
    return [str(month_label(m)) for m in range(LAST_WRITTEN_MONTH + 1)]


def generate(seed: int = 2026, with_truth: bool = False) -> dict[str, pd.DataFrame]:
    """All tables of the demo folder as DataFrames (INTERFACE §2); with `with_truth`, also
    `_truth`: the true, fully declared bedrag per gemeente, wet, jaar and begrotingspost."""
    children = np.random.SeedSequence(seed).spawn(len(PROFILES) + 1)
    tables: dict[str, list[pd.DataFrame]] = {}
    producten = _producten()
    young: dict[str, dict[int, int]] = {}

    def add(name: str, df: pd.DataFrame) -> None:
        tables.setdefault(name, []).append(df)

    for profile, child in zip(PROFILES, children):
        rng = np.random.default_rng(child)
        ep, geb = episodes.simulate(rng, profile)
        truth = cells_mod.build(rng, ep, profile)
        attrs = lines.episode_attributes(rng, ep)
        decl = lines.declare(rng, truth)
        clients = np.sort(ep["client"].unique())
        ids = dict(zip(clients.tolist(), lines.pseudonym(seed, profile.code, clients)))
        declaraties = _declaraties(profile, ep, geb, decl, attrs, ids)
        add("declaraties", declaraties)
        if with_truth:
            add("_truth", budget.true_totals(truth).assign(gemeente=profile.code))
        allocations = toewijzingen.build(rng, ep, ep["client"].map(ids).to_numpy(), profile.code, truth)
        add("toewijzingen", allocations)
        forecast = monitor_prognose(declaraties, producten) if profile.afwijking_2026 else None
        posts = budget.begroting(rng, truth, profile, forecast)
        add("begroting", posts)
        indeling = _begrotingsregels(profile.code)
        if indeling:
            # A stream of its own: the other tables stay byte-identical with or without this one.
            regel_rng = np.random.default_rng([seed, 14, int(profile.code[2:])])
            add("begroting_regels", budget.begroting_regels(regel_rng, truth, profile, indeling, posts))
        fixed_nulmeting = {("wmo", "Dagbesteding ouderen", 2025): 5750.0} if profile.code == "GM0296" else {}
        add("nulmeting", budget.nulmeting(rng, truth, profile, fixed_nulmeting))
        add("meldingen", toegang.meldingen(rng, profile.code, understaffed=profile.code == "GM0296"))
        add("klachten_bezwaren", toegang.klachten_bezwaren(rng, profile.code))
        add("tevredenheid", toegang.tevredenheid(profile.code))
        add("smw", toegang.smw(profile.code))
        if profile.code == "GM0296":
            add("veilig_thuis", toegang.veilig_thuis(rng, profile.code))
        if profile.code in PCT_IN_ZORG_2025:
            n_young = _young_in_care(declaraties, 2025)
            pop_2025 = int(round(n_young / (PCT_IN_ZORG_2025[profile.code] / 100)))
            ratio = pop_2025 / profile.jeugd_0_17[2025]
            young[profile.code] = {y: int(round(v * ratio)) for y, v in profile.jeugd_0_17.items()}

        # Optional seed tables (a stream of their own, so the other tables stay byte-identical).
        extra_rng = np.random.default_rng([seed, 141, int(profile.code[2:])])
        add("avan_passen", aanvullend.avan_passen(extra_rng, profile.code, _demo_months()))
        if profile.code == "GM0296":  # Wijchen's seed has the meerzorg figure and the offer table
            add("meerzorg", aanvullend.meerzorg(extra_rng, profile.code))
            add("vrij_toegankelijk_aanbod", aanvullend.vrij_toegankelijk_aanbod(extra_rng, profile.code))
        # The message chain tables (a stream of their own too), from the allocations and lines above.
        keten_rng = np.random.default_rng([seed, 20, int(profile.code[2:])])
        for name, frame in keten.tables(keten_rng, allocations, declaraties, profile.code, f"{_demo_months()[0]}-01",
                                        cut_day()).items():
            add(name, frame)

    rng = np.random.default_rng(children[-1])
    out = {name: pd.concat(parts, ignore_index=True) for name, parts in tables.items()}
    out["producten"] = producten
    out["regionale_voorzieningen"] = aanvullend.regionale_voorzieningen()
    out["bevolking"] = context.bevolking(list(PROFILES), young)
    out["benchmark"] = pd.concat([context.benchmark(rng),
                                  context.benchmark_wmo_bouwstenen(np.random.default_rng([seed, 142]))],
                                 ignore_index=True)
    return out


# Column order and sort keys of each written table.
LAYOUT: dict[str, tuple[list[str], list[str]]] = {
    "declaraties": (DECLARATIE_COLUMNS, ["gemeente", "wet", "client_id", "productcode", "periode_begin",
                                         "ingediend_op", "volume"]),
    "producten": (["wet", "productcode", "omschrijving", "bouwsteen", "begrotingspost", "eenheid", "productcategorie"],
                  ["wet", "productcode"]),
    "begroting": (["gemeente", "jaar", "wet", "begrotingspost", "bedrag"], ["gemeente", "jaar", "wet", "begrotingspost"]),
    "begroting_regels": (["gemeente", "jaar", "wet", "regel", "bedrag"], ["gemeente", "jaar", "wet", "regel"]),
    "nulmeting": (["gemeente", "jaar", "wet", "bouwsteen", "volume", "bedrag"], ["gemeente", "jaar", "wet", "bouwsteen"]),
    "bevolking": (["gemeente", "jaar", "leeftijd", "aantal", "soort"], ["gemeente", "jaar", "leeftijd"]),
    "meldingen": (["gemeente", "melding_id", "zorgtype", "aangemeld_op", "keukentafel_op", "afgesloten_op", "spoed",
                   "uitkomst"], ["gemeente", "melding_id"]),
    "klachten_bezwaren": (["gemeente", "id", "soort", "ontvangen_op", "onderwerp", "afhandeling"], ["gemeente", "id"]),
    "tevredenheid": (["gemeente", "jaar", "doelgroep", "vraag", "waarde", "eenheid", "respons"],
                     ["gemeente", "jaar", "doelgroep", "vraag"]),
    "smw": (["gemeente", "schooljaar", "onderwijs", "soort", "aantal"], ["gemeente", "schooljaar", "onderwijs", "soort"]),
    "veilig_thuis": (["gemeente", "jaar", "kwartaal", "soort", "aantal"], ["gemeente", "jaar", "kwartaal", "soort"]),
    "benchmark": (["gebied", "indicator", "periode", "dimensie", "waarde"], ["gebied", "indicator", "periode", "dimensie"]),
    "meerzorg": (["gemeente", "jaar", "soort", "uren", "clienten"], ["gemeente", "jaar", "soort"]),
    "vrij_toegankelijk_aanbod": (["gemeente", "jaar", "doelgroep", "aanbod", "omschrijving", "aanbieder", "deelnemers"],
                                 ["gemeente", "jaar", "doelgroep", "aanbod"]),
    "avan_passen": (["gemeente", "maand", "pashouders", "gebruikers"], ["gemeente", "maand"]),
    "regionale_voorzieningen": (["gebied", "jaar", "voorziening", "kenmerk", "aantal"],
                                ["gebied", "jaar", "voorziening", "kenmerk"]),
    **{name: (columns, columns) for name, columns in keten.COLUMNS.items()},
    "toewijzingen": (["gemeente", "wet", "client_id", "toewijzing_id", "productcode", "toegewezen_op", "ingangsdatum",
                      "einddatum", "volume", "eenheid", "frequentie", "reden_einde"], ["gemeente", "toewijzing_id"]),
}
_DECIMALS = {"tevredenheid": {"waarde": 1}, "benchmark": {"waarde": 4}, "nulmeting": {"volume": 0, "bedrag": 0},
             "begroting": {"bedrag": 0}, "begroting_regels": {"bedrag": 0},
             "meerzorg": {"uren": 0}}


def write_tables(out: Path, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """Write generated tables (see `generate`) as `<table>.csv`; tables starting with `_` are
    not part of the input folder and are skipped."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        if name.startswith("_"):
            continue
        columns, sort_by = LAYOUT[name]
        path = out / f"{name}.csv"
        write_csv(df, path, columns, sort_by, _DECIMALS.get(name))
        written.append(path)
    return sorted(written)


def write_demo_data(out: Path, seed: int = 2026) -> list[Path]:
    """Write every table of INTERFACE §2 as `<table>.csv` into `out`; returns the files written. Only into an
    empty folder or an earlier demo folder (`safe_output.prepare_demo_folder`), never over real input."""
    from sdmonitor.safe_output import prepare_demo_folder

    prepare_demo_folder(Path(out))
    return write_tables(out, generate(seed))


def true_totals(seed: int = 2026) -> pd.DataFrame:
    """The simulated truth behind the demo: bedrag per gemeente, wet, jaar (2022..2026, every
    month fully declared) and begrotingspost: what a prognosis made on the demo data should find."""
    truth = generate(seed, with_truth=True)["_truth"]
    return truth[["gemeente", "wet", "jaar", "begrotingspost", "bedrag"]].sort_values(
        ["gemeente", "wet", "jaar", "begrotingspost"], kind="mergesort").reset_index(drop=True)
