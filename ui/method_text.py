"""Prose of the typology engine on the Method, Explore and Present pages (one place, so pages
stay thin and translation stays possible). English source strings marked N_(); reading
`method_text.NAME` returns them in the session's language (see ui/text.py)."""

from typology.i18n import N_, translate_module_constants

PLAIN_WORDS = N_(
    "**In plain words.** Each context (a city in a year) is described by seven coded violence "
    "types, each none, low, medium or high; a code nobody knows is left empty, never guessed. "
    "The method groups contexts whose seven codes look alike into **violence typologies**. The "
    "setting (armed conflict, post-conflict, criminal violence, stable) is not used to form "
    "them: it is the second axis of the **scenario matrix**, so the matrix shows whether a kind "
    "of violence is found across settings or only in one.\n\n"
    "Three checks keep the result honest: (1) **against chance**: the same grouping is tried on "
    "data in which each violence type was shuffled on its own, so no real pattern is left; a "
    "number of typologies is kept only if the real data groups clearly better than every one of "
    "{n_null} shuffles, otherwise the page says *no typology structure beyond chance*; "
    "(2) **stability**: the cities are resampled {n_boot} times (a city's years together) and "
    "each typology is looked for again; (3) **membership**: how often each context lands in its "
    "typology across those resamples (for latent class analysis, its probability). Contexts "
    "with fewer than {min_known} known codes are listed as not classified."
)
METHOD_EXPLAINED = {
    "kmedoids": (
        N_(
            "**k-medoids (Gower)**: each typology is represented by one real context, its medoid. "
            "Two contexts differ by the average gap between their codes (a gap of 3 levels "
            "counts as "
            "1), over the codes known for both."
        )
    ),
    "lca": (
        N_(
            "**Latent class analysis**: a statistical model in which each typology has its own "
            "chance of each code level; a missing code simply does not count. Membership is the "
            "model's probability."
        )
    ),
    "kmeans": (
        N_(
            "**k-means** (kept for comparison): each typology is an average profile. "
            "It needs every code: an unknown code is replaced by the column median."
        )
    ),
    "ward": (
        N_(
            "**Ward hierarchical** (kept for comparison): merges the closest groups step by step. "
            "An unknown code is replaced by the column median."
        )
    ),
    "gmm": (
        N_(
            "**Gaussian mixture** (kept for comparison): a bell-curve model, a poor fit to 0-3 "
            "codes. An unknown code is replaced by the column median."
        )
    ),
}
SCENARIO_SUBHEADER = N_("Scenarios: setting x violence typology")
SCENARIO_CAPTION = N_(
    "Rows: settings. Columns: violence typologies. Each cell: the number of contexts and the "
    "cities. A typology found in several rows is a kind of violence shared across settings."
)
ARI_SENTENCE = N_(
    "Agreement between the typologies and the settings (adjusted Rand index): **{ari:.2f}** "
    "(0 = independent, 1 = the same grouping)."
)
RESTATES = N_(
    "With the setting or indicators among the features, the typologies restate the setting "
    "(agreement {ari:.2f} >= {threshold}): they add little beyond it. Remove the setting from "
    "the features to see the violence typologies."
)
NULL_SUBHEADER = N_("How many typologies, against chance?")
NULL_CAPTION = N_(
    "For each k: the {stat} of the real data (observed) and of {n_null} column-shuffled copies "
    "(mean and 95th percentile); excess = how many null standard deviations the observed value "
    "lies above the null's mean; p = the share of shuffles whose largest excess over all k "
    "reaches it. A k is accepted when observed beats the 95th percentile and p <= 0.05; the "
    "accepted k with the largest excess is chosen, otherwise k = 1 (no typology structure "
    "beyond chance). Bounds: at most {rows:,} contexts (a random sample beyond), {n_null} "
    "shuffles, {n_boot} city resamples."
)
NULL_FIXED_K = N_("k is fixed at {k} here; the table shows what the automatic rule would see.")
NO_STRUCTURE = N_("**No typology structure beyond chance** with this method and these features.")
STABILITY_SUBHEADER = N_("How stable is each typology?")
STABILITY_CAPTION = N_(
    "Mean Jaccard similarity of each typology with its best match over {n_boot} resamples of "
    "cities (a city's years together), read as Hennig's clusterboot: under 0.6 dissolved, from "
    "0.75 stable, between a weak pattern."
)
MEMBERSHIP_SUBHEADER = N_("How sure is each assignment?")
MEMBERSHIP_CAPTION = N_(
    "Membership: for latent class analysis the model's probability; for the other methods the "
    "share of the {n_boot} city resamples that put the context in its typology. Below {b} the "
    "context is borderline. Least certain first."
)
UNCLASSIFIED_SUBHEADER = N_("Not classified")
SENSITIVITY_SUBHEADER = N_("Sensitivity: do the typologies survive other choices?")
SENSITIVITY_TOGGLE = N_("Run the sensitivity grid")
SENSITIVITY_HELP = N_(
    "Refits with the methods {methods}, k-1, k and k+1, seeds {seeds} and, when several feature "
    "groups are used, each group's weight at 0.5 and 2. Takes a few seconds; cached."
)
SENSITIVITY_CAPTION = N_(
    "Per method and k: how closely the refits agree with the typologies shown (adjusted Rand "
    "index; 1 = identical). Below: the contexts that keep their typology in fewer than 80% of "
    "runs."
)
APPENDIX_DOWNLOAD = N_("Download the methods appendix (Markdown)")
APPENDIX_HELP = N_(
    "For a reviewer: data hash, features and encoding, distance, method and parameters, the k "
    "rule with the null table, stability, the sensitivity summary (when run), seed and library "
    "versions."
)


# The English constants are read through __getattr__, which translates them.
ENGLISH, __getattr__ = translate_module_constants(globals(), "ui.method_text")
