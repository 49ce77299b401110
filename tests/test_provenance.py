import pandas as pd
import pytest

from typology.provenance import (
    city_history,
    comparability_warnings,
    context_labels,
    indicator_records,
    indicator_table,
    sources_used,
    violence_table,
)
from typology.schema import VIOLENCE_TYPES

# Made-up provenance rows for two made-up contexts (test input, not shipped data).
PROVENANCE = pd.DataFrame(
    [
        ["a-2015", "homicide_rate", "20", "city-stats", "2015", "city", "city figure"],
        ["b-2015", "homicide_rate", "6", "wdi-homicide", "2015", "country-proxy", "national"],
        ["a-2015", "ipv_prevalence", "10", "sdg521-ipv", "2018", "country-proxy", "national"],
        ["b-2015", "ipv_prevalence", "12", "sdg521-ipv", "2018", "country-proxy", "national"],
        ["a-2015", "population", "100", "geonames", "", "city", ""],
        ["b-2015", "population", "", "geonames", "", "city", "no figure"],
        ["a-2015", "large_scale", "2", "ucdp-acd", "2015", "rule", "rule: conflict status minor"],
    ],
    columns=["context_id", "field", "value", "source_id", "year", "level", "rationale"],
)
CONTEXTS = pd.DataFrame(
    {
        "context_id": ["a-2015", "b-2015", "a-2018"],
        "city": ["Alphaville", "Betatown", "Alphaville"],
        "iso3": ["AAA", "BBB", "AAA"],
        "year": [2015, 2015, 2018],
        "homicide_rate": [20.0, 6.0, 8.0],
        "homicide_rate_year": [2015.0, 2015.0, 2017.0],
        "homicide_rate_level": ["city", "country-proxy", "country-proxy"],
        **{v: [2, 1, 0] for v in VIOLENCE_TYPES},
        "typology_name": ["T1", "T2", "T2"],
    }
)


def test_a_city_figure_beside_a_country_proxy_is_flagged_by_name():
    labels = context_labels(CONTEXTS, ["a-2015", "b-2015"])
    assert labels == {"a-2015": "Alphaville 2015", "b-2015": "Betatown 2015"}
    warnings = comparability_warnings(indicator_records(PROVENANCE, CONTEXTS, labels), labels)
    homicide = [w for w in warnings if w.startswith("homicide rate")]
    assert len(homicide) == 1
    assert "level and source differ" in homicide[0]
    assert "Alphaville 2015 is a city figure from 2015" in homicide[0]
    assert "Betatown 2015 is a country-proxy figure from 2015" in homicide[0]


def test_like_for_like_figures_give_no_warning():
    labels = context_labels(CONTEXTS, ["a-2015", "b-2015"])
    warnings = comparability_warnings(indicator_records(PROVENANCE, CONTEXTS, labels), labels)
    assert not any(w.startswith("intimate partner") for w in warnings)


def test_a_missing_figure_is_named():
    labels = context_labels(CONTEXTS, ["a-2015", "b-2015"])
    warnings = comparability_warnings(indicator_records(PROVENANCE, CONTEXTS, labels), labels)
    assert "population: no figure for Betatown 2015, so it cannot be compared there." in warnings


def test_without_provenance_the_contexts_columns_are_used():
    labels = context_labels(CONTEXTS, ["a-2015", "a-2018"])
    records = indicator_records(pd.DataFrame(), CONTEXTS, labels)
    warnings = comparability_warnings(records, labels)
    assert any("homicide rate (level and year differ)" in w for w in warnings)


def test_indicator_table_keeps_missing_values_with_their_reason():
    table = indicator_table(PROVENANCE, CONTEXTS, "b-2015")
    row = table[table["indicator"] == "population"].iloc[0]
    assert row["value"] == "no figure" and row["note"] == "no figure"
    assert set(table.columns) == {"indicator", "value", "level", "year", "source", "note"}


def test_violence_table_has_seven_types_with_rationale():
    table = violence_table(PROVENANCE, CONTEXTS, "a-2015")
    assert len(table) == 7
    first = table.iloc[0]
    assert first["intensity"] == 2 and first["level"] == "medium"
    assert first["rationale"] == "rule: conflict status minor"


def test_sources_used_lists_each_source_once():
    sources = pd.DataFrame({"source_id": ["geonames"], "citation": ["GeoNames"], "url": ["u"]})
    tables = [pd.DataFrame({"source": ["geonames; wdi-homicide", "geonames"]})]
    out = sources_used(tables, sources)
    assert out["source_id"].tolist() == ["geonames", "wdi-homicide"]
    assert out.loc[0, "citation"] == "GeoNames" and out.loc[1, "citation"] == ""


def test_city_history_is_oldest_first_and_only_that_city():
    history = city_history(CONTEXTS, "a-2018")
    assert history["context_id"].tolist() == ["a-2015", "a-2018"]


@pytest.mark.parametrize("cid", ["a-2015", "b-2015"])
def test_labels_add_the_country_when_names_clash(cid):
    contexts = CONTEXTS.assign(city="Tripoli")
    labels = context_labels(contexts, ["a-2015", "b-2015"])
    assert labels[cid].startswith("Tripoli (")


def _basis_rows() -> pd.DataFrame:
    rows = [
        ["a", "small_scale", "2", "city_figure"], ["a", "domestic", "1", "country_proxy"],
        ["b", "small_scale", "", "none"], ["b", "domestic", "3", "country_proxy"],
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["context_id", "field", "value", "basis"])


def test_city_evidence_only_makes_country_proxies_unknown():
    from typology.provenance import city_evidence_only

    contexts = pd.DataFrame(
        {"context_id": ["a", "b", "upload"], "small_scale": [2, None, 1], "domestic": [1, 3, 2]}
    ).astype({"small_scale": "Int64", "domestic": "Int64"})
    only = city_evidence_only(contexts, _basis_rows()).set_index("context_id")
    assert only.loc["a", "small_scale"] == 2  # city figure kept
    assert pd.isna(only.loc["a", "domestic"]) and pd.isna(only.loc["b", "domestic"])
    assert only.loc["upload", "domestic"] == 2  # no provenance: basis unknown, code kept
    assert contexts.loc[0, "domestic"] == 1  # input not mutated


def test_basis_shares_count_empty_values_as_none():
    from typology.provenance import basis_shares, city_evidence_share

    shares = basis_shares(_basis_rows())
    assert shares.loc["small_scale", "city_figure"] == 50.0
    assert shares.loc["small_scale", "none"] == 50.0
    assert shares.loc["all", "country_proxy"] == 50.0
    assert city_evidence_share(_basis_rows()) == 25.0
