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
