"""Data: download the current view with codebook and citation; upload your own contexts."""

import html

import streamlit as st

from typology.export import (
    FORMATS,
    codebook_for,
    export_bytes,
    export_columns,
    method_parameters,
    template_csv,
)
from typology.i18n import _
from typology.io import MAX_ROWS, DataValidationError, problems_table, validation_report
from ui import language, loaders, state, text, widgets

st.title(_("Data"))
st.markdown(text.DATA_INTRO)


def show_problems(problems, key: str) -> None:
    """Every problem, in the same words as `python -m typology validate`, and as a table."""
    st.code(validation_report(None, problems), language=None, wrap_lines=True)
    # The column and value as they are in the user's file, so they can be found there.
    widgets.table(problems_table(problems), hide_index=True, key=key, keep=("column", "value"))


# The upload is handled first (so the downloads below already use it) but drawn second.
download_area = st.container()

st.subheader(text.UPLOAD_HEADING)
st.markdown(
    text.UPLOAD_INTRO.format(max_mb=st.get_option("server.maxUploadSize"), max_rows=MAX_ROWS)
)
st.download_button(
    text.TEMPLATE_LABEL,
    template_csv(loaders.bundled_contexts()),
    file_name="contexts_template.csv",
    mime="text/csv",
    help=text.TEMPLATE_HELP,
    on_click="ignore",
    key="dl_template",
)
uploaded = st.file_uploader(
    _("Contexts table"),
    type=["csv", "txt", "tsv", "xlsx", "xlsm", "parquet"],
    key=state.upload_widget_key(),
)
if uploaded is not None:
    problems = state.receive_upload(uploaded.getvalue(), uploaded.name)
    if problems:
        st.error(text.UPLOAD_INVALID.format(name=html.escape(uploaded.name)))
        show_problems(problems, key="upload_problems")

state.restore_upload_mode()
st.radio(
    text.UPLOAD_MODE_LABEL,
    state.UPLOAD_MODES,
    format_func=text.UPLOAD_MODES.get,
    horizontal=True,
    key="upload_mode",
    on_change=state.remember_upload_mode,
)
upload = state.upload_status()
if upload:
    st.success(
        text.UPLOAD_ACTIVE.format(
            rows=upload["rows"],
            name=html.escape(upload["name"]),
            mode=text.UPLOAD_MODES[state.upload_mode()].lower(),
        )
    )
else:
    st.info(text.UPLOAD_NONE.format(rows=len(loaders.bundled_contexts())))
st.button(
    text.UPLOAD_CLEAR, key="upload_clear", on_click=state.clear_upload, disabled=upload is None
)

with download_area:
    st.subheader(_("Download the current view"))
    try:
        analysis = state.current_analysis()
    except DataValidationError as err:
        st.error(text.UPLOAD_COMBINE_ERROR)
        show_problems(err.problems, key="combine_problems")
        analysis = None
    except ValueError as err:  # too few contexts to form typologies
        st.warning(str(err))
        analysis = None
    if analysis is not None:
        every = state.analysed_contexts(analysis)  # not-classified contexts are downloaded too
        view = state.apply_filters(every)
        view = view[export_columns(view)]
        st.caption(text.DOWNLOAD_CAPTION.format(n=len(view), total=len(every)))
        if view.empty:
            st.info(text.EMPTY_SELECTION)
        else:
            label, version = state.active_data_version()
            params = method_parameters(
                analysis.params,
                analysis.k,
                version,
                rows=len(view),
                data_label=label,
                selection=_("the Data page's view: {n} of {total}").format(
                    n=len(view), total=len(every)
                ),
            )
            sources = loaders.companion_table("sources.csv")
            codebook = loaders.companion_table("codebook.csv")
            for column, (fmt, spec) in zip(st.columns(len(FORMATS)), FORMATS.items(), strict=True):
                column.download_button(
                    _(spec.label),
                    # Built only when clicked (Streamlit calls it on a worker thread).
                    language.bound(export_bytes, view, fmt, codebook, sources, params),
                    file_name=f"typologies.{spec.extension}",
                    mime=spec.mime,
                    icon=":material/download:",
                    on_click="ignore",
                    key=f"dl_{fmt}",
                )
            st.caption(text.FORMULA_NOTE)

st.subheader(text.CODEBOOK_HEADING)
columns = analysis.contexts if analysis is not None else loaders.bundled_contexts()
codebook = codebook_for(columns, loaders.companion_table("codebook.csv"))
# The codebook explains the codes to machines and people alike: its cells keep them.
widgets.table(codebook, hide_index=True, key="data_codebook", codes=True)
