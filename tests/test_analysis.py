import pandas as pd
import pytest

from typology.analysis import analyse, typology_name
from typology.schema import VIOLENCE_TYPES


def test_each_context_gets_a_named_typology(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4)
    assert result.contexts["typology"].between(1, 4).all()
    assert result.typologies["name"].is_unique
    assert set(result.contexts["typology_name"]) == set(result.typologies["name"])
    assert len(synthetic_contexts.columns) < len(result.contexts.columns)  # input untouched


def test_names_describe_the_profile(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4)
    names = dict(zip(result.typologies["main_setting"], result.typologies["name"], strict=True))
    assert names["armed_conflict"].endswith("armed conflict")
    assert "large-scale" in names["armed_conflict"]
    assert names["stable"].startswith("Low violence")


def test_representative_is_a_member(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4)
    for row in result.typologies.itertuples():
        members = result.contexts.loc[result.contexts["typology"] == row.typology, "context_id"]
        assert row.representative_id in set(members)


def test_auto_k_finds_the_planted_four(synthetic_contexts):
    result = analyse(synthetic_contexts, k="auto")
    assert result.k == 4
    assert set(result.diagnostics["k"]) >= {2, 3, 4, 5}


def test_single_context_is_refused_with_advice(synthetic_contexts):
    with pytest.raises(ValueError, match="at least 2 contexts"):
        analyse(synthetic_contexts.head(1))


def test_typology_name_rule():
    overall = pd.Series(1.0, index=list(VIOLENCE_TYPES))
    means = overall.copy()
    means["organized"] = 3.0
    means["public"] = 2.2
    name = typology_name(means, overall, pd.Series({"criminal_violence": 0.8, "stable": 0.2}))
    assert name == "High organized and public violence, criminal violence"
    mixed = typology_name(overall * 0.5, overall, pd.Series({"stable": 0.4, "post_conflict": 0.3}))
    assert mixed == "Low violence, mixed settings"
