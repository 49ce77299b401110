"""User-facing prose in one place, so that pages stay thin and translation stays possible."""

APP_TITLE = "Urban safety and peacebuilding: scenario typologies"

EXPLORE_INTRO = (
    "Cities whose violence looks different (Juba, Mogadishu, Timbuktu beside Raqqa, Bogota, "
    "Los Angeles) grouped into **scenario typologies** by their coded violence types and setting. "
    "Change the method or the number of typologies in the sidebar; every chart follows."
)
MAP_CAPTION = (
    "Each point is a context (a city in a reference year), coloured by typology. "
    "The map is drawn from the app's own files: no map tiles, no request leaves this computer."
)
PROFILE_CAPTION = (
    "Mean coded intensity (0 none, 1 low, 2 medium, 3 high) of each violence type per typology."
)
EMPTY_SELECTION = (
    "No context matches the current filters. Widen the filters in the sidebar "
    "(for example clear the region or setting choice)."
)
TOO_FEW = (
    "Only {n} context(s) match the filters: a typology needs at least 2. "
    "Widen the filters in the sidebar to compare cities."
)
DATA_ERROR = "The contexts table could not be used. What is wrong and how to fix it:"
SIDEBAR_ANALYSIS = "Typology settings"
SIDEBAR_FILTERS = "Filters"

SOURCES_INTRO = (
    "Every figure in the bundled data has a source, a year and a level (city, metro or "
    "country-proxy: a national figure used for a city). Every coded judgement (setting, the seven "
    "violence intensities, confidence) has a written rule or a reviewed rationale and a source."
)
PROVENANCE_HELP = "Pick a context to see where each of its values comes from."
HOW_TO_CITE = """\
Cite the tool and the data sources it builds on:

> Urban safety and peacebuilding: scenario typologies (version {version}), an open-source
> dashboard for the Technical Working Group on the confluence of urban safety and peacebuilding.

and, for the figures, the sources listed above: UCDP (Sundberg & Melander 2013; UCDP/PRIO Armed
Conflict Dataset v25.1), World Bank World Development Indicators / UNODC homicide statistics,
GeoNames, the OCHA countries and territories taxonomy, and SDG indicator 5.2.1 (WHO/UN).
"""
LICENCES = """\
- **UCDP** GED and UCDP/PRIO ACD: CC BY 4.0.
- **World Bank WDI** (UNODC homicide statistics): CC BY 4.0.
- **GeoNames**: CC BY 4.0.
- **OCHA countries and territories taxonomy** (hdx-python-country): MIT.
- **SDG 5.2.1** (WHO/UN estimates): attribution required; terms not confirmed, so treat as
  non-commercial (CC BY-NC-SA 3.0 IGO) until confirmed.
- **World map** (TopoJSON from plotly.js 3.4.0, Natural Earth): MIT, served from this app.
- Practice and literature sources are cited, not reproduced: their texts stay with their publishers.
"""
# Present page
PRESENT_FULLSCREEN = "Presentation mode (hide the sidebar)"
PRESENT_FULLSCREEN_HELP = "Turn off to change the typology settings and filters in the sidebar."
PRESENT_SOURCE = "Show"
PRESENT_SOURCES = {"briefing": "Briefing from the current analysis", "deck": "My saved views"}
PRESENT_PREV = "Previous"
PRESENT_NEXT = "Next"
PRESENT_DOWNLOAD = "Download the briefing (offline HTML)"
PRESENT_DOWNLOAD_HELP = (
    "One HTML file with every slide, interactive charts and the map built in: it opens "
    "without a network and prints one slide per page."
)
PRESENT_MEMBERS = "Member cities ({n})"
DECK_HEADING = "Saved views ({n})"
DECK_INTRO = (
    "Add the view on screen (settings, filters and typology) to a deck for this meeting, "
    "put the views in order, save the deck as a small JSON file and load it again next time."
)
DECK_ADD = "Add this view to the deck"
DECK_ADDED = "Added to the deck: {title}"
DECK_EMPTY = "The deck is empty: add a view from the briefing with the button above."
DECK_DOWNLOAD = "Save the deck (JSON)"
DECK_UPLOAD = "Load a saved deck (JSON)"
DECK_LOADED = "Loaded a deck of {n} view(s)."
DECK_BAD_FILE = "This file cannot be used as a deck, so the current deck is unchanged:"
DECK_VIEW_FAILED = "This saved view cannot be shown with the current data: {error}"


DATA_INTRO = (
    "Download the contexts of the current view with their typologies, or bring your own "
    "contexts: they flow through the typologies and every page, for this session only."
)
DOWNLOAD_CAPTION = (
    "{n} of {total} contexts (the sidebar filters choose the rows; the typologies are fitted on "
    "all {total}). Excel has the sheets data, codebook, sources and method; the ZIP bundle adds "
    "a citation file (CITATION.cff), the method parameters (method.json) and licences."
)
FORMULA_NOTE = (
    "For spreadsheet safety, text cells that start with =, +, -, @ or a tab carry a leading "
    "quote in CSV and Excel files, so that they are shown as text and never run as formulas."
)
CODEBOOK_HEADING = "Codebook: what every column means"
UPLOAD_HEADING = "Use your own contexts"
UPLOAD_INTRO = (
    "Upload a table of contexts: **CSV** (comma or semicolon separated; UTF-8 with or without "
    "BOM, or Latin-1/Windows-1252), **Excel** (.xlsx: the sheet `data`, else the first sheet) or "
    "**Parquet**. It needs the columns of the template below; other columns are kept, and "
    "typology columns from a download are fitted afresh. Limits: **{max_mb} MB** per file and "
    "**{max_rows:,} rows**. The file is read in memory for this session only and never saved "
    "on the server."
)
UPLOAD_MODE_LABEL = "How to use the uploaded contexts"
UPLOAD_MODES = {
    "add": "Add them to the bundled contexts",
    "alone": "Use them alone",
}
UPLOAD_INVALID = (
    "**{name}** cannot be used yet: fix these problems in the file and upload it again. "
    "The contexts in use have not changed."
)
UPLOAD_COMBINE_ERROR = (
    "The uploaded contexts cannot be added to the bundled ones. Fix these problems, or choose "
    "'Use them alone'. Until then the other pages show this list too."
)
UPLOAD_ACTIVE = "In use: **{rows:,}** uploaded contexts from **{name}** ({mode})."
UPLOAD_NONE = "In use: the bundled data ({rows:,} contexts)."
UPLOAD_CLEAR = "Back to the bundled data"
TEMPLATE_LABEL = "Download the template (CSV)"
TEMPLATE_HELP = "The required columns with two real example rows from the bundled data."
