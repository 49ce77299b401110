"""What-if page interactions, by widget key."""

import pandas as pd

from tests.app.helpers import ROOT, open_page
from typology.schema import VIOLENCE_TYPES


def typology_line(at):
    return next(m.value for m in at.markdown if m.value.startswith("**Typology:**"))


def set_profile(at, setting, values):
    at.selectbox(key="wi_setting").set_value(setting)
    for violence, value in zip(VIOLENCE_TYPES, values, strict=True):
        at.select_slider(key=f"wi_{violence}").set_value("unknown" if value is None else value)
    return at.run()


def test_a_war_profile_and_a_calm_profile_land_in_different_typologies():
    at = open_page("views/whatif.py")
    assert not at.exception
    set_profile(at, "armed_conflict", [3, 2, 3, 3, 3, 3, 1])
    assert not at.exception
    war = typology_line(at).split("Runner-up")[0]
    assert "large-scale" in war  # named from the intensities (the setting is the other axis)
    set_profile(at, "stable", [0, 1, 1, 1, 1, 0, 1])
    calm = typology_line(at).split("Runner-up")[0]
    assert calm != war


def test_the_profile_of_a_real_context_finds_that_context_at_distance_zero():
    at = open_page("views/whatif.py")
    # Kabul 2018 as coded in data/cities.csv (read here: a rebuild may recode it).
    cities = pd.read_csv(ROOT / "data" / "cities.csv").set_index("context_id")
    kabul = cities.loc["kabul-afg-2018"]
    assert kabul[list(VIOLENCE_TYPES)].notna().all(), "the test needs a fully coded context"
    set_profile(at, kabul["setting"], [int(kabul[v]) for v in VIOLENCE_TYPES])
    neighbours = next(d.value for d in at.dataframe if "distance" in d.value.columns)
    assert neighbours["distance"].iloc[0] == 0
    assert "kabul-afg-2018" in neighbours[neighbours["distance"] == 0]["context_id"].tolist()


def test_what_if_changes_no_data():
    at = open_page("views/whatif.py")
    set_profile(at, "armed_conflict", [3, 3, 3, 3, 3, 3, 3])
    at.switch_page("views/explore.py").run()
    assert not at.exception
    assert next(m.value for m in at.metric if m.label == "Contexts") == str(
        len(pd.read_csv(ROOT / "data" / "cities.csv"))
    )


def test_an_unknown_intensity_is_left_out_not_read_as_none():
    at = open_page("views/whatif.py")
    set_profile(at, "armed_conflict", [3, None, 3, None, 3, 3, None])
    assert not at.exception
    assert at.select_slider(key="wi_small_scale").value == "unknown"
    caption = next(c.value for c in at.caption if c.value.startswith("large-scale:"))
    assert "small-scale: unknown." in caption  # shown as unknown, never as none
    assert typology_line(at)  # four known: classified as the engine would
    neighbours = next(d.value for d in at.dataframe if "distance" in d.value.columns)
    assert neighbours["distance"].notna().all()


def test_fewer_than_four_known_intensities_is_not_classified_with_the_reason():
    at = open_page("views/whatif.py")
    set_profile(at, "armed_conflict", [3, None, 3, None, 3, None, None])
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "Not classified" in warning
    assert "only 3 of 7 violence intensities known (at least 4 needed)" in warning
    assert not [m for m in at.markdown if m.value.startswith("**Typology:**")]
