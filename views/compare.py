"""Compare: two to five contexts side by side, with a warning wherever their figures are not
like for like (another source, level or year)."""

import streamlit as st

from typology.charts import intensity_radar
from typology.i18n import _
from typology.provenance import (
    comparability_warnings,
    context_labels,
    indicator_comparison,
    indicator_records,
)
from ui import loaders, state, text, widgets

# First visit: two cities the TWG named, in years the data holds (ignored when absent).
DEFAULT_COMPARE = ["bogota-col-2015", "kabul-afg-2018"]

st.title(_("Compare contexts"))
st.markdown(text.COMPARE_INTRO)

analysis = state.analysis_or_stop()
contexts = state.filtered_or_explain(analysis.contexts, analysis)
options = contexts.sort_values(["city", "year"])["context_id"].tolist()
state.ensure_choices("compare_ids", options, DEFAULT_COMPARE, limit=5)
missing = state.link_missing("compare_ids")
if missing:
    st.warning(
        _(
            "The link asks for {contexts}, not in the data in use: the comparison below leaves "
            "them out. An uploaded context lives only in the session that uploaded it: upload the "
            "same file on the Data page."
        ).format(contexts=", ".join(f"“{state.md_escape(m)}”" for m in missing))
    )
chosen = st.multiselect(
    _("Contexts to compare (2 to 5)"),
    options,
    placeholder=_("Choose options"),
    format_func=state.context_label(contexts),
    max_selections=5,
    key="compare_ids",
    **state.CITY_SEARCH,
    **state.keep("compare_ids"),
)
if len(chosen) < 2:
    st.info(text.COMPARE_TOO_FEW.format(n=len(chosen)))
    st.stop()

labels = context_labels(analysis.contexts, chosen)
rows = analysis.contexts.set_index("context_id").loc[chosen].reset_index()
rows["label"] = rows["context_id"].map(labels)

records = indicator_records(loaders.companion_table("provenance.csv"), analysis.contexts, chosen)
warnings = comparability_warnings(records, labels)
if warnings:
    st.warning(
        text.COMPARABILITY_HEAD + "\n\n" + "\n".join(f"- {state.md_escape(w)}" for w in warnings)
    )

st.subheader(_("Violence profiles"))
st.plotly_chart(intensity_radar(rows, label="label"), key="compare_radar")
st.caption(text.RADAR_CAPTION)

st.subheader(_("Typologies"))
widgets.table(
    rows[["label", "setting", "typology_name", "confidence_typology", "runner_up_name"]],
    hide_index=True,
    key="compare_typologies",
)

st.subheader(_("Indicators"))
widgets.table(indicator_comparison(records, labels), hide_index=True, key="compare_indicators")
st.caption(text.INDICATORS_CAPTION)
