"""Method page interactions, by widget key."""

from tests.app.helpers import open_page, open_tab


def table_with(at, column):
    """The first data table that has `column` (tables have no key in AppTest)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def typologies_table(at):
    return table_with(at, "distinctive")


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def charts(at):
    return at.get("plotly_chart")


SECTION = "method_section"


def subheaders(at):
    return [s.value for s in at.subheader]


def test_method_page_opens_on_the_scenarios_and_draws_no_other_section():
    at = open_page("views/method.py")
    assert not at.exception, [e.value for e in at.exception]
    labels = [t.label for t in at.tabs]
    assert labels == [
        "Scenarios and typologies",
        "k against chance",
        "Stability and membership",
        "Sensitivity",
        "Methods appendix",
    ]
    table = typologies_table(at)
    assert len(table) == 4 and table["name"].is_unique
    assert {"representative", "distinctive", "borderline"} <= set(table.columns)
    # The scenario matrix: settings as rows, one column per violence typology.
    scenarios = table_with(at, "setting")
    assert len(scenarios) == 4 and len(scenarios.columns) == 1 + 4
    assert len(charts(at)) == 1  # the relative profile
    # The closed sections are not drawn: no null table, no membership, no projection.
    assert not any("null_p95" in d.value.columns for d in at.dataframe)
    assert not any("membership" in d.value.columns for d in at.dataframe)
    assert "How many typologies, against chance?" not in subheaders(at)
    words = " ".join(m.value for m in at.markdown)
    assert "k-medoids" in words and "adjusted Rand index" in words
    assert "In plain words" in words
    assert SECTION not in at.query_params  # the default section stays out of the link


def test_k_against_chance_shows_the_null_when_opened():
    at = open_tab(open_page("views/method.py"), SECTION, "k against chance")
    assert not at.exception, [e.value for e in at.exception]
    null = table_with(at, "null_p95")
    assert set(null["k"]) >= {2, 3, 4} and "observed" in null
    assert "How many typologies, against chance?" in subheaders(at)
    assert not any("distinctive" in d.value.columns for d in at.dataframe)  # scenarios closed
    assert at.query_params[SECTION] == "chance"


def test_stability_and_membership_show_when_opened():
    at = open_tab(open_page("views/method.py"), SECTION, "Stability and membership")
    assert not at.exception, [e.value for e in at.exception]
    stability = table_with(at, "jaccard")
    assert set(stability["reading"]) <= {"stable", "weak pattern", "dissolved"}
    membership = table_with(at, "membership")
    assert membership["membership"].is_monotonic_increasing  # least certain first
    assert membership["membership"].between(0, 1).all()
    assert len(charts(at)) == 1  # the projection (no Ward tree)
    assert at.query_params[SECTION] == "stability"


def test_methods_appendix_offers_its_download_when_opened():
    at = open_tab(open_page("views/method.py"), SECTION, "Methods appendix")
    assert not at.exception, [e.value for e in at.exception]
    assert at.get("download_button"), "no appendix download"
    assert at.query_params[SECTION] == "appendix"


def test_a_link_opens_its_method_section_and_the_section_survives_a_page_switch():
    from tests.app.test_share import open_link

    at = open_link({SECTION: "chance"}, page="views/method.py")
    assert not at.exception
    assert "How many typologies, against chance?" in subheaders(at)
    at.switch_page("views/explore.py").run()
    assert at.query_params[SECTION] == "chance"  # still in the link on another page
    at.switch_page("views/method.py").run()
    assert table_with(at, "null_p95") is not None


def test_an_unknown_section_in_a_link_opens_the_first():
    from tests.app.test_share import open_link

    at = open_link({SECTION: "nonsense"}, page="views/method.py")
    assert not at.exception
    assert typologies_table(at) is not None
    assert SECTION not in at.query_params


def test_the_open_tab_is_kept_when_the_language_changes():
    at = open_tab(open_page("views/method.py"), SECTION, "k against chance")
    at.selectbox(key="lang").set_value("fr").run()
    assert not at.exception, [e.value for e in at.exception]
    assert table_with(at, "null_p95") is not None
    assert at.query_params[SECTION] == "chance"  # the id, not the French label


def test_sensitivity_grid_runs_on_demand():
    at = open_tab(open_page("views/method.py", timeout=120), SECTION, "Sensitivity")
    assert not any("median_ari" in d.value.columns for d in at.dataframe)  # not before asked
    at.toggle(key="method_sensitivity").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    summary = table_with(at, "median_ari")
    assert set(summary["method"]) >= {"kmedoids", "kmeans"}
    assert summary["median_ari"].between(-1, 1).all()


def test_setting_as_a_heavy_feature_is_said_to_restate_the_setting():
    at = open_page("views/method.py")
    at.multiselect(key="features").set_value(["large_scale", "organized", "setting"]).run()
    at.slider(key="w_setting").set_value(3.0).run()
    assert not at.exception
    assert any("restate the setting" in w.value for w in at.warning)


def test_changing_weights_changes_the_typologies():
    at = open_page("views/method.py")
    chosen = [*at.multiselect(key="features").value, "setting"]
    at.multiselect(key="features").set_value(chosen).run()
    before = typologies_table(at)[["name", "size"]].to_dict("records")
    at.slider(key="w_setting").set_value(3.0).run()
    assert not at.exception
    after = typologies_table(at)[["name", "size"]].to_dict("records")
    assert after != before
    assert "setting 3" in " ".join(m.value for m in at.markdown)


def test_choosing_features_changes_the_typologies_on_every_page():
    at = open_page("views/method.py")
    at.multiselect(key="features").set_value(["organized", "public"]).run()
    assert not at.exception
    method_names = set(typologies_table(at)["name"])
    at.switch_page("views/explore.py").run()
    assert not at.exception
    assert set(at.table[0].value["name"]) == method_names  # Explore fits the same choice
    at.switch_page("views/method.py").run()
    assert at.multiselect(key="features").value == ["organized", "public"]


def test_indicators_can_be_added():
    at = open_page("views/method.py")
    chosen = [*at.multiselect(key="features").value, "homicide_rate"]
    at.multiselect(key="features").set_value(chosen).run()
    assert not at.exception
    assert "homicide rate" in " ".join(m.value for m in at.markdown)


def test_ward_shows_the_dendrogram():
    at = open_tab(open_page("views/method.py"), SECTION, "Stability and membership")
    at.selectbox(key="method").set_value("ward").run()
    assert not at.exception
    assert len(charts(at)) == 2  # the projection and the merge tree
    assert any("Ward merge tree" in s.value for s in at.subheader)


def test_k_auto_shows_the_chosen_k():
    at = open_page("views/method.py")
    at.selectbox(key="k").set_value("auto").run()
    assert not at.exception
    shown = len(typologies_table(at))
    open_tab(at, SECTION, "k against chance")
    chosen = int(metric(at, "Typologies in use (k)"))
    assert 2 <= chosen <= 8
    assert f"auto (chosen: {chosen})" in " ".join(m.value for m in at.markdown)
    assert shown == chosen


def test_empty_feature_choice_explains_itself():
    at = open_page("views/method.py")
    at.multiselect(key="features").set_value([]).run()
    assert not at.exception
    assert any("No feature is chosen" in w.value for w in at.warning)
    assert len(typologies_table(at)) == 4
