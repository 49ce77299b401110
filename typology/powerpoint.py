"""The briefing as a PowerPoint a secretariat can send: built from a template file
(typology/templates/briefing.pptx, layouts "Title", "Section", "Chart and text", "Table"),
16:9, no text under 14 pt, nothing overlapping or off the slide, codes in words.

Long tables and lists are split across slides instead of shrinking the type: heights are
estimated from the text length at the size it is set in (a generous character width, so that
PowerPoint's and LibreOffice's own wrapping fits inside the estimate). Profiles are native
(editable) charts; the map is a picture drawn offline by kaleido with the system's Chromium,
or, when no browser can draw it, its table alone (the slide's notes say so).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from typology.i18n import N_, _, format_number

MIN_PT = 14
TITLE_PT = 28
SUBTITLE_PT = 22
BODY_PT = 18
SMALL_PT = 16
TABLE_PT = 14
# Average character width as a share of the type size: a little wider than Calibri's ~0.5, so
# the estimate errs towards more lines (and so more slides), never towards overflow.
CHAR_WIDTH = 0.56
LINE_HEIGHT = 1.25
PARAGRAPH_GAP = 4  # points between paragraphs, so that list items stand apart
FRAME_MARGIN = 0.1  # inches inside a text frame, top and bottom
CELL_MARGIN = 0.1  # inches inside a table cell, left + right (python-pptx default 0.1 each)
FOOTER_TOP = 6.95
GAP = 0.15
# Chart series colours (Okabe-Ito, safe for colour-blind readers): blue, grey, orange.
SERIES_COLOURS: tuple[str, ...] = ("0072B2", "999999", "E69F00")
COLOUR_NAMES: dict[str, str] = {"0072B2": N_("blue"), "999999": N_("grey"), "E69F00": N_("orange")}
LAYOUTS: tuple[str, ...] = ("Title", "Section", "Chart and text", "Table")
_URL = re.compile(r"https?://\S+")


def template_path() -> Path:
    """The template: $TYPOLOGY_PPTX_TEMPLATE when set (an organisation's branded file), else the
    one shipped in typology/templates/."""
    override = os.environ.get("TYPOLOGY_PPTX_TEMPLATE")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent / "templates" / "briefing.pptx"


# --- measuring text ---------------------------------------------------------------------------


def line_count(text: str, width_in: float, size_pt: float) -> int:
    """Lines `text` takes in a box `width_in` inches wide at `size_pt`, wrapping at words."""
    per_line = max(1, int(width_in * 72 / (size_pt * CHAR_WIDTH)))
    lines = 0
    for paragraph in str(text).split("\n"):
        length, count = 0, 1
        for word in paragraph.split(" "):
            if length and length + 1 + len(word) > per_line:
                count += 1
                length = 0
            # A word longer than a line (a URL) wraps by characters.
            while len(word) > per_line:
                count += 1
                word = word[per_line:]
            length += (1 if length else 0) + len(word)
        lines += count
    return lines


def text_height(paragraphs: Sequence[str], width_in: float, size_pt: float) -> float:
    lines = sum(line_count(p, width_in - 0.2, size_pt) for p in paragraphs)
    gaps = max(len(paragraphs) - 1, 0) * PARAGRAPH_GAP / 72
    return lines * size_pt * LINE_HEIGHT / 72 + gaps + 2 * FRAME_MARGIN


def fit_paragraphs(
    paragraphs: Sequence[str], width_in: float, height_in: float, size_pt: float
) -> tuple[list[str], list[str]]:
    """(what fits in the box, what is left for the next slide)."""
    kept: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        if text_height([*kept, paragraph], width_in, size_pt) > height_in:
            if not kept:  # one paragraph taller than the box: cut it at a word
                return [_cut(paragraph, width_in, height_in, size_pt)], list(paragraphs[1:])
            return kept, list(paragraphs[i:])
        kept.append(paragraph)
    return kept, []


def _cut(text: str, width_in: float, height_in: float, size_pt: float) -> str:
    words = str(text).split(" ")
    while len(words) > 1 and text_height([" ".join(words) + " …"], width_in, size_pt) > height_in:
        words = words[: max(1, len(words) * 3 // 4)]
    return " ".join(words) + " …"


# --- building ---------------------------------------------------------------------------------


class Deck:
    """A presentation from the template, with the geometry of its layouts in inches."""

    def __init__(self, template: Path | None = None) -> None:
        from pptx import Presentation

        path = template or template_path()
        if not path.exists():
            raise FileNotFoundError(_("PowerPoint template not found: {path}").format(path=path))
        self.prs = Presentation(str(path))
        self.width = self.prs.slide_width / 914400
        self.height = self.prs.slide_height / 914400
        names = {layout.name: layout for layout in self.prs.slide_layouts}
        missing = [n for n in LAYOUTS if n not in names]
        if missing:
            raise ValueError(
                f"the template {path.name} lacks the slide layout(s) {', '.join(missing)}"
            )
        self.layouts = names
        self.bottom = min(FOOTER_TOP, self.height - 0.55)

    def add(self, layout: str, title: str, notes: Sequence[str] = ()):
        """A slide of `layout` with its title set; unused placeholders are removed so that no
        empty 'click to add text' box is left over."""
        from pptx.util import Pt

        page = self.prs.slides.add_slide(self.layouts[layout])
        for placeholder in list(page.placeholders):
            if placeholder.placeholder_format.idx == 0:
                frame = placeholder.text_frame
                frame.word_wrap = True
                frame.text = title
                size = TITLE_PT
                width = placeholder.width / 914400
                height = placeholder.height / 914400
                while size > MIN_PT + 4 and text_height([title], width, size) > height:
                    size -= 2
                for paragraph in frame.paragraphs:
                    paragraph.font.size = Pt(size)
                    paragraph.font.bold = True
        if notes:
            page.notes_slide.notes_text_frame.text = "\n".join(n for n in notes if n)
        return page

    def box(self, page, idx: int) -> tuple[float, float, float, float]:
        """(left, top, width, height) of the layout's placeholder `idx`, in inches."""
        for placeholder in page.slide_layout.placeholders:
            if placeholder.placeholder_format.idx == idx:
                return tuple(
                    v / 914400
                    for v in (  # type: ignore[return-value]
                        placeholder.left,
                        placeholder.top,
                        placeholder.width,
                        placeholder.height,
                    )
                )
        raise ValueError(f"layout {page.slide_layout.name!r} has no placeholder {idx}")

    def content_top(self, page) -> float:
        left, top, width, height = self.box(page, 0)
        return top + height + GAP

    def drop_placeholders(self, page, keep: Sequence[int] = (0,)) -> None:
        for placeholder in list(page.placeholders):
            if placeholder.placeholder_format.idx not in keep:
                placeholder.element.getparent().remove(placeholder.element)

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def add_text(page, paragraphs, left, top, width, height, size=BODY_PT, bold_first=False):
    from pptx.util import Inches, Pt

    shape = page.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = shape.text_frame
    frame.word_wrap = True
    for i, line in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = str(line)
        paragraph.font.size = Pt(size)
        paragraph.font.bold = bool(bold_first and i == 0)
        paragraph.space_after = Pt(PARAGRAPH_GAP)
    return shape


def add_number(deck: Deck, page, number: int, total: int) -> None:
    from pptx.enum.text import PP_ALIGN

    shape = add_text(
        page, [f"{number} / {total}"], deck.width - 2.0, deck.bottom + 0.05, 1.5, 0.4, MIN_PT
    )
    shape.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT


def add_chart(page, chart_spec: dict, left, top, width, height) -> None:
    """A native clustered bar chart (editable in PowerPoint), intensities 0-3."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches, Pt

    data = CategoryChartData()
    data.categories = list(chart_spec["categories"])
    for name, values in chart_spec["series"].items():
        data.add_series(str(name), [None if v is None or pd.isna(v) else float(v) for v in values])
    frame = page.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Inches(left), Inches(top), Inches(width), Inches(height), data
    )
    chart = frame.chart
    chart.font.size = Pt(MIN_PT)
    # No legend: LibreOffice lays two long series names over each other on one line. The
    # colours are fixed instead and the key is written in the axis title.
    chart.has_legend = False
    colours = chart_spec.get("colours", SERIES_COLOURS)
    for series, colour in zip(chart.plots[0].series, colours, strict=False):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(colour)
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0.0, 3.0, 1.0
    axis.has_major_gridlines = True
    axis.tick_labels.font.size = Pt(MIN_PT)
    chart.category_axis.tick_labels.font.size = Pt(MIN_PT)
    chart.category_axis.reverse_order = True  # first violence type on top, as in the app
    key = "; ".join(
        f"{_(COLOUR_NAMES[colour]) if colour in COLOUR_NAMES else colour}: {name}"
        for colour, name in zip(colours, chart_spec["series"], strict=False)
    )
    axis.has_title = True
    axis.axis_title.text_frame.text = f"{key}. {chart_spec.get('axis_title', '')}".strip()
    axis.axis_title.text_frame.word_wrap = True
    axis.axis_title.text_frame.paragraphs[0].font.size = Pt(MIN_PT)
    axis.axis_title.text_frame.paragraphs[0].font.bold = False


# --- tables -----------------------------------------------------------------------------------


def table_text(table: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    """Headings and cells in words (codes labelled, missing coded values 'unknown', other
    missing cells empty)."""
    from typology.labels import column_label, plain, value_label, value_labels

    coded = set(value_labels())
    headings = [plain(column_label(str(c))) for c in table.columns]
    rows = []
    for record in table.itertuples(index=False):
        row = []
        for column, value in zip(table.columns, record, strict=True):
            if column in coded or column in ("violence_types", "settings"):
                row.append(value_label(column, value))
            elif value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
                row.append("")
            elif isinstance(value, float):
                digits = f"{value:.2f}".rstrip("0").split(".")
                row.append(format_number(value, len(digits[1]) if len(digits) > 1 else 0))
            else:
                row.append(plain(str(value)))  # URLs and file names kept
        rows.append(row)
    return headings, rows


def column_widths(headings: list[str], rows: list[list[str]], total: float) -> list[float]:
    """Widths in inches proportional to the text each column holds (long text gets room, a
    short number keeps a narrow column), none narrower than its longest word allows."""
    char = TABLE_PT * CHAR_WIDTH / 72
    wants, floors = [], []
    for j, heading in enumerate(headings):
        cells = [r[j] for r in rows] + [heading]
        lengths = sorted(len(c) for c in cells)
        typical = lengths[int(0.9 * (len(lengths) - 1))]
        longest_word = max(
            (len(w) for c in cells for w in c.split(" ") if not _URL.match(w)), default=1
        )
        heading_word = max((len(w) for w in heading.split(" ")), default=1)
        # A long heading over short cells (a typology name over '2 of 3') still gets room.
        wants.append(min(max(typical, len(heading) * 0.6, 4), 60))
        # Bold headings are wider: no heading word is broken across lines.
        floors.append(
            max(min(longest_word, 18), heading_word * 1.15) * char + CELL_MARGIN * 2 + 0.1
        )
    widths = [total * w / sum(wants) for w in wants]
    # Raise narrow columns to their floor, taking the room from the widest ones.
    for _round in range(len(widths)):
        short = [j for j, w in enumerate(widths) if w < floors[j]]
        if not short:
            break
        need = sum(floors[j] - widths[j] for j in short)
        for j in short:
            widths[j] = floors[j]
        donors = [j for j in range(len(widths)) if j not in short]
        spare = sum(widths[j] - floors[j] for j in donors)
        if spare <= 0:
            break
        for j in donors:
            widths[j] -= need * (widths[j] - floors[j]) / spare
    return widths


def row_height(cells: list[str], widths: list[float], bold: bool = False) -> float:
    lines = max(
        line_count(c, w - CELL_MARGIN * 2 - 0.05, TABLE_PT * (1.05 if bold else 1))
        for c, w in zip(cells, widths, strict=True)
    )
    return lines * TABLE_PT * LINE_HEIGHT / 72 + 0.12


def table_pages(table: pd.DataFrame, width: float, height: float):
    """The table cut into pages that fit `height` inches at 14 pt: yields (headings, rows,
    widths, row heights) per page, the heading row repeated on each."""
    headings, rows = table_text(table)
    widths = column_widths(headings, rows, width)
    head = row_height(headings, widths, bold=True)
    page, used = [], head
    room = height - head
    for row in rows:
        h = row_height(row, widths)
        if h > room:  # a single row taller than a slide: cut its longest cell
            longest = max(range(len(row)), key=lambda j: len(row[j]))
            row = list(row)
            row[longest] = _cut(row[longest], widths[longest] - 0.25, room - 0.15, TABLE_PT)
            h = min(row_height(row, widths), room)
        if page and used + h > height:
            yield headings, page, widths, [head] + [row_height(r, widths) for r in page]
            page, used = [], head
        page.append(row)
        used += h
    if page or not rows:
        yield headings, page, widths, [head] + [min(row_height(r, widths), room) for r in page]


def add_table(page, headings, rows, widths, heights, left, top) -> None:
    from pptx.util import Inches, Pt

    shape = page.shapes.add_table(
        len(rows) + 1,
        len(headings),
        Inches(left),
        Inches(top),
        Inches(sum(widths)),
        Inches(sum(heights)),
    )
    grid = shape.table
    for j, w in enumerate(widths):
        grid.columns[j].width = Inches(w)
    for i, h in enumerate(heights):
        grid.rows[i].height = Inches(h)
    for i, cells in enumerate([headings, *rows]):
        for j, text in enumerate(cells):
            cell = grid.cell(i, j)
            cell.text = text
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(TABLE_PT)
                paragraph.font.bold = i == 0


# --- slides -----------------------------------------------------------------------------------


def _notes(slide) -> list[str]:
    notes = list(getattr(slide, "notes", []) or [])
    if slide.caption and slide.caption not in notes:
        notes.insert(0, slide.caption)
    return notes


def _title_page(deck: Deck, slide) -> None:
    from typology.labels import plain

    page = deck.add("Title", plain(slide.title), _notes(slide))
    left, top, width, height = deck.box(page, 1)
    lines = (
        ([slide.subtitle] if slide.subtitle else [])
        + [f"{k}: {plain(v)}" for k, v in slide.facts]
        + [plain(b) for b in slide.bullets]
    )
    kept, _rest = fit_paragraphs(lines, width, height, SUBTITLE_PT)
    deck.drop_placeholders(page)
    add_text(page, kept, left, top, width, height, SUBTITLE_PT)


def _table_slides(deck: Deck, title: str, table: pd.DataFrame, notes, intro=()) -> None:
    """One or more "Table" slides: optional intro lines, then the table split to fit."""
    from typology.labels import plain

    probe = deck.add("Table", plain(title), notes)
    top = deck.content_top(probe)
    left, width = 0.5, deck.width - 1.0
    intro = [plain(i) for i in intro if i]
    intro_h = min(text_height(intro, width, SMALL_PT), 3.0) if intro else 0.0
    pages = list(table_pages(table, width, deck.bottom - top - intro_h - (GAP if intro else 0)))
    for n, (headings, rows, widths, heights) in enumerate(pages):
        page = (
            probe
            if n == 0
            else deck.add(
                "Table",
                _("{title} ({n} of {total})").format(title=plain(title), n=n + 1, total=len(pages)),
                notes,
            )
        )
        deck.drop_placeholders(page)
        y = top
        if intro and n == 0:
            kept, _rest = fit_paragraphs(intro, width, intro_h, SMALL_PT)
            add_text(page, kept, left, y, width, intro_h, SMALL_PT)
            y += intro_h + GAP
        add_table(page, headings, rows, widths, heights, left, y)
    if len(pages) > 1:
        _retitle(
            probe, _("{title} ({n} of {total})").format(title=plain(title), n=1, total=len(pages))
        )


def _retitle(page, title: str) -> None:
    for placeholder in page.placeholders:
        if placeholder.placeholder_format.idx == 0:
            size = placeholder.text_frame.paragraphs[0].font.size
            placeholder.text_frame.text = title
            for paragraph in placeholder.text_frame.paragraphs:
                paragraph.font.size = size
                paragraph.font.bold = True


def reference_list(sources: pd.DataFrame) -> list[str]:
    """One paragraph per source: citation, address, licence and date of access."""
    lines = []
    for row in sources.fillna("").astype(str).to_dict("records"):
        parts = [row.get("citation", "") or row.get("source_id", "")]
        if row.get("url"):
            parts.append(row["url"])
        extra = ", ".join(
            x
            for x in (
                row.get("licence", ""),
                row.get("accessed", "") and _("accessed {date}").format(date=row["accessed"]),
            )
            if x
        )
        if extra:
            parts.append(f"({extra})")
        lines.append(" ".join(p for p in parts if p))
    return lines


def _text_slides(deck: Deck, title: str, lines: Sequence[str], notes, size=BODY_PT) -> None:
    """Lines of text on as many "Table" slides as they need."""
    from typology.labels import plain

    rest = [plain(line) for line in lines if line]
    first = True
    while rest:
        page = deck.add(
            "Table",
            plain(title) if first else _("{title} (continued)").format(title=plain(title)),
            notes,
        )
        deck.drop_placeholders(page)
        top = deck.content_top(page)
        kept, rest = fit_paragraphs(rest, deck.width - 1.0, deck.bottom - top, size)
        add_text(page, kept, 0.5, top, deck.width - 1.0, deck.bottom - top, size)
        first = False


def _chart_page(
    deck: Deck, slide, chart: dict | None, lines: Sequence[str], extra: Sequence[str] = ()
) -> list[str]:
    """ "Chart and text": text on the left (facts, then smaller extra lines), chart right.
    Returns the extra lines that did not fit, for the next slide (nothing is dropped)."""
    from typology.labels import plain

    page = deck.add("Chart and text", plain(slide.title), _notes(slide))
    left, top, width, height = deck.box(page, 1)
    cleft, ctop, cwidth, cheight = deck.box(page, 2)
    deck.drop_placeholders(page)
    height = min(height, deck.bottom - top)
    lines = [plain(x) for x in lines if x]
    kept, rest = fit_paragraphs(lines, width, height, SMALL_PT)
    used = text_height(kept, width, SMALL_PT) if kept else 0.0
    if kept:
        add_text(page, kept, left, top, width, min(used, height), SMALL_PT)
    room = height - used - GAP
    extra = [plain(x) for x in extra if x]
    left_over = extra
    if extra and room > 0.6:
        more, left_over = fit_paragraphs(extra, width, room, MIN_PT)
        add_text(page, more, left, top + used + GAP, width, room, MIN_PT)
    if chart:
        add_chart(page, chart, cleft, ctop, cwidth, min(cheight, deck.bottom - ctop))
    if rest:
        _text_slides(
            deck, _("{title} (continued)").format(title=slide.title), rest, _notes(slide), SMALL_PT
        )
    return left_over


def _city_pages(deck: Deck, slide) -> None:
    """The city's chart and text, then its top practices with any text that did not fit."""
    facts = [f"{k}: {v}" for k, v in slide.facts]
    rest = _chart_page(deck, slide, slide.chart, facts, slide.bullets)
    title = _("{title}: top practices in its setting").format(title=slide.title)
    if slide.table is not None and not slide.table.empty:
        _table_slides(deck, title, slide.table, _notes(slide), [*rest, slide.caption])
    else:
        _text_slides(
            deck,
            _("{title} (continued)").format(title=slide.title),
            [*rest, slide.caption],
            _notes(slide),
        )


def _map_pages(deck: Deck, slide, render: Callable | None) -> None:
    from pptx.util import Inches

    from typology.labels import plain

    notes = _notes(slide)
    picture = None
    if slide.figure is not None and render is not None:
        try:
            picture = render(slide.figure)
        except Exception as err:  # noqa: BLE001 - any renderer failure falls back to the table
            notes = [
                *notes,
                _(
                    "The map could not be drawn offline ({error}): its table follows instead."
                ).format(error=type(err).__name__),
            ]
    if picture is not None:
        page = deck.add("Table", plain(slide.title), notes)
        deck.drop_placeholders(page)
        top = deck.content_top(page)
        height = deck.bottom - top
        width = min(deck.width - 1.0, height * MAP_ASPECT)
        page.shapes.add_picture(
            io.BytesIO(picture),
            Inches((deck.width - width) / 2),
            Inches(top),
            Inches(width),
            Inches(height),
        )
    if slide.table is not None and not slide.table.empty:
        title = (
            _("The typologies: contexts and a representative city")
            if picture is not None
            else slide.title
        )
        _table_slides(deck, title, slide.table, notes)


MAP_WIDTH_PX, MAP_HEIGHT_PX = 1300, 560
MAP_ASPECT = MAP_WIDTH_PX / MAP_HEIGHT_PX


def render_map_png(figure, *, topojson: Path | None = None, browser: str | None = None) -> bytes:
    """The map figure as a PNG drawn offline: kaleido drives the system's Chromium
    ($BROWSER_PATH, else /usr/bin/chromium) on a page that carries the world outline itself,
    so nothing is fetched. Type is set large enough to read at 14 pt on a 13.3-inch slide."""
    import tempfile

    import kaleido
    import plotly.graph_objects as go
    from kaleido._page_generator import PageGenerator

    from typology.briefing import TOPOJSON_NAME, _script_json, default_topojson_path

    path = browser or os.environ.get("BROWSER_PATH") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise FileNotFoundError(_("no browser at {path} to draw the map").format(path=path))
    outline = (topojson or default_topojson_path()).read_text(encoding="utf-8")
    import json

    figure = go.Figure(figure).update_layout(
        font={"size": 22},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={"orientation": "h", "y": -0.02, "x": 0.5, "xanchor": "center", "yanchor": "top"},
    )
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "outline.js"
        # Set before the figure is drawn: plotly.js reads outlines it already has from here and
        # only fetches names missing there (see briefing_html).
        script.write_text(
            "window.PlotlyGeoAssets = {topojson: {"
            f'"{TOPOJSON_NAME}": {_script_json(json.loads(outline))}'
            "}};\n",
            encoding="utf-8",
        )
        previous = os.environ.get("BROWSER_PATH")
        os.environ["BROWSER_PATH"] = path
        try:
            return kaleido.calc_fig_sync(
                figure,
                opts={"format": "png", "width": MAP_WIDTH_PX, "height": MAP_HEIGHT_PX},
                kopts={"page_generator": PageGenerator(mathjax=False, others=[script.as_uri()])},
            )
        finally:
            if previous is None:
                os.environ.pop("BROWSER_PATH", None)
            else:
                os.environ["BROWSER_PATH"] = previous


def _typology_page(deck: Deck, slide) -> None:
    lines = [f"{k}: {v}" for k, v in slide.facts]
    members = list(slide.members)
    extra = (
        [_("Members ({n}): {cities}").format(n=len(members), cities="; ".join(members))]
        if members
        else []
    )
    chart = dict(slide.chart) if slide.chart else None
    if members:  # the slide may cut the list: the notes keep it whole
        slide = replace(
            slide,
            notes=[*_notes(slide), _("Members: {cities}").format(cities="; ".join(members))],
        )
    if chart:
        chart["axis_title"] = _("mean intensity: 0 none, 1 low, 2 medium, 3 high")
    _chart_page(deck, slide, chart, lines, extra)


def add_practice_notes(slides: Sequence, practices: pd.DataFrame, sources: pd.DataFrame) -> None:
    """Speaker notes for the slides that list practices (by name): each practice's sources,
    cited in full, so a presenter can answer 'where is this from?'. Changes `slides` in
    place (their notes only)."""
    if practices.empty or "sources" not in practices or sources.empty:
        return
    citations = dict(zip(sources["source_id"], sources["citation"], strict=True))
    by_name = {str(n): ids for n, ids in zip(practices["name"], practices["sources"], strict=True)}
    for slide in slides:
        table = slide.table
        if slide.kind not in ("practices", "city") or table is None or "name" not in table:
            continue
        for name in table["name"].astype(str):
            ids = by_name.get(name)
            if ids is None:
                continue
            ids = ids if isinstance(ids, (list, tuple)) else str(ids).split(";")
            cited = [citations.get(i.strip(), i.strip()) for i in ids if i.strip()]
            slide.notes.append(f"{name}: " + " | ".join(cited))


SECTION_CITIES = N_("The chosen cities")


def _section_page(deck: Deck, title: str, body: str) -> None:
    """A "Section" slide: the title and one line of what follows."""
    page = deck.add("Section", title)
    left, top, width, height = deck.box(page, 1)
    deck.drop_placeholders(page)
    kept, _rest = fit_paragraphs([body], width, height, SUBTITLE_PT)
    add_text(page, kept, left, top, width, height, SUBTITLE_PT)


def briefing_pptx(
    slides: Sequence,
    *,
    template: Path | None = None,
    render_map: Callable | None | bool = True,
) -> bytes:
    """The briefing's slides as a PowerPoint (bytes). `render_map` draws the map picture
    (True: kaleido with the system Chromium; False/None: the map's table only)."""
    renderer = render_map_png if render_map is True else (render_map or None)
    deck = Deck(template)
    cities = [s.title for s in slides if s.kind == "city"]
    for slide in slides:
        kind = slide.kind
        if kind == "city" and slide.title == cities[0]:
            _section_page(deck, _(SECTION_CITIES), "; ".join(cities))
        if kind == "title":
            _title_page(deck, slide)
        elif kind == "map":
            _map_pages(deck, slide, renderer)
        elif kind in ("typology", "city"):
            if kind == "typology":
                _typology_page(deck, slide)
            else:
                _city_pages(deck, slide)
        elif kind == "method":
            facts = [f"{k}: {v}" for k, v in slide.facts] + list(slide.bullets)
            _text_slides(deck, slide.title, facts, _notes(slide), SMALL_PT)
            if slide.table is not None and not slide.table.empty:
                # A reference list, not a table: long citations read better as paragraphs.
                _text_slides(deck, _("Sources"), reference_list(slide.table), _notes(slide), MIN_PT)
        else:
            table = slide.table
            if kind == "gaps" and table is not None and table.shape[1] > 7:
                # Typologies across, entry points down: twelve entry points do not fit across.
                table = (
                    table.set_index(table.columns[0]).T.rename_axis(N_("entry point")).reset_index()
                )
            intro = [slide.subtitle] + ([slide.caption] if kind != "gaps" else [])
            if kind == "agreement":
                intro += list(slide.bullets)  # which values are member consensus
            if table is not None and not table.empty:
                _table_slides(deck, slide.title, table, _notes(slide), intro)
            else:
                _text_slides(deck, slide.title, intro + list(slide.bullets), _notes(slide))
    total = len(deck.prs.slides)
    for number, page in enumerate(deck.prs.slides, start=1):
        add_number(deck, page, number, total)
    return deck.save()


def slide_count(data: bytes) -> int:
    from pptx import Presentation

    return len(Presentation(io.BytesIO(data)).slides)
