"""The boundary: a table becomes a trusted frame, or a readable list of what is wrong."""

import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typology.io import (
    MAX_ROWS,
    DataValidationError,
    check_table,
    combine_contexts,
    load_contexts,
    problems_table,
    read_table,
    validate_contexts,
    validation_report,
)
from typology.schema import CORE_COLUMNS


def test_valid_table_passes_and_keeps_rows(synthetic_contexts):
    validated = validate_contexts(synthetic_contexts)
    assert len(validated) == len(synthetic_contexts)
    assert validated["year"].dtype.kind == "i"


def test_every_problem_is_listed_with_row_column_and_value(synthetic_contexts):
    bad = synthetic_contexts.copy()
    bad.loc[2, "large_scale"] = 7
    bad.loc[4, "setting"] = "war zone"
    bad.loc[5, "iso3"] = "co"
    with pytest.raises(DataValidationError) as caught:
        validate_contexts(bad)
    problems = {(p.row, p.column) for p in caught.value.problems}
    # Spreadsheet rows: the header is row 1, so frame row 2 is spreadsheet row 4.
    assert {(4, "large_scale"), (6, "setting"), (7, "iso3")} <= problems
    message = str(caught.value)
    assert "intensity must be a whole number 0-3" in message
    assert "setting must be one of" in message


def test_missing_columns_are_named(synthetic_contexts):
    with pytest.raises(DataValidationError) as caught:
        validate_contexts(synthetic_contexts.drop(columns=["setting", "organized"]))
    assert {p.column for p in caught.value.problems} == {"setting", "organized"}


def test_empty_table_is_an_error():
    with pytest.raises(DataValidationError, match="no rows"):
        validate_contexts(pd.DataFrame(columns=list(CORE_COLUMNS)))


def test_duplicate_context_ids_are_refused(synthetic_contexts):
    bad = synthetic_contexts.copy()
    bad.loc[1, "context_id"] = bad.loc[0, "context_id"]
    with pytest.raises(DataValidationError, match="unique"):
        validate_contexts(bad)


def test_semicolon_latin1_csv_is_read(synthetic_contexts):
    frame = synthetic_contexts.copy()
    frame.loc[0, "city"] = "Bogotá"
    data = frame.to_csv(index=False, sep=";").encode("latin-1")
    read = read_table(data, "upload.csv")
    assert read.loc[0, "city"] == "Bogotá"
    assert len(validate_contexts(read)) == len(frame)


def test_utf8_bom_csv_header_is_clean(synthetic_contexts):
    data = synthetic_contexts.to_csv(index=False).encode("utf-8-sig")
    assert list(read_table(data, "x.csv").columns)[0] == "context_id"


def test_unsupported_file_type_is_explained():
    with pytest.raises(DataValidationError, match="unsupported file type"):
        read_table(b"hello", "notes.docx")


def test_corrupt_excel_is_explained():
    with pytest.raises(DataValidationError, match="could not read"):
        read_table(b"not a zip", "book.xlsx")


def test_load_sources_joins_both_tables_with_unique_ids(tmp_path):
    from typology.io import data_dir, load_sources

    sources = load_sources()
    assert sources["source_id"].is_unique
    assert set(sources["table"]) == {"sources.csv", "sources_practices.csv"}
    assert len(sources) == sum(
        len(pd.read_csv(data_dir() / name, dtype=str))
        for name in ("sources.csv", "sources_practices.csv")
    )
    header = "source_id,citation,url,licence,accessed\n"
    (tmp_path / "sources.csv").write_text(header + "a,Cite A,https://a.org,CC BY,2026\n")
    (tmp_path / "sources_practices.csv").write_text(header + "a,Cite A2,https://b.org,CC BY,2026\n")
    with pytest.raises(DataValidationError, match="more than once"):
        load_sources(tmp_path)
    (tmp_path / "sources_practices.csv").write_text("source_id,citation\nb,Cite B\n")
    with pytest.raises(DataValidationError, match="required column is missing"):
        load_sources(tmp_path)


# --- hardened reading (issue 7) ---------------------------------------------------------------


def test_ids_keep_leading_zeros_and_numbers_become_text(synthetic_contexts):
    frame = synthetic_contexts.copy()
    frame["context_id"] = [f"{i:03d}" for i in range(len(frame))]
    read = read_table(frame.to_csv(index=False).encode(), "ids.csv")
    assert read.loc[0, "context_id"] == "000"
    as_numbers = synthetic_contexts.assign(context_id=range(1, len(frame) + 1))
    validated = validate_contexts(as_numbers.astype({"context_id": float}))
    assert validated.loc[0, "context_id"] == "1"  # not '1.0'


def test_windows_1252_csv_is_read(synthetic_contexts):
    frame = synthetic_contexts.copy()
    frame.loc[0, "city"] = "Testville \u2013 Œuvre"  # en dash and OE exist only in cp1252
    read = read_table(frame.to_csv(index=False, sep=";").encode("cp1252"), "w.csv")
    assert read.loc[0, "city"] == "Testville \u2013 Œuvre"


def test_excel_reads_the_data_sheet(synthetic_contexts):
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame({"note": ["read me first"]}).to_excel(writer, sheet_name="about")
        synthetic_contexts.to_excel(writer, sheet_name="data", index=False)
    assert len(validate_contexts(read_table(buffer.getvalue(), "book.xlsx"))) == len(
        synthetic_contexts
    )


def test_parquet_is_read(synthetic_contexts):
    data = synthetic_contexts.to_parquet(index=False)
    assert len(validate_contexts(read_table(data, "t.parquet"))) == len(synthetic_contexts)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "t.csv", "the file is empty"),
        (b"", "t.xlsx", "the file is empty"),
        (b"  \r\n", "t.csv", "the file is empty"),
        (b"\x00\x01\x02binary", "t.csv", "not a text table"),
        (b"PK\x03\x04rest", "t.csv", "name it .xlsx"),
        ("a,b\n1,2\n".encode("utf-16"), "t.csv", "UTF-16"),
        (b'a,b\n"1,2\n', "t.csv", "could not read the file as a CSV"),
        (b"PAR1 not really", "t.parquet", "could not read the file as a Parquet file"),
    ],
)
def test_unreadable_bytes_are_explained(data, name, message):
    with pytest.raises(DataValidationError, match=message):
        read_table(data, name)


def test_duplicate_columns_after_normalising_are_named(synthetic_contexts):
    frame = synthetic_contexts.copy()
    frame["City "] = frame["city"]
    with pytest.raises(DataValidationError) as caught:
        validate_contexts(frame)
    assert [p.column for p in caught.value.problems] == ["city"]


def test_typology_columns_of_a_download_are_dropped(synthetic_contexts):
    frame = synthetic_contexts.assign(typology=9, typology_name="x", borderline=True)
    validated = validate_contexts(frame)
    assert not {"typology", "typology_name", "borderline"} & set(validated.columns)


def test_too_many_rows_are_refused(synthetic_contexts):
    big = synthetic_contexts.iloc[np.zeros(MAX_ROWS + 1, dtype=int)]
    with pytest.raises(DataValidationError, match="the limit is 200,000"):
        validate_contexts(big)


def test_report_and_table_say_the_same(synthetic_contexts):
    bad = synthetic_contexts.copy()
    bad.loc[0, "spontaneous"] = 5
    frame, problems = check_table(bad.to_csv(index=False).encode(), "bad.csv")
    assert frame is None
    report = validation_report(frame, problems)
    assert report.startswith("invalid: 1 problem(s)")
    assert "row 2, column 'spontaneous' (value: '5')" in report  # first data row
    table = problems_table(problems)
    assert table.iloc[0].to_dict() == {
        "row": 2,
        "column": "spontaneous",
        "value": "5",
        "rule": problems[0].rule,
    }
    good, none = check_table(synthetic_contexts.to_csv(index=False).encode(), "ok.csv")
    assert validation_report(good, none) == f"valid: {len(synthetic_contexts)} contexts"


def test_adding_contexts_with_a_known_id_lists_each_clash(synthetic_contexts):
    bundled = validate_contexts(synthetic_contexts)
    upload = validate_contexts(synthetic_contexts.iloc[[3, 5]].assign(city="Other"))
    with pytest.raises(DataValidationError) as caught:
        combine_contexts(bundled, upload)
    assert [(p.row, p.value) for p in caught.value.problems] == [
        (2, "testville-3"),
        (3, "testville-5"),
    ]
    assert "use the uploaded contexts alone" in caught.value.problems[0].rule
    renamed = upload.assign(context_id=["new-1", "new-2"])
    assert len(combine_contexts(bundled, renamed)) == len(bundled) + 2


# --- property tests: malformed input raises DataValidationError or is accepted ----------------

CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["armed_conflict", "stable", "COL", "", " ", "NA", "2015", "-1", "=1+1"]),
)
SUFFIXES = st.sampled_from(["t.csv", "t.txt", "t.tsv", "t.xlsx", "t.parquet", "t.json", "T.CSV"])
FORMATS = st.sampled_from(["csv", "csv;", "xlsx", "parquet"])


def accepts_or_explains(data: bytes, name: str) -> None:
    try:
        frame = read_table(data, name)
    except DataValidationError as err:
        assert err.problems and all(p.rule for p in err.problems)
        return
    assert isinstance(frame, pd.DataFrame)
    try:
        validated = validate_contexts(frame)
    except DataValidationError as err:
        assert err.problems
        return
    assert set(CORE_COLUMNS) <= set(validated.columns)
    assert validated["context_id"].is_unique


def serialise(frame: pd.DataFrame, fmt: str) -> tuple[bytes, str]:
    if fmt == "xlsx":
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, engine="openpyxl")
        return buffer.getvalue(), "t.xlsx"
    if fmt == "parquet":
        return frame.astype(str).to_parquet(index=False), "t.parquet"
    separator = ";" if fmt == "csv;" else ","
    return frame.to_csv(index=False, sep=separator).encode("utf-8"), "t.csv"


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400), name=SUFFIXES)
def test_any_bytes_are_accepted_or_explained(data, name):
    accepts_or_explains(data, name)


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list('ab,;"\n\r\t 0123=-.\xe9')), max_size=200),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1"]),
)
def test_any_small_text_table_is_accepted_or_explained(text, encoding):
    accepts_or_explains(text.encode(encoding, errors="replace"), "t.csv")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    edits=st.lists(st.tuples(st.integers(0, 23), st.sampled_from(CORE_COLUMNS), CELLS), max_size=6),
    drop=st.lists(st.sampled_from(CORE_COLUMNS), max_size=2),
    fmt=FORMATS,
    rows=st.integers(0, 24),
)
def test_damaged_context_tables_are_accepted_or_explained(
    synthetic_contexts, edits, drop, fmt, rows
):
    frame = synthetic_contexts.head(rows).astype(object)
    for row, column, value in edits:
        if row < len(frame):
            frame.iloc[row, frame.columns.get_loc(column)] = value
    frame = frame.drop(columns=list(set(drop)))
    try:
        data, name = serialise(frame, fmt)
    except Exception:  # the writer itself refuses this frame (openpyxl, pyarrow): no upload
        return
    accepts_or_explains(data, name)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edits=st.lists(st.tuples(st.integers(0, 23), st.sampled_from(CORE_COLUMNS), CELLS)))
def test_damaged_frames_validate_or_explain(synthetic_contexts, edits):
    frame = synthetic_contexts.astype(object)
    for row, column, value in edits:
        frame.iloc[row, frame.columns.get_loc(column)] = value
    try:
        validate_contexts(frame)
    except DataValidationError as err:
        assert err.problems


def test_upload_may_leave_codes_empty_and_they_stay_unknown(synthetic_contexts):
    """Issue 14: an empty intensity is unknown (missing), never read as 0; a code outside 0-3
    or a fraction is still refused."""
    frame = synthetic_contexts.copy()
    frame["spontaneous"] = frame["spontaneous"].astype("object")
    frame.loc[0, "spontaneous"] = None
    frame.loc[1, "domestic"] = None
    data = frame.to_csv(index=False).encode()
    validated, problems = check_table(data, "codes.csv")
    assert problems == []
    assert str(validated["spontaneous"].dtype) == "Int64"
    assert pd.isna(validated.loc[0, "spontaneous"]) and pd.isna(validated.loc[1, "domestic"])
    assert validated["spontaneous"].notna().sum() == len(frame) - 1
    frame.loc[2, "public"] = 5
    _, problems = check_table(frame.to_csv(index=False).encode(), "codes.csv")
    assert any(p.column == "public" and "0-3" in p.rule for p in problems)


def test_shipped_contexts_load_with_unknown_codes():
    contexts = load_contexts()
    assert contexts["spontaneous"].isna().any()  # unknown where no protest data reaches
    assert all(str(contexts[v].dtype) == "Int64" for v in ("large_scale", "public"))


# --- issue 19: spreadsheet row numbers, labels accepted as well as codes ----------------------


def test_row_numbers_are_the_ones_the_spreadsheet_shows(synthetic_contexts):
    """In Excel the header is row 1 and the first context row 2: a message must name the row
    the user sees when opening the file."""
    from openpyxl import load_workbook

    bad = synthetic_contexts.copy()
    bad.loc[0, "spontaneous"] = 5
    buffer = io.BytesIO()
    bad.to_excel(buffer, index=False)
    _, problems = check_table(buffer.getvalue(), "bad.xlsx")
    assert [(p.row, p.column) for p in problems] == [(2, "spontaneous")]
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    column = [c.value for c in sheet[1]].index("spontaneous") + 1
    assert sheet.cell(row=problems[0].row, column=column).value == 5


def test_the_words_the_app_shows_are_accepted_as_codes(synthetic_contexts):
    frame = synthetic_contexts.astype({"large_scale": object, "domestic": object})
    frame.loc[0, "setting"] = "armed conflict"
    frame.loc[1, "setting"] = "Post-conflict"
    frame.loc[2, "setting"] = " Criminal_Violence "
    frame.loc[0, "large_scale"] = "High"
    frame.loc[1, "domestic"] = "unknown"
    frame.loc[2, "domestic"] = "none"
    data = frame.to_csv(index=False).encode()
    validated, problems = check_table(data, "words.csv")
    assert problems == []
    assert validated.loc[:2, "setting"].tolist() == [
        "armed_conflict",
        "post_conflict",
        "criminal_violence",
    ]
    assert validated.loc[0, "large_scale"] == 3
    assert pd.isna(validated.loc[1, "domestic"])  # unknown stays unknown, never 0
    assert validated.loc[2, "domestic"] == 0  # "none" is the code 0


def test_a_near_miss_gets_a_did_you_mean(synthetic_contexts):
    frame = synthetic_contexts.astype({"public": object})
    frame.loc[0, "setting"] = "armed confict"
    frame.loc[1, "public"] = "meduim"
    frame.loc[2, "setting"] = "volcano"
    _, problems = check_table(frame.to_csv(index=False).encode(), "typos.csv")
    by_row = {(p.row, p.column): p.rule for p in problems}
    assert by_row[(2, "setting")] == (
        "setting must be one of: armed conflict, post-conflict, criminal violence, stable"
        " (did you mean 'armed conflict'?)"
    )
    assert by_row[(3, "public")].endswith("(did you mean 'medium'?)")
    assert "did you mean" not in by_row[(4, "setting")]  # nothing close: no guess
