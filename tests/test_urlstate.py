import pytest
from hypothesis import given
from hypothesis import strategies as st

from typology.urlstate import UrlField, decode_state, encode_state

FIELDS = (
    UrlField("method", "method", "one", ("kmeans", "ward", "gmm")),
    UrlField("k", "k", "one", ("auto", 2, 3, 4, 5, 6, 7, 8)),
    UrlField("seed", "seed", "int", bounds=(0, 10_000)),
    UrlField("f_region", "region", "many", ("Africa", "Americas", "Asia")),
    UrlField("f_typology", "typology", "many", (1, 2, 3)),
    UrlField("f_years", "years", "range", bounds=(1991, 2020)),
    UrlField("city", "city", "one", ("bogota-col-2015", "kabul-afg-2015")),
)
DEFAULTS = {"method": "kmeans", "k": 4, "seed": 0, "f_region": [], "f_typology": []}


def test_round_trip_restores_every_value():
    values = {
        "method": "ward",
        "k": 6,
        "seed": 42,
        "f_region": ["Asia", "Africa"],
        "f_typology": [1, 3],
        "f_years": (2005, 2015),
        "city": "kabul-afg-2015",
    }
    params = encode_state(values, FIELDS, DEFAULTS)
    assert params["k"] == "6" and params["region"] == "Asia,Africa"
    assert decode_state(params, FIELDS) == values


def test_defaults_are_left_out_of_the_url():
    params = encode_state({"method": "kmeans", "k": 4, "seed": 0, "f_region": []}, FIELDS, DEFAULTS)
    assert params == {}


def test_k_auto_and_integer_k_are_told_apart():
    assert decode_state({"k": "auto"}, FIELDS) == {"k": "auto"}
    assert decode_state({"k": "3"}, FIELDS) == {"k": 3}


@pytest.mark.parametrize(
    "params",
    [
        {"method": "dbscan"},
        {"k": "99"},
        {"k": ""},
        {"seed": "-1"},
        {"seed": "12abc"},
        {"seed": "99999999999999999999"},
        {"years": "2015"},
        {"years": "2015-2010"},
        {"years": "1900-2015"},
        {"years": "a-b"},
        {"city": "<script>"},
    ],
)
def test_bad_values_are_dropped_so_defaults_apply(params):
    assert decode_state(params, FIELDS) == {}


def test_lists_keep_their_valid_items_and_unknown_params_are_ignored():
    decoded = decode_state(
        {"region": "Asia,Atlantis,Asia", "typology": "2,x,9", "zzz": "1"}, FIELDS
    )
    assert decoded == {"f_region": ["Asia"], "f_typology": [2]}


def test_a_repeated_parameter_uses_the_last_value():
    assert decode_state({"method": ["ward", "gmm"]}, FIELDS) == {"method": "gmm"}


@given(st.dictionaries(st.sampled_from([f.param for f in FIELDS] + ["other"]), st.text()))
def test_any_url_decodes_without_error(params):
    decoded = decode_state(params, FIELDS)
    allowed = {f.key for f in FIELDS}
    assert set(decoded) <= allowed
