"""Why a context sits in its typology: its seven codes beside its typology's mean and the
nearest other typology's, in words, with each value's basis (city evidence, country-level,
unknown) from the provenance table. Pure: no Streamlit.

The comparison is on the intensities as coded (0-3), value by value; the model itself measures
distance on standardised (and possibly weighted, imputed) features and, with some methods,
membership over city resamples, so the words say so when the two readings differ.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from typology.i18n import N_, _, format_number
from typology.schema import INTENSITY_LABELS, VIOLENCE_TYPES

# Two means closer than this to the city's value count as equally close (means are shown
# to one decimal, so a smaller gap would not be visible to the reader).
TIE = 0.05
NOT_STATED = N_("not stated")  # a context without provenance rows (an upload): basis not given


@dataclass(frozen=True)
class Why:
    """The panel's content: a table for people (words, no codes) and the sentences."""

    table: pd.DataFrame
    sentences: list[str]
    typology: int
    typology_name: str
    other: int | None  # None when the analysis has a single typology
    other_name: str


def _known(value: object) -> bool:
    """False for None, NaN and pandas' NA (an unknown Int64 code): unknown is never 0."""
    if value is None:
        return False
    try:
        return not pd.isna(value)
    except (TypeError, ValueError):
        return True


def _intensity(value: object) -> str:
    return _(INTENSITY_LABELS[int(value)]) if _known(value) else _("unknown")


def _mean(value: object) -> str:
    """'2.1 (medium)': the mean to one decimal with the nearest intensity word; 'unknown' when
    no member of the typology has a known value (e.g. with city evidence only)."""
    if not _known(value):
        return _("unknown")
    value = float(value)
    word = _(INTENSITY_LABELS[min(3, max(0, int(round(value))))])
    return f"{format_number(value, 1)} ({word})"


def value_bases(row: pd.Series, provenance: pd.DataFrame | None) -> dict[str, str]:
    """Violence type -> 'city evidence', 'country-level', 'unknown' or 'not stated'.

    From the provenance table's `basis` column. An unknown value is 'unknown' whatever its
    row says; a known value of a context the table does not cover (an upload) is 'not stated',
    not a guess."""
    from typology.cityslide import BASIS_WORDS

    recorded: dict[str, str] = {}
    if provenance is not None and {"context_id", "field", "basis"} <= set(provenance.columns):
        mine = provenance[
            (provenance["context_id"] == row["context_id"])
            & provenance["field"].isin(VIOLENCE_TYPES)
        ]
        for field, basis in zip(mine["field"], mine["basis"], strict=True):
            if isinstance(basis, str) and basis:
                recorded[field] = BASIS_WORDS.get(basis, "unknown")
    return {
        v: ("unknown" if not _known(row[v]) else recorded.get(v, NOT_STATED))
        for v in VIOLENCE_TYPES
    }


def _distance(values: pd.Series, profile: pd.Series, *others: pd.Series) -> float | None:
    """Mean absolute difference over the values known in `values`, `profile` and `others` (a
    typology whose members all have an unknown value has an unknown mean there); None when
    none is known."""
    known = [v for v in VIOLENCE_TYPES if all(_known(s[v]) for s in (values, profile, *others))]
    if not known:
        return None
    return sum(abs(float(values[v]) - float(profile[v])) for v in known) / len(known)


def nearest_other(analysis, row: pd.Series) -> int | None:
    """The nearest other typology: the runner-up of the fit where it names one, else the
    other typology whose mean is closest on the known values. None with a single typology."""
    others = [int(t) for t in analysis.profile.index if int(t) != int(row["typology"])]
    if not others:
        return None
    runner = row.get("runner_up")
    if _known(runner) and int(runner) in others:
        return int(runner)
    distances = {t: _distance(row, analysis.profile.loc[t]) for t in others}
    return min(others, key=lambda t: (distances[t] is None, distances[t] or 0.0, t))


def _names(analysis) -> dict[int, str]:
    typologies = analysis.typologies
    if "name" in typologies and "typology" in typologies:
        return {
            int(t): str(n) for t, n in zip(typologies["typology"], typologies["name"], strict=True)
        }
    contexts = analysis.contexts.drop_duplicates("typology")
    return {
        int(t): str(n) for t, n in zip(contexts["typology"], contexts["typology_name"], strict=True)
    }


def _list(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("{first} and {second}").format(first=", ".join(items[:-1]), second=items[-1])


def explain(analysis, context_id: str, provenance: pd.DataFrame | None = None) -> Why:
    """The 'why this typology' panel of one classified context of `analysis`."""
    from typology.analysis import violence_name

    contexts = analysis.contexts
    rows = contexts[contexts["context_id"] == context_id]
    if rows.empty:
        raise ValueError(
            _("no classified context {id} in this analysis").format(id=repr(context_id))
        )
    row = rows.iloc[0]
    own = int(row["typology"])
    names = _names(analysis)
    own_name = names.get(own, str(row.get("typology_name", own)))
    other = nearest_other(analysis, row)
    other_name = names.get(other, "") if other is not None else ""
    bases = value_bases(row, provenance)
    own_profile = analysis.profile.loc[own]
    other_profile = analysis.profile.loc[other] if other is not None else None

    records, gaps = [], {}
    for v in VIOLENCE_TYPES:
        record = {
            _("violence type"): violence_name(v),
            _("this city"): _intensity(row[v]),
            _("basis"): _(bases[v]),
            _("its typology (mean)"): _mean(own_profile[v]),
        }
        if other_profile is not None:
            record[_("nearest other (mean)")] = _mean(other_profile[v])
            closer = _("not counted (unknown)")
            if _known(row[v]) and _known(own_profile[v]) and _known(other_profile[v]):
                # How much nearer its own typology's mean than the other's (negative: farther).
                gaps[v] = abs(float(row[v]) - float(other_profile[v])) - abs(
                    float(row[v]) - float(own_profile[v])
                )
                closer = (
                    _("its typology")
                    if gaps[v] > TIE
                    else _("the other")
                    if gaps[v] < -TIE
                    else _("equally close")
                )
            record[_("closer to")] = closer
        records.append(record)
    table = pd.DataFrame(records)

    label = f"{row['city']} {int(row['year'])}"
    sentences = [
        _(
            "{context} is in “{name}”. A typology's name describes its mean profile beside the "
            "other typologies, not each member's own codes."
        ).format(context=label, name=own_name)
    ]
    if other is None:
        sentences.append(_("This analysis has a single typology, so there is nothing to compare."))
    else:
        sentences.append(
            _comparison(analysis, row, own_profile, other_profile, own_name, other_name)
        )
        toward_own = sorted((v for v in gaps if gaps[v] > TIE), key=lambda v: -gaps[v])
        toward_other = sorted((v for v in gaps if gaps[v] < -TIE), key=lambda v: gaps[v])
        sides = (
            (N_("Closer to its own typology on {values}."), toward_own),
            (N_("Closer to the other on {values}."), toward_other),
        )
        for sentence, kinds in sides:
            if kinds:
                parts = [
                    _("{kind} ({value} here; means {own} and {other})").format(
                        kind=violence_name(v),
                        value=_intensity(row[v]),
                        own=format_number(float(own_profile[v]), 1),
                        other=format_number(float(other_profile[v]), 1),
                    )
                    for v in kinds
                ]
                sentences.append(_(sentence).format(values=_list(parts)))
    unknown = [violence_name(v) for v in VIOLENCE_TYPES if bases[v] == "unknown"]
    country = [violence_name(v) for v in VIOLENCE_TYPES if bases[v] == "country-level"]
    if unknown:
        sentences.append(
            _("Unknown, so not counted here: {values} (never read as none; {treatment}).").format(
                values=_list(unknown), treatment=_unknown_treatment(analysis)
            )
        )
    if country:
        sentences.append(
            _(
                "Country-level, not evidence about the city: {values}: a national figure used "
                "for the city."
            ).format(values=_list(country))
        )
    if any(b == NOT_STATED for b in bases.values()):
        sentences.append(
            _("The basis of this context's values is not stated (no provenance rows).")
        )
    return Why(table, sentences, own, own_name, other, other_name)


def _comparison(analysis, row, own_profile, other_profile, own_name: str, other_name: str) -> str:
    own_d = _distance(row, own_profile, other_profile)
    other_d = _distance(row, other_profile, own_profile)
    if own_d is None or other_d is None:
        return _("None of its seven intensities is known, so its codes cannot be compared.")
    known = sum(
        all(_known(s[v]) for s in (row, own_profile, other_profile)) for v in VIOLENCE_TYPES
    )
    gap = other_d - own_d  # positive: nearer its own typology's mean
    average = _(
        "on its {n} known intensities it is on average {own} from the mean of “{own_name}” and "
        "{other} from that of the nearest other typology, “{other_name}”"
    ).format(
        n=known,
        own=format_number(own_d, 2),
        own_name=own_name,
        other=format_number(other_d, 2),
        other_name=other_name,
    )
    if gap > TIE:
        return _("Closer to its own typology than to the nearest other: {comparison}.").format(
            comparison=average
        )
    from typology.model import DISTANCE, METHOD_LABELS

    method = str(analysis.params.method)
    reading = (
        _("about as near both means") if gap >= -TIE else _("nearer the other typology's mean")
    )
    head = _(
        "{comparison}. On the known codes alone it is {reading}. The typology comes from the "
        "model ({method}, distance: {distance}, with any indicators, setting or weights chosen "
        "on the Method page), not from these means, so the two readings can differ for a "
        "context near the boundary."
    ).format(
        comparison=f"{average[0].upper()}{average[1:]}",
        reading=reading,
        method=_(METHOD_LABELS.get(method, method)),
        distance=_(DISTANCE.get(method, N_("as on the Method page"))),
    )
    return head


def _unknown_treatment(analysis) -> str:
    """How the fitted method treats an unknown code, in words."""
    from typology.model import IMPUTING_METHODS

    if str(analysis.params.method) in IMPUTING_METHODS:
        return _("this method replaces an unknown code with the column's median")
    return _("this method leaves an unknown code out of the distance")
