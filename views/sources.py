"""Sources: where every figure comes from, the codebook, licences and how to cite."""

import streamlit as st

from typology import __version__
from typology.i18n import _
from typology.labels import column_label
from typology.provenance import basis_shares, city_evidence_share
from ui import loaders, text, widgets

st.title(_("Sources and codebook"))
st.markdown(text.SOURCES_INTRO)

sources_tab, basis_tab, codebook_tab, provenance_tab, cite_tab = st.tabs(
    [
        _("Sources"),
        _("Evidence basis"),
        _("Codebook"),
        _("Provenance of a context"),
        _("Licences and citation"),
    ]
)
with sources_tab:
    widgets.table(
        loaders.all_sources(),
        hide_index=True,
        column_config={"url": st.column_config.LinkColumn(_("url"))},
        key="sources_table",
    )
with basis_tab:
    st.markdown(text.BASIS_INTRO)
    provenance = loaders.companion_table("provenance.csv")
    shares = basis_shares(provenance)
    if shares.empty:
        st.info(_("This data set has no provenance table with a basis column."))
    else:
        st.markdown(text.CITY_EVIDENCE_SHARE.format(share=city_evidence_share(provenance)))
        widgets.table(shares.rename(columns=column_label), key="basis_table")
with codebook_tab:
    codebook = loaders.companion_table("codebook.csv")  # codes for machines, explained: kept
    widgets.table(codebook, hide_index=True, key="codebook_table", codes=True)
with provenance_tab:
    provenance = loaders.companion_table("provenance.csv")
    if provenance.empty:
        st.info(_("This data set has no provenance table."))
    else:
        context_ids = sorted(provenance["context_id"].unique())
        chosen = st.selectbox(text.PROVENANCE_HELP, context_ids, key="provenance_context")
        widgets.table(
            provenance[provenance["context_id"] == chosen].drop(columns="context_id"),
            hide_index=True,
            key="provenance_table",
        )
with cite_tab:
    st.markdown(text.LICENCES)
    st.markdown(text.HOW_TO_CITE.format(version=__version__))
