from tests.app.helpers import open_page


def test_sources_page_lists_the_public_datasets_and_codebook():
    at = open_page("views/sources.py")
    assert not at.exception
    sources = at.tabs[0].dataframe[0].value
    assert {"ucdp-ged", "wdi-homicide", "geonames"} <= set(sources["source_id"])
    assert sources["source_id"].is_unique
    codebook = at.tabs[2].dataframe[0].value
    assert "setting" in set(codebook["column"])


def test_provenance_follows_the_chosen_context():
    at = open_page("views/sources.py")
    at.selectbox(key="provenance_context").set_value("bogota-col-2015").run()
    assert not at.exception
    rows = at.tabs[3].dataframe[0].value
    assert "setting" in set(rows["field"])
    assert "basis" in rows.columns
    assert rows["rationale"].str.len().gt(0).all()


def test_basis_tab_shows_the_share_of_city_evidence_per_violence_type():
    """Issue 14: the shares per basis per violence type, and the overall city share."""
    at = open_page("views/sources.py")
    assert not at.exception
    shares = at.tabs[1].dataframe[0].value
    assert {"large-scale", "spontaneous", "all"} <= set(shares.index)  # in words
    assert "country proxy" in shares.columns
    assert (shares.sum(axis=1).round(0) == 100).all()
    assert any("rest on evidence about the city" in m.value for m in at.tabs[1].markdown)


def test_city_evidence_only_toggle_is_in_the_sidebar():
    at = open_page("views/sources.py")
    toggle = at.toggle(key="city_evidence_only")
    assert toggle.value is False
    toggle.set_value(True).run()
    assert not at.exception
    assert at.toggle(key="city_evidence_only").value is True
