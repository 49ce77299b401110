"""Method page interactions, by widget key."""

from tests.app.helpers import open_page


def table_with(at, column):
    """The first data table that has `column` (tables have no key in AppTest)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def typologies_table(at):
    return table_with(at, "distinctive")


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def charts(at):
    return at.get("plotly_chart")


def test_method_page_shows_scenarios_null_stability_and_membership():
    at = open_page("views/method.py")
    assert not at.exception, [e.value for e in at.exception]
    assert len(charts(at)) == 2  # projection, relative profile (no Ward tree)
    table = typologies_table(at)
    assert len(table) == 4 and table["name"].is_unique
    assert {"representative", "distinctive", "borderline"} <= set(table.columns)
    # The scenario matrix: settings as rows, one column per violence typology.
    scenarios = table_with(at, "setting")
    assert len(scenarios) == 4 and len(scenarios.columns) == 1 + 4
    # k against chance: observed beside the null for every k tried.
    null = table_with(at, "null_p95")
    assert set(null["k"]) >= {2, 3, 4} and "observed" in null
    stability = table_with(at, "jaccard")
    assert set(stability["reading"]) <= {"stable", "weak pattern", "dissolved"}
    membership = table_with(at, "membership")
    assert membership["membership"].is_monotonic_increasing  # least certain first
    assert membership["membership"].between(0, 1).all()
    words = " ".join(m.value for m in at.markdown)
    assert "k-medoids" in words and "adjusted Rand index" in words
    assert "In plain words" in words


def test_sensitivity_grid_runs_on_demand():
    at = open_page("views/method.py", timeout=120)
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
    at = open_page("views/method.py")
    at.selectbox(key="method").set_value("ward").run()
    assert not at.exception
    assert len(charts(at)) == 3
    assert any("Ward merge tree" in s.value for s in at.subheader)


def test_k_auto_shows_the_chosen_k():
    at = open_page("views/method.py")
    at.selectbox(key="k").set_value("auto").run()
    assert not at.exception
    chosen = int(metric(at, "Typologies in use (k)"))
    assert 2 <= chosen <= 8
    assert f"auto (chosen: {chosen})" in " ".join(m.value for m in at.markdown)
    assert len(typologies_table(at)) == chosen


def test_empty_feature_choice_explains_itself():
    at = open_page("views/method.py")
    at.multiselect(key="features").set_value([]).run()
    assert not at.exception
    assert any("No feature is chosen" in w.value for w in at.warning)
    assert len(typologies_table(at)) == 4
