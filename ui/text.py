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

# ---- Filters, selection and shareable views (issue 6) ----
SELECTION_COUNT = "{shown} of {total} contexts selected"
TYPOLOGY_FILTER_HELP = (
    "Typologies are numbered for the current method and k: change either and the numbers "
    "may describe different groups."
)
CONFIDENCE_FILTER_HELP = (
    "Confidence in a context's coded profile: high with a city or metro homicide figure and a "
    "conflict status; medium with a country figure used for the city; low when one is missing."
)
EMPTY_SELECTION_WITH = (
    "No context matches the current filters ({filters}). Widen or clear them in the sidebar "
    "(the **Clear filters** button resets all of them)."
)
SKIPPED_FILTERS = "These filters were skipped: the contexts table has no column for them: {names}."
SHARE_HINT = (
    "This view is in the address bar: copy the link to reopen it with the same filters, "
    "method, k, seed and choices."
)
