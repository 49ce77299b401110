"""Shared sidebar state: the typology settings and the filters every page honours, kept in the
URL so that a copied link reopens the same view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from typology.analysis import SETTING_NAMES, Params
from typology.filters import (
    FILTER_LABELS,
    POPULATION_BAND_LABELS,
    POPULATION_BANDS,
    FilterSpec,
    describe_filters,
    filter_contexts,
    unusable_filters,
)
from typology.i18n import N_, _, get_language
from typology.io import DataValidationError
from typology.model import DEFAULT_METHOD, METHOD_LABELS, METHODS
from typology.schema import CONFIDENCE, REGIONS, SETTINGS, VIOLENCE_TYPES
from typology.urlstate import UrlField, decode_state, encode_state
from ui import language, loaders, perspectives, text

K_CHOICES = ["auto", *range(2, 9)]
# Regions and confidence levels in words (the codes stay in the data and the URL).
REGION_WORDS = {
    "Africa": N_("Africa"),
    "Americas": N_("Americas"),
    "Asia": N_("Asia"),
    "Europe": N_("Europe"),
    "Oceania": N_("Oceania"),
}
CONFIDENCE_WORDS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}


def region_word(region: str) -> str:
    return _(REGION_WORDS.get(region, region))


def confidence_word(level: str) -> str:
    return _(CONFIDENCE_WORDS.get(level, level))


DEFAULTS = {"method": DEFAULT_METHOD, "k": 4, "seed": 0, "f_region": [], "f_setting": []}
# More filters (issue 6); f_years None means "the whole range of the data".
DEFAULTS.update(
    {"f_country": [], "f_population": [], "f_years": None, "f_typology": [], "f_confidence": []}
)
# Issue 14: treat country proxies as unknown (only evidence about the city counts).
DEFAULTS["city_evidence_only"] = False
FILTER_KEYS = (
    "f_region",
    "f_country",
    "f_setting",
    "f_population",
    "f_years",
    "f_typology",
    "f_confidence",
)
# Page widgets whose choice is shared between pages and kept in the URL (0: no typology chosen).
PAGE_DEFAULTS: dict[str, Any] = {"typology_focus": 0, "city": None, "compare_ids": []}
# The Practices page's filters and selections (issue 19): kept in the link like the rest.
PRACTICE_FILTERS: dict[str, str] = {
    "p_entry": "p_entry",
    "p_violence": "p_violence",
    "p_setting": "p_setting",
    "p_grade": "p_grade",
    "p_region": "p_region",
    "p_effect": "p_effect",
    "p_strength": "p_strength",
    "p_design": "p_design",
}
PAGE_DEFAULTS.update(dict.fromkeys(PRACTICE_FILTERS, []))
PAGE_DEFAULTS.update({"p_match_typology": None, "p_match_city": None, "p_detail": None})
PAGE_DEFAULTS["p_gap_rows"] = "settings"
# The Practices page's tabs by code: the link names the open tab the same in every language.
PRACTICE_TABS: dict[str, str] = {
    "match": text.MATCH_HEADER,
    "detail": text.DETAIL_HEADER,
    "gaps": text.GAPS_HEADER,
    "reading": text.LITERATURE_HEADER,
}
# The sections of the long pages (issue 18): only the open one is drawn. Each page's section ids,
# first the default; the ids, not the translated labels, go into the link.
SECTIONS: dict[str, tuple[str, ...]] = {
    "method_section": ("scenarios", "chance", "stability", "sensitivity", "appendix"),
    "city_section": ("why", "evidence", "over_time", "practices"),
    "explore_section": ("typologies", "composition", "profiles", "scenarios"),
    "p_tab": tuple(PRACTICE_TABS),
}
SECTION_DEFAULTS = {key: ids[0] for key, ids in SECTIONS.items()}


def _restore() -> None:
    """Put each shared choice back into its widget's state before the widgets are drawn.

    The copy under '_key' is the truth: a user's change reaches it through the widget's
    on_change callback (`keep`), code changes through `_set`. Assigning it on every run, not
    only when the key is missing, matters in Streamlit 1.67: after a page switch the key still
    shows the old page's value, but the new page's widget is a new widget that would start from
    its default (k fell back to 'auto' after navigating)."""
    for key, value in {**DEFAULTS, **PAGE_DEFAULTS}.items():
        st.session_state[key] = st.session_state.get(f"_{key}", value)


def _remember(key: str) -> None:
    st.session_state[f"_{key}"] = st.session_state[key]
    st.session_state.get(LINK_MISSING, {}).pop(key, None)  # the user chose: the note is done


def keep(key: str) -> dict:
    """Widget keyword arguments that record a user's change of a shared choice."""
    return {"on_change": _remember, "args": (key,)}


def _set(key: str, value: Any) -> None:
    """Change a shared choice from code (URL, clearing filters, a choice no longer offered)."""
    st.session_state[key] = value
    st.session_state[f"_{key}"] = value


def shared_value(key: str) -> Any:
    """A shared choice, whether or not its widget is on the current page."""
    default = {**DEFAULTS, **PAGE_DEFAULTS, **SECTION_DEFAULTS}.get(key)
    return st.session_state.get(f"_{key}", st.session_state.get(key, default))


def sidebar() -> None:
    """Draw the shared sidebar: every page calls this first."""
    contexts = _safe_contexts()
    bounds = _year_bounds(contexts)
    fields = _url_fields(contexts, bounds)
    _load_url_once(fields)
    _restore()
    with st.sidebar:
        language.switch()
        st.subheader(text.SIDEBAR_ANALYSIS)
        st.selectbox(
            _("Method"),
            list(METHODS),
            format_func=lambda m: _(METHOD_LABELS[m]),
            key="method",
            **keep("method"),
        )
        st.selectbox(
            _("Number of typologies (k)"),
            K_CHOICES,
            format_func=lambda k: _("auto") if k == "auto" else str(k),
            key="k",
            **keep("k"),
        )
        st.number_input(
            _("Random seed"),
            min_value=0,
            max_value=10_000,
            step=1,
            key="seed",
            **keep("seed"),
        )
        st.toggle(
            text.CITY_EVIDENCE_ONLY,
            key="city_evidence_only",
            help=text.CITY_EVIDENCE_ONLY_HELP,
            **keep("city_evidence_only"),
        )
        perspectives.source_choice()  # only where reviewers have set a consensus (issue 15)
        st.subheader(text.SIDEBAR_FILTERS)
        analysis = _safe_analysis()
        names = typology_names(analysis)
        _drop_unavailable(contexts, names, bounds)
        countries = _countries(contexts)
        _filter_multiselect("f_region", _("Region"), list(REGIONS), region_word)
        _filter_multiselect("f_country", _("Country"), list(countries), countries.get)
        _filter_multiselect(
            "f_setting",
            _("Setting"),
            list(SETTINGS),
            lambda s: _(SETTING_NAMES.get(s, s.replace("_", " "))),
        )
        _filter_multiselect(
            "f_population",
            _("Population"),
            list(POPULATION_BANDS),
            lambda b: _(POPULATION_BAND_LABELS[b]),
        )
        if bounds[0] < bounds[1]:
            st.slider(
                _("Years"),
                min_value=bounds[0],
                max_value=bounds[1],
                key="f_years",
                **keep("f_years"),
            )
        _filter_multiselect(
            "f_typology",
            _("Typology"),
            list(names),
            lambda t: f"{t}. {names.get(t, '')}",
            help=text.TYPOLOGY_FILTER_HELP,
        )
        _filter_multiselect(
            "f_confidence",
            _("Data confidence"),
            list(CONFIDENCE),
            confidence_word,
            help=text.CONFIDENCE_FILTER_HELP,
        )
        if analysis is not None:
            every = analysed_contexts(analysis)
            shown = len(filter_contexts(every, current_filter_spec()))
            st.caption(text.SELECTION_COUNT.format(shown=shown, total=len(every)))
        st.button(_("Clear filters"), key="clear_filters", on_click=_clear_filters)
    _write_url(fields, bounds)


def _filter_multiselect(
    key: str, label: str, options: list, words: Any, help: str | None = None
) -> None:
    """One sidebar filter: a multiselect of `options` shown by `words`, kept under `key`."""
    st.multiselect(
        label,
        options,
        placeholder=_("Choose options"),
        format_func=lambda o: words(o) or str(o),
        key=key,
        help=help,
        **keep(key),
    )


def _safe_contexts() -> pd.DataFrame | None:
    try:
        return active_contexts()
    except (DataValidationError, ValueError, OSError):
        return None  # the page itself reports the problem


def _safe_analysis():
    try:
        return current_analysis()
    except (DataValidationError, ValueError):
        return None  # the page itself reports the problem


def typology_names(analysis) -> dict[int, str]:
    """Typology number -> name, or {} without an analysis."""
    if analysis is None:
        return {}
    table = analysis.typologies
    return {int(t): str(n) for t, n in zip(table["typology"], table["name"], strict=True)}


def _countries(contexts: pd.DataFrame | None) -> dict[str, str]:
    if contexts is None or "iso3" not in contexts:
        return {}
    pairs = contexts[["iso3", "country"]].drop_duplicates("iso3")
    names = {i: country_word(i, c) for i, c in zip(pairs["iso3"], pairs["country"], strict=True)}
    return dict(sorted(names.items(), key=lambda item: item[1]))


def _year_bounds(contexts: pd.DataFrame | None) -> tuple[int, int]:
    if contexts is None or contexts.empty:
        return (1946, 2100)
    return (int(contexts["year"].min()), int(contexts["year"].max()))


def _drop_unavailable(
    contexts: pd.DataFrame | None, names: dict[int, str], bounds: tuple[int, int]
) -> None:
    """A choice the widgets cannot show (a typology above the new k, a country of another
    table) would make Streamlit raise: keep only what is on offer."""
    state = st.session_state
    offered = {
        "f_region": set(REGIONS),
        "f_country": set(_countries(contexts)),
        "f_setting": set(SETTINGS),
        "f_population": set(POPULATION_BANDS),
        "f_typology": set(names),
        "f_confidence": set(CONFIDENCE),
    }
    for key, allowed in offered.items():
        chosen = list(state.get(key) or [])
        if any(v not in allowed for v in chosen):
            _set(key, [v for v in chosen if v in allowed])
    years = state.get("f_years")
    low, high = bounds
    previous = state.get("_year_bounds")
    # The whole range of the previous data (an upload replaced, say) stays "the whole range".
    whole = previous is not None and years is not None and tuple(years) == tuple(previous)
    if not years or whole or not low <= years[0] <= years[1] <= high:
        _set("f_years", (low, high))
    else:
        _set("f_years", (int(years[0]), int(years[1])))
    state["_year_bounds"] = bounds


def _clear_filters() -> None:
    for key in FILTER_KEYS:
        _set(key, st.session_state.get("_year_bounds") if key == "f_years" else [])


def current_filter_spec() -> FilterSpec:
    """The filters as plain data, for typology.filters."""

    def chosen(key: str) -> tuple:
        return tuple(shared_value(key) or ())

    years = shared_value("f_years")
    bounds = st.session_state.get("_year_bounds")
    if not years or tuple(years) == tuple(bounds or ()):
        years = None  # the whole range: not a restriction worth naming
    return FilterSpec(
        regions=chosen("f_region"),
        countries=chosen("f_country"),
        settings=chosen("f_setting"),
        population_bands=chosen("f_population"),
        years=tuple(int(y) for y in years) if years else None,
        typologies=tuple(int(t) for t in chosen("f_typology")),
        confidence=chosen("f_confidence"),
    )


# ---- Shareable state: the URL ------------------------------------------------------------------


def _url_fields(contexts: pd.DataFrame | None, bounds: tuple[int, int]) -> tuple[UrlField, ...]:
    ids = tuple(contexts["context_id"]) if contexts is not None else ()
    return (
        UrlField("method", "method", "one", tuple(METHODS)),
        UrlField("k", "k", "one", tuple(K_CHOICES)),
        UrlField("seed", "seed", "int", bounds=(0, 10_000)),
        UrlField("f_region", "region", "many", REGIONS),
        UrlField("f_country", "country", "many", tuple(_countries(contexts))),
        UrlField("f_setting", "setting", "many", SETTINGS),
        UrlField("f_population", "population", "many", tuple(POPULATION_BANDS)),
        UrlField("f_years", "years", "range", bounds=bounds),
        UrlField("f_typology", "typology", "many", tuple(range(1, 9))),
        UrlField("f_confidence", "confidence", "many", CONFIDENCE),
        UrlField("typology_focus", "focus", "one", tuple(range(0, 9))),
        UrlField("city", "city", "one", ids),
        UrlField("compare_ids", "compare", "many", ids),
        UrlField("city_evidence_only", "city_evidence", "one", (True, False)),
        *_practice_fields(ids),
        *(UrlField(key, key, "one", ids) for key, ids in SECTIONS.items()),
    )


def _practice_fields(ids: tuple[str, ...]) -> tuple[UrlField, ...]:
    """The Practices page's choices in the URL; the page drops a choice it does not offer."""
    from typology.practices import EFFECTS, ENTRY_POINTS, EVIDENCE_GRADES, STRENGTHS, STUDY_DESIGNS

    allowed = {
        "p_entry": ENTRY_POINTS,
        "p_violence": VIOLENCE_TYPES,
        "p_setting": SETTINGS,
        "p_grade": EVIDENCE_GRADES,
        "p_region": REGIONS,
        "p_effect": EFFECTS,
        "p_strength": STRENGTHS,
        "p_design": STUDY_DESIGNS,
    }
    practice_ids = tuple(f"P{i:03d}" for i in range(1000))  # the schema's id pattern P\d{3}
    return (
        *(UrlField(k, p, "many", tuple(allowed[k])) for k, p in PRACTICE_FILTERS.items()),
        UrlField("p_match_typology", "p_typology", "one", tuple(range(1, 9))),
        UrlField("p_match_city", "p_city", "one", ids),
        UrlField("p_detail", "p_practice", "one", practice_ids),
        UrlField("p_gap_rows", "p_rows", "one", ("settings", "typologies")),
    )


def _load_url_once(fields: tuple[UrlField, ...]) -> None:
    """Read the link's values into the widgets' state once per session; afterwards the widgets
    lead and the URL follows (otherwise every rerun would undo what the user just chose)."""
    if st.session_state.get("_url_loaded"):
        return
    st.session_state["_url_loaded"] = True
    params = st.query_params.to_dict()
    st.session_state[LINK_MISSING] = _missing_contexts(params, fields)
    for key, value in decode_state(params, fields).items():
        _set(key, value)


# Context ids a shared link asked for that the data in use does not hold (an upload lives in
# its own session only): {"city": [...], "compare_ids": [...]}, until the user chooses again.
LINK_MISSING = "_link_missing"


def _missing_contexts(params: dict, fields: tuple[UrlField, ...]) -> dict[str, list[str]]:
    from typology.urlstate import SEPARATOR

    missing: dict[str, list[str]] = {}
    for field in fields:
        if field.key not in ("city", "compare_ids") or field.param not in params:
            continue
        raw = params[field.param]
        raw = raw[-1] if isinstance(raw, list) and raw else raw
        asked = [i.strip() for i in str(raw or "").split(SEPARATOR) if i.strip()]
        absent = [i for i in asked if i not in set(field.allowed)]
        if absent:
            missing[field.key] = absent
    return missing


def link_missing(key: str) -> list[str]:
    """The context ids the link asked for under `key` that are not in the data in use."""
    return list(st.session_state.get(LINK_MISSING, {}).get(key, []))


def write_url() -> None:
    """Write the shared state to the URL from a fragment (issue 18): a fragment's rerun does not
    run the sidebar, which writes it on a whole-page run, but a copied link must still reopen
    the view the user has just chosen."""
    contexts = _safe_contexts()
    bounds = _year_bounds(contexts)
    _write_url(_url_fields(contexts, bounds), bounds)


def _write_url(fields: tuple[UrlField, ...], bounds: tuple[int, int]) -> None:
    """Write the shared state to the URL on every run: navigating between pages clears the query
    parameters, and a link copied from any page should reopen that view."""
    values = {f.key: shared_value(f.key) for f in fields}
    defaults = {**DEFAULTS, **PAGE_DEFAULTS, **SECTION_DEFAULTS, "f_years": bounds}
    wanted = encode_state(values, fields, defaults)
    current = st.query_params.to_dict()
    for field in fields:
        if field.param in wanted and current.get(field.param) != wanted[field.param]:
            st.query_params[field.param] = wanted[field.param]
        elif field.param not in wanted and field.param in current:
            del st.query_params[field.param]


def section_tabs(labels: dict[str, str], key: str) -> dict[str, Any]:
    """Lazy tabs for a page's sections: {section id: tab container}. Only the open tab's
    `.open` is True, so a page draws (and computes) that section alone: the browser's drawing of
    tables and charts below the fold made the long pages slow to settle (issue 18).

    `labels` maps the section ids of SECTIONS[key] to their labels in the reader's language.
    The open section is kept by id under '_<key>' and in the link (?<key>=<id>), so a changed
    language or a page switch keeps it and a copied link reopens it; the tab widget itself
    (key `key`) holds the label, which is what the browser and a test set."""
    ids = SECTIONS[key]
    id_of = {label: section for section, label in labels.items()}
    chosen = st.session_state.get(key)
    if chosen in id_of:  # the reader (or a test) opened a tab
        section = id_of[chosen]
    else:  # first draw, another language, or a link: the remembered id
        section = shared_value(key)
        section = section if section in labels else ids[0]
    st.session_state[f"_{key}"] = section
    st.session_state[key] = labels[section]
    # The frame wrote the link before this page ran: bring this section's parameter up to date.
    if section == ids[0]:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != section:
        st.query_params[key] = section
    shown = [s for s in ids if s in labels]
    # A callback, not on_change="rerun" alone: it records the id before the run, so the frame's
    # sidebar, which writes the link before the page draws, already writes the new section.
    tabs = st.tabs(
        [labels[s] for s in shown], key=key, on_change=_remember_section, args=(key, id_of)
    )
    return dict(zip(shown, tabs, strict=True))


def draw_sections(sections: dict[str, tuple[str, Callable[..., None]]], key: str, *args) -> None:
    """A page's sections as lazy tabs (section_tabs): {section id: (label, draw)}; only the open
    section's draw(*args) runs."""
    tabs = section_tabs({section: label for section, (label, _draw) in sections.items()}, key)
    for section, tab in tabs.items():
        if tab.open:
            with tab:
                sections[section][1](*args)


def _remember_section(key: str, id_of: dict[str, str]) -> None:
    st.session_state[f"_{key}"] = id_of.get(st.session_state.get(key), SECTION_DEFAULTS[key])


def ensure_choice(key: str, options: list, default: Any) -> None:
    """Before drawing a page's selectbox: a remembered choice that is no longer offered (another
    table, another k) falls back to `default` instead of making Streamlit raise. A link that
    asked for a context not in the data leaves the choice empty (None) until the user picks
    one: opening another context silently would mislead."""
    if link_missing(key):
        _set(key, None)
    elif st.session_state.get(key) not in options:
        _set(key, default)


def ensure_choices(key: str, options: list, default: list, limit: int | None = None) -> None:
    """The same for a multiselect: keep the offered items, at most `limit` of them. The default
    fills an empty choice only on the first visit, so a user may clear the choice on purpose."""
    chosen = [v for v in (st.session_state.get(key) or []) if v in options]
    if not chosen and not st.session_state.get(f"_seeded_{key}"):
        chosen = [v for v in default if v in options]
    st.session_state[f"_seeded_{key}"] = True
    chosen = chosen[:limit] if limit else chosen
    if chosen != st.session_state.get(key):
        _set(key, chosen)


def current_params() -> Params:
    from ui import feature_controls  # features and weights are chosen on the Method page

    state = st.session_state
    return Params(
        method=state.get("method", DEFAULTS["method"]),
        k=state.get("k", DEFAULTS["k"]),
        seed=int(state.get("seed", DEFAULTS["seed"])),
        features=feature_controls.chosen_features(),
        weights=feature_controls.chosen_weights(),
    )


def default_params() -> Params:
    """The settings of a fresh session: what the server warms up before anyone connects."""
    from ui import feature_controls

    return Params(
        method=DEFAULTS["method"],
        k=DEFAULTS["k"],
        seed=DEFAULTS["seed"],
        features=feature_controls.default_features(),
        weights=feature_controls.default_weights(),
    )


def active_contexts() -> pd.DataFrame:
    """The contexts this session works on: the bundled table, or an upload (alone or added to
    the bundled contexts). Raises DataValidationError when an added upload clashes."""
    contexts = _contexts_in_use()
    if shared_value("city_evidence_only"):
        return loaders.city_evidence_only(contexts)
    return contexts


def _contexts_in_use() -> pd.DataFrame:
    upload = st.session_state.get(UPLOAD)
    if not upload:
        return perspectives.with_consensus(loaders.bundled_contexts())
    uploaded = st.session_state[UPLOAD_FRAME]
    if upload_mode() == "alone":
        return uploaded
    return loaders.bundled_plus_upload(upload["digest"], uploaded)


def current_analysis():
    """The typologies of all active contexts, with the current settings (cached)."""
    return loaders.cached_analysis(active_contexts(), current_params())


def apply_filters(contexts: pd.DataFrame) -> pd.DataFrame:
    """The rows of `contexts` the sidebar filters keep (typology.filters does the work)."""
    return filter_contexts(contexts, current_filter_spec())


def analysed_contexts(analysis) -> pd.DataFrame:
    """Every context the analysis was given, unclassified ones included (typology.analysis)."""
    from typology.analysis import with_unclassified

    return with_unclassified(analysis)


def filtered_or_explain(contexts: pd.DataFrame, analysis=None) -> pd.DataFrame:
    """The filtered rows; when none match, say which filters exclude everything and stop the
    page there (an empty chart explains nothing)."""
    spec = current_filter_spec()
    skipped = unusable_filters(contexts, spec)
    if skipped:
        names = ", ".join(_(FILTER_LABELS[s]) for s in skipped)
        st.caption(text.SKIPPED_FILTERS.format(names=names))
    kept = filter_contexts(contexts, spec)
    if kept.empty:
        phrases = describe_filters(spec, typology_names(analysis))
        st.info(text.EMPTY_SELECTION_WITH.format(filters="; ".join(phrases) or _("no filter")))
        st.stop()
    return kept


def analysis_or_stop(show_notes: bool = True):
    """The current analysis, or a plain message and the end of the page when there is none."""
    try:
        analysis = current_analysis()
    except DataValidationError as err:
        st.error(text.DATA_ERROR)
        st.code("\n".join(str(p) for p in err.problems))
        st.stop()
    except ValueError as err:  # too few contexts to form typologies
        st.warning(str(err))
        st.stop()
    for note in analysis.notes if show_notes else ():
        st.caption(note)
    return analysis


# Typing in a city box matches a part of the label ('Bogot' -> Bogotá, 'Colombia', '2018'),
# not scattered letters in order (Streamlit's default fuzzy mode offered Belfast for 'Bogot').
CITY_SEARCH: dict[str, str] = {"filter_mode": "contains"}


def country_word(iso3: object, country: object, lang: str | None = None) -> str:
    """The country as the data names it in English; outside English the OCHA taxonomy's name
    in that language (typology.i18n_data), the data's name when the taxonomy has none."""
    lang = lang or get_language()
    if lang == "en":
        return str(country)
    from typology.i18n_data import country_name

    return country_name(iso3, lang=lang, default=str(country))


def context_label(contexts: pd.DataFrame):
    """A format_func for context ids: 'Bogotá, Colombia (2015)', the country in the language
    of the run that drew the widget."""
    lang = get_language()
    iso3 = contexts["iso3"] if "iso3" in contexts else [None] * len(contexts)
    # Every label made in one pass: a row lookup per option cost Compare most of its run.
    labels: dict[str, str] = {}
    for context_id, city, code, country, year in zip(
        contexts["context_id"],
        contexts["city"],
        iso3,
        contexts["country"],
        contexts["year"],
        strict=True,
    ):
        labels.setdefault(context_id, f"{city}, {country_word(code, country, lang)} ({int(year)})")

    def label(context_id: str) -> str:
        return labels.get(context_id, str(context_id))

    return label


_MARKDOWN_SPECIALS = "\\`*_{}[]()#+!|<>$~"


def md_escape(value: object) -> str:
    """Text from data files shown inside markdown: no formatting, no link, no HTML."""
    return "".join("\\" + c if c in _MARKDOWN_SPECIALS else c for c in str(value))


# --- Uploaded contexts (the Data page) -------------------------------------------------------
# Session state only: the digest and name under UPLOAD, the validated frame under UPLOAD_FRAME.
# Nothing is written to disk; the parse is cached by digest (ui.loaders.parsed_upload).
UPLOAD = "_upload"
UPLOAD_FRAME = "_upload_frame"
UPLOAD_MODES = ("add", "alone")


def upload_mode() -> str:
    """'add' (to the bundled contexts) or 'alone'; kept under '_upload_mode' so that it survives
    pages without the radio (see _restore)."""
    return st.session_state.get("_upload_mode", "add")


def restore_upload_mode() -> None:
    """Call before drawing the `upload_mode` radio."""
    if st.session_state.get("upload_mode") not in UPLOAD_MODES:
        st.session_state["upload_mode"] = upload_mode()


def remember_upload_mode() -> None:
    """on_change of the `upload_mode` radio."""
    st.session_state["_upload_mode"] = st.session_state.get("upload_mode", "add")


def receive_upload(data: bytes, filename: str) -> list:
    """Validate uploaded bytes; when valid they become this session's contexts. Returns the
    problems (empty when the upload is in use); an invalid file leaves the contexts unchanged."""
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    current = st.session_state.get(UPLOAD)
    if current and current["digest"] == digest:
        return []
    frame, problems = loaders.parsed_upload(digest, filename, data)
    if problems:
        return problems
    st.session_state[UPLOAD] = {"digest": digest, "name": filename, "rows": len(frame)}
    st.session_state[UPLOAD_FRAME] = frame
    return []


def upload_status() -> dict | None:
    """{'digest', 'name', 'rows'} of the upload in use, or None for the bundled data."""
    return st.session_state.get(UPLOAD)


def upload_widget_key() -> str:
    """The file uploader's key; it changes when the upload is cleared, which empties the widget
    (a file uploader's value cannot be set from code)."""
    return f"upload_file_{st.session_state.get('_upload_widget', 0)}"


def clear_upload() -> None:
    """Back to the bundled data (on_click of `upload_clear`)."""
    st.session_state.pop(UPLOAD, None)
    st.session_state.pop(UPLOAD_FRAME, None)
    st.session_state["_upload_widget"] = st.session_state.get("_upload_widget", 0) + 1


def active_data_version() -> tuple[str, str]:
    """(label, short sha256) of the data behind the current typologies, for exports."""
    bundled = loaders.bundled_data_version()
    upload = st.session_state.get(UPLOAD)
    if not upload:
        return "data/cities.csv", bundled
    if upload_mode() == "alone":
        return f"upload {upload['name']}", upload["digest"][:12]
    from typology.export import data_version

    combined = data_version(bundled.encode(), upload["digest"].encode())
    return f"data/cities.csv + upload {upload['name']}", combined
