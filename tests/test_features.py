import numpy as np
import pytest

from typology.features import feature_columns, feature_matrix


def test_default_features_are_violence_and_setting(synthetic_contexts):
    matrix = feature_matrix(synthetic_contexts)
    assert "large_scale" in matrix.columns
    assert "setting_armed_conflict" in matrix.columns
    assert matrix["large_scale"].max() <= 1.0  # intensities scaled to 0-1


def test_group_weight_scales_its_columns(synthetic_contexts):
    plain = feature_matrix(synthetic_contexts)
    heavy = feature_matrix(synthetic_contexts, weights={"setting": 2.0})
    assert np.allclose(heavy["setting_stable"], 2 * plain["setting_stable"])
    assert np.allclose(heavy["organized"], plain["organized"])


def test_indicators_missing_values_are_imputed(synthetic_contexts):
    frame = synthetic_contexts.copy()
    frame.loc[0, "homicide_rate"] = np.nan
    matrix = feature_matrix(frame, ["violence", "homicide_rate"])
    assert not matrix.isna().any().any()


def test_absent_indicator_column_does_not_crash(synthetic_contexts):
    matrix = feature_matrix(synthetic_contexts, ["violence", "ipv_prevalence"])
    assert "ipv_prevalence" in matrix.columns


def test_unknown_feature_is_named():
    with pytest.raises(ValueError, match="unknown feature"):
        feature_columns(["violence", "weather"])


def test_negative_weight_is_refused(synthetic_contexts):
    with pytest.raises(ValueError, match="weights"):
        feature_matrix(synthetic_contexts, weights={"violence": -1})


def test_normalise_features_names_complete_groups():
    from typology.features import INDICATORS, normalise_features
    from typology.schema import VIOLENCE_TYPES

    assert normalise_features([*VIOLENCE_TYPES, "setting"]) == ("violence", "setting")
    assert normalise_features(["setting", "organized", "public"]) == (
        "public",
        "organized",
        "setting",
    )
    assert normalise_features([*INDICATORS, "domestic"]) == ("domestic", "indicators")
    assert normalise_features([]) == ("violence", "setting")
