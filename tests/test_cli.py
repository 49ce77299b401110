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


def test_fit_report_on_the_bundled_data_for_a_fixed_k(tmp_path):
    out, report = tmp_path / "fit.csv", tmp_path / "fit.json"
    args = ["fit", "--out", str(out), "--report", str(report), "--k", "5", "--method", "ward"]
    args += ["--features", "violence,setting,indicators", "--weights", "setting=0.5"]
    assert main(args) == 0
    summary = json.loads(report.read_text())
    assert summary["k"] == 5 and summary["method"] == "ward" and summary["seed"] == 0
    assert summary["features"] == ["violence", "setting", "indicators"]
    assert summary["weights"] == {"violence": 1.0, "setting": 0.5, "indicators": 1.0}
    assert 0 < summary["silhouette"] <= 1
    assert 0 < summary["stability"] <= 1  # measured for the fixed k too
    for typology in summary["typologies"]:
        assert typology["name"] and typology["size"] == len(typology["members"])
    names = [t["name"] for t in summary["typologies"]]
    assert len(set(names)) == len(names)


def test_fit_refuses_an_unknown_feature(tmp_path, capsys):
    code = main(["fit", "--out", str(tmp_path / "o.csv"), "--features", "violence,magic"])
    assert code == 2
    assert "unknown feature(s): magic" in capsys.readouterr().err


def test_bench_runs_on_small_tables(tmp_path):
    """The benchmark command works end to end (timings are reported, never asserted)."""
    from typology import bench_memory

    results = bench_memory.run([("fit", "ward", 200), ("analyse", "kmeans", 200)])
    assert [r["rows"] for r in results] == [200, 200]
    assert all(r["seconds"] >= 0 and r["peak_mib"] > 0 for r in results)
