import json
import subprocess
import sys

import pandas as pd

from typology.cli import main


def test_help_lists_subcommands():
    result = subprocess.run(
        [sys.executable, "-m", "typology", "--help"], capture_output=True, text=True, check=True
    )
    assert "fit" in result.stdout


def test_fit_writes_one_row_per_context(tmp_path, synthetic_contexts):
    data = tmp_path / "contexts.csv"
    synthetic_contexts.to_csv(data, index=False)
    out, report = tmp_path / "fit.csv", tmp_path / "fit.json"
    code = main(
        ["fit", "--data", str(data), "--out", str(out), "--k", "auto", "--report", str(report)]
    )
    assert code == 0
    written = pd.read_csv(out)
    assert list(written.columns[:3]) == ["context_id", "typology", "typology_name"]
    assert written["context_id"].tolist() == synthetic_contexts["context_id"].tolist()
    summary = json.loads(report.read_text())
    assert summary["k"] == 4 and summary["k_requested"] == "auto"
    assert sum(t["size"] for t in summary["typologies"]) == len(synthetic_contexts)


def test_fit_on_a_bad_file_prints_a_plain_error(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("city,year\nBogota,2015\n")
    assert main(["fit", "--data", str(bad), "--out", str(tmp_path / "o.csv")]) == 2
    assert "required column is missing" in capsys.readouterr().err
