"""Present: the briefing (or the deck of saved views) one slide at a time, in large type."""

import streamlit as st

from typology.briefing import briefing_html, briefing_pptx
from typology.deck import view_slide, view_title
from typology.i18n import _
from ui import deck, language, loaders, perspectives, slides, state, text

top_left, top_right = st.columns([1, 1])
fullscreen = top_left.toggle(
    text.PRESENT_FULLSCREEN, value=True, key="present_fullscreen", help=text.PRESENT_FULLSCREEN_HELP
)
source = top_right.segmented_control(
    text.PRESENT_SOURCE,
    list(text.PRESENT_SOURCES),
    format_func=text.PRESENT_SOURCES.get,
    default="briefing",
    key="present_source",
    on_change=deck.first_slide,
)
slides.style(fullscreen)

analysis = state.analysis_or_stop(show_notes=False)
contexts = state.apply_filters(analysis.contexts)
if contexts.empty:
    st.info(text.EMPTY_SELECTION)
    st.stop()

if source == "deck" and deck.views():
    shown = []
    for view in deck.views():
        try:
            params = type(analysis.params)(view["method"], view["k"], view["seed"])
            view_analysis = loaders.cached_analysis(state.active_contexts(), params)
            shown.append(view_slide(view_analysis, view))
        except ValueError as err:
            shown.append(None)
            st.warning(text.DECK_VIEW_FAILED.format(error=err))
    shown = [s for s in shown if s is not None]
else:
    if source == "deck":
        st.info(text.DECK_EMPTY)
    labels, defaults = loaders.city_picker(contexts)
    chosen = st.multiselect(
        text.PRESENT_CITIES,
        list(labels),
        placeholder=_("Choose options"),
        default=defaults,
        format_func=labels.get,
        key="present_cities",
        help=text.PRESENT_CITIES_HELP,
    )
    # Cached: rebuilt only when the data, analysis, filters, cities or language change.
    shown, problem = loaders.briefing_slides(
        analysis, contexts, chosen, agreement=perspectives.agreement_or_none()
    )
    if problem:  # a chosen context is not classified: say why, the other slides stay
        st.warning(problem)

number = deck.slide_number(len(shown))
slide = shown[number - 1]
slides.render(slide, key=f"slide_{number}")

st.divider()
prev_col, where_col, next_col, add_col, download_col = st.columns([1, 1, 1, 2, 2])
prev_col.button(
    text.PRESENT_PREV,
    key="slide_prev",
    icon=":material/arrow_back:",
    on_click=deck.step,
    args=(-1,),
    disabled=number <= 1,
)
where_col.markdown(f"**{number} / {len(shown)}**")
next_col.button(
    text.PRESENT_NEXT,
    key="slide_next",
    icon=":material/arrow_forward:",
    on_click=deck.step,
    args=(1,),
    disabled=number >= len(shown),
)
names = analysis.typologies.set_index("typology")["name"]
current = (analysis.params.method, analysis.params.k, analysis.params.seed)
add_col.button(
    text.DECK_ADD,
    key="deck_add",
    icon=":material/bookmark_add:",
    on_click=deck.add_view,
    args=(analysis.params, slide.typology, names.get(slide.typology)),
    disabled=source == "deck",
)
download_col.download_button(
    text.PRESENT_DOWNLOAD,
    data=language.bound(briefing_html, shown),  # built only when clicked: the file is several MB
    file_name="typology-briefing.html",
    mime="text/html",
    key="dl_briefing",
    help=text.PRESENT_DOWNLOAD_HELP,
    on_click="ignore",
    icon=":material/download:",
)
if source != "deck" or not deck.views():
    download_col.download_button(
        text.PRESENT_DOWNLOAD_PPTX,
        data=language.bound(briefing_pptx, shown),  # built on click: drawing the map takes seconds
        file_name="typology-briefing.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key="dl_briefing_pptx",
        help=text.PRESENT_DOWNLOAD_PPTX_HELP,
        on_click="ignore",
        icon=":material/slideshow:",
    )
deck.show_message()

with st.expander(text.DECK_HEADING.format(n=len(deck.views())), expanded=False):
    st.markdown(text.DECK_INTRO)
    for i, view in enumerate(deck.views()):
        label, up, down, drop = st.columns([6, 1, 1, 1])
        same = (view["method"], view["k"], view["seed"]) == current  # names fit this fit only
        name = names.get(view["typology"]) if same else None
        label.markdown(f"{i + 1}. {slides.md(view_title(view, name))}")
        up.button(_("Up"), key=f"deck_up_{i}", on_click=deck.move, args=(i, -1), disabled=i == 0)
        down.button(
            _("Down"),
            key=f"deck_down_{i}",
            on_click=deck.move,
            args=(i, 1),
            disabled=i == len(deck.views()) - 1,
        )
        drop.button(_("Remove"), key=f"deck_remove_{i}", on_click=deck.remove, args=(i,))
    st.download_button(
        text.DECK_DOWNLOAD,
        data=deck.encoded(),
        file_name="typology-deck.json",
        mime="application/json",
        key="deck_download",
        on_click="ignore",
        disabled=not deck.views(),
    )
    st.file_uploader(text.DECK_UPLOAD, type=["json"], key="deck_upload", on_change=deck.load_upload)
