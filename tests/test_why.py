"""The 'why this typology' panel: a context's codes beside its typology's mean and the nearest
other typology's, in words, with unknown and country-level values marked from provenance."""

from __future__ import annotations

import pandas as pd
import pytest

from typology.analysis import analyse
from typology.labels import SNAKE
from typology.schema import VIOLENCE_TYPES
from typology.why import NOT_STATED, explain, nearest_other, value_bases


@pytest.fixture(scope="module")
def analysis():
    from tests.conftest import make_contexts

    return analyse(make_contexts(), k=4, seed=0)


def _provenance(context_id: str, bases: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"context_id": context_id, "field": list(bases), "basis": list(bases.values())}
    )


def test_the_table_puts_each_code_beside_both_means_in_words(analysis):
    row = analysis.contexts.iloc[0]
    why = explain(analysis, row["context_id"])
    assert why.typology == int(row["typology"])
    assert why.other is not None and why.other != why.typology
    assert len(why.table) == 7
    own = analysis.profile.loc[why.typology]
    other = analysis.profile.loc[why.other]
    for v, (_, line) in zip(VIOLENCE_TYPES, why.table.iterrows(), strict=True):
        assert line["its typology (mean)"].startswith(f"{own[v]:.1f} (")
        assert line["nearest other (mean)"].startswith(f"{other[v]:.1f} (")
        assert line["this city"] in {"none", "low", "medium", "high"}
        # "closer to" follows the absolute differences
        gap = abs(row[v] - other[v]) - abs(row[v] - own[v])
        expected = "its typology" if gap > 0.05 else "the other" if gap < -0.05 else "equally close"
        assert line["closer to"] == expected
    text = " ".join(why.sentences) + why.table.to_string()
    assert not SNAKE.search(text.replace("non-partner", "")), "a code leaked into the words"
    assert "nan" not in text.lower().split()


def test_the_nearest_other_is_the_runner_up_of_the_fit(analysis):
    row = analysis.contexts.iloc[3]
    assert nearest_other(analysis, row) == int(row["runner_up"])
    without = row.copy()
    without["runner_up"] = 0  # no runner-up: the other typology with the closest mean
    others = [t for t in analysis.profile.index if t != row["typology"]]
    distance = {
        t: sum(abs(row[v] - analysis.profile.loc[t, v]) for v in VIOLENCE_TYPES) for t in others
    }
    assert nearest_other(analysis, without) == min(distance, key=distance.get)


def test_unknown_is_not_counted_and_never_read_as_none(analysis):
    contexts = analysis.contexts.copy()
    for v in VIOLENCE_TYPES:
        contexts[v] = contexts[v].astype("Int64")
    cid = contexts.loc[0, "context_id"]
    contexts.loc[0, "spontaneous"] = pd.NA
    analysis = type(analysis)(**{**analysis.__dict__, "contexts": contexts})
    why = explain(analysis, cid)
    line = why.table.set_index("violence type").loc["spontaneous"]
    assert (line["this city"], line["basis"]) == ("unknown", "unknown")
    assert line["closer to"] == "not counted (unknown)"
    assert any(s.startswith("Unknown, so not counted here: spontaneous") for s in why.sentences)
    assert any("6 known intensities" in s for s in why.sentences)


def test_country_level_values_are_marked_from_the_provenance_basis(analysis):
    cid = analysis.contexts.loc[0, "context_id"]
    provenance = _provenance(
        cid, {v: "country_proxy" if v == "domestic" else "city_figure" for v in VIOLENCE_TYPES}
    )
    why = explain(analysis, cid, provenance)
    bases = why.table.set_index("violence type")["basis"]
    assert bases["domestic"] == "country-level"
    assert (bases.drop("domestic") == "city evidence").all()
    assert any(
        s.startswith("Country-level, not evidence about the city: domestic") for s in why.sentences
    )


def test_a_context_without_provenance_rows_has_its_basis_not_stated(analysis):
    row = analysis.contexts.iloc[0]
    provenance = _provenance("another-context", {"domestic": "city_figure"})
    assert set(value_bases(row, provenance).values()) == {NOT_STATED}


def test_a_single_typology_has_nothing_to_compare(synthetic_contexts):
    single = analyse(synthetic_contexts, k=1, seed=0)
    why = explain(single, single.contexts.loc[0, "context_id"])
    assert why.other is None
    assert "nearest other (mean)" not in why.table
    assert any("single typology" in s for s in why.sentences)


def test_a_context_not_in_the_analysis_is_a_clear_error(analysis):
    with pytest.raises(ValueError, match="no classified context 'atlantis-2020'"):
        explain(analysis, "atlantis-2020")


@pytest.mark.parametrize(
    ("codes", "reading"),
    [
        ((2, 2, 2, 2, 2, 2, 2), "Closer to its own typology than to the nearest other"),
        ((1, 1, 1, 1, 1, 1, 1), "about as near both means"),
        ((0, 0, 0, 0, 0, 0, 0), "nearer the other typology's mean"),
    ],
)
def test_the_comparison_words_follow_the_distances(codes, reading):
    """Means 2 (its typology) and 0 (the other): all 2 is nearer its own, all 1 halfway and
    all 0 nearer the other, which the model may still place here (a boundary case)."""
    from types import SimpleNamespace

    from typology.analysis import Params

    row = {"context_id": "x", "city": "Testville", "year": 2020, "typology": 1, "runner_up": 2}
    analysis = SimpleNamespace(
        contexts=pd.DataFrame([{**row, **dict(zip(VIOLENCE_TYPES, codes, strict=True))}]),
        profile=pd.DataFrame([[2.0] * 7, [0.0] * 7], index=[1, 2], columns=list(VIOLENCE_TYPES)),
        typologies=pd.DataFrame({"typology": [1, 2], "name": ["High", "None"]}),
        params=Params(),
    )
    comparison = explain(analysis, "x").sentences[1]
    assert reading in comparison
    assert ("boundary" in comparison) == (codes[0] < 2)


def test_a_typology_mean_unknown_everywhere_reads_unknown_not_a_crash(synthetic_contexts):
    """With 'city evidence only' a typology can have no known value of a type: its mean is
    NA and the panel says 'unknown' for it (found by the City page crashing on such a link)."""
    result = analyse(synthetic_contexts, k=3)
    result.profile["public"] = pd.NA
    row = result.contexts.iloc[0]
    why = explain(result, row["context_id"])
    line = why.table.set_index("violence type").loc["public"]
    assert line["its typology (mean)"] == "unknown"
    assert line["closer to"] == "not counted (unknown)"
