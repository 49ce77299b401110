"""One briefing slide per chosen city: its scenario (setting x violence typology), its seven
intensities beside its typology's profile, the basis of each value (city evidence,
country-level, unknown), its path over the years and the top practices of its own setting.
Pure: no Streamlit."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from typology.i18n import N_, _, format_number
from typology.schema import VIOLENCE_TYPES

# The cities the TWG named in its meetings (seeds): preselected where they are in the data.
TWG_CITIES: tuple[str, ...] = ("Juba", "Mogadishu", "Timbuktu", "Raqqa", "Bogotá", "Los Angeles")
BASIS_WORDS: dict[str, str] = {
    "city_figure": N_("city evidence"),
    "city_events": N_("city evidence"),
    "city_report": N_("city evidence"),
    "member_consensus": N_("city evidence"),
    "country_proxy": N_("country-level"),
    "none": N_("unknown"),
}
BASIS_ORDER: tuple[str, ...] = ("city evidence", "country-level", "unknown")
TOP_PRACTICES = 5


def default_cities(contexts: pd.DataFrame) -> list[str]:
    """The latest context of each TWG city present in `contexts` (context ids, TWG order)."""
    chosen = []
    for city in TWG_CITIES:
        rows = contexts[contexts["city"].astype(str).str.casefold() == city.casefold()]
        if len(rows):
            chosen.append(str(rows.sort_values("year").iloc[-1]["context_id"]))
    return chosen


def city_choices(contexts: pd.DataFrame) -> dict[str, str]:
    """Context id -> 'City (ISO3, year)', by city then year: the choices of a city picker."""
    ordered = contexts.sort_values(["city", "year"])
    return {
        str(context_id): f"{city} ({iso3}, {int(year)})"
        for context_id, city, iso3, year in zip(
            ordered["context_id"], ordered["city"], ordered["iso3"], ordered["year"], strict=True
        )
    }


def check_cities(contexts: pd.DataFrame, ids: Sequence[str]) -> list[str]:
    """The ids, stripped; a ValueError naming the ones not in the data (with close matches)."""
    import difflib

    wanted = [i.strip() for i in ids if i.strip()]
    known = contexts["context_id"].astype(str).tolist()
    missing = [i for i in wanted if i not in set(known)]
    if missing:
        hints = []
        for i in missing:
            close = difflib.get_close_matches(i, known, n=3, cutoff=0.6)
            hints.append(
                f"{i!r}"
                + (" " + _("(did you mean {ids}?)").format(ids=", ".join(close)) if close else "")
            )
        raise ValueError(
            _("no context {ids} in the data: use ids such as {example}").format(
                ids=", ".join(hints), example=repr(known[0])
            )
            if known
            else _("the data has no contexts")
        )
    return wanted


def value_basis(row: pd.Series, provenance: pd.DataFrame | None) -> dict[str, str]:
    """Violence type -> 'city evidence', 'country-level' or 'unknown'.

    From the provenance table's `basis` column where it has one. Without it, from the
    codebook's rules: conflict status is country-level (UCDP events near the city are city
    evidence), the homicide rate counts at the level of its figure, IPV and non-partner sexual
    violence are national surveys, spontaneous violence has no indicator; a missing value, or a
    rule's documented default where its input is missing, is unknown."""
    basis: dict[str, str] = {}
    if provenance is not None and {"basis", "field", "context_id"} <= set(provenance.columns):
        mine = provenance[provenance["context_id"] == row["context_id"]]
        for violence, code in zip(mine["field"], mine["basis"], strict=True):
            if violence in VIOLENCE_TYPES and isinstance(code, str) and code:
                basis[violence] = BASIS_WORDS.get(code, "unknown")
    else:
        homicide = _level(row, "homicide_rate", "homicide_rate_level")
        events = "city evidence" if _present(row.get("ov_deaths")) else "country-level"
        survey = "country-level" if _present(row.get("ipv_prevalence")) else "unknown"
        basis = {
            "large_scale": events,
            "organized": events,
            "small_scale": homicide,
            "public": homicide,
            "domestic": survey,
            "gender_based": survey,
            "spontaneous": "unknown",
        }
    for violence in VIOLENCE_TYPES:
        if not _present(row.get(violence)):
            basis[violence] = "unknown"
        basis.setdefault(violence, "unknown")
    return basis


def _present(value) -> bool:
    """False for None, NaN, pandas' NA (an unknown Int64 code) and the empty string."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return False
    return value != ""


def _level(row: pd.Series, value: str, level: str) -> str:
    if not _present(row.get(value)):
        return "unknown"
    return "country-level" if str(row.get(level)) == "country-proxy" else "city evidence"


def city_path(contexts: pd.DataFrame, context_id: str) -> str:
    """'1993: typology 2 (criminal violence) -> 2005: ...', oldest first."""
    from typology.labels import words
    from typology.provenance import city_history

    history = city_history(contexts, context_id)
    steps = []
    for _index, r in history.iterrows():
        name, setting = str(r["typology_name"]), words(r["setting"])
        # The setting only where the typology's name does not already say it.
        steps.append(f"{int(r['year'])}: {name}" + ("" if setting in name else f" ({setting})"))
    return " → ".join(steps)


def setting_practices(practices: pd.DataFrame, contexts: pd.DataFrame, context_id: str):
    """The top practices documented in the context's own setting, ranked for the context
    (its intensities, setting and place); (table, note)."""
    from typology.labels import words
    from typology.matching import match_context, top_recommendations

    setting = str(contexts.loc[contexts["context_id"] == context_id, "setting"].iloc[0])
    same = practices[practices["settings"].map(lambda s: setting in list(s))]
    if same.empty:
        return (
            pd.DataFrame(),
            _("No practice in the depository is documented in {setting} settings.").format(
                setting=words(setting)
            ),
        )
    top = top_recommendations(match_context(same, contexts, context_id), TOP_PRACTICES)
    columns = [c for c in ("name", "city", "entry_point", "evidence_grade") if c in top]
    note = _("Practices documented in {setting} settings, ranked for this city.").format(
        setting=words(setting)
    )
    return top[columns].reset_index(drop=True), note


def city_slide(
    analysis,
    context_id: str,
    *,
    practices: pd.DataFrame | None = None,
    provenance: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
):
    """The slide of one context of `analysis.contexts`."""
    from typology.analysis import violence_name
    from typology.briefing import Slide, used_sources
    from typology.labels import plain, value_label, words

    contexts = analysis.contexts
    row = contexts.loc[contexts["context_id"] == context_id].iloc[0]
    typology = int(row["typology"])
    name = str(row["typology_name"])
    values = [None if not _present(row[v]) else float(row[v]) for v in VIOLENCE_TYPES]
    profile = [round(float(analysis.profile.loc[typology, v]), 2) for v in VIOLENCE_TYPES]
    basis = value_basis(row, provenance)
    fit = row.get("confidence_typology")
    fit_words = (
        _("{share} membership").format(share=_percent(float(fit)))
        + (", " + _("between two typologies") if row.get("borderline") else "")
        if _present(fit)
        else _("unknown")
    )
    facts = [
        (_("Scenario"), f"{words(row['setting'])} × {name}"),
        (_("Typology fit"), fit_words),
    ]
    if _present(row.get("runner_up_name")) and str(row.get("runner_up_name")):
        facts.append((_("Nearest other typology"), str(row["runner_up_name"])))
    facts.append((_("Data confidence"), value_label("confidence", row.get("confidence"))))
    intensities = "; ".join(f"{violence_name(v)} {value_label(v, row[v])}" for v in VIOLENCE_TYPES)
    bullets = [_("Coded intensities: {values}").format(values=intensities)]
    for kind in BASIS_ORDER:
        which = [violence_name(v) for v in VIOLENCE_TYPES if basis[v] == kind]
        if which:
            heading = _(kind)
            bullets.append(f"{heading[0].upper()}{heading[1:]}: {', '.join(which)}")
    path = city_path(contexts, context_id)
    if path:
        bullets.append(_("Path over the years: {path}").format(path=path))
    table, note = (
        setting_practices(practices, contexts, context_id) if practices is not None else (None, "")
    )
    notes = [note] if note else []
    if provenance is not None and "rationale" in provenance:
        mine = provenance[
            (provenance["context_id"] == context_id) & provenance["field"].isin(VIOLENCE_TYPES)
        ]
        notes += [
            f"{violence_name(f)}: {plain(r)}"
            for f, r in zip(mine["field"], mine["rationale"], strict=True)
        ]
    cited = used_sources(contexts[contexts["context_id"] == context_id], sources)
    if len(cited) and "citation" in cited:
        notes.append(
            _("Sources: {citations}").format(citations=" | ".join(cited["citation"].astype(str)))
        )
    label = f"{row['city']} ({row['iso3']}, {int(row['year'])})"
    city_name = f"{row['city']} {int(row['year'])}"
    return Slide(
        "city",
        label,
        subtitle=f"{words(row['setting'])} × {name}",
        facts=facts,
        bullets=bullets,
        chart={
            "categories": [violence_name(v) for v in VIOLENCE_TYPES],
            "series": {city_name: values, _("typology mean: {name}").format(name=name): profile},
            "colours": ["E69F00", "0072B2"],  # the city orange, its typology blue
            "axis_title": _("intensity: 0 none, 1 low, 2 medium, 3 high (no bar: unknown)"),
        },
        figure=profile_figure(
            [violence_name(v) for v in VIOLENCE_TYPES], {city_name: values, name: profile}
        ),
        table=table,
        caption=note,
        typology=typology,
        notes=notes,
    )


def profile_figure(categories: list[str], series: dict[str, list]):
    """The city beside its typology's mean as grouped bars (for the HTML briefing and the
    Present page; the PowerPoint draws the same as a native chart). An unknown value has no
    bar and its label says 'unknown'."""
    import plotly.graph_objects as go

    colours = ("#E69F00", "#0072B2")
    figure = go.Figure()
    for (name, values), colour in zip(series.items(), colours, strict=False):
        figure.add_trace(
            go.Bar(
                x=categories,
                y=values,
                name=name,
                marker_color=colour,
                text=[_("unknown") if v is None else format_number(v, 1) for v in values],
                textposition="outside",
            )
        )
    return figure.update_layout(
        barmode="group",
        yaxis={
            "range": [0, 3.4],
            "tickvals": [0, 1, 2, 3],
            "ticktext": [_("none"), _("low"), _("medium"), _("high")],
        },
        legend={"orientation": "h", "y": -0.2},
        margin={"t": 20},
    )


def _percent(share: float) -> str:
    """A share as a percentage written the current language's way (45% / 45 %)."""
    from typology.i18n import get_language

    if get_language() == "en":
        return f"{share:.0%}"
    return format_number(100 * share) + "\u00a0%"
