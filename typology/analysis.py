"""One typology analysis: features -> model -> named, explained typologies.

`analyse` is what the app, the command line and the exports share, so that a typology seen on a
page is the same one written to a file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from typology.features import (
    DEFAULT_FEATURES,
    INDICATORS,
    MIN_KNOWN_INTENSITIES,
    classifiable,
    column_weights,
    feature_columns,
    feature_matrix,
)
from typology.i18n import N_, _, format_number
from typology.model import (
    DEFAULT_METHOD,
    IMPUTING_METHODS,
    TypologyModel,
    confidence_and_runner_up,
)
from typology.schema import VIOLENCE_TYPES
from typology.structure import (
    LIKELIHOOD_METHODS,
    N_BOOT,
    N_NULL,
    NO_STRUCTURE,
    STRUCTURE_ROWS,
    Progress,
    choose_k,
    city_bootstrap,
    null_table,
    reading,
    statistic_name,
)

SETTING_NAMES: dict[str, str] = {
    "armed_conflict": N_("armed conflict"),
    "post_conflict": N_("post-conflict"),
    "criminal_violence": N_("criminal violence"),
    "stable": N_("stable"),
}
VIOLENCE_NAMES: dict[str, str] = {
    "large_scale": N_("large-scale"),
    "small_scale": N_("small-scale"),
    "public": N_("public"),
    "domestic": N_("domestic"),
    "gender_based": N_("gender-based"),
    "organized": N_("organized"),
    "spontaneous": N_("spontaneous"),
}
# Membership below this share marks a context as borderline: it lands in its typology in fewer
# than 6 of 10 city resamples (lca: posterior probability below 0.6).
BORDERLINE_SHARE = 0.6


@dataclass(frozen=True)
class Params:
    """Everything that determines an analysis; small and hashable so it can key a cache."""

    method: str = DEFAULT_METHOD
    k: int | str = 4  # an int, or "auto"
    seed: int = 0
    features: tuple[str, ...] = DEFAULT_FEATURES
    weights: tuple[tuple[str, float], ...] = ()

    def as_dict(self) -> dict:
        return {
            "method": self.method,
            "k": self.k,
            "seed": self.seed,
            "features": list(self.features),
            "weights": dict(self.weights),
        }


@dataclass
class Analysis:
    params: Params
    k: int
    contexts: pd.DataFrame  # the classified input rows plus typology columns
    typologies: pd.DataFrame  # one row per typology
    profile: pd.DataFrame  # typology x violence type: mean intensity
    features: pd.DataFrame  # weighted feature matrix (NaN where a code is unknown)
    model: TypologyModel
    diagnostics: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    # The k rule: per k, observed statistic against the permutation null (None for a fixed k).
    null: pd.DataFrame | None = None
    structure: bool | None = None  # False: no k beats the null (k = 1)
    # Per typology: mean city-bootstrap Jaccard and Hennig's reading.
    stability: pd.DataFrame | None = None
    bootstrap_ari: list[float] = field(default_factory=list)
    ari_setting: float | None = None  # between the typologies and the setting column
    # Contexts left out, with the reason (column not_classified_reason).
    unclassified: pd.DataFrame | None = None
    # Bootstrap refits and their label mappings: membership of a new profile (what-if) is
    # measured as that of the contexts (distance methods; lca uses its posterior).
    voters: list = field(default_factory=list)


# Beyond this ARI with the setting the typologies restate the setting (said in words).
RESTATES_SETTING_ARI = 0.8


def analyse(
    contexts: pd.DataFrame,
    method: str = DEFAULT_METHOD,
    k: int | str = 4,
    seed: int = 0,
    features: Sequence[str] | None = None,
    weights: Mapping[str, float] | None = None,
    progress: Progress = None,
    n_null: int = N_NULL,
    n_boot: int = N_BOOT,
) -> Analysis:
    """Cluster validated contexts and describe each typology. Does not mutate `contexts`.

    `progress(fraction, text)` is called along the way (the app draws a progress bar).
    """
    from typology.model import METHODS

    if method not in METHODS:
        raise ValueError(
            _("unknown method {method!r}; choose from {choices}").format(
                method=method, choices=", ".join(METHODS)
            )
        )
    params = Params(
        method,
        k,
        seed,
        tuple(features or DEFAULT_FEATURES),
        tuple(sorted((weights or {}).items())),
    )
    ok, reasons = classifiable(contexts, params.features)
    unclassified = contexts[~ok].assign(not_classified_reason=reasons[~ok])
    classified = contexts[ok]
    if len(classified) < 2:
        raise ValueError(
            _(
                "a typology needs at least 2 contexts with enough known codes; "
                "widen the filters or add contexts"
            )
            + (
                " " + _("({n} have too few known codes)").format(n=len(unclassified))
                if len(unclassified)
                else ""
            )
        )
    X = feature_matrix(classified, params.features, dict(params.weights))
    values = X.to_numpy()
    weight = column_weights(params.features, dict(params.weights))
    rank = [i for i, c in enumerate(X.columns) if c in VIOLENCE_TYPES] or None
    notes: list[str] = []
    if len(unclassified):
        notes.append(
            _(
                "{n} context(s) not classified: fewer than {minimum} known violence "
                "intensities (listed with the reason)"
            ).format(n=len(unclassified), minimum=MIN_KNOWN_INTENSITIES)
        )
    null = None
    structure = None
    stage = _stages(progress, k == "auto")
    if k == "auto":
        null = null_table(
            values, method, n_null=n_null, seed=seed, column_weights=weight, progress=stage(0)
        )
        chosen_k = choose_k(null)
        structure = chosen_k > 1
        notes.append(k_rule_sentence(null, chosen_k, method, n_null))
        if len(values) > STRUCTURE_ROWS:
            notes.append(
                _(
                    "k was compared with the null on a random sample of {sample} of "
                    "{total} contexts; the typologies are fitted on all of them"
                ).format(sample=format_number(STRUCTURE_ROWS), total=format_number(len(values)))
            )
    else:
        chosen_k = int(k)
    model = TypologyModel(
        method=method,
        n_clusters=chosen_k,
        random_state=seed,
        column_weights=weight,
        rank_columns=rank,
    ).fit(values)
    if model.n_clusters_ < chosen_k:
        notes.append(
            _(
                "only {n} distinct profiles in the selection, so {n} typologies instead of {k}"
            ).format(n=model.n_clusters_, k=chosen_k)
        )
    if getattr(model, "sampled_", False):
        notes.append(
            _(
                "{method} fitted on a random sample of {n} contexts (its memory grows with "
                "the square of the rows); the rest joined the nearest typology"
            ).format(method=method, n=format_number(model.max_quadratic_rows))
        )
    if method in IMPUTING_METHODS and np.isnan(values).any():
        notes.append(
            _(
                "{method} replaced {n} missing code(s) by the column median (lca and "
                "kmedoids leave them out instead)"
            ).format(method=method, n=int(np.isnan(values).sum()))
        )
    labels = model.labels_
    n_typologies = model.n_clusters_
    stability_table, aris, voters = None, [], []
    membership = model.membership_
    if n_typologies > 1:
        jaccard, share, aris, voters = city_bootstrap(
            values,
            _city_keys(classified),
            labels,
            method,
            n_typologies,
            n_boot,
            seed,
            weight,
            progress=stage(1),
        )
        stability_table = pd.DataFrame(
            {
                "typology": np.arange(1, n_typologies + 1),
                "jaccard": np.round(jaccard, 3),
                "reading": [reading(j) for j in jaccard],
            }
        )
        if method not in LIKELIHOOD_METHODS:
            membership = share
    else:
        membership = np.ones((len(values), 1))
    confidence, runner_up = confidence_and_runner_up(membership, labels)
    typologies, names = describe_typologies(classified, X, labels, confidence)
    if stability_table is not None:
        specs = typologies.attrs.get("specs", {})
        typologies = typologies.merge(stability_table, on="typology", how="left")
        typologies.attrs["specs"] = specs

    out = classified.copy()
    out["typology"] = labels + 1
    out["typology_name"] = [names[label] for label in labels]
    out["membership"] = np.round(confidence, 3)
    out["confidence_typology"] = out["membership"]  # the name older pages and exports read
    out["runner_up"] = np.where(runner_up >= 0, runner_up + 1, 0)
    out["runner_up_name"] = [names.get(r, "") for r in runner_up]
    out["borderline"] = confidence < BORDERLINE_SHARE
    profile = out.groupby("typology")[list(VIOLENCE_TYPES)].mean().round(2)
    ari_setting = None
    if "setting" in out.columns and n_typologies > 1:
        from sklearn.metrics import adjusted_rand_score

        ari_setting = round(float(adjusted_rand_score(out["setting"].astype(str), labels)), 3)
    if progress:
        progress(1.0, _("done"))
    return Analysis(
        params,
        n_typologies,
        out,
        typologies,
        profile,
        X,
        model,
        None,
        notes,
        null,
        structure,
        stability_table,
        aris,
        ari_setting,
        unclassified,
        voters if method not in LIKELIHOOD_METHODS else [],
    )


def _stages(progress: Progress, with_null: bool):
    """Progress callbacks for the null (first 70% when it runs) and the bootstrap."""
    spans = [(0.0, 0.7), (0.7, 1.0)] if with_null else [(0.0, 0.0), (0.0, 1.0)]

    def stage(i: int) -> Progress:
        if progress is None:
            return None
        start, end = spans[i]
        return lambda f, text: progress(start + (end - start) * f, text)

    return stage


def _city_keys(contexts: pd.DataFrame) -> pd.Series:
    """One key per city, so a city's years are resampled together."""
    if "city" not in contexts.columns:
        return contexts["context_id"].astype(str)
    iso = contexts["iso3"].astype(str) if "iso3" in contexts.columns else ""
    return contexts["city"].astype(str) + "|" + iso


def k_rule_sentence(null: pd.DataFrame, chosen_k: int, method: str, n_null: int) -> str:
    """The k rule's outcome in words."""
    stat = statistic_name(method)
    if chosen_k == 1:
        return _(
            "k = 1: {no_structure} (for no k did the {statistic} beat the 95th percentile of "
            "{n} column-shuffled draws by more than trying several k allows)"
        ).format(no_structure=_(NO_STRUCTURE), statistic=_(stat), n=n_null)
    row = null[null["k"] == chosen_k].iloc[0]
    return _(
        "k chosen automatically: {k} (its {statistic} {observed} beats the 95th percentile of "
        "{n} column-shuffled draws, {p95}; it is {excess} null standard deviations above the "
        "null, the most of any k)"
    ).format(
        k=chosen_k,
        statistic=_(stat),
        observed=f"{row['observed']:.3g}",
        n=n_null,
        p95=f"{row['null_p95']:.3g}",
        excess=format_number(row["excess_sd"], 1),
    )


def restates_setting(analysis: Analysis) -> bool:
    return analysis.ari_setting is not None and analysis.ari_setting >= RESTATES_SETTING_ARI


def scenario_matrix(
    analysis: Analysis, contexts: pd.DataFrame | None = None, max_cities: int | None = None
) -> pd.DataFrame:
    """Settings as rows, violence typologies as columns; each cell 'n: city, city...'
    (distinct city names, alphabetical). Empty cells are ''. `contexts` is a selection of
    analysis.contexts (e.g. filtered); all of them by default. `max_cities` shortens a long
    list to its first names and 'and N more' (a slide cell has room for a dozen names)."""
    from typology.schema import SETTINGS

    frame = analysis.contexts if contexts is None else contexts
    names = dict(zip(analysis.typologies["typology"], analysis.typologies["name"], strict=True))
    columns = [f"{t}. {names[t]}" for t in sorted(names)]
    rows = []
    for setting in SETTINGS:
        cells = {}
        for t, column in zip(sorted(names), columns, strict=True):
            members = frame[(frame["setting"] == setting) & (frame["typology"] == t)]
            cities = sorted(set(members["city"].astype(str))) if "city" in frame else []
            if max_cities is not None and len(cities) > max_cities:
                more = _("and {n} more").format(n=len(cities) - max_cities)
                cities = [*cities[:max_cities], more]
            cells[column] = f"{len(members)}: {', '.join(cities)}" if len(members) else ""
        rows.append({"setting": setting_name(setting), **cells})
    return pd.DataFrame(rows, columns=["setting", *columns])


def scenario_counts(analysis: Analysis) -> pd.DataFrame:
    """Settings x typologies, the number of contexts in each cell."""
    from typology.schema import SETTINGS

    table = pd.crosstab(analysis.contexts["setting"], analysis.contexts["typology"])
    return table.reindex(index=list(SETTINGS), fill_value=0)


def describe_typologies(
    contexts: pd.DataFrame, X: pd.DataFrame, labels: np.ndarray, confidence: np.ndarray
) -> tuple[pd.DataFrame, dict[int, str]]:
    """Name each typology from its distinctive features; find its representative (the member
    nearest the typology's centre in feature space) and its borderline members.

    The table's attrs['specs'] holds, per typology number, what the name and the distinctive
    features were made of (codes and numbers, no words), so `relabel` can say them again in
    another language."""
    # As floats: an unknown code is NaN, and a type unknown for a whole typology has no mean.
    intensities = contexts[list(VIOLENCE_TYPES)].astype(float)
    overall = intensities.mean()
    # Indicators that were clustered on are part of what makes a typology distinctive too.
    indicators = [c for c in INDICATORS if c in X.columns and c in contexts.columns]
    indicator_values = contexts[indicators].apply(pd.to_numeric, errors="coerce")
    overall_median = indicator_values.median()
    context_labels = _context_labels(contexts)
    values = X.to_numpy()
    rows, profiles, bases, distinct = [], [], [], []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        group = contexts.iloc[members]
        means = intensities.iloc[members].mean()
        setting_share = group["setting"].value_counts(normalize=True)
        block = values[members]
        # A column unknown for every member has no centre: 0 there (nanmean would warn).
        known = (~np.isnan(block)).sum(axis=0)
        centre = np.where(known > 0, np.nansum(block, axis=0) / np.maximum(known, 1), 0.0)
        medoid = members[np.argmin(np.nansum((block - centre) ** 2, axis=1))]
        borderline = members[np.argsort(confidence[members], kind="stable")][:3]
        borderline = [i for i in borderline if confidence[i] < BORDERLINE_SHARE]
        distinctive = (means - overall).dropna().sort_values(ascending=False)
        parts: list[tuple[str, str, float]] = [
            ("violence", str(v), float(d)) for v, d in distinctive.items() if abs(d) >= 0.5
        ]
        parts += _indicator_parts(indicator_values.iloc[members].median(), overall_median)
        distinct.append(tuple(parts))
        base = typology_name_spec(means, overall)
        bases.append(base)
        rows.append(
            {
                "typology": int(label) + 1,
                "name": render_name(base),
                "size": len(members),
                "representative": context_labels[medoid],
                "representative_id": contexts.iloc[medoid]["context_id"],
                "distinctive": distinctive_text(parts),
                "main_setting": setting_share.index[0],
                "setting_share": round(float(setting_share.iloc[0]), 2),
                "borderline": "; ".join(context_labels[i] for i in borderline),
                "members": "; ".join(context_labels[members]),
            }
        )
        profiles.append(means)
    table = pd.DataFrame(rows)
    specs = _unique_specs(bases, profiles)
    table["name"] = [render_name(*spec) for spec in specs]
    table.attrs["specs"] = {
        int(t): (spec, parts)
        for t, spec, parts in zip(table["typology"], specs, distinct, strict=True)
    }
    names = {int(t) - 1: n for t, n in zip(table["typology"], table["name"], strict=True)}
    return table, names


# How a typology's name is built, by the strongest type's level on the coding scale. Each is
# one whole sentence to translate, so every language can put the words in its own order.
LEVEL_NAMES: dict[str, str] = {
    "High": N_("High {kinds} violence"),
    "Medium": N_("Medium {kinds} violence"),
    "Low": N_("Low {kinds} violence"),
}
PLAIN_NAMES: dict[str, str] = {
    "low": N_("Low violence"),
    "mixed": N_("Moderate mixed violence"),
}
QUALIFIERS: dict[str, str] = {
    "more": N_("more {kinds} violence"),
    "less": N_("less {kinds} violence"),
}


def setting_name(code: object) -> str:
    """A setting code in words, in the current language."""
    text = str(code)
    return _(SETTING_NAMES[text]) if text in SETTING_NAMES else text.replace("_", " ")


def violence_name(code: object) -> str:
    """A violence-type code in words, in the current language."""
    text = str(code)
    return _(VIOLENCE_NAMES[text]) if text in VIOLENCE_NAMES else text.replace("_", " ")


def _kinds(codes: Sequence[str]) -> str:
    """'public and organized' (translated; two kinds at most)."""
    words = [violence_name(c) for c in codes]
    if len(words) == 2:
        return _("{first} and {second}").format(first=words[0], second=words[1])
    return ", ".join(words)


def render_name(base: tuple | str, qualifier: tuple = (), number: int = 0) -> str:
    """A typology name in the current language from its parts: `base` is
    ('level', 'High', kind, ...) or ('plain', 'low'|'mixed') (a plain string is kept as is),
    `qualifier` ('more'|'less', kind, ...) says how it differs from typologies of the same
    name, `number` tells apart those that cannot be told apart otherwise."""
    if isinstance(base, str):
        text = base
    elif base[0] == "level":
        text = _(LEVEL_NAMES[base[1]]).format(kinds=_kinds(base[2:]))
    else:
        text = _(PLAIN_NAMES[base[1]])
    if qualifier:
        difference = _(QUALIFIERS[qualifier[0]]).format(kinds=_kinds(qualifier[1:]))
        text = _("{name} ({difference})").format(name=text, difference=difference)
    if number:
        text = _("{name} ({number})").format(name=text, number=number)
    return text


def unique_names(names: list[str], profiles: list[pd.Series]) -> list[str]:
    """Make names unique by saying how typologies that earned the same words differ.

    Within a group of equal names, each typology is compared with the mean of the others: the
    violence type it has most more of (or, failing that, most less of) is added in brackets,
    e.g. '(more domestic and gender-based violence)'. Types that differ by the same amount are
    named together. Differences below QUALIFIER_GAP are not called differences; names that are
    still equal after that are numbered (1), (2)... in canonical order.
    """
    return [render_name(*spec) for spec in _unique_specs(list(names), profiles)]


def _unique_specs(bases: list, profiles: list[pd.Series]) -> list[tuple]:
    """(base, qualifier, number) per typology: see `unique_names`."""
    qualifiers: list[tuple] = [()] * len(bases)
    for base in {b for b in bases if bases.count(b) > 1}:
        group = [i for i, b in enumerate(bases) if b == base]
        for i in group:
            others = pd.concat([profiles[j] for j in group if j != i], axis=1).mean(axis=1)
            qualifiers[i] = _qualifier(profiles[i] - others)
    keys = [(b, q) for b, q in zip(bases, qualifiers, strict=True)]
    seen: dict[tuple, int] = {}
    out = []
    for key in keys:
        base, qualifier = key
        number = 0
        if keys.count(key) > 1 or (bases.count(base) > 1 and not qualifier):
            seen[key] = seen.get(key, 0) + 1
            number = seen[key]
        out.append((base, qualifier, number))
    return out


QUALIFIER_GAP = 0.25  # mean intensity difference (0-3 scale) worth naming


def _qualifier(diff: pd.Series) -> tuple:
    ranked = diff.sort_values(ascending=False)
    for word, side in (("more", ranked), ("less", -ranked[::-1])):
        top = side.iloc[0]
        if top >= QUALIFIER_GAP:
            kinds = [str(v) for v, d in side.items() if top - d < 0.05][:2]
            return (word, *kinds)
    return ()


def _indicator_parts(medians: pd.Series, overall: pd.Series) -> list[tuple[str, str, float]]:
    """Indicators far from the overall median, with their ratio to it."""
    parts = []
    for name, value in medians.items():
        base = overall[name]
        if pd.isna(value) or pd.isna(base) or base <= 0:
            continue
        ratio = value / base
        if ratio >= 1.5 or ratio <= 1 / 1.5:
            parts.append(("indicator", str(name), float(ratio)))
    return parts


INDICATOR_NAMES: dict[str, str] = {
    "homicide_rate": N_("homicide rate"),
    "ipv_prevalence": N_("intimate partner violence"),
    "npsv_prevalence": N_("non-partner sexual violence"),
    "ov_deaths_per100k": N_("organised-violence deaths per 100k"),
    "ov_deaths": N_("organised-violence deaths"),
    "population": N_("population"),
}


def indicator_name(code: object) -> str:
    text = str(code)
    return _(INDICATOR_NAMES[text]) if text in INDICATOR_NAMES else text.replace("_", " ")


def distinctive_text(parts: Sequence[tuple[str, str, float]]) -> str:
    """'large-scale +1.2, homicide rate 3.1x overall median' in the current language."""
    words = []
    for kind, code, value in parts:
        if kind == "violence":
            sign = "+" if value >= 0 else "-"
            words.append(f"{violence_name(code)} {sign}{format_number(abs(value), 1)}")
        else:
            words.append(
                _("{indicator} {ratio}x overall median").format(
                    indicator=indicator_name(code), ratio=format_number(value, 1)
                )
            )
    return ", ".join(words) or _("close to the overall mean")


def typology_name_spec(means: pd.Series, overall: pd.Series) -> tuple:
    """What a typology's name says, as codes: see `typology_name`."""
    score = means + (means - overall)
    strong = [
        v
        for v in score.sort_values(ascending=False).index
        if means[v] >= 2 or means[v] - overall[v] >= 0.75
    ]
    level = (
        "High"
        if strong and means[strong[0]] >= 2.5
        else "Medium"
        if strong and means[strong[0]] >= 1.5
        else "Low"
    )
    if strong:
        # The two types are named in vocabulary order, not by strength: two typologies with the
        # same pair then get the same words and unique_names says how they differ.
        named = [str(v) for v in VIOLENCE_TYPES if v in strong[:2]]
        return ("level", level, *named)
    return ("plain", "low") if means.max() < 1.5 else ("plain", "mixed")


def typology_name(means: pd.Series, overall: pd.Series, setting_share=None) -> str:
    """A readable name from the violence intensities only (the setting is the other axis).

    Violence types qualify when their mean intensity is at least medium (2) or clearly above the
    overall mean (+0.75); the two strongest are named, in vocabulary order. The level word is
    that of the strongest type on the coding scale (High from 2.5, Medium from 1.5).
    `setting_share` is accepted for old callers and ignored. In the current language.
    """
    return render_name(typology_name_spec(means, overall))


def relabel(analysis: Analysis) -> Analysis:
    """The analysis with its typology names and distinctive features said in the current
    language (a copy; the analysis itself is not changed). A cached analysis computed in
    another language is shown this way without refitting."""
    import copy

    specs = analysis.typologies.attrs.get("specs") or {}
    if not specs:
        return analysis
    names = {t: render_name(*spec) for t, (spec, _parts) in specs.items()}
    typologies = analysis.typologies.copy()
    typologies["name"] = [
        names.get(int(t), n)
        for t, n in zip(typologies["typology"], typologies["name"], strict=True)
    ]
    typologies["distinctive"] = [
        distinctive_text(specs[int(t)][1]) if int(t) in specs else d
        for t, d in zip(typologies["typology"], typologies["distinctive"], strict=True)
    ]
    contexts = analysis.contexts.copy()
    contexts["typology_name"] = [names.get(int(t), "") for t in contexts["typology"]]
    contexts["runner_up_name"] = [names.get(int(t), "") for t in contexts["runner_up"]]
    out = copy.copy(analysis)
    out.typologies = typologies
    out.contexts = contexts
    return out


def _context_labels(contexts: pd.DataFrame) -> np.ndarray:
    """'City (ISO, year)' per row, built column-wise (an iterrows loop is slow on big tables)."""
    year = pd.to_numeric(contexts["year"], errors="coerce").astype("Int64").astype(str)
    labels = contexts["city"].astype(str) + " (" + contexts["iso3"].astype(str) + ", " + year + ")"
    return labels.to_numpy()


def project_2d(analysis: Analysis) -> pd.DataFrame:
    """The contexts on the first two principal components of the feature matrix.

    Returns the analysis' contexts with columns pc1 and pc2 added; df.attrs['axis_titles'] says
    how much of the variance each axis explains (chart factories use it for axis titles) and
    df.attrs['explained_variance'] holds the two shares. Does not mutate the analysis.
    """
    from sklearn.decomposition import PCA

    values = analysis.features.to_numpy()
    # PCA needs complete rows: an unknown code is drawn at its column mean (drawing only).
    values = np.where(np.isnan(values), np.nan_to_num(np.nanmean(values, axis=0)), values)
    n_components = int(min(2, values.shape[1], len(values)))
    pca = PCA(n_components=n_components, svd_solver="full").fit(values)
    coords = pca.transform(values)
    shares = [float(v) for v in np.nan_to_num(pca.explained_variance_ratio_)]
    while len(shares) < 2:  # a single feature: the second axis is flat
        coords = np.column_stack([coords, np.zeros(len(values))])
        shares.append(0.0)
    out = analysis.contexts.copy()
    out["pc1"], out["pc2"] = coords[:, 0], coords[:, 1]
    out.attrs["explained_variance"] = shares
    out.attrs["axis_titles"] = {
        f"pc{i + 1}": _("principal component {n} ({share} of variance)").format(
            n=i + 1, share=f"{share:.0%}"
        )
        for i, share in enumerate(shares)
    }
    return out


def feature_names_for(features: Sequence[str] | None) -> list[str]:
    """The input columns a feature choice uses (for reports and method notes)."""
    violence, use_setting, indicators = feature_columns(features)
    return [*violence, *(["setting"] if use_setting else []), *indicators]


@dataclass(frozen=True)
class Assignment:
    """Where a profile lands: its typology (number and name), the membership share of that
    typology (confidence), the runner-up, and its weighted feature row."""

    typology: int
    name: str
    confidence: float
    runner_up: int  # 0 when there is only one typology
    runner_up_name: str
    features: np.ndarray


def profile_features(analysis: Analysis, profiles: pd.DataFrame) -> np.ndarray:
    """Feature rows for new profiles, transformed exactly as `analyse` transformed the contexts.

    The transformer is refitted on analysis.contexts with the analysis's own settings: the same
    rows and settings give the same fitted scaling and encoding (the fit is deterministic), so
    the Analysis need not carry a fitted transformer. A profile without indicator values gets
    the contexts' median for them (the imputer's rule), i.e. no pull either way.
    """
    from typology.features import build_feature_transformer, feature_frame

    features, weights = analysis.params.features, dict(analysis.params.weights)
    transformer = build_feature_transformer(features, weights)
    transformer.fit(feature_frame(analysis.contexts, features))
    return transformer.transform(feature_frame(profiles, features))


def assign_profile(analysis: Analysis, profile: Mapping[str, object]) -> Assignment:
    """The typology a made-up profile (setting and the seven intensities, optionally indicators)
    would join under the fitted model, without refitting or touching the data."""
    from typology.structure import vote_share

    row = profile_features(analysis, pd.DataFrame([dict(profile)]))
    label = int(analysis.model.predict(row)[0])
    if analysis.voters:
        membership = vote_share(analysis.voters, row, analysis.k)
    elif analysis.k == 1:
        membership = np.ones((1, 1))
    else:
        membership = analysis.model.membership(row)
    confidence, runner_up = confidence_and_runner_up(membership, np.array([label]))
    names = dict(zip(analysis.typologies["typology"], analysis.typologies["name"], strict=True))
    runner = int(runner_up[0])
    return Assignment(
        typology=label + 1,
        name=str(names[label + 1]),
        confidence=round(float(confidence[0]), 3),
        runner_up=runner + 1 if runner >= 0 else 0,
        runner_up_name=str(names.get(runner + 1, "")) if runner >= 0 else "",
        features=row[0],
    )


def profile_not_classified(analysis: Analysis, profile: Mapping[str, object]) -> str:
    """Why a made-up profile would not be classified, as the engine decides for a context
    (fewer than MIN_KNOWN_INTENSITIES known intensities among the chosen features); '' when it
    would be. An unknown intensity is None or NaN, never 0."""
    from typology.features import classifiable

    row = pd.DataFrame([{v: profile.get(v) for v in VIOLENCE_TYPES}], dtype=float)
    ok, reason = classifiable(row, analysis.params.features)
    return "" if bool(ok.iloc[0]) else str(reason.iloc[0])


def with_unclassified(analysis) -> pd.DataFrame:
    """Every context the analysis was given: the classified ones, then those with too few known
    codes (empty typology, `not_classified_reason` kept), so counts and downloads lose no row."""
    if analysis.unclassified is None or analysis.unclassified.empty:
        return analysis.contexts
    every = pd.concat([analysis.contexts, analysis.unclassified], ignore_index=True)
    every["typology"] = every["typology"].astype("Int64")
    return every
