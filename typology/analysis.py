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
from typology.i18n import _
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
    "armed_conflict": "armed conflict",
    "post_conflict": "post-conflict",
    "criminal_violence": "criminal violence",
    "stable": "stable",
}
VIOLENCE_NAMES: dict[str, str] = {
    "large_scale": "large-scale",
    "small_scale": "small-scale",
    "public": "public",
    "domestic": "domestic",
    "gender_based": "gender-based",
    "organized": "organized",
    "spontaneous": "spontaneous",
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
        raise ValueError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
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
            "a typology needs at least 2 contexts with enough known codes; "
            "widen the filters or add contexts"
            + (f" ({len(unclassified)} have too few known codes)" if len(unclassified) else "")
        )
    X = feature_matrix(classified, params.features, dict(params.weights))
    values = X.to_numpy()
    weight = column_weights(params.features, dict(params.weights))
    rank = [i for i, c in enumerate(X.columns) if c in VIOLENCE_TYPES] or None
    notes: list[str] = []
    if len(unclassified):
        notes.append(
            f"{len(unclassified)} context(s) not classified: fewer than "
            f"{MIN_KNOWN_INTENSITIES} known violence intensities (listed with the reason)"
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
                f"k was compared with the null on a random sample of {STRUCTURE_ROWS:,} of "
                f"{len(values):,} contexts; the typologies are fitted on all of them"
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
            f"only {model.n_clusters_} distinct profiles in the selection, "
            f"so {model.n_clusters_} typologies instead of {chosen_k}"
        )
    if getattr(model, "sampled_", False):
        notes.append(
            f"{method} fitted on a random sample of {model.max_quadratic_rows:,} contexts "
            "(its memory grows with the square of the rows); the rest joined the nearest typology"
        )
    if method in IMPUTING_METHODS and np.isnan(values).any():
        notes.append(
            f"{method} replaced {int(np.isnan(values).sum())} missing code(s) by the "
            "column median (lca and kmedoids leave them out instead)"
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
        typologies = typologies.merge(stability_table, on="typology", how="left")

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
        progress(1.0, "done")
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
        return (
            f"k = 1: {NO_STRUCTURE} (for no k did the {stat} beat the 95th percentile of "
            f"{n_null} column-shuffled draws by more than trying several k allows)"
        )
    row = null[null["k"] == chosen_k].iloc[0]
    return (
        f"k chosen automatically: {chosen_k} (its {stat} {row['observed']:.3g} beats the "
        f"95th percentile of {n_null} column-shuffled draws, {row['null_p95']:.3g}; it is "
        f"{row['excess_sd']:.1f} null standard deviations above the null, the most of any k)"
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
        rows.append({"setting": SETTING_NAMES.get(setting, setting), **cells})
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
    nearest the typology's centre in feature space) and its borderline members."""
    # As floats: an unknown code is NaN, and a type unknown for a whole typology has no mean.
    intensities = contexts[list(VIOLENCE_TYPES)].astype(float)
    overall = intensities.mean()
    # Indicators that were clustered on are part of what makes a typology distinctive too.
    indicators = [c for c in INDICATORS if c in X.columns and c in contexts.columns]
    indicator_values = contexts[indicators].apply(pd.to_numeric, errors="coerce")
    overall_median = indicator_values.median()
    context_labels = _context_labels(contexts)
    values = X.to_numpy()
    rows, profiles = [], []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        group = contexts.iloc[members]
        means = intensities.iloc[members].mean()
        setting_share = group["setting"].value_counts(normalize=True)
        block = values[members]
        centre = np.nan_to_num(np.nanmean(block, axis=0)) if len(block) else 0
        medoid = members[np.argmin(np.nansum((block - centre) ** 2, axis=1))]
        borderline = members[np.argsort(confidence[members], kind="stable")][:3]
        borderline = [i for i in borderline if confidence[i] < BORDERLINE_SHARE]
        distinctive = (means - overall).dropna().sort_values(ascending=False)
        words = [
            f"{VIOLENCE_NAMES[v]} {'+' if d >= 0 else ''}{d:.1f}"
            for v, d in distinctive.items()
            if abs(d) >= 0.5
        ]
        words += _indicator_words(indicator_values.iloc[members].median(), overall_median)
        rows.append(
            {
                "typology": int(label) + 1,
                "name": typology_name(means, overall),
                "size": len(members),
                "representative": context_labels[medoid],
                "representative_id": contexts.iloc[medoid]["context_id"],
                "distinctive": ", ".join(words) or "close to the overall mean",
                "main_setting": setting_share.index[0],
                "setting_share": round(float(setting_share.iloc[0]), 2),
                "borderline": "; ".join(context_labels[i] for i in borderline),
                "members": "; ".join(context_labels[members]),
            }
        )
        profiles.append(means)
    table = pd.DataFrame(rows)
    table["name"] = unique_names(table["name"].tolist(), profiles)
    names = {int(t) - 1: n for t, n in zip(table["typology"], table["name"], strict=True)}
    return table, names


def unique_names(names: list[str], profiles: list[pd.Series]) -> list[str]:
    """Make names unique by saying how typologies that earned the same words differ.

    Within a group of equal names, each typology is compared with the mean of the others: the
    violence type it has most more of (or, failing that, most less of) is added in brackets,
    e.g. '(more domestic and gender-based violence)'. Types that differ by the same amount are
    named together. Differences below QUALIFIER_GAP are not called differences; names that are
    still equal after that are numbered (1), (2)... in canonical order.
    """
    out = list(names)
    for base in {n for n in names if names.count(n) > 1}:
        group = [i for i, n in enumerate(names) if n == base]
        for i in group:
            others = pd.concat([profiles[j] for j in group if j != i], axis=1).mean(axis=1)
            out[i] = f"{base} ({_qualifier(profiles[i] - others)})"
    counts = {n: out.count(n) for n in out}
    seen: dict[str, int] = {}
    for i, n in enumerate(out):
        if counts[n] > 1 or n.endswith("()"):
            stem = n.removesuffix(" ()")
            seen[stem] = seen.get(stem, 0) + 1
            out[i] = f"{stem} ({seen[stem]})"
    return out


QUALIFIER_GAP = 0.25  # mean intensity difference (0-3 scale) worth naming


def _qualifier(diff: pd.Series) -> str:
    ranked = diff.sort_values(ascending=False)
    for word, side in (("more", ranked), ("less", -ranked[::-1])):
        top = side.iloc[0]
        if top >= QUALIFIER_GAP:
            kinds = [v for v, d in side.items() if top - d < 0.05][:2]
            return f"{word} {' and '.join(VIOLENCE_NAMES[v] for v in kinds)} violence"
    return ""


def _indicator_words(medians: pd.Series, overall: pd.Series) -> list[str]:
    """'homicide rate 3.1x overall median' for indicators far from the overall median."""
    words = []
    for name, value in medians.items():
        base = overall[name]
        if pd.isna(value) or pd.isna(base) or base <= 0:
            continue
        ratio = value / base
        if ratio >= 1.5 or ratio <= 1 / 1.5:
            words.append(f"{name.replace('_', ' ')} {ratio:.1f}x overall median")
    return words


def typology_name(means: pd.Series, overall: pd.Series, setting_share=None) -> str:
    """A readable name from the violence intensities only (the setting is the other axis).

    Violence types qualify when their mean intensity is at least medium (2) or clearly above the
    overall mean (+0.75); the two strongest are named, in vocabulary order. The level word is
    that of the strongest type on the coding scale (High from 2.5, Medium from 1.5).
    `setting_share` is accepted for old callers and ignored.
    """
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
        named = [v for v in VIOLENCE_TYPES if v in strong[:2]]
        kinds = " and ".join(VIOLENCE_NAMES[v] for v in named)
        return f"{level} {kinds} violence"
    return "Low violence" if means.max() < 1.5 else "Moderate mixed violence"


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
        f"pc{i + 1}": f"principal component {i + 1} ({share:.0%} of variance)"
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
