"""What-if: enter a violence profile and see which typology it would join and which cities are
closest, under the fitted model, without changing any data."""

import pandas as pd
import streamlit as st

from typology.analysis import (
    SETTING_NAMES,
    VIOLENCE_NAMES,
    assign_profile,
    profile_not_classified,
)
from typology.charts import intensity_radar
from typology.i18n import _
from typology.labels import UNKNOWN, value_label
from typology.matching import matched_practices_for_profile
from typology.schema import INTENSITY_LABELS, SETTINGS, VIOLENCE_TYPES
from typology.similarity import nearest_to_vector
from ui import loaders, state, text, widgets

st.title(_("What if?"))
st.markdown(text.WHATIF_INTRO)

analysis = state.analysis_or_stop()

INTENSITY_CHOICES = [UNKNOWN, 0, 1, 2, 3]  # unknown: empty in the profile, never 0


def intensity_word(value) -> str:
    return _(UNKNOWN) if value == UNKNOWN else f"{value} {_(INTENSITY_LABELS[value])}"


left, right = st.columns([1, 2])
with left:
    setting = st.selectbox(
        _("Setting"), list(SETTINGS), format_func=lambda s: _(SETTING_NAMES[s]), key="wi_setting"
    )
    chosen = {
        violence: st.select_slider(
            _("{violence} violence").format(violence=_(VIOLENCE_NAMES[violence])).capitalize(),
            options=INTENSITY_CHOICES,
            value=1,
            format_func=intensity_word,
            key=f"wi_{violence}",
            help=text.INTENSITY_HELP,
        )
        for violence in VIOLENCE_TYPES
    }
intensities = {v: None if c == UNKNOWN else c for v, c in chosen.items()}
profile = {"setting": setting, **intensities}
not_classified = profile_not_classified(analysis, profile)
if not_classified:
    right.warning(text.WHATIF_NOT_CLASSIFIED.format(reason=not_classified))
    st.stop()
assigned = assign_profile(analysis, profile)

with right:
    st.markdown(
        text.TYPOLOGY_LINE.format(
            typology=f"{assigned.typology}. {state.md_escape(assigned.name)}",
            runner_up=state.md_escape(assigned.runner_up_name or _("no other typology")),
        )
    )
    st.metric(_("Membership share"), f"{assigned.confidence:.0%}", help=text.MEMBERSHIP_HELP)
    typology_mean = analysis.profile.loc[assigned.typology]
    shapes = pd.DataFrame(
        [
            {"label": text.WHATIF_YOURS, **intensities},
            {"label": text.WHATIF_TYPOLOGY_MEAN, **typology_mean.to_dict()},
        ]
    )
    st.plotly_chart(intensity_radar(shapes, label="label"), key="whatif_radar")
    st.caption(
        " ".join(f"{_(VIOLENCE_NAMES[v])}: {_(value_label(v, i))}." for v, i in intensities.items())
    )

if "indicators" in analysis.params.features:
    st.caption(text.WHATIF_INDICATORS)

st.subheader(_("Closest cities"))
contexts = state.filtered_or_explain(analysis.contexts, analysis)
keep = analysis.contexts["context_id"].isin(contexts["context_id"])
widgets.table(
    nearest_to_vector(analysis, assigned.features, n=5, exclude=~keep),
    hide_index=True,
    key="whatif_neighbours",
)
st.caption(text.WHATIF_NEIGHBOURS)

widgets.matched_practices(
    matched_practices_for_profile(loaders.practices(), intensities, setting, n=5),
    key="whatif_practices",
)
