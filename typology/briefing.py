"""The briefing for a TWG meeting: slides built from one analysis, written as one offline HTML
file (or a PowerPoint). Pure: no Streamlit, no network.

The slide list is plain data (`Slide`), so the Present page, the HTML file and the PowerPoint
show the same slides. Matched practices and the evidence-gap matrix (typology/matching.py) join
by passing `practices_by_typology` / `evidence_gaps` to `build_slides`; when they are None those
slides are simply left out, never drawn as placeholders.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from typology.fingerprint import ANALYSIS_COLUMNS, data_version  # noqa: F401 - re-exported
from typology.i18n import N_, _, format_number, get_language
from typology.schema import VIOLENCE_TYPES

# Prose of the briefing in one place, so that it can be translated with the app's own text.
TEXT: dict[str, str] = {
    "heading": N_("Scenario typologies for urban safety and peacebuilding"),
    "question": N_("Which scenario typologies do our cities fall into, and what has worked there?"),
    "map_title": N_("Where the typologies are"),
    "map_caption": N_(
        "Each point is a context (a city in a reference year), coloured by typology."
    ),
    "profile_caption": N_(
        "Mean coded intensity per violence type (0 none, 1 low, 2 medium, 3 high), "
        "beside the mean of all contexts (grey)."
    ),
    "practices_title": N_("What has been tried: {name}"),
    "gaps_title": N_("Evidence gaps: where practices and evaluations are missing"),
    "method_title": N_("Method and sources"),
    "more": N_("and {n} more"),
    "no_borderline": N_("none (every member fits clearly)"),
    "scenario_title": N_("Scenarios: setting x violence typology"),
    "scenario_caption": N_(
        "Rows are the settings (armed conflict, post-conflict, criminal violence, stable), "
        "columns the violence typologies found from the seven coded violence types. Each cell "
        "gives the number of contexts and the cities."
    ),
    "footer": N_(
        "Generated offline by the scenario typology dashboard. Coded intensities and indicators "
        "come with their sources; country figures used for a city are labelled as such."
    ),
}
PRACTICE_COLUMNS: tuple[str, ...] = (
    "name",
    "city",
    "period",
    "entry_point",
    "evidence_grade",
    "match",
    "score",
)
MAX_TABLE_ROWS = 12
SLIDE_KINDS: tuple[str, ...] = (
    "title",
    "map",
    "scenario",
    "typology",
    "practices",
    "gaps",
    "agreement",
    "method",
)


@dataclass
class Slide:
    """One slide: text fields hold raw data text (escaped only where it is rendered)."""

    kind: str  # one of SLIDE_KINDS
    title: str
    subtitle: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    figure: object | None = None  # a plotly go.Figure
    chart: dict | None = None  # {"categories": [...], "series": {name: [values]}} for pptx
    table: pd.DataFrame | None = None
    caption: str = ""
    typology: int | None = None
    notes: list[str] = field(default_factory=list)  # speaker notes: sources, caveats


def used_sources(contexts: pd.DataFrame, sources: pd.DataFrame | None) -> pd.DataFrame:
    """The rows of sources.csv cited by the contexts (all of them when the contexts say none)."""
    if sources is None or sources.empty:
        return pd.DataFrame(columns=["source_id", "citation", "url", "licence", "accessed"])
    if "sources" not in contexts or "source_id" not in sources:
        return sources.reset_index(drop=True)
    cited = {
        part.strip()
        for value in contexts["sources"].dropna().astype(str)
        for part in value.split(";")
        if part.strip()
    }
    used = sources[sources["source_id"].astype(str).isin(cited)]
    return (used if not used.empty else sources).reset_index(drop=True)


def context_label(row: Mapping) -> str:
    return f"{row['city']} ({row['iso3']}, {int(row['year'])})"


def method_facts(analysis, version: str) -> list[tuple[str, str]]:
    """The parameters a reader needs to reproduce the typologies."""
    from typology.analysis import feature_names_for
    from typology.labels import column_label
    from typology.model import METHOD_LABELS

    params = analysis.params
    requested = "" if params.k == analysis.k else " " + _("(requested: {k})").format(k=params.k)
    weights = ", ".join(f"{g}={w:g}" for g, w in params.weights) or _("equal")
    return [
        (_("Method"), f"{_(METHOD_LABELS.get(params.method, params.method))} ({params.method})"),
        (_("Typologies (k)"), f"{analysis.k}{requested}"),
        (_("Random seed"), str(params.seed)),
        (_("Features"), ", ".join(column_label(f) for f in feature_names_for(params.features))),
        (_("Feature groups"), ", ".join(params.features)),
        (_("Weights"), weights),
        (_("Contexts fitted"), format_number(len(analysis.contexts))),
        (_("Data version"), f"sha256 {version}"),
    ]


def build_slides(
    analysis,
    *,
    contexts: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    practices_by_typology: Mapping[int, pd.DataFrame] | None = None,
    evidence_gaps: pd.DataFrame | None = None,
    selection_note: str = "",
    agreement: pd.DataFrame | None = None,
) -> list[Slide]:
    """Title, map, one slide per typology (each followed by its practices when given), the
    evidence gaps when given, then method and sources.

    `contexts` is the selection shown (analysis.contexts filtered); it defaults to all fitted
    contexts. Typologies with no member in the selection get no slide."""
    shown = analysis.contexts if contexts is None else contexts
    slides = [
        title_slide(analysis, shown, selection_note),
        map_slide(analysis, shown),
        scenario_slide(analysis, shown),
    ]
    present = set(shown["typology"].astype(int)) if len(shown) else set()
    for typology in analysis.typologies["typology"].astype(int):
        if typology not in present:
            continue
        slides.append(typology_slide(analysis, typology, shown))
        if practices_by_typology is not None:
            practices = practices_by_typology.get(typology)
            if practices is not None and not practices.empty:
                slides.append(practices_slide(analysis, typology, practices))
    if evidence_gaps is not None and not evidence_gaps.empty:
        slides.append(gaps_slide(evidence_gaps))
    if agreement is not None and not agreement.empty:
        slides.append(agreement_slide(agreement, shown))
    slides.append(method_slide(analysis, sources))
    return slides


def title_slide(analysis, shown: pd.DataFrame, selection_note: str = "") -> Slide:
    from typology.model import METHOD_LABELS

    facts = [
        (_("Contexts"), format_number(len(shown))),
        (_("Countries"), format_number(shown["iso3"].nunique() if len(shown) else 0)),
        (_("Typologies"), f"{analysis.k}"),
        (_("Method"), _(METHOD_LABELS.get(analysis.params.method, analysis.params.method))),
    ]
    bullets = [selection_note] if selection_note else []
    return Slide("title", _(TEXT["heading"]), _(TEXT["question"]), facts=facts, bullets=bullets)


def map_slide(analysis, shown: pd.DataFrame) -> Slide:
    from typology.charts import world_map

    size = "population" if "population" in shown else None
    figure = world_map(shown, color="typology_name", size=size) if len(shown) else None
    counts = shown.groupby("typology").size() if len(shown) else pd.Series(dtype=int)
    table = pd.DataFrame(
        {
            N_("typology"): analysis.typologies["typology"].astype(int),
            N_("name"): analysis.typologies["name"],
            N_("contexts"): [int(counts.get(t, 0)) for t in analysis.typologies["typology"]],
            N_("representative"): analysis.typologies["representative"],
        }
    )
    return Slide(
        "map",
        _(TEXT["map_title"]),
        figure=figure,
        table=table[table["contexts"] > 0].reset_index(drop=True),
        caption=_(TEXT["map_caption"]),
    )


# A slide cell has room for about a dozen city names at 14 pt; the page lists them all.
SCENARIO_CELL_CITIES = 12


def scenario_slide(analysis, shown: pd.DataFrame) -> Slide:
    """The scenario matrix: settings (rows) x violence typologies (columns), with the cities."""
    from typology.analysis import restates_setting, scenario_matrix

    bullets = []
    if analysis.ari_setting is not None:
        bullets.append(
            _("Agreement between typologies and settings (adjusted Rand index): {ari}").format(
                ari=format_number(analysis.ari_setting, 2)
            )
            + (
                " - " + _("the typologies restate the setting.")
                if restates_setting(analysis)
                else " " + _("(0 = independent, 1 = the same grouping).")
            )
        )
    return Slide(
        "scenario",
        _(TEXT["scenario_title"]),
        bullets=bullets,
        table=scenario_matrix(analysis, shown, max_cities=SCENARIO_CELL_CITIES),
        caption=_(TEXT["scenario_caption"]),
    )


def typology_slide(analysis, typology: int, shown: pd.DataFrame) -> Slide:
    from typology.analysis import setting_name, violence_name
    from typology.charts import profile_bars, typology_colors

    row = analysis.typologies.set_index("typology").loc[typology]
    members = shown[shown["typology"] == typology]
    overall = analysis.contexts[list(VIOLENCE_TYPES)].mean()
    colors = typology_colors(analysis.contexts["typology_name"].astype(str))
    figure = profile_bars(
        analysis.profile,
        typology=typology,
        overall=overall,
        name=row["name"],
        color=colors.get(str(row["name"]), "#0072B2"),
    )
    in_selection = (
        _("{n} of {total}").format(n=len(members), total=int(row["size"]))
        if len(members) != row["size"]
        else f"{len(members)}"
    )
    setting = setting_name(row["main_setting"])
    share = format_number(100 * float(row["setting_share"])) + "\u00a0%"
    if get_language() == "en":
        share = f"{row['setting_share']:.0%}"
    facts = [
        (_("Contexts"), in_selection),
        (
            _("Main setting"),
            _("{setting} ({share} of members)").format(setting=setting, share=share),
        ),
        (_("Distinctive"), str(row["distinctive"])),
        (_("Representative"), str(row["representative"])),
        (_("Borderline"), str(row["borderline"]) or _(TEXT["no_borderline"])),
    ]
    return Slide(
        "typology",
        _("Typology {n}: {name}").format(n=typology, name=row["name"]),
        facts=facts,
        members=[context_label(r) for _index, r in members.sort_values("city").iterrows()],
        figure=figure,
        chart={
            "categories": [violence_name(v) for v in VIOLENCE_TYPES],
            "series": {
                str(row["name"]): [
                    float(analysis.profile.loc[typology, v]) for v in VIOLENCE_TYPES
                ],
                _("all contexts"): [round(float(overall[v]), 2) for v in VIOLENCE_TYPES],
            },
        },
        caption=_(TEXT["profile_caption"]),
        typology=typology,
    )


def practices_slide(analysis, typology: int, practices: pd.DataFrame) -> Slide:
    name = analysis.typologies.set_index("typology").loc[typology, "name"]
    columns = [c for c in PRACTICE_COLUMNS if c in practices] or list(practices.columns[:6])
    table = practices[columns].head(MAX_TABLE_ROWS).reset_index(drop=True)
    extra = len(practices) - len(table)
    return Slide(
        "practices",
        _(TEXT["practices_title"]).format(name=name),
        table=table,
        caption=_(TEXT["more"]).format(n=extra) if extra > 0 else "",
        typology=typology,
    )


def gaps_slide(evidence_gaps: pd.DataFrame) -> Slide:
    table = evidence_gaps.reset_index() if evidence_gaps.index.name else evidence_gaps
    return Slide("gaps", _(TEXT["gaps_title"]), table=table.reset_index(drop=True))


def agreement_slide(agreement: pd.DataFrame, shown: pd.DataFrame) -> Slide:
    """Krippendorff's alpha between TWG members (typology.perspectives.agreement), read as the
    TWG reads it, and which of the shown values are member consensus."""
    from typology.perspectives.agreement import reading

    table = agreement.assign(alpha=agreement["alpha"].round(3))
    table["reading"] = agreement["alpha"].map(lambda a: _(reading(a)))
    bullets = []
    if "consensus_items" in shown:
        marked = shown[shown["consensus_items"].fillna("") != ""]
        for _index, row in marked.iterrows():
            items = row["consensus_items"].replace(";", ", ").replace("_", " ")
            bullets.append(
                _("{context}: member consensus for {items}").format(
                    context=context_label(row), items=items
                )
            )
    caption = _(
        "Krippendorff's alpha over the city-years coded by two or more members (ordinal per "
        "violence type, nominal for the setting). The usual reading: 0.8 or more reliable, "
        "0.667 to 0.8 tentative, below that unreliable."
    )
    if not bullets:
        caption += " " + _("No value in this briefing comes from a member consensus.")
    return Slide(
        "agreement",
        _("Agreement between members"),
        table=table[["variable", "alpha", "reading", "units", "coders"]],
        caption=caption,
        bullets=bullets,
    )


def method_slide(analysis, sources: pd.DataFrame | None) -> Slide:
    version = data_version(analysis.contexts)
    table = used_sources(analysis.contexts, sources)
    keep = [c for c in ("source_id", "citation", "url", "licence", "accessed") if c in table]
    return Slide(
        "method",
        _(TEXT["method_title"]),
        facts=method_facts(analysis, version),
        bullets=list(analysis.notes),
        table=table[keep] if keep else table,
        caption=_(TEXT["footer"]),
    )


# --- HTML -----------------------------------------------------------------------------------

TOPOJSON_NAME = "world_110m"  # plotly.js's name for scope "world" at resolution 110
_URL = re.compile(r"^https?://\S+$")

CSS = """
:root { --ink: #1d1d1d; --muted: #5a5a5a; --accent: #0072B2; }
* { box-sizing: border-box; }
html { scroll-snap-type: y proximity; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); background: #fafaf7; font-size: 22px; line-height: 1.4; }
.slide { min-height: 100vh; padding: 3vh 5vw 4vh; scroll-snap-align: start;
         border-bottom: 1px solid #ddd; background: white; display: flex; flex-direction: column; }
.slide header { display: flex; justify-content: space-between; color: var(--muted);
                font-size: 16px; margin-bottom: 1vh; }
h1 { font-size: 44px; margin: 0 0 12px; line-height: 1.15; }
.slide.title h1 { font-size: 56px; margin-top: 18vh; }
.subtitle { font-size: 32px; color: var(--accent); margin: 0 0 24px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 24px; margin: 0 0 16px; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; }
.figure { margin: 8px 0; }
.caption { color: var(--muted); font-size: 17px; }
ul.members { columns: 4 14em; font-size: 16px; padding-left: 1.2em; margin: 8px 0; }
table { border-collapse: collapse; font-size: 16px; margin: 8px 0; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0ec; }
td a { color: var(--accent); word-break: break-all; }
nav.hint { position: fixed; right: 12px; bottom: 8px; color: var(--muted); font-size: 13px; }
@media print {
  @page { size: landscape; margin: 12mm; }
  html { scroll-snap-type: none; }
  body { background: white; font-size: 16px; }
  .slide { min-height: auto; border: 0; break-after: page; page-break-after: always; }
  .slide.title h1 { margin-top: 20mm; }
  nav.hint { display: none; }
}
"""

# Arrow keys, Page Up/Down and space move one slide; all inline, no request anywhere.
NAV_JS = """
document.addEventListener('keydown', function (event) {
  var slides = Array.prototype.slice.call(document.querySelectorAll('section.slide'));
  var y = window.scrollY + 5, index = 0;
  slides.forEach(function (s, i) { if (s.offsetTop <= y) { index = i; } });
  var next = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1,
              ArrowLeft: -1, ArrowUp: -1, PageUp: -1}[event.key];
  if (!next) { return; }
  var target = slides[Math.max(0, Math.min(slides.length - 1, index + next))];
  if (target) { event.preventDefault(); target.scrollIntoView(); }
});
"""


def default_topojson_path() -> Path:
    return Path(__file__).resolve().parent.parent / "static" / "topojson" / "world_110m.json"


def _script_json(value) -> str:
    """JSON safe inside a <script> element (no '</script>' can close it early)."""
    return (
        json.dumps(value, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value)
    if _URL.match(text):
        # A link the reader may follow; nothing is fetched when the file is opened.
        return f'<a href="{html.escape(text)}" rel="noreferrer">{html.escape(text)}</a>'
    return html.escape(text)


def table_html(table: pd.DataFrame) -> str:
    from typology.powerpoint import table_text

    headings, cells = table_text(table)  # codes in words, as on the PowerPoint slides
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headings)
    rows = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in cells)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def slide_html(slide: Slide, number: int, total: int, figure_html: str = "") -> str:
    from typology.labels import plain

    parts = [
        f'<section class="slide {html.escape(slide.kind)}" id="slide-{number}" '
        f'data-kind="{html.escape(slide.kind)}">',
        f"<header><span>{html.escape(_(TEXT['heading']))}</span>"
        f"<span>{number} / {total}</span></header>",
        f"<h1>{html.escape(slide.title)}</h1>",
    ]
    if slide.subtitle:
        parts.append(f'<p class="subtitle">{html.escape(slide.subtitle)}</p>')
    if slide.facts:
        parts.append(
            '<dl class="facts">'
            + "".join(
                f"<dt>{html.escape(k)}</dt><dd>{html.escape(plain(v))}</dd>" for k, v in slide.facts
            )
            + "</dl>"
        )
    if figure_html:
        parts.append(f'<div class="figure">{figure_html}</div>')
    if slide.caption and slide.kind in ("map", "typology"):
        parts.append(f'<p class="caption">{html.escape(slide.caption)}</p>')
    if slide.bullets:
        parts.append(
            "<ul>" + "".join(f"<li>{html.escape(plain(b))}</li>" for b in slide.bullets) + "</ul>"
        )
    if slide.members:
        parts.append(
            "<h2>"
            + html.escape(_("Member cities ({n})").format(n=len(slide.members)))
            + '</h2><ul class="members">'
            + "".join(f"<li>{html.escape(m)}</li>" for m in slide.members)
            + "</ul>"
        )
    if slide.table is not None and not slide.table.empty:
        parts.append(table_html(slide.table))
    if slide.caption and slide.kind not in ("map", "typology"):
        parts.append(f'<p class="caption">{html.escape(slide.caption)}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def briefing_html(
    slides: Sequence[Slide],
    *,
    title: str | None = None,
    topojson: Mapping | None = None,
) -> str:
    """One self-contained HTML file: plotly.js inlined once, the world TopoJSON embedded and
    registered before any chart is drawn, so opening it makes no request to any host."""
    import plotly.graph_objects as go
    import plotly.io as pio

    if topojson is None:
        topojson = json.loads(default_topojson_path().read_text(encoding="utf-8"))
    # plotly.js keeps fetched outlines in window.PlotlyGeoAssets.topojson[name] and only fetches
    # a name that is missing there; it creates the object only when it is undefined, so setting
    # it before the bundle loads means the map never asks a CDN for the world outline.
    geo_assets = (
        "<script>window.PlotlyGeoAssets = {topojson: {"
        f'"{TOPOJSON_NAME}": {_script_json(topojson)}'
        "}};</script>"
    )
    config = {"displaylogo": False, "responsive": True, "topojsonURL": "topojson/"}
    bodies, plotly_included = [], False
    for number, slide in enumerate(slides, start=1):
        figure_html = ""
        if slide.figure is not None:
            # Large type for a meeting room, on a copy: the slide's figure stays as built.
            figure = go.Figure(slide.figure).update_layout(font={"size": 16})
            figure_html = pio.to_html(
                figure,
                full_html=False,
                include_plotlyjs=not plotly_included,
                config=config,
                div_id=f"chart-{number}",
                default_width="100%",
            )
            plotly_included = True
        bodies.append(slide_html(slide, number, len(slides), figure_html))
    page_title = html.escape(title or _(TEXT["heading"]))
    return (
        f'<!DOCTYPE html>\n<html lang="{get_language()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{page_title}</title>\n<style>{CSS}</style>\n{geo_assets}\n</head>\n<body>\n"
        + "\n".join(bodies)
        + '\n<nav class="hint">'
        + html.escape(_("Arrow keys: next / previous slide"))
        + "</nav>\n"
        f"<script>{NAV_JS}</script>\n</body>\n</html>\n"
    )


# --- PowerPoint ------------------------------------------------------------------------------


def briefing_pptx(slides: Sequence[Slide], **options) -> bytes:
    """The same slides as a 16:9 PowerPoint built from the template (typology/powerpoint.py)."""
    from typology.powerpoint import briefing_pptx as build

    return build(slides, **options)


# --- command line ----------------------------------------------------------------------------

FORMATS: dict[str, str] = {"html": ".html", "pptx": ".pptx"}


def add_parser(subparsers):
    """`python -m typology briefing --out FILE.html`: the offline briefing for a meeting."""
    from typology.cli import add_analysis_options

    parser = subparsers.add_parser(
        "briefing", help="write the meeting briefing: one offline HTML file (or PowerPoint)"
    )
    parser.add_argument("--out", type=Path, required=True, help="file to write (.html or .pptx)")
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        help="html or pptx (default: from the --out suffix, else html)",
    )
    parser.add_argument(
        "--sources", type=Path, help="sources table (default: sources.csv in the data folder)"
    )
    parser.add_argument(
        "--cities",
        help="context ids, comma separated (e.g. bogota-col-2018,juba-ssd-2017): one slide "
        "each, before the method slide",
    )
    parser.add_argument(
        "--db",
        help="members' perspectives database URL (sqlite:///... or postgresql+psycopg://...): "
        "adds the agreement between members and marks the member-consensus values",
    )
    parser.add_argument(
        "--coding",
        choices=("desk", "consensus", "both"),
        default="desk",
        help="with --db: fit on the desk-research coding (default), on member consensus only, "
        "or on consensus where it exists, else desk research",
    )
    add_analysis_options(parser)
    parser.set_defaults(func=run)
    return parser


def city_slides(analysis, ids, practices, sources, provenance=None) -> list[Slide]:
    """One slide per chosen context (typology/cityslide.py); unknown ids are a ValueError.
    `provenance` defaults to data/provenance.csv (a page passes its cached copy)."""
    from typology.cityslide import check_cities, city_slide
    from typology.io import load_table

    if provenance is None:
        provenance = load_table("provenance.csv")
    unclassified = analysis.unclassified
    if unclassified is not None and not unclassified.empty:
        reasons = unclassified.set_index("context_id")["not_classified_reason"]
        left_out = [i.strip() for i in ids if i.strip() in reasons.index]
        if left_out:
            raise ValueError(
                _(
                    "not classified, so no city slide: {contexts}. Choose another year of the city."
                ).format(contexts="; ".join(f"{i}: {reasons[i]}" for i in left_out))
            )
    return [
        city_slide(
            analysis,
            context_id,
            practices=practices,
            provenance=provenance if not provenance.empty else None,
            sources=sources,
        )
        for context_id in check_cities(analysis.contexts, ids)
    ]


def _perspectives(url: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(agreement table, consensus) from a members' perspectives database."""
    from typology.perspectives import store
    from typology.perspectives.agreement import agreement_table
    from typology.perspectives.db import open_db, sqlite_file

    path = sqlite_file(url)
    if path is not None and not path.exists():
        raise ValueError(_("no perspectives database at {path}").format(path=path))
    engine = open_db(url)
    try:
        return agreement_table(store.codings_frame(engine)), store.consensus_frame(engine)
    finally:
        engine.dispose()


def run(args) -> int:
    from typology.cli import analysis_from_args
    from typology.io import data_dir, load_sources
    from typology.matching import gap_summary, practices_by_typology
    from typology.practices import load_practices

    fmt = args.format or ("pptx" if args.out.suffix.lower() == ".pptx" else "html")
    agreement = None
    if args.db:
        from typology.io import load_contexts
        from typology.perspectives.merge import COMBINED, CONSENSUS, DESK, merge_consensus

        agreement, consensus = _perspectives(args.db)
        source = {"desk": DESK, "consensus": CONSENSUS, "both": COMBINED}[args.coding]
        contexts = merge_consensus(load_contexts(args.data), consensus, source).contexts
        analysis = analysis_from_args(args, contexts)
    elif args.coding != "desk":
        raise ValueError(_("--coding consensus or both needs --db (the members' database)"))
    else:
        analysis = analysis_from_args(args)
    if args.sources:
        if not args.sources.exists():
            raise ValueError(_("sources table not found: {path}").format(path=args.sources))
        sources = pd.read_csv(args.sources, dtype=str, keep_default_na=False)
    else:
        sources = load_sources()
    practices = load_practices(data_dir() / "practices.csv")
    slides = build_slides(
        analysis,
        sources=sources,
        practices_by_typology=practices_by_typology(practices, analysis),
        evidence_gaps=gap_summary(practices, analysis),
        agreement=agreement,
    )
    if args.cities:
        slides[-1:-1] = city_slides(analysis, args.cities.split(","), practices, sources)
    from typology.powerpoint import add_practice_notes

    add_practice_notes(slides, practices, sources)
    if fmt == "pptx":
        args.out.write_bytes(briefing_pptx(slides))
    else:
        args.out.write_text(briefing_html(slides), encoding="utf-8")
    print(
        _(
            "{n} slides ({k} typologies, {method}, seed {seed}, data {version}) written to {path}"
        ).format(
            n=len(slides),
            k=analysis.k,
            method=analysis.params.method,
            seed=analysis.params.seed,
            version=data_version(analysis.contexts),
            path=args.out,
        )
    )
    for note in analysis.notes:
        print(note)
    return 0
