"""Data page: downloads of the current view, uploads that flow through every page, and
invalid uploads that explain themselves while the rest of the app keeps working."""

from pathlib import Path

import pandas as pd

from tests.app.helpers import open_page
from tests.conftest import make_contexts

BUNDLED = len(pd.read_csv(Path(__file__).resolve().parents[2] / "data" / "cities.csv"))
PROBLEM_COLUMNS = ["row", "column", "value", "rule"]
FORMAT_KEYS = ["dl_csv", "dl_xlsx", "dl_parquet", "dl_json", "dl_zip"]


def semicolon_latin1_csv(frame=None) -> bytes:
    frame = make_contexts() if frame is None else frame
    frame = frame.copy()
    frame.loc[0, "city"] = "Testvillé"  # only Latin-1 can carry this byte as one character
    return frame.to_csv(index=False, sep=";").encode("latin-1")


def upload(at, data: bytes, name: str = "mine.csv"):
    at.file_uploader(key="upload_file_0").set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def problem_table(at):
    """The problem list as a table (AppTest's dataframes carry no key: find it by its columns)."""
    tables = [d.value for d in at.dataframe if list(d.value.columns) == PROBLEM_COLUMNS]
    assert len(tables) == 1, f"{len(tables)} problem tables"
    return tables[0]


def explore_contexts(at) -> int:
    at.switch_page("views/explore.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return int(next(m.value for m in at.metric if m.label == "Contexts"))


def test_page_offers_every_download_the_template_and_the_codebook():
    at = open_page("views/data.py")
    assert not at.exception
    assert at.title[0].value == "Data"
    keys = [b.key for b in at.get("download_button")]
    assert keys == ["dl_csv", "dl_xlsx", "dl_parquet", "dl_json", "dl_zip", "dl_template"]
    text = " ".join(m.value for m in at.markdown)
    assert "20 MB" in text and "200,000 rows" in text
    assert at.button(key="upload_clear").disabled
    assert at.radio(key="upload_mode").value == "add"
    assert any(f"{BUNDLED} of {BUNDLED} contexts" in c.value for c in at.caption)


def test_filters_choose_the_rows_to_download():
    at = open_page("views/data.py")
    at.multiselect(key="f_setting").set_value(["armed_conflict"]).run()
    assert not at.exception
    caption = next(c.value for c in at.caption if f"of {BUNDLED} contexts" in c.value)
    assert 0 < int(caption.split(" of ")[0]) < BUNDLED
    assert [b.key for b in at.get("download_button")][:5] == FORMAT_KEYS


def test_added_upload_flows_to_explore():
    at = upload(open_page("views/data.py"), semicolon_latin1_csv())
    assert "24" in at.success[0].value and "mine.csv" in at.success[0].value
    assert not at.button(key="upload_clear").disabled
    assert any(f"{BUNDLED + 24} of {BUNDLED + 24} contexts" in c.value for c in at.caption)
    assert explore_contexts(at) == BUNDLED + 24


def test_upload_alone_replaces_the_bundled_contexts_until_cleared():
    at = upload(open_page("views/data.py"), semicolon_latin1_csv())
    at.radio(key="upload_mode").set_value("alone").run()
    assert not at.exception
    assert explore_contexts(at) == 24
    # The choice survives a visit to a page without the radio.
    at.switch_page("views/data.py").run()
    assert at.radio(key="upload_mode").value == "alone"
    at.button(key="upload_clear").click().run()
    assert not at.exception
    assert at.button(key="upload_clear").disabled
    assert [f.key for f in at.file_uploader] == ["upload_file_1"]  # the widget was emptied
    assert explore_contexts(at) == BUNDLED


def test_invalid_upload_lists_every_problem_and_changes_nothing():
    bad = make_contexts()
    bad.loc[2, "large_scale"] = 7
    bad.loc[4, "setting"] = "war zone"
    at = upload(open_page("views/data.py"), semicolon_latin1_csv(bad), "bad.csv")
    assert "bad.csv" in at.error[0].value
    problems = problem_table(at)
    assert {(4, "large_scale"), (6, "setting")} <= set(  # spreadsheet rows, header = 1
        zip(problems["row"], problems["column"], strict=True)
    )
    report = at.code[0].value  # the same words as `python -m typology validate`
    assert report.startswith("invalid: 2 problem(s)")
    assert "row 4, column 'large_scale' (value: '7')" in report
    assert at.button(key="upload_clear").disabled  # still the bundled data
    assert explore_contexts(at) == BUNDLED


def test_unreadable_and_empty_files_are_explained():
    at = open_page("views/data.py")
    for name, data, message in [
        ("empty.csv", b"", "the file is empty"),
        ("binary.csv", bytes(range(256)), "not a text table"),
        ("header.csv", b"context_id;city\n", "no rows"),
    ]:
        upload(at, data, name)
        rules = " ".join(problem_table(at)["rule"])
        assert message in rules, name
    assert explore_contexts(at) == BUNDLED


def test_duplicate_ids_when_adding_are_listed_and_alone_resolves_them():
    clash = make_contexts()
    clash.loc[0, "context_id"] = "bogota-col-2015"  # a bundled context id
    at = upload(open_page("views/data.py"), semicolon_latin1_csv(clash))
    problems = problem_table(at)
    assert problems["value"].tolist() == ["bogota-col-2015"]
    assert "already in the bundled data" in problems["rule"].iloc[0]
    # Explore explains the same problem instead of failing.
    at.switch_page("views/explore.py").run()
    assert not at.exception
    assert at.error and "could not be used" in at.error[0].value
    at.switch_page("views/data.py").run()
    at.radio(key="upload_mode").set_value("alone").run()
    assert not at.exception
    assert explore_contexts(at) == 24
