"""The shipped context tables and the builder that makes them (typology/dataset.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from typology import dataset
from typology.schema import REGIONS, ContextSchema

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"

# The cities the TWG documents name (seeds), as (city, iso3) in data/cities.csv.
TWG_CITIES = {
    ("Palermo", "ITA"), ("Bogotá", "COL"), ("Guadalajara", "MEX"), ("Corregidora", "MEX"),
    ("Quito", "ECU"), ("Mexico City", "MEX"), ("Durban", "ZAF"), ("Johannesburg", "ZAF"),
    ("Seoul", "KOR"), ("Abidjan", "CIV"), ("Ouagadougou", "BFA"), ("San Fernando", "TTO"),
    ("Nairobi", "KEN"), ("Montréal", "CAN"), ("Dakar", "SEN"), ("Quezon City", "PHL"),
    ("São Paulo", "BRA"), ("Beirut", "LBN"), ("Juba", "SSD"), ("Mogadishu", "SOM"),
    ("Timbuktu", "MLI"), ("Raqqa", "SYR"), ("Los Angeles", "USA"), ("Kabul", "AFG"),
    ("Medellín", "COL"),
}  # fmt: skip


def source_dir() -> Path | None:
    """The public originals: $TYPOLOGY_SOURCE_DIR, else ../shared/data beside the repo."""
    candidate = Path(
        os.environ.get(
            "TYPOLOGY_SOURCE_DIR", Path(__file__).resolve().parents[2] / "shared" / "data"
        )
    )
    return candidate if (candidate / dataset.HOMICIDE_FILE).exists() else None


@pytest.fixture(scope="module")
def cities() -> pd.DataFrame:
    return pd.read_csv(DATA / "cities.csv", keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def provenance() -> pd.DataFrame:
    return pd.read_csv(DATA / "provenance.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False)


def _ids(cell: str) -> set[str]:
    return {part for part in cell.split(";") if part}


# --- the shipped tables ------------------------------------------------------------------------
def test_cities_validate_against_the_schema(cities):
    ContextSchema.validate(cities, lazy=True)


def test_context_id_is_unique(cities):
    assert cities["context_id"].is_unique


def test_every_referenced_source_exists(cities, provenance, sources):
    known = set(sources["source_id"])
    assert sources["source_id"].is_unique
    used = set().union(*map(_ids, cities["sources"]), *map(_ids, provenance["source_id"]))
    assert used - known == set()


def test_sources_have_citation_url_and_licence(sources):
    for column in ("citation", "url", "licence", "accessed"):
        assert (sources[column].str.len() > 0).all(), column


def test_every_coded_value_has_a_rationale_and_a_source(cities, provenance):
    coded = provenance[provenance["field"].isin(dataset.CODED_FIELDS)]
    keyed = coded.set_index(["context_id", "field"])
    assert keyed.index.is_unique
    for row in cities.itertuples():
        for field in dataset.CODED_FIELDS:
            entry = keyed.loc[(row.context_id, field)]
            assert entry["rationale"].strip(), (row.context_id, field)
            assert entry["source_id"].strip(), (row.context_id, field)
            assert entry["value"] == str(getattr(row, field)), (row.context_id, field)


def test_every_indicator_has_a_provenance_row(cities, provenance):
    fields = {"latitude", "longitude", "population", "homicide_rate", "conflict_status",
              "territorial_conflict", "ov_deaths", "ipv_prevalence", "npsv_prevalence",
              "confidence"}  # fmt: skip
    present = provenance.groupby("context_id")["field"].agg(set)
    for context_id in cities["context_id"]:
        assert fields <= present[context_id], context_id


def test_country_figures_are_labelled_country_proxy(cities):
    wdi = cities[cities["sources"].str.contains("wdi-homicide") & cities["homicide_rate"].notna()]
    hand = cities["homicide_rate_level"].isin(["city", "metro"])
    assert (wdi[~hand.loc[wdi.index]]["homicide_rate_level"] == "country-proxy").all()


def test_coverage(cities):
    assert len(cities) >= 150
    assert cities["iso3"].nunique() >= 60
    assert set(cities["region"]) == set(REGIONS)
    present = set(zip(cities["city"], cities["iso3"], strict=True))
    assert TWG_CITIES - present == set()


def test_settings_all_represented(cities):
    assert set(cities["setting"]) == {"armed_conflict", "post_conflict", "criminal_violence",
                                      "stable"}  # fmt: skip


def test_year_specific_indicators_change_over_time(cities):
    """Cities shown over several years must not repeat one figure for every year."""
    for city in ("Medellín", "Bogotá", "Ciudad Juárez", "Juba", "Kabul", "Mosul"):
        rows = cities[cities["city"] == city]
        assert len(rows) >= 2, city
        profile = rows[["homicide_rate", "conflict_status", "setting"]].astype(str)
        assert len(profile.drop_duplicates()) >= 2, city


# --- the builder ---------------------------------------------------------------------------------
@pytest.mark.skipif(source_dir() is None, reason="public source files not found: set "
                    "TYPOLOGY_SOURCE_DIR or put them at ../shared/data")  # fmt: skip
def test_builder_reproduces_the_shipped_tables(tmp_path):
    tables = dataset.build(source_dir(), DATA / "context_selection.csv")
    dataset.write(tables, tmp_path)
    for name in ("cities", "provenance", "sources", "codebook"):
        rebuilt = (tmp_path / f"{name}.csv").read_text(encoding="utf-8")
        shipped = (DATA / f"{name}.csv").read_text(encoding="utf-8")
        assert rebuilt == shipped, f"data/{name}.csv is stale: rerun build-data"


def test_codebook_documents_every_column(cities):
    book = pd.read_csv(DATA / "codebook.csv", keep_default_na=False)
    assert list(book["column"]) == list(cities.columns)
    coded = book[book["column"].isin(dataset.CODED_FIELDS)]
    assert (coded["rule"].str.len() > 20).all()


# --- the coding rules ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "rate", "nonstate", "expected"),
    [
        ("war", 2.0, None, "armed_conflict"),
        ("post_war_le10y", 50.0, None, "post_conflict"),
        ("minor_conflict", 50.0, None, "criminal_violence"),
        ("minor_conflict", 3.0, None, "stable"),
        ("minor_conflict", None, None, "stable"),
        ("none", 10.0, None, "criminal_violence"),
        ("none", 9.99, None, "stable"),
        ("none", 8.0, 6.0, "criminal_violence"),
        ("none", None, None, "stable"),
        (None, None, None, "stable"),
    ],
)
def test_rule_setting(status, rate, nonstate, expected):
    assert dataset.rule_setting(status, rate, nonstate) == expected


@pytest.mark.parametrize(
    ("rate", "small", "public"),
    [(0.0, 0, 0), (0.5, 1, 1), (5.0, 2, 1), (12.0, 2, 2), (25.0, 3, 2), (30.0, 3, 3)],
)
def test_homicide_bands(rate, small, public):
    codes = dataset.rule_intensities("none", rate, None, None, 5.0)
    assert codes["small_scale"][0] == small
    assert codes["public"][0] == public


def test_war_drives_large_scale_public_and_organized():
    codes = dataset.rule_intensities("war", 1.0, None, None, 5.0)
    assert codes["large_scale"][0] == 3
    assert codes["public"][0] == 3
    assert codes["organized"][0] == 3


def test_organised_violence_deaths_raise_large_scale_without_state_conflict():
    codes = dataset.rule_intensities("none", 8.0, 25.0, 25.0, 5.0)
    assert codes["large_scale"][0] == 3
    assert codes["organized"][0] == 3


@pytest.mark.parametrize(("ipv", "code"), [(3.0, 1), (10.0, 2), (19.9, 2), (20.0, 3)])
def test_ipv_bands(ipv, code):
    codes = dataset.rule_intensities(None, None, None, None, ipv)
    assert codes["domestic"][0] == code
    assert codes["gender_based"][0] == code


def test_missing_indicators_get_the_documented_default_not_none():
    codes = dataset.rule_intensities("war", None, None, None, None)
    assert codes["small_scale"][0] == dataset.MISSING_INDICATOR_DEFAULT
    assert codes["domestic"][0] == dataset.MISSING_INDICATOR_DEFAULT
    assert "default" in codes["small_scale"][1]


@pytest.mark.parametrize(
    ("level", "status", "expected"),
    [("city", "war", "high"), ("metro", "war", "high"), ("country-proxy", "war", "medium"),
     (None, "war", "low"), ("city", None, "low")],
)  # fmt: skip
def test_rule_confidence(level, status, expected):
    assert dataset.rule_confidence(level, status) == expected


@pytest.mark.parametrize(
    ("territorial", "overridden", "expected"),
    [("none", False, "high"), ("minor_conflict", False, "high"), ("war", False, "medium"),
     ("post_war_le10y", False, "medium"), ("none", True, "medium")],
)  # fmt: skip
def test_city_figure_is_high_only_when_it_decides_the_setting(territorial, overridden, expected):
    """A setting resting on an override or on the country-level war status is at most medium."""
    assert dataset.rule_confidence("city", "war", territorial, overridden) == expected
    assert dataset.rule_confidence("country-proxy", "war", territorial, overridden) == "medium"


def test_shipped_high_confidence_rests_on_a_city_figure_and_the_homicide_rule(cities, provenance):
    setting = provenance[provenance["field"] == "setting"].set_index("context_id")
    high = cities[cities["confidence"] == "high"]
    assert not high.empty
    for row in high.itertuples():
        assert row.homicide_rate_level in ("city", "metro"), row.context_id
        assert row.territorial_conflict not in ("war", "post_war_le10y"), row.context_id
        assert setting.loc[row.context_id, "rationale"].startswith("rule"), row.context_id


def test_hand_entered_city_homicide_figures_cite_a_hand_source(cities, provenance):
    hand = set(pd.read_csv(DATA / dataset.HAND_SOURCES_NAME, dtype=str)["source_id"])
    rate = provenance[provenance["field"] == "homicide_rate"].set_index("context_id")
    city_level = cities[cities["homicide_rate_level"].isin(["city", "metro"])]
    assert len(city_level) >= 25
    for row in city_level.itertuples():
        ids = _ids(rate.loc[row.context_id, "source_id"])
        assert ids and ids <= hand, row.context_id
        assert pd.notna(row.homicide_rate_year), row.context_id


def _override(**changes: str) -> pd.DataFrame:
    row = {"context_id": "x-2015", "field": "setting", "value": "armed_conflict",
           "source_id": "src", "rationale": "the city was fought over"} | changes  # fmt: skip
    return pd.DataFrame([row], columns=list(dataset.OVERRIDE_COLUMNS))


def test_override_with_a_known_source_is_applied():
    parsed = dataset.parse_overrides(_override(), {"src"}, {"x-2015"})
    assert parsed == {"x-2015": {"setting": ("armed_conflict", "src", "the city was fought over")}}


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"source_id": ""}, "without source"), ({"rationale": " "}, "without source"),
     ({"source_id": "src;nowhere"}, "not in sources"), ({"field": "colour"}, "unknown coded"),
     ({"value": "war"}, "not in"), ({"field": "spontaneous", "value": "4"}, "not in 0-3"),
     ({"context_id": "y-2015"}, "unknown context")],
)  # fmt: skip
def test_bad_override_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        dataset.parse_overrides(_override(**changes), {"src"}, {"x-2015"})


def test_override_without_source_is_refused_by_the_builder(tmp_path):
    if source_dir() is None:
        pytest.skip("public source files not found")
    for name in ("context_selection.csv", dataset.HAND_SOURCES_NAME):
        (tmp_path / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    _override(context_id="beirut-lbn-2006", source_id="").to_csv(
        tmp_path / dataset.OVERRIDES_NAME, index=False
    )
    with pytest.raises(ValueError, match="without source"):
        dataset.build(source_dir(), tmp_path / "context_selection.csv")


def test_every_override_cites_a_known_source(sources):
    overrides = pd.read_csv(DATA / dataset.OVERRIDES_NAME, dtype=str, keep_default_na=False)
    known = set(sources["source_id"])
    for row in overrides.itertuples():
        assert row.rationale.strip(), row.context_id
        assert _ids(row.source_id) and _ids(row.source_id) <= known, row.context_id


# --- the territorial conflict rule ---------------------------------------------------------------
def _conflict_years(*rows: tuple[int, int, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["year", "conflict_id", "intensity_level"])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [((), "none"), (((2015, 1, 2),), "war"), (((2015, 1, 1), (2015, 2, 1)), "minor_conflict"),
     (((2015, 1, 1), (2015, 2, 2)), "war"), (((2012, 1, 2), (2013, 1, 1)), "post_war_le10y"),
     (((2005, 1, 2),), "post_war_le10y"), (((2004, 1, 2),), "none"),
     (((2013, 1, 1),), "none"), (((2013, 1, 2), (2015, 1, 1)), "minor_conflict")],
)  # fmt: skip
def test_territorial_status(rows, expected):
    assert dataset.territorial_status(_conflict_years(*rows), 2015)[0] == expected


def test_interstate_conflict_abroad_never_makes_armed_conflict(tmp_path):
    """A US interstate war abroad (synthetic rows, intensity 2) is not a territorial conflict."""
    columns = ["conflict_id", "year", "gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd",
               "incompatibility", "intensity_level", "type_of_conflict"]  # fmt: skip
    rows = [[1, 1991, 2, "", 645, "", "territory", 2, "interstate"],
            [2, 1991, 645, "", "", "", "government", 2, "intrastate"]]  # fmt: skip
    pd.DataFrame(rows, columns=columns).to_csv(tmp_path / dataset.ACD_FILE, index=False)
    acd = dataset._load_acd_territorial(tmp_path)
    usa = dataset.territorial_status(acd[acd["gwcode"] == 2], 1991)[0]
    assert usa == "none"
    assert dataset.rule_setting(usa, 9.0) == "stable"
    assert dataset.territorial_status(acd[acd["gwcode"] == 645], 1991)[0] == "war"


def test_minor_conflict_shows_as_low_large_scale_not_as_setting():
    codes = dataset.rule_intensities("minor_conflict", 3.0, None, None, 5.0)
    assert dataset.rule_setting("minor_conflict", 3.0) == "stable"
    assert codes["large_scale"][0] == 1
    assert codes["organized"][0] == 1


@pytest.mark.parametrize(
    ("context_id", "expected"),
    [("los-angeles-usa-1992", "stable"), ("los-angeles-usa-2004", "criminal_violence"),
     ("new-york-usa-2015", "stable"), ("chicago-usa-2016", "criminal_violence"),
     ("sao-paulo-bra-2015", "stable"), ("juba-ssd-2017", "post_conflict"),
     ("timbuktu-mli-2015", "post_conflict"), ("bangui-caf-2016", "post_conflict"),
     ("new-delhi-ind-2015", "stable"), ("nairobi-ken-2015", "stable"),
     ("beirut-lbn-2006", "armed_conflict"), ("timbuktu-mli-2012", "armed_conflict"),
     ("kabul-afg-2018", "armed_conflict"), ("colombo-lka-2015", "post_conflict")],
)  # fmt: skip
def test_shipped_settings_of_reviewed_cases(cities, context_id, expected):
    assert cities.set_index("context_id").loc[context_id, "setting"] == expected


# --- gender-based and spontaneous violence -------------------------------------------------------
def test_gender_based_uses_non_partner_sexual_violence_where_present():
    codes = dataset.rule_intensities(None, None, None, None, 2.0, npsv=27.0)
    assert codes["domestic"][0] == 1
    assert codes["gender_based"][0] == 3
    assert "non-partner" in codes["gender_based"][1]
    higher_ipv = dataset.rule_intensities(None, None, None, None, 25.0, npsv=1.0)
    assert higher_ipv["gender_based"][0] == 3


def test_shipped_gender_based_cites_v2_exactly_where_a_survey_value_exists(cities, provenance):
    gender = provenance[provenance["field"] == "gender_based"].set_index("context_id")
    for row in cities.itertuples():
        cites_v2 = "unsd-v2-npsv" in _ids(gender.loc[row.context_id, "source_id"])
        assert cites_v2 == pd.notna(row.npsv_prevalence), row.context_id
    assert (cities["gender_based"] != cities["domestic"]).any()


def test_spontaneous_is_a_placeholder_unless_a_source_is_cited(cities, provenance):
    book = pd.read_csv(DATA / "codebook.csv", keep_default_na=False).set_index("column")
    assert "PLACEHOLDER" in book.loc["spontaneous", "rule"]
    spont = provenance[provenance["field"] == "spontaneous"].set_index("context_id")
    for row in cities.itertuples():
        if row.spontaneous != dataset.SPONTANEOUS_DEFAULT:
            assert spont.loc[row.context_id, "rationale"].startswith("override"), row.context_id
            assert spont.loc[row.context_id, "source_id"] != dataset.CODEBOOK_SOURCE_ID
