"""Matching practices to a typology or a context, and the evidence-gap matrix.

Pure functions: DataFrames in, new DataFrames out (inputs are never mutated), no Streamlit.

How a practice is scored against a violence profile and its settings
--------------------------------------------------------------------
The *profile* gives the mean intensity (0 none .. 3 high) of each violence type (a typology's row of
``Analysis.profile``, or one context's own codes); the *setting shares* give the share of the
typology's contexts in each setting (one context has share 1.0 for its own setting).

For a practice addressing the violence types ``T`` and documented in the settings ``S``:

* ``violence_fit = 2/3 * mean(I[t] / 3 for t in T) + 1/3 * sum(I[t] for t in T) / sum(I)``:
  mostly *how intense here* the types it addresses are, partly *how much of the violence here* it
  covers (so a practice listing every type does not beat a targeted one; 0 when nothing matches);
* ``setting_fit = sum(share[s] for s in S)``: the share of the typology's contexts that are in a
  setting where the practice was documented (0..1);
* ``relevance = 0.6 * violence_fit + 0.4 * setting_fit`` (0..1), plus, for one context only, a
  *local bonus* of 0.15 when the practice is from the same city and 0.05 when from the same country
  (capped at 1): local experience is the most transferable there is;
* ``evidence_weight`` from :data:`EVIDENCE_WEIGHTS` (effective 1.0, promising 0.75, mixed 0.4,
  inconclusive 0.3, not_evaluated 0.25, no_effect_or_harmful 0); the grade itself is derived from
  both axes of the practice's outcomes (effect and strength of evidence, typology.practices);
* ``score = round(100 * relevance * evidence_weight, 1)`` (0..100).

Setting first. Each practice falls in one ``group``: ``"tried here"`` (documented in the setting
matched, or in one of the typology's main settings), ``"tried elsewhere"`` (documented only in
other settings; its transfer note says what would have to hold) or ``"lesson"`` (graded
``no_effect_or_harmful``: score 0, a failure to learn from, never something to do). The order is
tried here by score, then tried elsewhere by score, then lessons by relevance; ties break on
relevance, then practice id, so the order is fully deterministic. A strong grade from another
setting therefore never outranks a practice tried in this one.

The *transferability flag* is set when none of the practice's settings is a main setting of the
typology (a setting covering at least :data:`MAIN_SETTING_SHARE` of its contexts, and always the
most common one) or, for a context, its own setting: the evidence comes from elsewhere and may not
transfer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from typology.analysis import SETTING_NAMES, VIOLENCE_NAMES
from typology.i18n import N_, _
from typology.schema import SETTINGS, VIOLENCE_TYPES

# Documented registry: how much a grade's evidence counts towards a recommendation.
EVIDENCE_WEIGHTS: dict[str, float] = {
    "effective": 1.0,
    "promising": 0.75,
    "mixed": 0.4,
    "inconclusive": 0.3,
    "not_evaluated": 0.25,
    "no_effect_or_harmful": 0.0,
}
# Grades that are never recommended: shown as lessons (failures) only.
LESSON_GRADES: tuple[str, ...] = ("no_effect_or_harmful",)
# Grades that count as "evaluated" in the evidence-gap matrix (an impact evaluation exists).
EVALUATED_GRADES: tuple[str, ...] = (
    "effective",
    "promising",
    "mixed",
    "inconclusive",
    "no_effect_or_harmful",
)
# Grades backed by strong or moderate evidence of an effect (the gap matrix's "strong evidence").
RIGOROUS_GRADES: tuple[str, ...] = ("effective", "promising")

VIOLENCE_WEIGHT = 0.6
SETTING_WEIGHT = 0.4
INTENSITY_SHARE = 2 / 3  # within violence_fit: intensity of the types addressed vs coverage
SAME_CITY_BONUS = 0.15
SAME_COUNTRY_BONUS = 0.05
MAIN_SETTING_SHARE = 0.3
MARKED_INTENSITY = 1.5  # a violence type at or above this mean counts as marked in the reason
TYPOLOGY_MIN_RELEVANCE = 0.6  # a practice counts for a typology in the gap matrix above this

ENTRY_POINT_NAMES: dict[str, str] = {
    "urban_planning_and_design": N_("urban planning and design"),
    "community_policing": N_("community policing"),
    "mediation_and_dialogue": N_("mediation and dialogue"),
    "negotiation_with_armed_groups": N_("negotiation with armed groups"),
    "youth_and_livelihoods": N_("youth and livelihoods"),
    "victims_and_reconciliation": N_("victims and reconciliation"),
    "violence_observatories_and_data": N_("violence observatories and data"),
    "gender_based_violence_services": N_("gender-based violence services"),
    "reintegration": N_("reintegration"),
    "violence_interruption": N_("violence interruption"),
    "alcohol_and_firearms_regulation": N_("alcohol and firearms regulation"),
    "local_governance_and_peace_committees": N_("local governance and peace committees"),
}
GRADE_NAMES: dict[str, str] = {
    "effective": N_("effective"),
    "promising": N_("promising"),
    "mixed": N_("mixed"),
    "inconclusive": N_("inconclusive"),
    "no_effect_or_harmful": N_("no effect or harmful"),
    "not_evaluated": N_("not evaluated"),
}

MATCH_COLUMNS: tuple[str, ...] = (
    "rank",
    "practice_id",
    "name",
    "city",
    "country",
    "entry_point",
    "evidence_grade",
    "evidence_strength",
    "score",
    "relevance",
    "evidence_weight",
    "violence_fit",
    "setting_fit",
    "local",
    "role",
    "group",
    "transfer_flag",
    "transfer_note",
    "reason",
)


def join_words(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("{first} and {second}").format(first=", ".join(items[:-1]), second=items[-1])


def _as_list(value: object) -> list[str]:
    """A list cell, or a semicolon string (a frame not yet split by the loader)."""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [v.strip() for v in str(value).split(";") if v.strip()]


def _profile_dict(profile: Mapping[str, float] | pd.Series) -> dict[str, float]:
    """The known intensities only: an unknown (missing) intensity is left out of the fit, never
    read as 0 (none), so a practice is neither rewarded nor penalised for an uncoded type."""
    out = {}
    for v in VIOLENCE_TYPES:
        value = pd.to_numeric(pd.Series([profile.get(v)]), errors="coerce").iloc[0]
        if pd.notna(value):
            out[v] = float(value)
    return out


def _shares(settings: Mapping[str, float] | pd.Series | str) -> dict[str, float]:
    if isinstance(settings, str):
        if settings not in SETTINGS:
            raise ValueError(f"unknown setting {settings!r}: use one of {', '.join(SETTINGS)}")
        return {settings: 1.0}
    return {s: float(settings.get(s, 0.0) or 0.0) for s in SETTINGS}


def main_settings(shares: Mapping[str, float]) -> list[str]:
    """The settings covering at least MAIN_SETTING_SHARE, and always the most common one."""
    ordered = sorted(
        (s for s in SETTINGS if shares.get(s, 0) > 0), key=lambda s: (-shares[s], SETTINGS.index(s))
    )
    if not ordered:
        return []
    return [ordered[0], *(s for s in ordered[1:] if shares[s] >= MAIN_SETTING_SHARE)]


def _normalise(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _violence_fit(types: list[str], intensity: dict[str, float]) -> float:
    known = [t for t in types if t in intensity]
    if not known:
        return 0.0
    mean_part = sum(intensity[t] / 3 for t in known) / len(known)
    total = sum(intensity.values())
    cover_part = sum(intensity[t] for t in known) / total if total > 0 else 0.0
    return INTENSITY_SHARE * mean_part + (1 - INTENSITY_SHARE) * cover_part


# Each phrase whole for each subject, so a language can agree its words with it.
REASON_WORDS: dict[str, dict[str, str]] = {
    "city": {
        "also": N_("(also {kinds}, low in this city)"),
        "faint": N_("addresses {kinds} violence, which is low in this city"),
        "not_main": N_("not in this city's setting ({settings})"),
        "mainly": N_("evidence from {source} settings; this city is mainly {target}"),
    },
    "typology": {
        "also": N_("(also {kinds}, low in this typology)"),
        "faint": N_("addresses {kinds} violence, which is low in this typology"),
        "not_main": N_("not in this typology's main setting ({settings})"),
        "mainly": N_("evidence from {source} settings; this typology is mainly {target}"),
    },
}
LOCAL_WORDS: dict[str, str] = {
    "same city": N_("from the same city"),
    "same country": N_("from the same country"),
}


def _reason(
    types: list[str],
    settings: list[str],
    grade: str,
    intensity: dict[str, float],
    mains: list[str],
    transfer: bool,
    local: str,
    subject: str,
) -> str:
    ordered = sorted(
        (t for t in types if t in intensity), key=lambda t: (-intensity[t], VIOLENCE_TYPES.index(t))
    )
    marked = [_(VIOLENCE_NAMES[t]) for t in ordered if intensity[t] >= MARKED_INTENSITY]
    faint = [_(VIOLENCE_NAMES[t]) for t in ordered if intensity[t] < MARKED_INTENSITY]
    words = REASON_WORDS["city" if subject == "city" else "typology"]
    if marked:
        part = _("addresses {kinds} violence").format(kinds=join_words(marked))
        if faint:
            part += " " + _(words["also"]).format(kinds=join_words(faint))
    elif faint:
        part = _(words["faint"]).format(kinds=join_words(faint))
    else:
        part = _("addresses none of the violence types coded here")
    where = join_words([_(SETTING_NAMES[s]) for s in settings if s in SETTING_NAMES])
    if grade == "not_evaluated":
        done = _("documented but not evaluated in {settings} settings")
        plain = _("documented but not evaluated")
    else:
        done, plain = _("evaluated in {settings} settings"), _("evaluated")
    parts = [part, done.format(settings=where) if where else plain]
    if transfer and mains:
        main_words = join_words([_(SETTING_NAMES[s]) for s in mains])
        parts.append(_(words["not_main"]).format(settings=main_words))
    if local:
        parts.append(_(LOCAL_WORDS.get(local, local)))
    if grade in LESSON_GRADES:
        parts.append(_("found no effect or harm: a lesson, not a recommendation"))
    return "; ".join(parts)


def score_practices(
    practices: pd.DataFrame,
    profile: Mapping[str, float] | pd.Series,
    settings: Mapping[str, float] | pd.Series | str,
    *,
    city: str | None = None,
    iso3: str | None = None,
    subject: str = "typology",
) -> pd.DataFrame:
    """Score every practice against a violence profile and setting shares (see module docstring).

    ``city``/``iso3`` (matching one context) add the local bonus and fill the ``local`` column
    ("same city", "same country" or ""). ``subject`` names what is matched in the reason
    ("typology" or "city"). Returns a new frame with :data:`MATCH_COLUMNS`, recommendations first
    (by score), then lessons (by relevance); ``rank`` counts 1.. over that order.
    """
    intensity = _profile_dict(profile)
    shares = _shares(settings)
    mains = main_settings(shares)
    city_key = _normalise(city) if city else None
    rows = []
    for record in practices.to_dict("records"):
        types = _as_list(record.get("violence_types"))
        where = _as_list(record.get("settings"))
        grade = str(record.get("evidence_grade"))
        violence_fit = _violence_fit(types, intensity)
        setting_fit = min(1.0, sum(shares.get(s, 0.0) for s in where))
        local = ""
        if iso3 and str(record.get("iso3", "")).upper() == iso3.upper():
            same_city = city_key is not None and _normalise(record.get("city", "")) == city_key
            local = "same city" if same_city else "same country"
        bonus = {"same city": SAME_CITY_BONUS, "same country": SAME_COUNTRY_BONUS}.get(local, 0.0)
        relevance = min(1.0, VIOLENCE_WEIGHT * violence_fit + SETTING_WEIGHT * setting_fit + bonus)
        weight = EVIDENCE_WEIGHTS.get(grade, 0.0)
        transfer = bool(mains) and not set(where) & set(mains)
        rows.append(
            {
                "practice_id": record.get("practice_id"),
                "name": record.get("name"),
                "city": record.get("city"),
                "country": record.get("country"),
                "entry_point": record.get("entry_point"),
                "evidence_grade": grade,
                # The strongest evidence among its outcomes (empty for frames without outcomes).
                "evidence_strength": record.get("evidence_strength"),
                "score": round(100 * relevance * weight, 1),
                "relevance": round(relevance, 3),
                "evidence_weight": weight,
                "violence_fit": round(violence_fit, 3),
                "setting_fit": round(setting_fit, 3),
                "local": local,
                "role": "lesson" if grade in LESSON_GRADES else "recommendation",
                "group": (
                    "lesson"
                    if grade in LESSON_GRADES
                    else ("tried elsewhere" if transfer else "tried here")
                ),
                "transfer_flag": transfer,
                "transfer_note": (
                    _transfer_note(where, mains, subject, record.get("moderators"))
                    if transfer
                    else ""
                ),
                "reason": _reason(types, where, grade, intensity, mains, transfer, local, subject),
            }
        )
    out = pd.DataFrame(rows, columns=[c for c in MATCH_COLUMNS if c != "rank"])
    if out.empty:
        return out.assign(rank=pd.Series(dtype=int))[list(MATCH_COLUMNS)]
    out["_lesson"] = out["role"].eq("lesson")
    # Setting first: practices tried in this setting, then those tried elsewhere, then lessons
    # (ordered by relevance, their score is always 0). A strong grade from another setting never
    # outranks a practice tried here.
    out["_elsewhere"] = out["group"].eq("tried elsewhere")
    out["_key"] = out["score"].where(~out["_lesson"], 0.0)
    out = out.sort_values(
        ["_lesson", "_elsewhere", "_key", "relevance", "practice_id"],
        ascending=[True, True, False, False, True],
        kind="mergesort",
    ).reset_index(drop=True)
    out["rank"] = range(1, len(out) + 1)
    return out[list(MATCH_COLUMNS)]


def _transfer_note(
    where: list[str], mains: list[str], subject: str, moderators: object = None
) -> str:
    """Where the evidence comes from and, when the sources say, what it relied on (EMMIE's
    moderators): what would have to hold here for it to transfer."""
    source = join_words([_(SETTING_NAMES[s]) for s in where if s in SETTING_NAMES]) or _("unknown")
    target = join_words([_(SETTING_NAMES[s]) for s in mains])
    words = REASON_WORDS["city" if subject == "city" else "typology"]
    note = _(words["mainly"]).format(source=source, target=target)
    if isinstance(moderators, str) and moderators.strip():
        note += "; " + _("it relied on: {moderators}").format(moderators=moderators.strip())
    return note


def typology_setting_shares(contexts: pd.DataFrame, typology: int) -> dict[str, float]:
    """Share of a typology's contexts in each setting (from ``Analysis.contexts``)."""
    members = contexts.loc[contexts["typology"] == typology, "setting"]
    if members.empty:
        raise ValueError(f"typology {typology} has no contexts")
    shares = members.value_counts(normalize=True)
    return {s: float(shares.get(s, 0.0)) for s in SETTINGS}


def match_typology(practices: pd.DataFrame, analysis, typology: int) -> pd.DataFrame:
    """Every practice scored against one typology of an :class:`~typology.analysis.Analysis`."""
    if typology not in analysis.profile.index:
        raise ValueError(f"no typology {typology} in this analysis")
    profile = analysis.profile.loc[typology]
    shares = typology_setting_shares(analysis.contexts, typology)
    return score_practices(practices, profile, shares, subject="typology")


def match_context(practices: pd.DataFrame, contexts: pd.DataFrame, context_id: str) -> pd.DataFrame:
    """Every practice scored against one context: its own intensities and setting, with the
    local bonus for practices from the same city or country."""
    row = contexts.loc[contexts["context_id"] == context_id]
    if row.empty:
        raise ValueError(f"no context {context_id!r} in the table")
    context = row.iloc[0]
    return score_practices(
        practices,
        # Nullable codes (pd.NA = unknown) become NaN, which the scoring leaves out.
        pd.to_numeric(context[list(VIOLENCE_TYPES)], errors="coerce"),
        str(context["setting"]),
        city=str(context["city"]),
        iso3=str(context["iso3"]),
        subject="city",
    )


def top_recommendations(matches: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The first ``n`` recommendations (lessons never appear here), re-ranked 1..n."""
    out = matches[matches["role"] == "recommendation"].head(n).reset_index(drop=True)
    return out.assign(rank=range(1, len(out) + 1))


def tried_here(matches: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """Recommendations documented in the setting matched (or one of the typology's main
    settings), by score, re-ranked 1.."""
    out = matches[matches["group"] == "tried here"]
    out = (out if n is None else out.head(n)).reset_index(drop=True)
    return out.assign(rank=range(1, len(out) + 1))


def tried_elsewhere(matches: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """Recommendations documented only in other settings, by score, re-ranked 1..: shown apart,
    with their transfer note, never in one ranking with those tried here."""
    out = matches[matches["group"] == "tried elsewhere"]
    out = (out if n is None else out.head(n)).reset_index(drop=True)
    return out.assign(rank=range(1, len(out) + 1))


def lessons(matches: pd.DataFrame, min_relevance: float = 0.0) -> pd.DataFrame:
    """The practices that found no effect or harm, most relevant first."""
    out = matches[(matches["role"] == "lesson") & (matches["relevance"] >= min_relevance)]
    return out.reset_index(drop=True)


def matched_practices_for_context(
    practices: pd.DataFrame, analysis, context_id: str, n: int = 5
) -> pd.DataFrame:
    """Top ``n`` recommended practices for one context of ``analysis.contexts`` (for the City
    page). Lessons (no effect or harmful) are never included: see :func:`lessons`."""
    return top_recommendations(match_context(practices, analysis.contexts, context_id), n)


def matched_practices_for_profile(
    practices: pd.DataFrame,
    profile: Mapping[str, float] | pd.Series,
    setting: Mapping[str, float] | pd.Series | str,
    n: int = 5,
) -> pd.DataFrame:
    """Top ``n`` recommended practices for a made-up profile (for the What-if page).
    ``setting`` is one setting name or a mapping of setting shares."""
    subject = "scenario"
    return top_recommendations(score_practices(practices, profile, setting, subject=subject), n)


# --- Evidence-gap matrix -------------------------------------------------------------------------


def assign_typologies(
    practices: pd.DataFrame, analysis, min_relevance: float = TYPOLOGY_MIN_RELEVANCE
) -> pd.DataFrame:
    """A copy of ``practices`` with a list column ``typologies``: the names of the typologies for
    which the practice's relevance is at least ``min_relevance`` (used as gap-matrix rows)."""
    names = dict(zip(analysis.typologies["typology"], analysis.typologies["name"], strict=True))
    relevant: dict[str, list[str]] = {pid: [] for pid in practices["practice_id"]}
    for typology in analysis.profile.index:
        matches = match_typology(practices, analysis, int(typology))
        for pid in matches.loc[matches["relevance"] >= min_relevance, "practice_id"]:
            relevant[pid].append(names[int(typology)])
    out = practices.copy()
    out["typologies"] = [relevant[pid] for pid in out["practice_id"]]
    return out


def evidence_gaps(
    practices: pd.DataFrame,
    *,
    row: str = "settings",
    rows: Iterable[str] | None = None,
    entry_points: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Counts of practices by ``row`` (a list column such as ``settings`` or ``typologies``, or a
    plain column such as ``region``) and entry point, one column per evidence grade.

    Every combination of ``rows`` x ``entry_points`` is present (defaults: SETTINGS for
    ``settings``, otherwise the values seen; all ENTRY_POINTS), so empty cells stay visible with
    zero counts. Columns: row, entry_point, one count per grade, total, evaluated, practice_ids.
    """
    from typology.practices import ENTRY_POINTS, EVIDENCE_GRADES

    long = practices[["practice_id", "entry_point", "evidence_grade", row]].copy()
    long[row] = long[row].map(_as_list) if _is_list_column(long[row]) else long[row].map(_one)
    long = long.explode(row).dropna(subset=[row])
    if rows is None:
        rows = list(SETTINGS) if row == "settings" else sorted(set(long[row]))
    rows = list(rows)
    entry_points = list(entry_points) if entry_points is not None else list(ENTRY_POINTS)
    records = []
    for r in rows:
        for e in entry_points:
            cell = long[(long[row] == r) & (long["entry_point"] == e)]
            counts = cell["evidence_grade"].value_counts()
            record = {"row": r, "entry_point": e}
            record.update({g: int(counts.get(g, 0)) for g in EVIDENCE_GRADES})
            record["total"] = len(cell)
            record["evaluated"] = int(sum(counts.get(g, 0) for g in EVALUATED_GRADES))
            record["rigorous"] = int(sum(counts.get(g, 0) for g in RIGOROUS_GRADES))
            record["practice_ids"] = sorted(cell["practice_id"])
            records.append(record)
    columns = [
        "row",
        "entry_point",
        *EVIDENCE_GRADES,
        "total",
        "evaluated",
        "rigorous",
        "practice_ids",
    ]
    return pd.DataFrame(records, columns=columns)


def _is_list_column(series: pd.Series) -> bool:
    return (
        series.map(lambda v: isinstance(v, list | tuple)).any()
        or series.astype(str).str.contains(";", regex=False).any()
    )


def _one(value: object) -> list[str]:
    return [] if value is None or (isinstance(value, float) and pd.isna(value)) else [str(value)]


def _row_words(value: str, row: str) -> str:
    if row == "settings":
        return _("{setting} settings").format(setting=_(SETTING_NAMES.get(value, value)))
    if row == "typologies":
        return _("the typology '{name}'").format(name=value)
    return str(value)


def empty_cells(gaps: pd.DataFrame, *, row: str = "settings") -> list[str]:
    """One sentence per cell of :func:`evidence_gaps` without an evaluated practice, e.g.
    "no evaluated practice for gender-based violence services in post-conflict settings
    (1 documented, not evaluated)" or "... (none documented)"."""
    sentences = []
    for cell in gaps[gaps["evaluated"] == 0].itertuples(index=False):
        entry = _(ENTRY_POINT_NAMES.get(cell.entry_point, cell.entry_point))
        where = _row_words(cell.row, row)
        detail = (
            _("none documented")
            if cell.total == 0
            else _("{n} documented, not evaluated").format(n=cell.total)
        )
        sentences.append(
            _("no evaluated practice for {entry} in {where} ({detail})").format(
                entry=entry, where=where, detail=detail
            )
        )
    return sentences


# --- For the briefing and the Present page -------------------------------------------------------


def practices_by_typology(practices: pd.DataFrame, analysis, n: int = 5) -> dict[int, pd.DataFrame]:
    """Typology number -> its top ``n`` recommended practices (no lessons), reason included."""
    return {
        int(t): top_recommendations(match_typology(practices, analysis, int(t)), n)
        for t in analysis.typologies["typology"]
    }


def gap_summary(practices: pd.DataFrame, analysis) -> pd.DataFrame:
    """Typologies by entry point, each cell 'evaluated of documented' practices ('none' when no
    practice is documented): the evidence-gap matrix as a table a slide can show."""
    gaps = evidence_gaps(
        assign_typologies(practices, analysis),
        row="typologies",
        rows=analysis.typologies["name"].tolist(),
    )
    gaps["cell"] = [
        _("none") if total == 0 else _("{n} of {total}").format(n=evaluated, total=total)
        for evaluated, total in zip(gaps["evaluated"], gaps["total"], strict=True)
    ]
    table = gaps.pivot(index="row", columns="entry_point", values="cell")
    table = table.reindex(analysis.typologies["name"].tolist())
    table.columns = [_(ENTRY_POINT_NAMES.get(c, c.replace("_", " "))) for c in table.columns]
    return table.rename_axis("typology").reset_index()
