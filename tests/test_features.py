import numpy as np
import pytest

from typology.features import feature_columns, feature_matrix


def test_default_features_are_the_seven_intensities_only(synthetic_contexts):
    from typology.schema import VIOLENCE_TYPES

    matrix = feature_matrix(synthetic_contexts)
    assert list(matrix.columns) == list(VIOLENCE_TYPES)  # setting is the other axis
    assert matrix["large_scale"].max() <= 1.0  # intensities scaled to 0-1


def test_group_weight_multiplies_its_squared_distance_linearly(synthetic_contexts):
    features = ["violence", "setting"]
    plain = feature_matrix(synthetic_contexts, features)
    heavy = feature_matrix(synthetic_contexts, features, weights={"setting": 2.0})
    setting = [c for c in plain.columns if c.startswith("setting_")]
    d2 = lambda m: ((m.iloc[0] - m.iloc[-1]) ** 2)[setting].sum()  # noqa: E731
    assert d2(plain) > 0
    assert np.isclose(d2(heavy), 2 * d2(plain))  # weight 2 counts twice, not four times
    assert np.allclose(heavy["organized"], plain["organized"])


def test_unknown_intensity_stays_missing(synthetic_contexts):
    frame = synthetic_contexts.copy()
    frame["domestic"] = frame["domestic"].astype(float)
    frame.loc[0, "domestic"] = np.nan
    matrix = feature_matrix(frame)
    assert np.isnan(matrix["domestic"].iloc[0])  # never 0, never 1
    assert matrix["domestic"].iloc[1:].notna().all()


def test_contexts_with_too_few_known_codes_are_not_classified(synthetic_contexts):
    from typology.features import classifiable

    frame = synthetic_contexts.copy().astype({"public": float, "domestic": float})
    frame.loc[0, ["large_scale", "small_scale", "public", "domestic"]] = np.nan
    frame.loc[1, ["public", "domestic"]] = np.nan
    ok, reason = classifiable(frame)
    assert not ok.iloc[0] and "only 3 of 7" in reason.iloc[0]
    assert ok.iloc[1] and reason.iloc[1] == ""
    assert ok.iloc[2:].all()


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
    assert normalise_features([]) == ("violence",)
