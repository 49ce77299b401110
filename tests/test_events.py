"""Tests for typology.events: real GED Mexico file, small synthetic frames, properties, CLI."""

from __future__ import annotations

import argparse
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typology import events as ev

SOURCE = Path(
    os.environ.get("TYPOLOGY_SOURCE_DIR", Path(__file__).resolve().parents[2] / "shared" / "data")
)
GED_MEXICO = SOURCE / "ucdp_ged_mexico_netify.csv"
GEONAMES = SOURCE / ev.GEONAMES_FILE
COUNTRIES = SOURCE / ev.COUNTRIES_FILE
KM_PER_DEGREE_LAT = np.pi * ev.EARTH_RADIUS_KM / 180


def _need(*paths: Path) -> None:
    for path in paths:
        if not path.is_file():
            pytest.skip(f"source file {path} not present (set TYPOLOGY_SOURCE_DIR)")


# ------------------------------------------------------------------------------ fixtures


def gazetteer(*cities: tuple[str, float, float, int]) -> pd.DataFrame:
    return pd.DataFrame(
        [(name, lat, lon, "XX", pop, i + 1) for i, (name, lat, lon, pop) in enumerate(cities)],
        columns=["name", "latitude", "longitude", "countrycode", "population", "geonameid"],
    )


ISO = {"XX": "XXX"}


def ged(rows: list[dict]) -> pd.DataFrame:
    base = {
        "id": 1,
        "year": 2020,
        "type_of_violence": 2,
        "best": 1,
        "low": 1,
        "high": 1,
        "where_prec": 1,
        "latitude": 0.0,
        "longitude": 0.0,
    }
    if not rows:
        return pd.DataFrame(columns=list(base))
    return pd.DataFrame([{**base, "id": i + 1, **row} for i, row in enumerate(rows)])


def acled(rows: list[dict]) -> pd.DataFrame:
    base = {
        "event_date": "2021-03-04",
        "latitude": 0.0,
        "longitude": 0.0,
        "fatalities": 1,
        "event_type": "Battles",
        "geo_precision": 1,
        "country": "Nowhere",
    }
    return pd.DataFrame([{**base, **row} for i, row in enumerate(rows)])


def north_km(km: float) -> float:
    """Latitude of a point km north of (0, 0)."""
    return km / KM_PER_DEGREE_LAT


@pytest.fixture(scope="module")
def mexico() -> tuple[pd.DataFrame, ev.IngestResult, pd.DataFrame]:
    _need(GED_MEXICO, GEONAMES, COUNTRIES)
    raw = ev.read_events(GED_MEXICO)
    countries = ev.read_countries(COUNTRIES)
    gaz = ev.read_gazetteer(GEONAMES)
    result = ev.ingest(raw, gaz, countries=countries)
    normalised, _ = ev.normalise_events(raw)
    assigned = ev.assign_cities(
        normalised,
        gaz,
        iso2_to_iso3=ev.iso2_to_iso3_mapping(countries),
        event_iso3=ev.resolve_event_countries(normalised, countries),
    )
    return raw, result, assigned


# ------------------------------------------------------------------------------ real data


def test_mexico_counts_add_up(mexico):
    raw, (table, summary), _ = mexico
    assert summary.format == ev.GED
    assert summary.read == len(raw) == 18957
    assert summary.too_coarse + summary.no_city + summary.assigned == summary.read
    assert summary.too_coarse == int((raw["where_prec"] >= 4).sum())
    assert summary.country_unknown == 0
    assert table["events"].sum() == summary.assigned
    assert table["geonameid"].nunique() == summary.cities


def test_mexico_deaths_equal_ged_best_of_assigned_events(mexico):
    _, (table, _), assigned = mexico
    kept = assigned[assigned["status"] == ev.ASSIGNED]
    assert table["deaths_best"].sum() == kept["deaths_best"].sum()
    assert table["deaths_low"].sum() == kept["deaths_low"].sum()
    assert table["deaths_high"].sum() == kept["deaths_high"].sum()
    by_city_year = kept.groupby(["geonameid", "year"])["deaths_best"].sum().to_dict()
    again = table.set_index(["geonameid", "year"])["deaths_best"].to_dict()
    assert by_city_year == again


def test_mexico_known_cities_appear_and_stay_in_mexico(mexico):
    _, (table, _), _ = mexico
    cities = set(table["city"])
    assert {"Mexico City", "Ciudad Juárez", "Culiacán"} <= cities
    # GED's point for Ciudad Juarez is nearer GeoNames' El Paso: the country rule keeps it home.
    assert set(table["country_iso3"]) == {"MEX"}
    juarez = table.loc[table["city"] == "Ciudad Juárez", "deaths_best"].sum()
    assert juarez > 10_000


def test_mexico_coarse_events_are_excluded(mexico):
    _, _, assigned = mexico
    coarse = assigned["precision"] >= 4
    assert (assigned.loc[coarse, "status"] == ev.TOO_COARSE).all()
    assert (assigned.loc[~coarse, "status"] != ev.TOO_COARSE).all()
    assert assigned.loc[coarse, "city"].isna().all()


def test_mexico_non_state_deaths_dominate(mexico):
    _, (table, _), _ = mexico
    split = table[["deaths_state_based", "deaths_non_state", "deaths_one_sided"]].sum()
    assert split["deaths_non_state"] > 0.9 * split.sum()
    assert split.sum() == table["deaths_best"].sum()


def test_mexico_one_row_per_place_and_year(mexico):
    _, (table, _), _ = mexico
    assert not table.duplicated(["geonameid", "year"]).any()
    assert list(table.columns) == list(ev.OUTPUT_COLUMNS)


# ------------------------------------------------------------------------------ synthetic


def test_event_10km_from_city_is_assigned_40km_is_not():
    gaz = gazetteer(("Alpha", 0.0, 0.0, 500_000))
    table, summary = ev.ingest(
        ged([{"latitude": north_km(10)}, {"latitude": north_km(40), "best": 7}]),
        gaz,
        iso2_to_iso3=ISO,
    )
    assert (summary.assigned, summary.no_city, summary.too_coarse) == (1, 1, 0)
    assert table["city"].tolist() == ["Alpha"]
    assert table["country_iso3"].tolist() == ["XXX"]
    assert table["deaths_best"].tolist() == [1]
    # and with a larger radius the far one joins
    _, wide = ev.ingest(
        ged([{"latitude": north_km(10)}, {"latitude": north_km(40)}]),
        gaz,
        iso2_to_iso3=ISO,
        radius_km=50,
    )
    assert wide.assigned == 2


def test_distance_is_great_circle():
    gaz = gazetteer(("Alpha", 0.0, 0.0, 500_000))
    normalised, _ = ev.normalise_events(ged([{"latitude": north_km(10)}]))
    assigned = ev.assign_cities(normalised, gaz, iso2_to_iso3=ISO)
    assert assigned["distance_km"].iloc[0] == pytest.approx(10.0, abs=1e-6)


def test_nearest_city_wins():
    gaz = gazetteer(("Far", north_km(12), 0.0, 9_000_000), ("Near", -north_km(8), 0.0, 200_000))
    table, _ = ev.ingest(ged([{}]), gaz, iso2_to_iso3=ISO)
    assert table["city"].tolist() == ["Near"]


@pytest.mark.parametrize("order", [1, -1])
def test_equidistant_event_goes_to_the_larger_city_whatever_the_order(order):
    cities = [("Small", north_km(5), 0.0, 150_000), ("Big", -north_km(5), 0.0, 900_000)]
    table, _ = ev.ingest(ged([{}]), gazetteer(*cities[::order]), iso2_to_iso3=ISO)
    assert table["city"].tolist() == ["Big"]


def test_small_cities_are_not_candidates():
    gaz = gazetteer(("Town", 0.0, 0.0, 50_000), ("City", north_km(20), 0.0, 300_000))
    table, _ = ev.ingest(ged([{}]), gaz, iso2_to_iso3=ISO)
    assert table["city"].tolist() == ["City"]
    _, summary = ev.ingest(ged([{}]), gaz, iso2_to_iso3=ISO, min_population=500_000)
    assert summary.no_city == 1


def test_type_split_sums_to_best_and_low_high_summed():
    rows = [
        {"type_of_violence": 1, "best": 3, "low": 2, "high": 5},
        {"type_of_violence": 2, "best": 4, "low": 4, "high": 4},
        {"type_of_violence": 3, "best": 5, "low": 1, "high": 9},
        {"type_of_violence": 2, "best": 1, "year": 2021},
    ]
    table, _ = ev.ingest(ged(rows), gazetteer(("Alpha", 0.0, 0.0, 500_000)), iso2_to_iso3=ISO)
    row = table[table["year"] == 2020].iloc[0]
    assert (row["deaths_state_based"], row["deaths_non_state"], row["deaths_one_sided"]) == (
        3,
        4,
        5,
    )
    assert row["deaths_best"] == 12 and row["deaths_low"] == 7 and row["deaths_high"] == 18
    assert row["events"] == 3
    split = table[["deaths_state_based", "deaths_non_state", "deaths_one_sided"]].sum(axis=1)
    assert (split == table["deaths_best"]).all()


def test_ged_coarse_precision_rule():
    rows = [{"where_prec": p} for p in range(1, 8)]
    table, summary = ev.ingest(ged(rows), gazetteer(("Alpha", 0.0, 0.0, 500_000)), iso2_to_iso3=ISO)
    assert (summary.assigned, summary.too_coarse) == (3, 4)
    assert "where_prec >= 4" in summary.line()


def test_acled_format_detected_and_aggregated():
    rows = [
        {"fatalities": 4, "geo_precision": 1},
        {"fatalities": 2, "geo_precision": 2, "event_date": "2022-01-01"},
        {"fatalities": 9, "geo_precision": 3},
    ]
    frame = acled(rows)
    assert ev.detect_format(frame.columns) == ev.ACLED
    table, summary = ev.ingest(frame, gazetteer(("Alpha", 0.0, 0.0, 500_000)), iso2_to_iso3=ISO)
    assert summary.format == ev.ACLED
    assert (summary.assigned, summary.too_coarse) == (2, 1)
    assert "geo_precision 3" in summary.line()
    assert table["year"].tolist() == [2021, 2022]
    assert table["deaths_best"].tolist() == [4, 2]
    empty = ["deaths_low", "deaths_high", "deaths_state_based", "deaths_non_state"]
    assert table[empty + ["deaths_one_sided"]].isna().all().all()


def test_acled_year_column_and_case_insensitive_names():
    frame = acled([{"fatalities": 3}]).drop(columns="event_date").assign(year=2019)
    frame.columns = [c.upper() for c in frame.columns]
    table, summary = ev.ingest(frame, gazetteer(("Alpha", 0.0, 0.0, 500_000)), iso2_to_iso3=ISO)
    assert summary.format == ev.ACLED and table["year"].tolist() == [2019]


def test_acled_iso_numeric_keeps_event_in_its_country():
    countries = pd.DataFrame(
        {
            ev.ISO2_COLUMN: ["MX", "US"],
            ev.ISO3_COLUMN: ["MEX", "USA"],
            ev.M49_COLUMN: ["484", "840"],
            "Preferred Term": ["Mexico", "United States"],
            ev.REGEX_COLUMN: ["mexic", "united.?states"],
        }
    )
    gaz = pd.DataFrame(
        {
            "name": ["El Paso", "Ciudad Juárez"],
            "latitude": [31.75872, 31.72024],
            "longitude": [-106.48693, -106.46084],
            "countrycode": ["US", "MX"],
            "population": [678_815, 1_512_450],
        }
    )
    point = {"latitude": 31.739444, "longitude": -106.486944}
    frame = acled([{**point, "iso": 484}, {**point, "country": "Mexico"}, point])
    normalised, _ = ev.normalise_events(frame)
    iso3 = ev.resolve_event_countries(normalised, countries)
    assert iso3.tolist()[:2] == ["MEX", "MEX"] and pd.isna(iso3.iloc[2])
    table, summary = ev.ingest(frame, gaz, countries=countries)
    # two known Mexican events go to Juarez; the unknown one to the nearer El Paso
    assert dict(zip(table["city"], table["events"], strict=True)) == {
        "Ciudad Juárez": 2,
        "El Paso": 1,
    }
    assert summary.country_unknown == 1


def test_ged_country_names_with_former_names_resolve():
    _need(COUNTRIES)
    countries = ev.read_countries(COUNTRIES)
    names = ["DR Congo (Zaire)", "Ivory Coast", "Bosnia-Herzegovina", "Mexico", "Namibia"]
    normalised, _ = ev.normalise_events(ged([{}] * 5).assign(country=names))
    assert ev.resolve_event_countries(normalised, countries).tolist() == [
        "COD",
        "CIV",
        "BIH",
        "MEX",
        "NAM",
    ]
    assert ev.iso2_to_iso3_mapping(countries)["NA"] == "NAM"


def test_bad_format_raises_event_format_error_listing_missing_columns():
    with pytest.raises(ev.EventFormatError) as caught:
        ev.ingest(pd.DataFrame({"lat": [1.0], "lon": [2.0]}), gazetteer(), iso2_to_iso3=ISO)
    message = str(caught.value)
    assert "where_prec" in message and "fatalities" in message and "event_date" in message
    assert isinstance(caught.value, ValueError)


def test_bad_values_are_listed_with_rows():
    frame = ged([{}, {"best": "many"}, {"latitude": 123.0}, {"where_prec": 9}])
    with pytest.raises(ev.EventFormatError, match=r"3 unusable.*row 3: latitude = 123\.0"):
        ev.normalise_events(frame)


def test_inputs_are_not_mutated():
    frame = ged([{}, {"where_prec": 5}])
    gaz = gazetteer(("Alpha", 0.0, 0.0, 500_000))
    before = (frame.copy(), gaz.copy())
    ev.ingest(frame, gaz, iso2_to_iso3=ISO)
    pd.testing.assert_frame_equal(frame, before[0])
    pd.testing.assert_frame_equal(gaz, before[1])


def test_empty_events_and_empty_gazetteer():
    table, summary = ev.ingest(ged([]), gazetteer(("Alpha", 0.0, 0.0, 500_000)), iso2_to_iso3=ISO)
    assert table.empty and list(table.columns) == list(ev.OUTPUT_COLUMNS) and summary.read == 0
    _, summary = ev.ingest(ged([{}]), gazetteer(("Alpha", 0.0, 0.0, 5)), iso2_to_iso3=ISO)
    assert summary.no_city == 1


def test_fast_search_matches_haversine_balltree():
    rng = np.random.default_rng(3)
    gaz = pd.DataFrame(
        {
            "name": [f"c{i}" for i in range(300)],
            "latitude": rng.uniform(-60, 70, 300),
            "longitude": rng.uniform(-180, 180, 300),
            "population": rng.integers(100_000, 5_000_000, 300),
            "iso3": "XXX",
        }
    )
    events = ev.synthetic_ged_events(5_000, gaz, seed=4, spread_km=60)
    normalised, _ = ev.normalise_events(events)
    fast = ev.assign_cities(normalised, gaz, radius_km=40)
    slow = ev.assign_cities(normalised, gaz, radius_km=40, method="balltree_haversine")
    assert (fast["city_index"].to_numpy() == slow["city_index"].to_numpy()).all()
    np.testing.assert_allclose(fast["distance_km"], slow["distance_km"], atol=1e-6)


def test_bench_ingest_reports_counts_without_timing_assertions():
    result = ev.bench_ingest(2_000, seed=1)
    assert result["too_coarse"] + result["no_city"] + result["assigned"] == 2_000
    assert result["seconds_total"] >= 0


# ------------------------------------------------------------------------------ properties

_GED_COLUMNS = list(ev.GED_REQUIRED)


@st.composite
def ged_frames(draw):
    n = draw(st.integers(0, 30))
    rows = []
    for _ in range(n):
        rows.append(
            {
                "id": draw(st.integers(1, 10**6)),
                "year": draw(st.integers(1989, 2024)),
                "type_of_violence": draw(st.sampled_from([1, 2, 3])),
                "best": draw(st.integers(0, 500)),
                "low": draw(st.integers(0, 500)),
                "high": draw(st.integers(0, 500)),
                "where_prec": draw(st.integers(1, 7)),
                "latitude": draw(st.floats(-1.0, 1.0)),
                "longitude": draw(st.floats(-1.0, 1.0)),
            }
        )
    return pd.DataFrame(rows, columns=_GED_COLUMNS)


_CITIES = gazetteer(("A", 0.0, 0.0, 900_000), ("B", 0.5, 0.5, 200_000), ("C", -0.7, 0.2, 50_000))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ged_frames(), st.floats(1, 200))
def test_property_valid_frames_conserve_totals(frame, radius):
    table, summary = ev.ingest(frame, _CITIES, iso2_to_iso3=ISO, radius_km=radius)
    assert summary.read == len(frame)
    assert summary.too_coarse + summary.no_city + summary.assigned == len(frame)
    assert summary.too_coarse == int((frame["where_prec"] >= 4).sum()) if len(frame) else True
    assert int(table["events"].sum()) == summary.assigned
    normalised, _ = ev.normalise_events(frame)
    assigned = ev.assign_cities(normalised, _CITIES, iso2_to_iso3=ISO, radius_km=radius)
    kept = assigned["status"] == ev.ASSIGNED
    assert int(table["deaths_best"].sum()) == int(frame.loc[kept.to_numpy(), "best"].sum())
    split = table[["deaths_state_based", "deaths_non_state", "deaths_one_sided"]].sum(axis=1)
    assert (split == table["deaths_best"]).all()
    assert set(table["city"]) <= {"A", "B"}


_ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*ev.GED_REQUIRED, *ev.ACLED_REQUIRED, "event_date", "iso", "country", "other"]
        ),
        unique=True,
    ),
    st.data(),
)
def test_property_arbitrary_frames_raise_only_event_format_error(columns, data):
    n = data.draw(st.integers(0, 5))
    frame = pd.DataFrame(
        {c: data.draw(st.lists(_ANY_VALUE, min_size=n, max_size=n)) for c in columns},
        columns=columns,
    )
    try:
        table, summary = ev.ingest(frame, _CITIES, iso2_to_iso3=ISO)
    except ev.EventFormatError:
        return
    assert summary.too_coarse + summary.no_city + summary.assigned == len(frame)


# ------------------------------------------------------------------------------ CLI


def _run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="typology")
    ev.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def _write_small_sources(tmp_path: Path) -> tuple[Path, Path]:
    gaz = tmp_path / "gaz.csv"
    gazetteer(("Alpha", 0.0, 0.0, 500_000)).assign(iso3="XXX").to_csv(gaz, index=False)
    events = tmp_path / "events.csv"
    ged([{}, {"where_prec": 6}, {"latitude": 3.0}]).to_csv(events, index=False)
    return gaz, events


def test_cli_writes_table_and_prints_summary(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(ev.SOURCE_DIR_ENV, str(tmp_path / "nowhere"))
    gaz, events = _write_small_sources(tmp_path)
    out = tmp_path / "out.csv"
    code = _run_cli(["ingest-ged", str(events), "--out", str(out), "--gazetteer", str(gaz)])
    printed = capsys.readouterr().out.strip()
    assert code == 0
    assert printed.startswith("3 events read; 1 too coarse for a city (where_prec >= 4) left out;")
    assert "1 with no city of 100,000+ within 25 km; 1 assigned to 1 cities" in printed
    written = pd.read_csv(out)
    assert list(written.columns) == list(ev.OUTPUT_COLUMNS)
    assert written["city"].tolist() == ["Alpha"]


@pytest.mark.parametrize("problem", ["missing_events", "missing_gazetteer", "bad_format"])
def test_cli_errors_exit_2_with_one_line(tmp_path, capsys, monkeypatch, problem):
    monkeypatch.setenv(ev.SOURCE_DIR_ENV, str(tmp_path / "nowhere"))
    gaz, events = _write_small_sources(tmp_path)
    if problem == "missing_events":
        events = tmp_path / "absent.csv"
    elif problem == "missing_gazetteer":
        gaz = tmp_path / "absent_gaz.csv"
    else:
        pd.DataFrame({"a": [1], "b": [2]}).to_csv(events, index=False)
    code = _run_cli(
        ["ingest-ged", str(events), "--out", str(tmp_path / "o.csv"), "--gazetteer", str(gaz)]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("ingest-ged: error: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert not (tmp_path / "o.csv").exists()


def test_cli_default_gazetteer_from_environment(tmp_path, capsys, monkeypatch):
    _need(GEONAMES, COUNTRIES)
    monkeypatch.setenv(ev.SOURCE_DIR_ENV, str(SOURCE))
    events = tmp_path / "events.csv"
    ged([{"latitude": 19.42847, "longitude": -99.12766, "country": "Mexico"}]).to_csv(
        events, index=False
    )
    out = tmp_path / "out.csv"
    assert _run_cli(["ingest-ged", str(events), "--out", str(out)]) == 0
    written = pd.read_csv(out, keep_default_na=False)
    assert written[["city", "country_iso3"]].values.tolist() == [["Mexico City", "MEX"]]


@pytest.mark.parametrize("code", [1e20, -4, 0, 484.5, 1000])
def test_acled_iso_outside_the_iso_numeric_range_is_no_code(code):
    point = {"latitude": 31.739444, "longitude": -106.486944}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflowing cast on the way
        normalised, _ = ev.normalise_events(acled([{**point, "iso": code}, {**point, "iso": 484}]))
    numeric = normalised["country_numeric"]
    assert pd.isna(numeric.iloc[0]) and numeric.iloc[1] == 484
