"""The shipped context tables and the pipeline that builds them (typology/build/)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from typology.build import catalog, coding, overrides, pipeline, proxies
from typology.build.rows import fmt
from typology.provenance import basis_shares
from typology.schema import BASES, CITY_BASES, REGIONS, VIOLENCE_TYPES, ContextSchema

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
    return candidate if (candidate / catalog.HOMICIDE_FILE).exists() else None


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
    for column in ("citation", "licence", "accessed"):
        assert (sources[column].str.len() > 0).all(), column
    # a URL only where it was checked (build_interface.md); most sources have one
    assert (sources["url"].str.len() > 0).mean() > 0.8


def test_every_coded_value_has_a_rationale_and_a_source(cities, provenance):
    coded = provenance[provenance["field"].isin(pipeline.CODED_FIELDS)]
    keyed = coded.set_index(["context_id", "field"])
    assert keyed.index.is_unique
    for row in cities.itertuples():
        for field in pipeline.CODED_FIELDS:
            entry = keyed.loc[(row.context_id, field)]
            assert entry["rationale"].strip(), (row.context_id, field)
            assert entry["source_id"].strip(), (row.context_id, field)
            assert entry["value"] == fmt(getattr(row, field)), (row.context_id, field)


def test_every_indicator_has_a_provenance_row(cities, provenance):
    fields = {"latitude", "longitude", "population", "homicide_rate", "conflict_status",
              "territorial_conflict", "ipv_prevalence", "npsv_prevalence",
              "confidence"}  # fmt: skip
    present = provenance.groupby("context_id")["field"].agg(set)
    for context_id in cities["context_id"]:
        assert fields <= present[context_id], context_id


def test_country_figures_are_labelled_country_proxy(cities):
    wdi = cities[cities["sources"].str.contains("wdi-homicide") & cities["homicide_rate"].notna()]
    hand = cities["homicide_rate_level"].isin(["city", "metro"])
    assert (wdi[~hand.loc[wdi.index]]["homicide_rate_level"] == "country-proxy").all()


def test_city_homicide_rates_of_the_reference_year(cities):
    """Issue 14 target: 120+ contexts with a city or metro rate of the reference year +-1."""
    city = ~cities["homicide_rate_level"].isin(["country-proxy"]) & cities["homicide_rate"].notna()
    near = (cities["homicide_rate_year"] - cities["year"]).abs() <= 1
    assert (city & near).sum() >= 120


def test_populations_of_the_reference_year_with_level(cities):
    """Issue 14 target: 90%+ of populations of the reference year +-5, with level."""
    near = (cities["population_year"] - cities["year"]).abs() <= 5
    assert (near & cities["population_level"].notna()).mean() >= 0.9


def test_city_evidence_meets_the_issue_goal(provenance):
    """Issue 14 target: at least 45% of all intensity values rest on evidence about the city."""
    from typology.provenance import city_evidence_share

    assert city_evidence_share(provenance) >= 45


def test_added_contexts_state_their_rule_and_series(sources):
    """Contexts added by a selection rule say the rule in `note` and name a known source."""
    selection = pd.read_csv(DATA / "context_selection.csv", dtype=str, keep_default_na=False)
    ruled = selection[selection["note"].str.startswith("added by rule")]
    assert not ruled.empty
    assert ruled["selection_source"].isin(set(sources["source_id"])).all()
    assert ruled["geonameid"].str.fullmatch(r"\d+").all()  # pinned to a GeoNames row


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
    tables = pipeline.build(source_dir(), DATA / "context_selection.csv")
    pipeline.write(tables, tmp_path)
    for name in pipeline.BUILT_TABLES:
        rebuilt = (tmp_path / f"{name}.csv").read_text(encoding="utf-8")
        shipped = (DATA / f"{name}.csv").read_text(encoding="utf-8")
        assert rebuilt == shipped, f"data/{name}.csv is stale: rerun build-data"


def test_codebook_documents_every_column(cities):
    book = pd.read_csv(DATA / "codebook.csv", keep_default_na=False)
    assert list(book["column"]) == list(cities.columns)
    coded = book[book["column"].isin(pipeline.CODED_FIELDS)]
    assert (coded["rule"].str.len() > 20).all()


# --- the coding rules ----------------------------------------------------------------------------
def _ev(**kw) -> coding.Evidence:
    return coding.Evidence(**kw)


def _city(rate: float, **kw) -> coding.Evidence:
    return coding.Evidence(homicide_rate=rate, homicide_basis="city_figure", **kw)


def _country(rate: float | None, **kw) -> coding.Evidence:
    basis = "none" if rate is None else "country_proxy"
    return coding.Evidence(homicide_rate=rate, homicide_basis=basis, **kw)


@pytest.mark.parametrize(
    ("status", "rate", "expected"),
    [("war", 2.0, "armed_conflict"), ("post_war_le10y", 50.0, "post_conflict"),
     ("minor_conflict", 50.0, "criminal_violence"), ("minor_conflict", 3.0, "stable"),
     ("minor_conflict", None, "stable"), ("none", 10.0, "criminal_violence"),
     ("none", 9.99, "stable"), ("none", None, "stable"), (None, None, "stable")],
)  # fmt: skip
def test_rule_setting_without_located_events(status, rate, expected):
    assert coding.setting(_country(rate, territorial=status)).value == expected


def test_setting_follows_where_the_fighting_was():
    """A national war with no fighting near the city does not make the city armed_conflict;
    fighting near the city does, whatever the national status (UCDP's 25-death threshold)."""
    far = coding.setting(_city(3.0, territorial="war", ged_state=0, ged_nonstate=0))
    assert (far.value, far.basis) == ("stable", "city_figure")
    assert "elsewhere" in far.rationale
    near = coding.setting(_country(3.0, territorial="minor_conflict", ged_state=25, ged_nonstate=0))
    assert (near.value, near.basis) == ("armed_conflict", "city_events")
    national = coding.setting(_country(3.0, territorial="war"))
    assert (national.value, national.basis) == ("armed_conflict", "country_proxy")


def test_nonstate_deaths_per_100k_make_criminal_violence():
    ev = _country(8.0, territorial="none", ged_state=0, ged_nonstate=60, population=1e6)
    assert ev.nonstate_per100k == 6.0
    assert coding.setting(ev).value == "criminal_violence"


@pytest.mark.parametrize(
    ("rate", "small", "public"),
    [(0.0, 0, 0), (0.5, 1, 1), (5.0, 2, 1), (12.0, 2, 2), (25.0, 3, 2), (30.0, 3, 3)],
)
def test_homicide_bands(rate, small, public):
    codes = coding.intensities(_city(rate, territorial="none"))
    assert codes["small_scale"].value == small
    assert codes["public"].value == public
    assert codes["small_scale"].basis == "city_figure"


def test_national_war_drives_large_scale_public_and_organized_as_country_proxy():
    codes = coding.intensities(_country(1.0, territorial="war"))
    for field in ("large_scale", "public", "organized"):
        assert codes[field].value == 3, field
    assert codes["large_scale"].basis == "country_proxy"


def test_city_evidence_takes_precedence_over_the_national_status():
    """GED covering the city with no deaths near it: large_scale 0 from the events, not 3 from
    the national war; a city homicide rate decides public, not the national war."""
    codes = coding.intensities(_city(4.0, territorial="war", ged_state=0, ged_nonstate=0))
    assert (codes["large_scale"].value, codes["large_scale"].basis) == (0, "city_events")
    assert (codes["public"].value, codes["public"].basis) == (1, "city_figure")
    assert "precedence" in codes["public"].rationale


@pytest.mark.parametrize(
    ("deaths", "code"), [(0, 0), (1, 1), (24, 1), (25, 2), (999, 2), (1000, 3)]
)
def test_ged_deaths_near_the_city_bands(deaths, code):
    codes = coding.intensities(_country(None, territorial="none", ged_state=deaths))
    assert codes["large_scale"].value == code
    assert codes["large_scale"].basis == "city_events"


def test_organised_violence_deaths_raise_organized_without_state_conflict():
    ev = _country(8.0, territorial="none", ged_state=0, ged_nonstate=250, population=1e6)
    assert coding.intensities(ev)["organized"].value == 3


@pytest.mark.parametrize(("ipv", "code"), [(3.0, 1), (10.0, 2), (19.9, 2), (20.0, 3)])
def test_ipv_bands(ipv, code):
    codes = coding.intensities(_ev(ipv=ipv))
    assert codes["domestic"].value == code
    assert codes["gender_based"].value == code


def test_missing_indicators_are_unknown_not_a_default():
    codes = coding.intensities(_country(None, territorial="none"))
    for field in ("small_scale", "public", "domestic", "gender_based", "organized", "spontaneous"):
        assert codes[field].value is None, field
        assert codes[field].basis == "none", field
    # ACD covers every country: no conflict on its territory is evidence (country level)
    assert (codes["large_scale"].value, codes["large_scale"].basis) == (0, "country_proxy")


@pytest.mark.parametrize(
    ("violent", "lethal", "spont", "public"),
    [(0, 0, 0, None), (1, 0, 1, None), (3, 1, 2, 2), (12, 5, 3, 3)],
)
def test_protests_decide_spontaneous_and_raise_public(violent, lethal, spont, public):
    codes = coding.intensities(_country(None, protests_violent=violent, protests_lethal=lethal))
    assert (codes["spontaneous"].value, codes["spontaneous"].basis) == (spont, "city_events")
    assert codes["public"].value == public


def test_every_band_is_stated_in_the_codebook():
    book = pd.read_csv(DATA / "codebook.csv", keep_default_na=False)
    text = " ".join(book["rule"])
    for bands in coding.ALL_BANDS:
        assert bands.text in text, bands.text


@pytest.mark.parametrize(
    ("homicide", "conflict", "setting", "overridden", "expected"),
    [("city_figure", True, "city_figure", False, "high"),
     ("city_figure", True, "country_proxy", False, "medium"),
     ("city_figure", True, "city_figure", True, "medium"),
     ("country_proxy", True, "country_proxy", False, "medium"),
     ("none", True, "country_proxy", False, "low"),
     ("city_figure", False, "city_figure", False, "low")],
)  # fmt: skip
def test_confidence(homicide, conflict, setting, overridden, expected):
    assert coding.confidence(homicide, conflict, setting, overridden)[0] == expected


def test_shipped_high_confidence_rests_on_a_city_figure_and_the_homicide_rule(cities, provenance):
    setting = provenance[provenance["field"] == "setting"].set_index("context_id")
    high = cities[cities["confidence"] == "high"]
    assert not high.empty
    for row in high.itertuples():
        assert row.homicide_rate_level not in ("country-proxy", ""), row.context_id
        assert setting.loc[row.context_id, "basis"] in CITY_BASES, row.context_id
        assert setting.loc[row.context_id, "rationale"].startswith("rule"), row.context_id


def test_hand_entered_city_homicide_figures_cite_a_hand_source(cities, provenance):
    hand = set(pd.read_csv(DATA / catalog.HAND_SOURCES_NAME, dtype=str)["source_id"])
    rate = provenance[provenance["field"] == "homicide_rate"].set_index("context_id")
    hand_entered = rate["rationale"].str.startswith("hand-entered")
    city_level = cities[cities["context_id"].isin(rate.index[hand_entered])]
    assert len(city_level) >= 10  # the rest now come from the country's named series
    for row in city_level.itertuples():
        ids = _ids(rate.loc[row.context_id, "source_id"])
        assert ids and ids <= hand, row.context_id
        assert pd.notna(row.homicide_rate_year), row.context_id


def _override(**changes: str) -> pd.DataFrame:
    row = {"context_id": "x-2015", "field": "setting", "value": "armed_conflict",
           "source_id": "src", "rationale": "the city was fought over"} | changes  # fmt: skip
    return pd.DataFrame([row], columns=list(catalog.OVERRIDE_COLUMNS))


def test_override_with_a_known_source_is_applied():
    parsed = overrides.parse_overrides(_override(), {"src"}, {"x-2015"})
    expected = ("armed_conflict", "src", "the city was fought over", "city_report")
    assert parsed == {"x-2015": {"setting": expected}}


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"source_id": ""}, "without source"), ({"rationale": " "}, "without source"),
     ({"source_id": "src;nowhere"}, "not in sources"), ({"field": "colour"}, "unknown coded"),
     ({"value": "war"}, "not in"), ({"field": "spontaneous", "value": "4"}, "not in 0-3"),
     ({"context_id": "y-2015"}, "unknown context")],
)  # fmt: skip
def test_bad_override_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        overrides.parse_overrides(_override(**changes), {"src"}, {"x-2015"})


def test_override_without_source_is_refused_by_the_builder(tmp_path):
    if source_dir() is None:
        pytest.skip("public source files not found")
    for name in ("context_selection.csv", catalog.HAND_SOURCES_NAME):
        (tmp_path / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    _override(context_id="beirut-lbn-2006", source_id="").to_csv(
        tmp_path / catalog.OVERRIDES_NAME, index=False
    )
    with pytest.raises(ValueError, match="without source"):
        pipeline.build(source_dir(), tmp_path / "context_selection.csv")


def test_every_override_cites_a_known_source(sources):
    overrides = pd.read_csv(DATA / catalog.OVERRIDES_NAME, dtype=str, keep_default_na=False)
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
    assert proxies.territorial_status(_conflict_years(*rows), 2015)[0] == expected


def test_interstate_conflict_abroad_never_makes_armed_conflict(tmp_path):
    """A US interstate war abroad (synthetic rows, intensity 2) is not a territorial conflict."""
    columns = ["conflict_id", "year", "gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd",
               "incompatibility", "intensity_level", "type_of_conflict"]  # fmt: skip
    rows = [[1, 1991, 2, "", 645, "", "territory", 2, "interstate"],
            [2, 1991, 645, "", "", "", "government", 2, "intrastate"]]  # fmt: skip
    pd.DataFrame(rows, columns=columns).to_csv(tmp_path / catalog.ACD_FILE, index=False)
    acd = proxies._load_acd_territorial(tmp_path)
    usa = proxies.territorial_status(acd[acd["gwcode"] == 2], 1991)[0]
    assert usa == "none"
    assert coding.setting(_country(9.0, territorial=usa)).value == "stable"
    assert proxies.territorial_status(acd[acd["gwcode"] == 645], 1991)[0] == "war"


def test_minor_conflict_shows_as_low_large_scale_not_as_setting():
    ev = _country(3.0, territorial="minor_conflict")
    codes = coding.intensities(ev)
    assert coding.setting(ev).value == "stable"
    assert codes["large_scale"].value == 1
    assert codes["organized"].value == 1


@pytest.mark.parametrize(
    ("context_id", "expected"),
    [("los-angeles-usa-1992", "criminal_violence"), ("los-angeles-usa-2004", "criminal_violence"),
     ("new-york-usa-2015", "stable"), ("chicago-usa-2016", "criminal_violence"),
     ("sao-paulo-bra-2015", "criminal_violence"), ("juba-ssd-2017", "post_conflict"),
     ("timbuktu-mli-2015", "post_conflict"), ("bangui-caf-2016", "post_conflict"),
     ("new-delhi-ind-2015", "stable"), ("nairobi-ken-2015", "stable"),
     ("beirut-lbn-2006", "armed_conflict"), ("timbuktu-mli-2012", "armed_conflict"),
     ("kabul-afg-2018", "armed_conflict"), ("colombo-lka-2015", "post_conflict")],
)  # fmt: skip
def test_shipped_settings_of_reviewed_cases(cities, context_id, expected):
    """Sao Paulo 2015 is criminal_violence from the Atlas da Violencia (13.26, the Brazilian
    series), no longer stable from the state police figure 8.56: one series per country."""
    assert cities.set_index("context_id").loc[context_id, "setting"] == expected


# --- gender-based and spontaneous violence -------------------------------------------------------
def test_gender_based_uses_non_partner_sexual_violence_where_present():
    codes = coding.intensities(_ev(ipv=2.0, npsv=27.0))
    assert codes["domestic"].value == 1
    assert codes["gender_based"].value == 3
    assert "non-partner" in codes["gender_based"].rationale
    assert coding.intensities(_ev(ipv=25.0, npsv=1.0))["gender_based"].value == 3


def test_shipped_gender_based_cites_v2_only_where_a_survey_value_exists(cities, provenance):
    gender = provenance[provenance["field"] == "gender_based"].set_index("context_id")
    for row in cities.itertuples():
        if "unsd-v2-npsv" in _ids(gender.loc[row.context_id, "source_id"]):
            assert pd.notna(row.npsv_prevalence), row.context_id
    assert (cities["gender_based"] != cities["domestic"]).any()


def test_spontaneous_rests_on_evidence_or_is_empty(cities, provenance):
    """No placeholder: a spontaneous code comes from protest events or a cited override."""
    spont = provenance[provenance["field"] == "spontaneous"].set_index("context_id")
    for row in cities.itertuples():
        entry = spont.loc[row.context_id]
        if pd.isna(row.spontaneous):
            assert entry["basis"] == "none" and entry["value"] == "", row.context_id
        else:
            assert entry["basis"] in ("city_events", "city_report"), row.context_id
            assert entry["source_id"] != catalog.CODEBOOK_SOURCE_ID, row.context_id


def test_unknown_is_empty_never_a_default_code(cities, provenance):
    """Every empty intensity has basis none; every coded one has another basis and a source."""
    coded = provenance[provenance["field"].isin(VIOLENCE_TYPES)]
    empty = coded["value"] == ""
    assert (coded.loc[empty, "basis"] == "none").all()
    assert (coded.loc[~empty, "basis"] != "none").all()
    assert (coded.loc[~empty, "source_id"] != "").all()
    # public is empty where neither a homicide rate nor positive evidence exists (issue 14)
    no_rate = cities[cities["homicide_rate"].isna()]
    assert (no_rate["public"].isna() | (no_rate["public"] > 0)).all()


def test_every_provenance_row_has_a_known_basis(provenance):
    assert set(provenance["basis"]) <= set(BASES)


def test_basis_shares_sum_to_100_per_violence_type(provenance):
    shares = basis_shares(provenance)
    assert set(shares.index) == {*VIOLENCE_TYPES, "all"}
    assert (shares.sum(axis=1).round(0) == 100).all()


def test_override_contradiction_is_found_and_strict_fails():
    coded = pd.DataFrame([{"context_id": "x", "setting": "armed_conflict", "large_scale": 1,
                           "public": 3, "organized": 3}])  # fmt: skip
    problems = overrides.contradictions(coded, {("x", "setting")})
    assert len(problems) == 1 and "large_scale" in problems[0]
    assert overrides.contradictions(coded, {("x", "setting"), ("x", "large_scale")}) == []
    assert overrides.contradictions(coded, set()) == []  # the rule's own setting is consistent
    unknown = coded.assign(large_scale=pd.NA, public=2)
    assert overrides.contradictions(unknown, {("x", "setting")}) == []  # no evidence, no clash


def test_missing_step_module_is_skipped():
    assert pipeline.evidence_steps(("no_such_step",)) == {}


def test_a_conflict_fought_abroad_does_not_set_the_territorial_status():
    """US cities no longer get a minor conflict (large_scale 1) from the war against al-Qaida
    (ACD 418), listed with its source in data/conflicts_abroad.csv."""
    acd = pd.DataFrame({"conflict_id": [418, 418, 7], "gwcode": [2, 2, 2],
                        "year": [2015, 2016, 2015], "intensity_level": [1, 1, 1]})  # fmt: skip
    abroad = pd.DataFrame({"conflict_id": [418], "gwcode": [2]})
    kept = proxies.drop_conflicts_abroad(acd, abroad)
    assert list(kept["conflict_id"]) == [7]
    listed = pd.read_csv(DATA / "conflicts_abroad.csv", dtype=str, keep_default_na=False)
    sources = set(pd.read_csv(DATA / "sources.csv", dtype=str)["source_id"])
    assert set(listed["source_id"]) <= sources
    assert (listed["rationale"].str.len() > 40).all()


def test_shipped_codings_the_issue_listed(cities):
    """Issue 14's list, each now resting on city evidence or a cited override."""
    c = cities.set_index("context_id")
    assert c.loc["los-angeles-usa-1992", "small_scale"] == 3  # UCR 30.26, not national 9.25
    us = cities[cities["iso3"] == "USA"].set_index("context_id")["large_scale"]
    assert (us.drop("los-angeles-usa-1992") == 0).all()  # no war abroad counted
    assert c.loc["los-angeles-usa-1992", "large_scale"] == 2  # the 1992 riots, cited
    assert c.loc["mogadishu-som-1993", "public"] == 3
    assert c.loc["mogadishu-som-1993", "organized"] == 3
    assert c.loc["beirut-lbn-2006", "organized"] == 3
    assert c.loc["nairobi-ken-2008", "large_scale"] >= 2
    assert c.loc["nairobi-ken-2008", "organized"] >= 2
    for year in (2014, 2017):
        assert c.loc[f"raqqa-syr-{year}", "gender_based"] == 3
    assert c.loc["durban-zaf-2015", "homicide_rate"] == 35.93
    assert c.loc["johannesburg-zaf-2015", "homicide_rate"] == 30.31
    assert c.loc["ciudad-juarez-mex-2010", "homicide_rate_level"] != "country-proxy"


def test_shipped_overrides_have_no_contradiction():
    if source_dir() is None:
        pytest.skip("public source files not found")
    tables = pipeline.build(source_dir(), DATA / "context_selection.csv", strict=True)
    assert tables["contradictions"] == []


def test_build_data_cli_prints_the_basis_shares(tmp_path, capsys):
    if source_dir() is None:
        pytest.skip("public source files not found")
    argv = ["build-data", "--source-dir", str(source_dir()), "--out-dir", str(tmp_path),
            "--selection", str(DATA / "context_selection.csv"), "--strict"]  # fmt: skip
    assert pipeline.main(argv) == 0
    out = capsys.readouterr().out
    assert "basis of the intensity values" in out and "city evidence:" in out
    assert {p.name for p in tmp_path.iterdir()} == {f"{t}.csv" for t in pipeline.BUILT_TABLES}


def test_build_data_reports_a_bad_selection_plainly(tmp_path, capsys):
    if source_dir() is None:
        pytest.skip("public source files not found")
    for name in ("context_selection.csv", catalog.HAND_SOURCES_NAME):
        (tmp_path / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    bad = pd.read_csv(tmp_path / "context_selection.csv", dtype=str, keep_default_na=False)
    bad.loc[0, "iso3"] = "XXX"
    bad.to_csv(tmp_path / "context_selection.csv", index=False)
    argv = ["build-data", "--source-dir", str(source_dir()), "--out-dir", str(tmp_path / "out")]
    assert pipeline.main([*argv, "--selection", str(tmp_path / "context_selection.csv")]) == 2
    assert "unknown iso3 'XXX'" in capsys.readouterr().out
