"""The boundary: a table becomes a trusted frame, or a readable list of what is wrong."""

import pandas as pd
import pytest

from typology.io import DataValidationError, read_table, validate_contexts
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
    assert {(3, "large_scale"), (5, "setting"), (6, "iso3")} <= problems
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
