"""Explore page interactions, by widget key."""

from tests.app.helpers import open_page


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_changing_k_changes_the_number_of_typologies():
    at = open_page("pages/explore.py")
    at.selectbox(key="k").set_value(3).run()
    assert not at.exception
    assert metric(at, "Typologies") == "3"
    at.selectbox(key="k").set_value(6).run()
    assert metric(at, "Typologies") == "6"


def test_setting_filter_narrows_the_contexts():
    at = open_page("pages/explore.py")
    total = int(metric(at, "Contexts"))
    at.multiselect(key="f_setting").set_value(["armed_conflict"]).run()
    assert not at.exception
    assert 0 < int(metric(at, "Contexts")) < total


def test_method_choice_keeps_the_page_working():
    at = open_page("pages/explore.py")
    for method in ("ward", "gmm"):
        at.selectbox(key="method").set_value(method).run()
        assert not at.exception
        assert int(metric(at, "Typologies")) >= 2
