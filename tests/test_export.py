"""Exports: every format, spreadsheet safety, the bundle's citation and method, the round trip
back through the upload path, and the export/validate commands."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from datetime import date

import pandas as pd
import pytest

from typology import __version__, fingerprint
from typology.analysis import analyse
from typology.briefing import data_version as briefing_data_version
from typology.cli import main
from typology.export import (
    FORMATS,
    codebook_for,
    export_bytes,
    method_parameters,
    neutralise_formulas,
    sources_for,
    template_csv,
)
from typology.io import data_dir, load_contexts, load_table, read_table, validate_contexts
from typology.schema import CORE_COLUMNS

TODAY = date(2026, 11, 23)
HOSTILE = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tTab", "\rCR"]


@pytest.fixture(scope="module")
def bundled():
    return load_contexts()


@pytest.fixture(scope="module")
def analysis(bundled):
    return analyse(bundled, "kmeans", 4, 0)


@pytest.fixture(scope="module")
def codebook():
    return load_table("codebook.csv")


@pytest.fixture(scope="module")
def sources():
    return load_table("sources.csv")


@pytest.fixture(scope="module")
def params(analysis):
    version = fingerprint.data_version(analysis.contexts)
    return method_parameters(analysis.params, analysis.k, version, rows=len(analysis.contexts))


def export(analysis, fmt, codebook, sources, params, contexts=None):
    frame = analysis.contexts if contexts is None else contexts
    return export_bytes(frame, fmt, codebook, sources, params, today=TODAY)


def hostile_frame(analysis):
    frame = analysis.contexts.head(len(HOSTILE)).copy()
    frame["city"] = HOSTILE
    frame["note"] = ["-3.5", "plain", "+7", "1e5", "-x", "@"]
    frame["delta"] = [-1.5, -2, 0, 3, -4, 5]  # numbers, negative ones included
    return frame


# --- the registry -----------------------------------------------------------------------------


def test_registry_lists_the_five_formats():
    assert list(FORMATS) == ["csv", "xlsx", "parquet", "json", "zip"]


def test_unknown_format_is_refused(analysis, codebook, sources, params):
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        export(analysis, "pdf", codebook, sources, params)


# --- spreadsheet safety -----------------------------------------------------------------------


def test_formula_text_is_neutralised_and_numbers_stay_numbers(analysis):
    safe = neutralise_formulas(hostile_frame(analysis))
    assert safe["city"].tolist() == ["'" + v for v in HOSTILE]
    # Text that is only a number is harmless; other text starting with - + @ is quoted.
    assert safe["note"].tolist() == ["-3.5", "plain", "+7", "1e5", "'-x", "'@"]
    assert safe["delta"].tolist() == [-1.5, -2, 0, 3, -4, 5]
    assert pd.api.types.is_numeric_dtype(safe["delta"])


def test_formula_headers_are_neutralised():
    safe = neutralise_formulas(pd.DataFrame({"=cmd": [1], "ok": ["x"]}))
    assert list(safe.columns) == ["'=cmd", "ok"]


def test_csv_cells_are_safe(analysis, codebook, sources, params):
    data = export(analysis, "csv", codebook, sources, params, hostile_frame(analysis))
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["city"].tolist() == ["'" + v for v in HOSTILE]
    assert back["delta"].tolist() == [-1.5, -2, 0, 3, -4, 5]  # read back as numbers
    assert pd.api.types.is_numeric_dtype(back["delta"])


def test_excel_cells_are_text_not_formulas_and_negatives_are_numbers(
    analysis, codebook, sources, params
):
    from openpyxl import load_workbook

    data = export(analysis, "xlsx", codebook, sources, params, hostile_frame(analysis))
    sheet = load_workbook(io.BytesIO(data))["data"]
    header = [c.value for c in sheet[1]]
    city, delta = header.index("city") + 1, header.index("delta") + 1
    for row, value in enumerate(HOSTILE, start=2):
        cell = sheet.cell(row, city)
        assert cell.data_type == "s" and cell.value == "'" + value
    first = sheet.cell(2, delta)
    assert first.data_type == "n" and first.value == -1.5


def test_excel_drops_control_characters_it_cannot_store(analysis, codebook, sources, params):
    frame = analysis.contexts.head(1).copy()
    frame["city"] = "Test\x01ville"
    data = export(analysis, "xlsx", codebook, sources, params, frame)
    assert read_table(data, "x.xlsx").loc[0, "city"] == "Testville"


# --- the formats ------------------------------------------------------------------------------


def test_csv_has_the_input_and_typology_columns(analysis, codebook, sources, params):
    back = read_table(export(analysis, "csv", codebook, sources, params), "t.csv")
    assert list(back.columns) == list(analysis.contexts.columns)
    assert back["context_id"].tolist() == analysis.contexts["context_id"].tolist()
    assert back["typology"].tolist() == analysis.contexts["typology"].tolist()


def test_excel_has_data_codebook_sources_and_method_sheets(analysis, codebook, sources, params):
    data = export(analysis, "xlsx", codebook, sources, params)
    book = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(book) == ["readable", "data", "codebook", "sources", "method"]
    assert len(book["data"]) == len(analysis.contexts)
    assert {"typology", "typology_name", "setting"} <= set(book["codebook"]["column"])
    assert "ucdp-ged-mexico" in set(book["sources"]["source id"])
    method = dict(zip(book["method"]["parameter"], book["method"]["value"], strict=True))
    assert method["method"] == "kmeans" and str(method["k"]) == "4"
    assert method["data version"] == params["data_version"]


def test_parquet_keeps_values_and_records_the_method(analysis, codebook, sources, params):
    import pyarrow.parquet as pq

    data = export(analysis, "parquet", codebook, sources, params)
    back = pd.read_parquet(io.BytesIO(data))
    pd.testing.assert_frame_equal(back, analysis.contexts.reset_index(drop=True), check_dtype=False)
    metadata = pq.read_schema(io.BytesIO(data)).metadata
    assert json.loads(metadata[b"typology.method"])["seed"] == 0


def test_json_has_the_method_and_one_record_per_context(analysis, codebook, sources, params):
    payload = json.loads(export(analysis, "json", codebook, sources, params))
    assert payload["method"] == params
    assert len(payload["contexts"]) == len(analysis.contexts)
    first = payload["contexts"][0]
    assert first["context_id"] == analysis.contexts.loc[0, "context_id"]
    assert isinstance(first["typology"], int)


def test_zip_bundle_contents(analysis, codebook, sources, params):
    bundle = zipfile.ZipFile(io.BytesIO(export(analysis, "zip", codebook, sources, params)))
    assert set(bundle.namelist()) == {
        "README.txt",
        "data.csv",
        "codebook.csv",
        "sources.csv",
        "CITATION.cff",
        "method.json",
        "LICENCES.txt",
    }
    data = pd.read_csv(bundle.open("data.csv"), encoding="utf-8-sig")
    assert len(data) == len(analysis.contexts)
    method = json.loads(bundle.read("method.json"))
    for key in ("method", "k", "seed", "features", "weights", "data_version", "software_version"):
        assert key in method
    assert method["software_version"] == __version__
    # The same data version as the briefing's: one fingerprint of the contexts table.
    assert method["data_version"] == briefing_data_version(analysis.contexts)


def test_citation_copies_the_sources_verbatim(analysis, codebook, sources, params):
    bundle = zipfile.ZipFile(io.BytesIO(export(analysis, "zip", codebook, sources, params)))
    citation = bundle.read("CITATION.cff").decode("utf-8")
    assert "cff-version: 1.2.0" in citation
    assert f'version: "{__version__}"' in citation
    assert 'date-released: "2026-11-23"' in citation
    cited = sources.set_index("source_id")
    # UCDP, World Bank WDI/UNODC, GeoNames, OCHA, SDG 5.2.1: the rows' own source ids.
    for source_id in ("ucdp-acd", "ucdp-ged-mexico", "wdi-homicide", "geonames", "ocha-taxonomy"):
        assert json.dumps(cited.loc[source_id, "citation"], ensure_ascii=False) in citation
        assert cited.loc[source_id, "url"] in citation
    assert "sdg521-ipv" in citation
    licences = bundle.read("LICENCES.txt").decode("utf-8")
    assert "ucdp-ged-mexico: CC BY 4.0" in licences
    assert cited.loc["sdg521-ipv", "licence"] in licences


def test_sources_follow_the_filtered_rows(analysis, sources):
    medellin = analysis.contexts[analysis.contexts["context_id"] == "medellin-col-1991"]
    elsewhere = analysis.contexts[analysis.contexts["iso3"] != "COL"]
    assert "garcia2012-medellin" in set(sources_for(medellin, sources)["source_id"])
    assert "garcia2012-medellin" not in set(sources_for(elsewhere, sources)["source_id"])
    assert "ucdp-ged-mexico" in set(sources_for(elsewhere, sources)["source_id"])


def test_rows_without_source_ids_cite_no_bundled_source(analysis, codebook, sources, params):
    frame = analysis.contexts.drop(columns="sources")
    bundle = zipfile.ZipFile(io.BytesIO(export(analysis, "zip", codebook, sources, params, frame)))
    citation = bundle.read("CITATION.cff").decode("utf-8")
    assert "references:" not in citation
    assert "cite the sources of the uploaded data" in citation


def test_zip_is_reproducible(analysis, codebook, sources, params):
    assert export(analysis, "zip", codebook, sources, params) == export(
        analysis, "zip", codebook, sources, params
    )


def test_codebook_covers_the_exported_columns(analysis, codebook):
    described = set(codebook_for(analysis.contexts, codebook)["column"])
    assert set(analysis.contexts.columns) <= described


def test_export_does_not_mutate_its_input(analysis, codebook, sources, params):
    before = analysis.contexts.copy()
    for fmt in FORMATS:
        export(analysis, fmt, codebook, sources, params)
    pd.testing.assert_frame_equal(analysis.contexts, before)


# --- round trip: a download can be uploaded again and gives the same typologies ---------------


@pytest.mark.parametrize(
    ("fmt", "name"), [("csv", "t.csv"), ("xlsx", "t.xlsx"), ("parquet", "t.parquet")]
)
def test_download_uploads_again_with_the_same_typologies(
    analysis, codebook, sources, params, fmt, name
):
    data = export(analysis, fmt, codebook, sources, params)
    uploaded = validate_contexts(read_table(data, name), source=name)
    assert "typology" not in uploaded.columns  # fitted afresh, not trusted from the file
    again = analyse(uploaded, "kmeans", 4, 0)
    assert again.contexts["context_id"].tolist() == analysis.contexts["context_id"].tolist()
    assert again.contexts["typology"].tolist() == analysis.contexts["typology"].tolist()
    assert again.typologies["name"].tolist() == analysis.typologies["name"].tolist()


# --- the upload template ----------------------------------------------------------------------


def test_template_has_the_core_columns_and_two_real_rows(bundled):
    template = read_table(template_csv(bundled), "template.csv")
    assert list(template.columns) == list(CORE_COLUMNS)
    assert len(template) == 2
    real = bundled.set_index("context_id").loc[template["context_id"], ["city", "population"]]
    assert template["city"].tolist() == real["city"].tolist()
    assert template["population"].tolist() == real["population"].tolist()
    assert len(validate_contexts(template)) == 2


# --- the commands -----------------------------------------------------------------------------


def test_export_command_filters_and_writes_every_format(tmp_path, capsys):
    for fmt in FORMATS:
        out = tmp_path / f"out.{fmt}"
        where = "region=Africa,setting=armed_conflict;post_conflict,year>=2010"
        assert main(["export", "--format", fmt, "--out", str(out), "--where", where]) == 0
        assert out.stat().st_size > 0
    written = read_table((tmp_path / "out.csv").read_bytes(), "out.csv")
    assert set(written["region"]) == {"Africa"}
    assert set(written["setting"]) <= {"armed_conflict", "post_conflict"}
    assert written["year"].min() >= 2010
    assert "contexts in 4 typologies written to" in capsys.readouterr().out


def test_export_command_on_own_data_with_options(tmp_path, synthetic_contexts):
    data = tmp_path / "mine.csv"
    synthetic_contexts.to_csv(data, index=False)
    out = tmp_path / "bundle.zip"
    args = ["export", "--format", "zip", "--out", str(out), "--data", str(data)]
    assert main([*args, "--k", "3", "--method", "ward", "--seed", "7"]) == 0
    method = json.loads(zipfile.ZipFile(out).read("method.json"))
    assert (method["method"], method["k"], method["seed"]) == ("ward", 3, 7)
    assert method["data_version"] == fingerprint.data_version(load_contexts(data))


@pytest.mark.parametrize(
    ("where", "message"),
    [("region", "no comparison"), ("nosuch=1", "unknown column"), ("year>3000", "no context")],
)
def test_export_command_explains_a_bad_filter(tmp_path, capsys, where, message):
    out = tmp_path / "x.csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--where", where]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def run_validate(path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "typology", "validate", str(path)], capture_output=True, text=True
    )


def test_validate_accepts_a_download(tmp_path):
    out = tmp_path / "x.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(out)]) == 0
    result = run_validate(out)
    assert result.returncode == 0
    # Every bundled context, the ones not classified (too few known codes) included.
    bundled = len(pd.read_csv(data_dir() / "cities.csv"))
    assert result.stdout.strip() == f"valid: {bundled} contexts"


def test_validate_lists_every_problem(tmp_path, synthetic_contexts):
    bad = synthetic_contexts.copy()
    bad.loc[2, "large_scale"] = 7
    bad.loc[4, "setting"] = "war zone"
    path = tmp_path / "bad.csv"
    bad.to_csv(path, index=False, sep=";", encoding="latin-1")
    result = run_validate(path)
    assert result.returncode == 1
    assert "row 4, column 'large_scale' (value: '7'): intensity must be" in result.stdout
    assert "row 6, column 'setting' (value: 'war zone'): setting must be one of" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "file not found"),
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\n\n  \n", "the file is empty"),
        ("binary.csv", bytes(range(256)) * 8, "not a text table"),
        ("utf16.csv", "context_id,city\nx,y\n".encode("utf-16"), "UTF-16"),
        ("book.xlsx", b"not a zip at all", "could not read the file as an Excel workbook"),
        ("table.parquet", b"PAR1 nonsense", "could not read the file as a Parquet file"),
        ("notes.docx", b"hello", "unsupported file type"),
        ("header.csv", b"context_id,city\n", "no rows"),
    ],
)
def test_validate_never_shows_a_traceback(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run_validate(path)
    assert result.returncode == 1
    assert message in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_the_readable_sheet_has_words_where_data_has_codes(analysis, codebook, sources, params):
    frame = analysis.contexts.head(3).copy()
    frame.loc[0, "spontaneous"] = float("nan")  # an unknown intensity
    data = export(analysis, "xlsx", codebook, sources, params, frame)
    book = pd.read_excel(io.BytesIO(data), sheet_name=None)
    readable, coded = book["readable"], book["data"]
    assert "typology fit" in readable.columns and "confidence_typology" in coded.columns
    assert readable.loc[0, "spontaneous"] == "unknown"
    assert set(readable["setting"]) <= {
        "armed conflict",
        "post-conflict",
        "criminal violence",
        "stable",
    }
    assert set(readable["small-scale"]) <= {"none", "low", "medium", "high", "unknown"}
    assert not any("_" in str(c) for c in readable.columns)
    assert "data version" in set(book["method"]["parameter"])
    # The codes stay in "data", so the workbook can be uploaded again.
    assert read_table(data, "x.xlsx").loc[1, "setting"] == frame.loc[1, "setting"]


def test_no_sheet_meant_for_reading_shows_a_code_or_nan(analysis, codebook, sources, params):
    """Issue 19: the readable and method sheets have words in every heading and cell; the
    sources sheet only quotes codes inside URLs and file names. "data" and "codebook" are for
    machines and keep the codes."""
    from typology.analysis import with_unclassified
    from typology.labels import leaked_codes

    frame = with_unclassified(analysis)  # unclassified contexts: empty typology columns
    data = export(analysis, "xlsx", codebook, sources, params, frame)
    book = pd.read_excel(io.BytesIO(data), sheet_name=None, keep_default_na=False)
    for name in ("readable", "method", "sources"):
        sheet = book[name]
        cells = [str(c) for c in sheet.columns] + [str(v) for v in sheet.to_numpy().ravel()]
        leaks = {(name, code) for cell in cells for code in leaked_codes(cell)}
        assert not leaks, sorted(leaks)[:10]
