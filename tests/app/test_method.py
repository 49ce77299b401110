"""Method page interactions, by widget key."""

from tests.app.helpers import open_page


def typologies_table(at):
    return at.dataframe[0].value


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def charts(at):
    return at.get("plotly_chart")


def test_method_page_shows_settings_charts_and_tables():
    at = open_page("views/method.py")
    assert not at.exception, [e.value for e in at.exception]
    assert len(charts(at)) == 3  # diagnostics, projection, relative profile (no Ward tree)
    table = typologies_table(at)
    assert len(table) == 4 and table["name"].is_unique
    assert {"representative", "distinctive", "borderline"} <= set(table.columns)
    confidence = at.dataframe[1].value
    assert {"confidence_typology", "runner_up_name"} <= set(confidence.columns)
    assert confidence["confidence_typology"].is_monotonic_increasing  # least certain first
    settings = " ".join(m.value for m in at.markdown)
    assert "k-means" in settings and "Rule for k 'auto'" in settings


def test_changing_weights_changes_the_typologies():
    at = open_page("views/method.py")
    before = typologies_table(at)[["name", "size"]].to_dict("records")
    at.slider(key="w_setting").set_value(0.0).run()
    assert not at.exception
    after = typologies_table(at)[["name", "size"]].to_dict("records")
    assert after != before
    assert "setting 0" in " ".join(m.value for m in at.markdown)


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
    assert len(charts(at)) == 4
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
