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

# --- Method page ---------------------------------------------------------------------------
METHOD_TITLE = "Method: how the typologies are made"
METHOD_INTRO = (
    "What the typologies are built from, how many there are and how sure the grouping is. "
    "Choose the features and their weights here and the method, k and seed in the sidebar: "
    "every page uses the same choice."
)
METHOD_SETTINGS = (
    "**Method** {method} · **k** {k} · **seed** {seed}  \n"
    "**Features** {features}  \n**Weights** {weights}"
)
FEATURES_SUBHEADER = "Features and weights"
FEATURES_LABEL = "Features clustered on"
FEATURES_HELP = (
    "Violence types are coded 0-3 (none, low, medium, high); the setting is one of armed "
    "conflict, post-conflict, criminal violence, stable; indicators are measured figures "
    "(log-scaled and standardised, a missing figure takes the median)."
)
WEIGHT_LABELS = {
    "violence": "Weight: violence types",
    "setting": "Weight: setting",
    "indicators": "Weight: indicators",
}
WEIGHTS_HELP = "How much a group counts in the distance between contexts (0 ignores it)."
NO_FEATURES = "No feature is chosen: the default (all violence types and the setting) is used."
DIAGNOSTICS_SUBHEADER = "How many typologies?"
DIAGNOSTICS_CAPTION = (
    "Each panel compares the numbers of typologies k that were tried. Silhouette (how well each "
    "context sits in its typology) and Calinski-Harabasz (separation against spread): higher is "
    "better. Davies-Bouldin (how much typologies overlap): lower is better. Stability: how often "
    "refits on resampled contexts find the same typologies (1 = always); the dashed line is the "
    "stability threshold of the automatic rule. The star marks the k in use."
)
K_AUTO_RULE = (
    "**Rule for k 'auto':** among the k whose stability (mean adjusted Rand index over "
    "{n_bootstrap} bootstrap refits) is at least {threshold}, take the one with the highest "
    "silhouette; if none is that stable, take the most stable. On big tables the check stays "
    "quick: k is compared on at most {diagnostic_rows:,} contexts, silhouette on a sample of at "
    "most {silhouette_sample:,} and stability on a subsample of at most {bootstrap_rows:,}."
)
CHOSEN_K_LABEL = "Typologies in use (k)"
PROJECTION_SUBHEADER = "Typologies in two dimensions"
PROJECTION_CAPTION = (
    "A principal component projection of the weighted features: contexts that are close here "
    "have similar profiles. The axis titles say how much of the variation each axis shows; "
    "what it leaves out can separate typologies that overlap here. Contexts coded alike would "
    "sit on one point: they are spread slightly so that each can be seen."
)
RELATIVE_PROFILE_SUBHEADER = "What sets each typology apart"
RELATIVE_PROFILE_CAPTION = (
    "Mean intensity of each violence type in the typology minus its mean over all contexts: "
    "red is more than usual, blue less."
)
DENDROGRAM_SUBHEADER = "Ward merge tree"
DENDROGRAM_CAPTION = (
    "Ward's method merges the two closest groups step by step; the height of a merge is how "
    "different the groups were. The dashed line cuts the tree into the typologies in use."
)
TYPOLOGY_TABLE_SUBHEADER = "Typologies: representative, distinctive features, borderline members"
TYPOLOGY_TABLE_CAPTION = (
    "The representative is the member closest to the typology's centre. Distinctive features "
    "differ from the overall mean by at least half a level. Borderline members share their "
    "membership with another typology (below 60% in their own)."
)
CONFIDENCE_SUBHEADER = "How sure is each assignment?"
CONFIDENCE_CAPTION = (
    "Confidence is the share of a context's membership in its typology (probabilities for the "
    "Gaussian mixture, relative closeness to each typology centre otherwise); the runner-up is "
    "the next closest typology. Least certain first."
)
