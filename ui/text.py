"""User-facing prose in one place, so that pages stay thin and translation stays possible.

The constants below are the English source strings, marked with N_() for extraction. They are
moved into ENGLISH at the end of the module, and reading `text.NAME` goes through the module's
__getattr__, which returns the text in the session's current language (typology.i18n): use sites
stay `text.NAME`, and a constant is translated when it is shown, not when this module is
imported. `from ui.text import NAME` would freeze English: import the module instead."""

from typology.i18n import N_, translate_module_constants

APP_TITLE = N_("Urban safety and peacebuilding: scenario typologies")

EXPLORE_INTRO = N_(
    "Cities whose violence looks different (Juba, Mogadishu, Timbuktu beside Raqqa, Bogota, "
    "Los Angeles) grouped into **violence typologies** by their seven coded violence types; the "
    "setting is the other axis of the **scenario matrix** below. "
    "Change the method or the number of typologies in the sidebar; every chart follows."
)
MAP_CAPTION = N_(
    "Each point is a context (a city in a reference year), coloured by typology. "
    "The map is drawn from the app's own files: no map tiles, no request leaves this computer."
)
PROFILE_CAPTION = N_(
    "Mean coded intensity (0 none, 1 low, 2 medium, 3 high) of each violence type per typology."
)
EMPTY_SELECTION = N_(
    "No context matches the current filters. Widen the filters in the sidebar "
    "(for example clear the region or setting choice)."
)
TOO_FEW = N_(
    "Only {n} context(s) match the filters: a typology needs at least 2. "
    "Widen the filters in the sidebar to compare cities."
)
DATA_ERROR = N_("The contexts table could not be used. What is wrong and how to fix it:")
SIDEBAR_ANALYSIS = N_("Typology settings")
SIDEBAR_FILTERS = N_("Filters")

SOURCES_INTRO = N_(
    "Every figure in the bundled data has a source, a year and a level (city, metro, "
    "municipality, agglomeration, or country-proxy: a national figure used for a city). Every "
    "coded judgement (setting, the seven violence intensities, confidence) has a written rule or "
    "a reviewed rationale, a source and a **basis**: evidence about the city (a city figure, "
    "located events, a cited report), a country proxy, or none (the value is unknown, shown "
    "empty, never as 0)."
)
BASIS_INTRO = N_(
    "What each intensity value rests on, in % of the contexts, per violence type. "
    "**city figure**: a statistic for the city or metro area (homicide rate); **city events**: "
    "events located within 25 km (UCDP GED, Mass Mobilization); **city report**: a cited report "
    "about that city and year (reviewed override); **country proxy**: a national figure used for "
    "the city; **none**: unknown (empty). The sidebar's *City evidence only* treats country "
    "proxies as unknown."
)
CITY_EVIDENCE_SHARE = N_("{share}% of all intensity values rest on evidence about the city.")
CITY_EVIDENCE_ONLY = N_("City evidence only")
CITY_EVIDENCE_ONLY_HELP = N_(
    "Treat intensities that rest on a national figure used for the city (country proxy) as "
    "unknown: typologies and charts then use only evidence about the city itself. Uploaded "
    "contexts without provenance keep their codes."
)
PROVENANCE_HELP = N_("Pick a context to see where each of its values comes from.")
HOW_TO_CITE = N_("""\
Cite the tool and the data sources it builds on:

> Urban safety and peacebuilding: scenario typologies (version {version}), an open-source
> dashboard for the Technical Working Group on the confluence of urban safety and peacebuilding.

and, for the figures, the sources listed above: UCDP (Sundberg & Melander 2013; UCDP/PRIO Armed
Conflict Dataset v25.1), World Bank World Development Indicators / UNODC homicide statistics,
GeoNames, the OCHA countries and territories taxonomy, and SDG indicator 5.2.1 (WHO/UN).
""")
LICENCES = N_("""\
- **UCDP** GED and UCDP/PRIO ACD: CC BY 4.0.
- **World Bank WDI** (UNODC homicide statistics): CC BY 4.0.
- **GeoNames**: CC BY 4.0.
- **OCHA countries and territories taxonomy** (hdx-python-country): MIT.
- **SDG 5.2.1** (WHO/UN estimates): attribution required; terms not confirmed, so treat as
  non-commercial (CC BY-NC-SA 3.0 IGO) until confirmed.
- **World map** (TopoJSON from plotly.js 3.4.0, Natural Earth): MIT, served from this app.
- Practice and literature sources are cited, not reproduced: their texts stay with their publishers.
""")
# Present page
PRESENT_FULLSCREEN = N_("Presentation mode (hide the sidebar)")
PRESENT_FULLSCREEN_HELP = N_("Turn off to change the typology settings and filters in the sidebar.")
PRESENT_SOURCE = N_("Show")
PRESENT_SOURCES = {
    "briefing": N_("Briefing from the current analysis"),
    "deck": N_("My saved views"),
}
PRESENT_PREV = N_("Previous")
PRESENT_NEXT = N_("Next")
PRESENT_DOWNLOAD = N_("Download the briefing (offline HTML)")
PRESENT_DOWNLOAD_PPTX = N_("Download the briefing (PowerPoint)")
PRESENT_DOWNLOAD_PPTX_HELP = N_(
    "The same slides as a 16:9 PowerPoint from the template in typology/templates: text of "
    "14 pt or more, native charts you can edit, the map as a picture and the sources in the "
    "speaker notes."
)
PRESENT_CITIES = N_("Cities: one slide each (before the method slide)")
PRESENT_CITIES_HELP = N_(
    "The TWG's cities are preselected where the data has them (their latest year). Each gets "
    "its scenario, its seven codes beside its typology's profile, which values are city "
    "evidence, country-level or unknown, its path over the years and its setting's practices."
)
PRESENT_DOWNLOAD_HELP = N_(
    "One HTML file with every slide, interactive charts and the map built in: it opens "
    "without a network and prints one slide per page."
)
PRESENT_MEMBERS = N_("Member cities ({n})")
DECK_HEADING = N_("Saved views ({n})")
DECK_INTRO = N_(
    "Add the view on screen (settings, filters and typology) to a deck for this meeting, "
    "put the views in order, save the deck as a small JSON file and load it again next time."
)
DECK_ADD = N_("Add this view to the deck")
DECK_ADDED = N_("Added to the deck: {title}")
DECK_EMPTY = N_("The deck is empty: add a view from the briefing with the button above.")
DECK_DOWNLOAD = N_("Save the deck (JSON)")
DECK_UPLOAD = N_("Load a saved deck (JSON)")
DECK_LOADED = N_("Loaded a deck of {n} view(s).")
DECK_BAD_FILE = N_("This file cannot be used as a deck, so the current deck is unchanged:")
DECK_VIEW_FAILED = N_("This saved view cannot be shown with the current data: {error}")
# ---- Filters, selection and shareable views (issue 6) ----
SELECTION_COUNT = N_("{shown} of {total} contexts selected")
TYPOLOGY_FILTER_HELP = N_(
    "Typologies are numbered for the current method and k: change either and the numbers "
    "may describe different groups."
)
CONFIDENCE_FILTER_HELP = N_(
    "Confidence in a context's coded profile: high with a city or metro homicide figure and a "
    "conflict status; medium with a country figure used for the city; low when one is missing."
)
EMPTY_SELECTION_WITH = N_(
    "No context matches the current filters ({filters}). Widen or clear them in the sidebar "
    "(the **Clear filters** button resets all of them)."
)
SKIPPED_FILTERS = N_(
    "These filters were skipped: the contexts table has no column for them: {names}."
)
SHARE_HINT = N_(
    "This view is in the address bar: copy the link to reopen it with the same filters, "
    "method, k, seed and choices."
)
ALL_TYPOLOGIES = N_("All typologies")
FOCUS_HELP = N_("Highlights the chosen typology's cities on the map and in the composition charts.")
COMPOSITION_CAPTION = N_(
    "Number of selected contexts of each typology per setting and per region. The typology "
    "highlighted above keeps its colour; the others are greyed."
)
CITY_INTRO = N_(
    "One context (a city in a reference year): where each figure comes from, how its violence "
    "types were coded, which typology it joins and which cities resemble it."
)
MEMBERSHIP_HELP = N_(
    "The context's share of membership in its typology (100% at the typology's centre, about "
    "50% on the border with the runner-up)."
)
CITY_SETTING = N_("Setting: {setting}.")
BORDERLINE = N_("A borderline member: it sits between its typology and the runner-up.")
INDICATORS_CAPTION = N_(
    "Level says whose figure it is: city, metro, or country-proxy (a national figure used for "
    "the city). The note says how the figure was chosen, or why there is none."
)
PATH_CAPTION = N_(
    "The typology of each of this city's contexts, by reference year, under the current "
    "method and k."
)
PATH_SINGLE = N_("{city} has one context in the data, so there is no path over time to show.")
NEIGHBOURS_CAPTION = N_(
    "The nearest contexts in the features the typologies are fitted on (other years of the "
    "same city left out), within the current filters. Distance 0 means an identical profile."
)
NO_NEIGHBOURS = N_("No other context in the current filters to compare with: widen the filters.")
COMPARE_INTRO = N_(
    "Two to five contexts side by side: their coded violence profiles, typologies and measured "
    "figures. Figures from another source, level or year are flagged before you compare them."
)
COMPARE_TOO_FEW = N_(
    "{n} context(s) chosen: choose at least 2 (and at most 5) in the box above to compare them."
)
COMPARABILITY_HEAD = N_("**Not like for like.** Read these figures with care:")
RADAR_CAPTION = N_("Coded intensity of each violence type: 0 none, 1 low, 2 medium, 3 high.")
WHATIF_INTRO = N_(
    "Describe a city's situation: its setting and how intense each type of violence is. The "
    "fitted typologies say which one it would join and which cities are closest. Nothing is "
    "saved and the data are not changed."
)
INTENSITY_HELP = N_(
    "0 none, 1 low, 2 medium, 3 high; 'unknown' when there is no evidence (left out, never read "
    "as none)."
)
WHATIF_NOT_CLASSIFIED = N_(
    "**Not classified:** {reason}. The typologies classify a context only when enough of its "
    "intensities are known, and this profile is treated the same way: set more of them to a "
    "value to see which typology it would join."
)
WHATIF_YOURS = N_("this profile")
WHATIF_TYPOLOGY_MEAN = N_("typology mean")
WHATIF_INDICATORS = N_(
    "The typologies also use measured indicators; a what-if profile has none, so it is given "
    "the median of the contexts for each (it pulls neither way)."
)
WHATIF_NEIGHBOURS = N_(
    "The contexts nearest to this profile in the features the typologies are fitted on, within "
    "the current filters."
)
TYPOLOGY_LINE = N_("**Typology:** {typology}  \n**Runner-up:** {runner_up}")
# --- Practices page (issue 5) --------------------------------------------------------------------
PRACTICES_INTRO = N_(
    "A depository of documented **practices**: tools and mechanisms tried in a named place and "
    "period, with the violence types and settings they addressed and **how strong the evidence "
    "is** (failures included). Filter the list, match it to a typology or a city, and see where "
    "evaluated evidence is missing."
)
PRACTICES_DATA_ERROR = N_(
    "The practice depository could not be read. What is wrong and how to fix it:"
)
PRACTICES_FILTERS = N_("Filter the depository")
PRACTICE_SOURCE_LANGUAGE = N_(
    "The practice's name, summary and lessons are shown as its sources wrote them {note}: a "
    "translation is shown only where the data holds one with its translator."
)
PRACTICES_COUNT = N_("{n} of {total} practices match the filters.")
MATCH_HEADER = N_("Practices matched to a typology or a city")
MATCH_CAPTION = N_(
    "Score (0-100) = relevance x evidence weight. Relevance: how intense, here, the violence "
    "types the practice addresses are (60%), and how many of the contexts are in a setting where "
    "it was documented (40%); for a city, +0.15 when the practice is from the same city and +0.05 "
    "from the same country. Evidence weights: effective 1.0, promising 0.75, mixed 0.4, "
    "inconclusive 0.3, not evaluated 0.25, no effect or harmful 0 (the grade is derived from the "
    "effect and the strength of evidence of the practice's outcomes). Setting first: practices "
    "tried in this setting are ranked on their own; those tried only elsewhere are listed apart. "
    "Only the practices passing the filters above are matched."
)
MATCH_TRANSFER = N_(
    "⚠ marks evidence from other settings than the typology's or city's own: it may not transfer."
)
MATCH_TRIED_HERE = N_("Tried in this setting ({n})")
MATCH_TRIED_HERE_NONE = N_(
    "No practice among the filtered ones was documented in this setting: see those tried "
    "elsewhere below, and the evidence gaps."
)
MATCH_TRIED_ELSEWHERE = N_("Tried elsewhere ({n}): not ranked with the above")
MATCH_ELSEWHERE_CAPTION = N_(
    "Documented only in other settings. For one to transfer, the conditions it relied on "
    "(EMMIE's moderators: who ran it, what state capacity and security it needed, what the "
    "violence looked like there) would have to hold here too; the transfer column says where its "
    "evidence comes from."
)
OUTCOMES_HEADER = N_("Outcomes: effect and strength of evidence")
OUTCOMES_CAPTION = N_(
    "One row per outcome measured. Strength follows one rule (strong: a randomised trial or two "
    "rigorous quasi-experiments; moderate: one; limited: before-after, qualitative or observers' "
    "consensus; none: no impact evaluation); the practice's grade is derived from its primary "
    "outcomes. 'Not stated' = the sources do not say whether the evaluator was independent."
)
COVERAGE_HEADER = N_("Coverage of the depository")
COVERAGE_COUNTS = N_(
    "{practices} practices in {countries} countries; {evaluated} ({share:.0%}) have an evaluation "
    "of some strength; {rigorous} show a positive effect with strong or moderate evidence, "
    "{rigorous_conflict} of them in armed-conflict or post-conflict settings; {peacebuilding} "
    "fall under peacebuilding entry points; {thin} of {cells} setting x violence-type cells hold "
    "fewer than 2 practices."
)
COVERAGE_ALL = N_("Where are there practices at all (practices per setting and violence type)")
COVERAGE_RIGOROUS = N_(
    "Where is the evidence strong (practices graded effective or promising, per setting and "
    "violence type)"
)
MATCH_LESSONS = N_("Lessons: practices that found no effect or harm ({n}). Never recommended.")
MATCH_NO_LESSONS = N_("No practice with no effect or harm among the filtered practices.")
MATCH_NONE = N_("No practice passes the filters, so there is nothing to match. {why}")
MATCH_NO_CONTEXTS = N_(
    "No city matches the sidebar filters: widen them in the sidebar to choose a city."
)
MATCH_NO_TYPOLOGIES = N_("Typologies could not be formed: {why}")
DETAIL_HEADER = N_("A practice's full record")
DETAIL_SOURCES = N_("Sources")
GAPS_HEADER = N_("Evidence gaps")
GAPS_CAPTION = N_(
    "Each cell: evaluated practices of documented practices for an entry point in a setting or "
    "typology (a practice counts for a typology when its relevance there is at least 0.6). "
    "Orange cells have no evaluated practice ('none': nothing documented at all); hover a cell "
    "for the count per "
    "evidence grade. The matrix follows the filters above."
)
GAPS_EMPTY_LIST = N_("{n} cells without an evaluated practice")
GAPS_NONE_EMPTY = N_("Every cell has at least one evaluated practice.")
LITERATURE_HEADER = N_("Literature and glossary")
SEARCH_EMPTY = N_("Nothing in the {what} contains '{query}'. Try a shorter word.")
MATCH_TYPOLOGY = N_("Matched to a typology")
MATCH_CITY = N_("Matched to a city")
LITERATURE_COUNT = N_(
    "{n} of {total} works. Open one for its annotation, link and the practices it supports."
)

# Matched practices on the City and What-if pages
MATCHED_PRACTICES_TITLE = N_("Practices that match")
NO_MATCHED_PRACTICES = N_(
    "No documented practice in the depository addresses this profile with evidence. "
    "See the evidence gaps on the Practices page."
)
MATCHED_PRACTICES_CAPTION = N_(
    "Score 0-100 = relevance (violence types addressed, settings where the practice was "
    "documented) x evidence weight (effective 1, promising 0.75, mixed 0.4, inconclusive 0.3, "
    "not evaluated 0.25). "
    "Practices found to have no effect or to do harm are never recommended: they are listed as "
    "lessons on the Practices page, where every record shows its sources. ⚠ marks evidence from "
    "other settings."
)


DATA_INTRO = N_(
    "Download the contexts of the current view with their typologies, or bring your own "
    "contexts: they flow through the typologies and every page, for this session only."
)
DOWNLOAD_CAPTION = N_(
    "{n} of {total} contexts (the sidebar filters choose the rows; the typologies are fitted on "
    "all {total}). Excel has the sheets data, codebook, sources and method; the ZIP bundle adds "
    "a citation file (CITATION.cff), the method parameters (method.json) and licences."
)
FORMULA_NOTE = N_(
    "For spreadsheet safety, text cells that start with =, +, -, @ or a tab carry a leading "
    "quote in CSV and Excel files, so that they are shown as text and never run as formulas."
)
CODEBOOK_HEADING = N_("Codebook: what every column means")
UPLOAD_HEADING = N_("Use your own contexts")
UPLOAD_INTRO = N_(
    "Upload a table of contexts: **CSV** (comma or semicolon separated; UTF-8 with or without "
    "BOM, or Latin-1/Windows-1252), **Excel** (.xlsx: the sheet `data`, else the first sheet) or "
    "**Parquet**. It needs the columns of the template below; other columns are kept, and "
    "typology columns from a download are fitted afresh. Limits: **{max_mb} MB** per file and "
    "**{max_rows:,} rows**. The file is read in memory for this session only and never saved "
    "on the server."
)
UPLOAD_MODE_LABEL = N_("How to use the uploaded contexts")
UPLOAD_MODES = {
    "add": N_("Add them to the bundled contexts"),
    "alone": N_("Use them alone"),
}
UPLOAD_INVALID = N_(
    "**{name}** cannot be used yet: fix these problems in the file and upload it again. "
    "The contexts in use have not changed."
)
UPLOAD_COMBINE_ERROR = N_(
    "The uploaded contexts cannot be added to the bundled ones. Fix these problems, or choose "
    "'Use them alone'. Until then the other pages show this list too."
)
UPLOAD_ACTIVE = N_("In use: **{rows:,}** uploaded contexts from **{name}** ({mode}).")
UPLOAD_NONE = N_("In use: the bundled data ({rows:,} contexts).")
UPLOAD_CLEAR = N_("Back to the bundled data")
TEMPLATE_LABEL = N_("Download the template (CSV)")
TEMPLATE_HELP = N_("The required columns with two real example rows from the bundled data.")
# --- Method page ---------------------------------------------------------------------------
METHOD_TITLE = N_("Method: how the typologies are made")
METHOD_INTRO = N_(
    "What the typologies are built from, how many there are and how sure the grouping is. "
    "Choose the features and their weights here and the method, k and seed in the sidebar: "
    "every page uses the same choice."
)
METHOD_SETTINGS = N_(
    "**Method** {method} · **k** {k} · **seed** {seed}  \n"
    "**Features** {features}  \n**Weights** {weights}"
)
FEATURES_SUBHEADER = N_("Features and weights")
FEATURES_LABEL = N_("Features clustered on")
FEATURES_HELP = N_(
    "Violence types are coded 0-3 (none, low, medium, high); the setting is one of armed "
    "conflict, post-conflict, criminal violence, stable; indicators are measured figures "
    "(log-scaled and standardised, a missing figure takes the median)."
)
WEIGHT_LABELS = {
    "violence": N_("Weight: violence types"),
    "setting": N_("Weight: setting"),
    "indicators": N_("Weight: indicators"),
}
WEIGHTS_HELP = N_(
    "A group's weight multiplies its contribution to the distance between contexts: "
    "2 counts the group twice as much, 0.5 half as much, 0 leaves it out."
)
NO_FEATURES = N_("No feature is chosen: the default (the seven violence types) is used.")
DIAGNOSTICS_SUBHEADER = N_("How many typologies?")
DIAGNOSTICS_CAPTION = N_(
    "Each panel compares the numbers of typologies k that were tried. Silhouette (how well each "
    "context sits in its typology) and Calinski-Harabasz (separation against spread): higher is "
    "better. Davies-Bouldin (how much typologies overlap): lower is better. Stability: how often "
    "refits on resampled contexts find the same typologies (1 = always); the dashed line is the "
    "stability threshold of the automatic rule. The star marks the k in use."
)
K_AUTO_RULE = N_(
    "**Rule for k 'auto':** among the k whose stability (mean adjusted Rand index over "
    "{n_bootstrap} bootstrap refits) is at least {threshold}, take the one with the highest "
    "silhouette; if none is that stable, take the most stable. On big tables the check stays "
    "quick: k is compared on at most {diagnostic_rows:,} contexts, silhouette on a sample of at "
    "most {silhouette_sample:,} and stability on a subsample of at most {bootstrap_rows:,}."
)
CHOSEN_K_LABEL = N_("Typologies in use (k)")
PROJECTION_SUBHEADER = N_("Typologies in two dimensions")
PROJECTION_CAPTION = N_(
    "A principal component projection of the weighted features: contexts that are close here "
    "have similar profiles. The axis titles say how much of the variation each axis shows; "
    "what it leaves out can separate typologies that overlap here. Contexts coded alike would "
    "sit on one point: they are spread slightly so that each can be seen."
)
RELATIVE_PROFILE_SUBHEADER = N_("What sets each typology apart")
RELATIVE_PROFILE_CAPTION = N_(
    "Mean intensity of each violence type in the typology minus its mean over all contexts: "
    "red is more than usual, blue less."
)
DENDROGRAM_SUBHEADER = N_("Ward merge tree")
DENDROGRAM_CAPTION = N_(
    "Ward's method merges the two closest groups step by step; the height of a merge is how "
    "different the groups were. The dashed line cuts the tree into the typologies in use."
)
TYPOLOGY_TABLE_SUBHEADER = N_(
    "Typologies: representative, distinctive features, borderline members"
)
TYPOLOGY_TABLE_CAPTION = N_(
    "The representative is the member closest to the typology's centre. Distinctive features "
    "differ from the overall mean by at least half a level. Borderline members share their "
    "membership with another typology (below 60% in their own)."
)
CONFIDENCE_SUBHEADER = N_("How sure is each assignment?")
CONFIDENCE_CAPTION = N_(
    "Confidence is the share of a context's membership in its typology (probabilities for the "
    "Gaussian mixture, relative closeness to each typology centre otherwise); the runner-up is "
    "the next closest typology. Least certain first."
)


# The English constants are read through __getattr__, which translates them.
ENGLISH, __getattr__ = translate_module_constants(globals(), "ui.text")
