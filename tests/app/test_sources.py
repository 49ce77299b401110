from tests.app.helpers import open_page


def test_sources_page_lists_the_public_datasets_and_codebook():
    at = open_page("views/sources.py")
    assert not at.exception
    sources = at.tabs[0].dataframe[0].value
    assert {"ucdp-ged", "wdi-homicide", "geonames"} <= set(sources["source_id"])
    assert sources["source_id"].is_unique
    codebook = at.tabs[1].dataframe[0].value
    assert "setting" in set(codebook["column"])


def test_provenance_follows_the_chosen_context():
    at = open_page("views/sources.py")
    at.selectbox(key="provenance_context").set_value("bogota-col-2015").run()
    assert not at.exception
    rows = at.tabs[2].dataframe[0].value
    assert "setting" in set(rows["field"])
    assert rows["rationale"].str.len().gt(0).all()
