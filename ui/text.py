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

# --- Practices page (issue 5) --------------------------------------------------------------------
PRACTICES_INTRO = (
    "A depository of documented **practices**: tools and mechanisms tried in a named place and "
    "period, with the violence types and settings they addressed and **how strong the evidence "
    "is** (failures included). Filter the list, match it to a typology or a city, and see where "
    "evaluated evidence is missing."
)
PRACTICES_DATA_ERROR = "The practice depository could not be read. What is wrong and how to fix it:"
PRACTICES_FILTERS = "Filter the depository"
PRACTICES_COUNT = "{n} of {total} practices match the filters."
MATCH_HEADER = "Practices matched to a typology or a city"
MATCH_CAPTION = (
    "Score (0-100) = relevance x evidence weight. Relevance: how intense, here, the violence "
    "types the practice addresses are (60%), and how many of the contexts are in a setting where "
    "it was documented (40%); for a city, +0.15 when the practice is from the same city and +0.05 "
    "from the same country. Evidence weights: effective 1.0, promising 0.75, mixed 0.4, not "
    "evaluated 0.25, no effect or harmful 0. Only the practices passing the filters above are "
    "matched."
)
MATCH_TRANSFER = (
    "⚠ marks evidence from other settings than the typology's or city's own: it may not transfer."
)
MATCH_LESSONS = "Lessons: practices that found no effect or harm ({n}). Never recommended."
MATCH_NO_LESSONS = "No practice with no effect or harm among the filtered practices."
MATCH_NONE = "No practice passes the filters, so there is nothing to match. {why}"
MATCH_NO_CONTEXTS = (
    "No city matches the sidebar filters: widen them in the sidebar to choose a city."
)
MATCH_NO_TYPOLOGIES = "Typologies could not be formed: {why}"
DETAIL_HEADER = "A practice's full record"
DETAIL_SOURCES = "Sources"
GAPS_HEADER = "Evidence gaps"
GAPS_CAPTION = (
    "Each cell: evaluated practices of documented practices for an entry point in a setting or "
    "typology (a practice counts for a typology when its relevance there is at least 0.6). "
    "Orange cells have no evaluated practice ('none': nothing documented at all); hover a cell "
    "for the count per "
    "evidence grade. The matrix follows the filters above."
)
GAPS_EMPTY_LIST = "{n} cells without an evaluated practice"
GAPS_NONE_EMPTY = "Every cell has at least one evaluated practice."
LITERATURE_HEADER = "Literature and glossary"
SEARCH_EMPTY = "Nothing in the {what} contains '{query}'. Try a shorter word."
MATCH_TYPOLOGY = "Matched to a typology"
MATCH_CITY = "Matched to a city"
LITERATURE_COUNT = (
    "{n} of {total} works. Open one for its annotation, link and the practices it supports."
)
