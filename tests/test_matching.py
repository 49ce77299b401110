"""Matching practices to typologies and contexts; the evidence-gap matrix."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from typology.analysis import analyse
from typology.matching import (
    EVIDENCE_WEIGHTS,
    MATCH_COLUMNS,
    assign_typologies,
    empty_cells,
    evidence_gaps,
    lessons,
    main_settings,
    match_context,
    match_typology,
    matched_practices_for_context,
    matched_practices_for_profile,
    score_practices,
    tried_elsewhere,
    tried_here,
)
from typology.practices import EVIDENCE_GRADES, load_practices
from typology.schema import SETTINGS, VIOLENCE_TYPES

DATA = Path(__file__).resolve().parent.parent / "data"


def practice(pid, types, settings, grade="effective", entry="community_policing", **extra):
    """A made-up practice row (test input only, never shipped)."""
    row = {
        "practice_id": pid,
        "name": f"Test practice {pid}",
        "city": extra.pop("city", "Testville 0"),
        "country": "Testland",
        "iso3": extra.pop("iso3", "TST"),
        "region": "Europe",
        "entry_point": entry,
        "violence_types": list(types),
        "settings": list(settings),
        "evidence_grade": grade,
    }
    row.update(extra)
    return row


# A typology marked by organized and public violence, mostly in post-conflict settings.
PROFILE = {"large_scale": 1, "small_scale": 1, "public": 3, "domestic": 0.5,
           "gender_based": 0.5, "organized": 3, "spontaneous": 1}  # fmt: skip
SHARES = {"post_conflict": 0.7, "armed_conflict": 0.3}


@pytest.fixture
def made_up() -> pd.DataFrame:
    return pd.DataFrame(
        [
            practice("P901", ["organized", "public"], ["post_conflict"]),
            practice("P902", ["domestic", "gender_based"], ["stable"]),
            practice("P903", ["organized", "public"], ["criminal_violence"]),
            practice("P904", ["organized", "public"], ["post_conflict"], "no_effect_or_harmful"),
            practice("P905", list(VIOLENCE_TYPES), ["post_conflict"], "not_evaluated"),
        ]
    )


def test_practice_on_dominant_types_in_setting_ranks_above_one_that_is_not(made_up):
    result = score_practices(made_up, PROFILE, SHARES)
    order = list(result["practice_id"])
    assert order.index("P901") < order.index("P903") < order.index("P902")
    top = result.iloc[0]
    assert top["practice_id"] == "P901"
    assert top["score"] > result.set_index("practice_id").at["P902", "score"]


def test_reason_names_the_types_and_setting(made_up):
    result = score_practices(made_up, PROFILE, SHARES).set_index("practice_id")
    reason = result.at["P901", "reason"]
    first = reason.split(";")[0]
    # ties in intensity keep the vocabulary order: public before organized
    assert first == "addresses public and organized violence"
    assert "evaluated in post-conflict settings" in reason
    assert "low in this typology" in result.at["P902", "reason"]
    assert "documented but not evaluated" in result.at["P905", "reason"]


def test_transferability_flag_when_settings_differ(made_up):
    result = score_practices(made_up, PROFILE, SHARES).set_index("practice_id")
    assert not result.at["P901", "transfer_flag"]
    assert result.at["P903", "transfer_flag"]
    assert "criminal violence" in result.at["P903", "transfer_note"]
    assert "post-conflict" in result.at["P903", "transfer_note"]
    assert main_settings(SHARES) == ["post_conflict", "armed_conflict"]


def test_harmful_practice_is_a_lesson_never_a_recommendation(made_up):
    result = score_practices(made_up, PROFILE, SHARES)
    harmful = result[result["evidence_grade"] == "no_effect_or_harmful"]
    assert (harmful["role"] == "lesson").all() and (harmful["score"] == 0).all()
    # Listed, but after every recommendation, although it fits the profile best.
    assert harmful.index.min() > result[result["role"] == "recommendation"].index.max()
    assert harmful.iloc[0]["relevance"] >= result["relevance"].max() - 1e-9
    assert "lesson, not a recommendation" in harmful.iloc[0]["reason"]
    top = matched_practices_for_profile(made_up, PROFILE, SHARES, n=10)
    assert "P904" not in set(top["practice_id"])
    assert list(lessons(result)["practice_id"]) == ["P904"]


def test_evidence_weights_order_and_registry():
    assert set(EVIDENCE_WEIGHTS) == set(EVIDENCE_GRADES)
    order = ["effective", "promising", "mixed", "inconclusive", "not_evaluated"]
    order.append("no_effect_or_harmful")
    weights = [EVIDENCE_WEIGHTS[g] for g in order]
    assert weights == sorted(weights, reverse=True) and weights[-1] == 0


def test_stronger_evidence_ranks_higher_at_equal_fit():
    rows = pd.DataFrame(
        [
            practice(f"P9{i}0", ["organized"], ["post_conflict"], g)
            for i, g in enumerate(["not_evaluated", "mixed", "promising", "effective"])
        ]  # fmt: skip
    )
    result = score_practices(rows, PROFILE, SHARES)
    assert list(result["evidence_grade"]) == ["effective", "promising", "mixed", "not_evaluated"]


def test_scores_are_deterministic_and_inputs_untouched(made_up):
    before = made_up.copy(deep=True)
    first = score_practices(made_up, PROFILE, SHARES)
    second = score_practices(made_up.sample(frac=1, random_state=3), PROFILE, SHARES)
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(made_up, before)
    assert list(first.columns) == list(MATCH_COLUMNS)
    assert list(first["rank"]) == list(range(1, len(first) + 1))
    assert first["score"].between(0, 100).all()


def test_semicolon_strings_are_accepted(made_up):
    as_text = made_up.assign(
        violence_types=made_up["violence_types"].map(";".join),
        settings=made_up["settings"].map(";".join),
    )
    pd.testing.assert_frame_equal(
        score_practices(as_text, PROFILE, SHARES), score_practices(made_up, PROFILE, SHARES)
    )


def test_one_setting_name_and_unknown_setting(made_up):
    result = score_practices(made_up, PROFILE, "post_conflict")
    assert result.iloc[0]["practice_id"] == "P901"
    with pytest.raises(ValueError, match="unknown setting"):
        score_practices(made_up, PROFILE, "war")


def test_empty_practices_give_an_empty_frame():
    empty = pd.DataFrame(columns=["practice_id", "violence_types", "settings", "evidence_grade"])
    result = score_practices(empty, PROFILE, SHARES)
    assert result.empty and list(result.columns) == list(MATCH_COLUMNS)


# --- against an analysis of synthetic contexts ---------------------------------------------------


@pytest.fixture
def analysis(synthetic_contexts):
    return analyse(synthetic_contexts, k=4, seed=0)


def test_match_context_gives_local_bonus(made_up, analysis):
    context = analysis.contexts.iloc[0]
    rows = pd.concat(
        [
            made_up,
            pd.DataFrame(
                [
                    practice(
                        "P950",
                        ["organized"],
                        [context["setting"]],
                        city=context["city"],
                        iso3=context["iso3"],
                    ),  # fmt: skip
                    practice(
                        "P951",
                        ["organized"],
                        [context["setting"]],
                        city="Elsewhere",
                        iso3=context["iso3"],
                    ),  # fmt: skip
                    practice("P952", ["organized"], [context["setting"]], city="Far", iso3="XXX"),
                ]
            ),
        ],
        ignore_index=True,
    )
    result = match_context(rows, analysis.contexts, context["context_id"]).set_index("practice_id")
    assert result.at["P950", "local"] == "same city"
    assert result.at["P951", "local"] == "same country"
    assert result.at["P952", "local"] == ""
    assert result.at["P950", "score"] > result.at["P951", "score"] > result.at["P952", "score"]
    assert "from the same city" in result.at["P950", "reason"]
    with pytest.raises(ValueError, match="no context"):
        match_context(rows, analysis.contexts, "nowhere-xxx-1900")


def test_matched_practices_for_context_returns_top_n(made_up, analysis):
    cid = analysis.contexts.iloc[0]["context_id"]
    top = matched_practices_for_context(made_up, analysis, cid, n=2)
    assert len(top) == 2 and list(top["rank"]) == [1, 2]
    assert (top["role"] == "recommendation").all()


def test_match_typology_uses_profile_and_setting_shares(made_up, analysis):
    armed = int(analysis.contexts.loc[analysis.contexts["setting"] == "armed_conflict",
                                      "typology"].mode()[0])  # fmt: skip
    result = match_typology(made_up, analysis, armed).set_index("practice_id")
    # post-conflict evidence for an armed-conflict typology is flagged as transferred
    assert result.at["P901", "transfer_flag"]
    assert "armed conflict" in result.at["P901", "transfer_note"]
    with pytest.raises(ValueError):
        match_typology(made_up, analysis, 99)


# --- evidence gaps -------------------------------------------------------------------------------


def test_evidence_gaps_counts_and_keeps_empty_cells(made_up):
    gaps = evidence_gaps(made_up)
    assert set(gaps["row"]) == set(SETTINGS)
    cell = gaps[(gaps["row"] == "post_conflict") & (gaps["entry_point"] == "community_policing")]
    cell = cell.iloc[0]
    assert cell["effective"] == 1 and cell["not_evaluated"] == 1
    assert cell["no_effect_or_harmful"] == 1 and cell["total"] == 3 and cell["evaluated"] == 2
    assert cell["practice_ids"] == ["P901", "P904", "P905"]
    # every entry point x setting, even where nothing is documented
    assert len(gaps) == 4 * gaps["entry_point"].nunique()
    assert gaps["total"].sum() == made_up["settings"].map(len).sum()


def test_empty_cells_are_listed_in_words(made_up):
    gaps = evidence_gaps(made_up)
    sentences = empty_cells(gaps)
    assert (
        "no evaluated practice for gender-based violence services in post-conflict settings "
        "(none documented)" in sentences
    )
    assert not any("community policing in post-conflict" in s for s in sentences)
    only_unevaluated = evidence_gaps(made_up[made_up["practice_id"] == "P905"])
    assert (
        "no evaluated practice for community policing in post-conflict settings "
        "(1 documented, not evaluated)" in empty_cells(only_unevaluated)
    )


def test_gaps_by_typology(made_up, analysis):
    with_typologies = assign_typologies(made_up, analysis)
    assert "typologies" not in made_up
    gaps = evidence_gaps(with_typologies, row="typologies", rows=analysis.typologies["name"])
    assert set(gaps["row"]) == set(analysis.typologies["name"])
    sentences = empty_cells(gaps, row="typologies")
    assert sentences and all("the typology '" in s for s in sentences)


def test_shipped_practices_match_every_typology():
    shipped = load_practices(DATA / "practices.csv")
    from typology.io import load_contexts

    analysis = analyse(load_contexts(), k=4, seed=0)
    for typology in analysis.profile.index:
        result = match_typology(shipped, analysis, int(typology))
        assert len(result) == len(shipped)
        assert (
            result.loc[result["evidence_grade"] == "no_effect_or_harmful", "role"] == "lesson"
        ).all()
        assert result.iloc[0]["role"] == "recommendation" and result.iloc[0]["score"] > 0


def test_briefing_practices_per_typology_never_recommend_lessons(synthetic_contexts, made_up):
    from typology.matching import practices_by_typology

    analysis = analyse(synthetic_contexts, k=4)
    chosen = practices_by_typology(made_up, analysis, n=3)
    assert set(chosen) == {1, 2, 3, 4}
    for table in chosen.values():
        assert len(table) <= 3
        assert "P904" not in set(table["practice_id"])  # no effect or harmful


def test_gap_summary_has_every_typology_and_entry_point(synthetic_contexts, made_up):
    from typology.matching import gap_summary
    from typology.practices import ENTRY_POINTS

    analysis = analyse(synthetic_contexts, k=4)
    table = gap_summary(made_up, analysis)
    assert table["typology"].tolist() == analysis.typologies["name"].tolist()
    assert len(table.columns) == 1 + len(ENTRY_POINTS)
    cells = set(table.drop(columns="typology").to_numpy().ravel())
    assert "none" in cells  # empty cells stay visible
    assert any(c.endswith("of 3") or c.endswith("of 2") or c.endswith("of 1") for c in cells)


def test_setting_first_tried_here_never_mixed_with_tried_elsewhere(made_up):
    # An 'effective' practice from criminal-violence settings (P903) scores above a 'not
    # evaluated' one tried in this post-conflict typology (P905), yet comes after it: a grade
    # earned elsewhere does not outrank having been tried here.
    result = score_practices(made_up, PROFILE, SHARES)
    by_id = result.set_index("practice_id")
    assert by_id.at["P903", "score"] > by_id.at["P905", "score"]
    order = list(result["practice_id"])
    assert order.index("P905") < order.index("P903")
    assert by_id.at["P905", "group"] == "tried here"
    assert by_id.at["P903", "group"] == "tried elsewhere"
    here, elsewhere = tried_here(result), tried_elsewhere(result)
    assert set(here["practice_id"]) == {"P901", "P905"}
    assert set(elsewhere["practice_id"]) == {"P902", "P903"}
    assert list(elsewhere["rank"]) == [1, 2] and elsewhere["transfer_note"].str.len().gt(0).all()
    assert "P904" not in set(here["practice_id"]) | set(elsewhere["practice_id"])


def test_transfer_note_says_what_the_practice_relied_on(made_up):
    rows = made_up.assign(moderators=None)
    rows.loc[rows["practice_id"] == "P903", "moderators"] = "a few gangs drove the killings"
    result = score_practices(rows, PROFILE, SHARES).set_index("practice_id")
    assert result.at["P903", "transfer_note"].endswith(
        "it relied on: a few gangs drove the killings"
    )
    assert "relied on" not in result.at["P902", "transfer_note"]  # nothing recorded: no claim


def test_matches_carry_both_axes_for_shipped_practices():
    shipped = load_practices(DATA / "practices.csv")
    result = score_practices(shipped, PROFILE, SHARES).set_index("practice_id")
    assert result.at["P079", "evidence_strength"] == "strong"  # STYL, two trials
    assert result.at["P079", "group"] == "tried here"  # post-conflict, like this typology
    assert set(result["evidence_strength"]) <= {"strong", "moderate", "limited", "none"}


def test_unknown_intensities_are_left_out_not_read_as_none(made_up):
    # Codes are nullable: an unknown intensity (pd.NA) is missing, never 0.
    profile = pd.Series({**PROFILE, "domestic": pd.NA, "gender_based": pd.NA}, dtype="object")
    result = score_practices(made_up, profile, SHARES).set_index("practice_id")
    # P902 addresses only the two unknown types: no fit claimed, and the reason says why.
    assert result.at["P902", "violence_fit"] == 0
    assert "none of the violence types coded here" in result.at["P902", "reason"]
    # Known types score as before.
    before = score_practices(made_up, PROFILE, SHARES).set_index("practice_id")
    assert (
        result.at["P901", "score"] > 0
        and result.at["P901", "reason"] == before.at["P901", "reason"]
    )
