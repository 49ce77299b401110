"""The command line: `python -m typology SUBCOMMAND --help`.

Each subcommand module has `add_parser(subparsers)`, which sets `func` (returns the exit code).
Errors a user can cause (a bad file, a bad option) print one plain line and exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from typology.i18n import _


def _parse_k(value: str) -> int | str:
    if value == "auto":
        return value
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("k must be a whole number or 'auto'") from None
    if k < 1:
        raise argparse.ArgumentTypeError("k must be at least 1")
    return k


def _parse_weights(value: str) -> dict[str, float]:
    """'violence=1,setting=0.5' -> {'violence': 1.0, 'setting': 0.5}"""
    weights = {}
    for part in filter(None, value.split(",")):
        name, _sep, number = part.partition("=")
        try:
            weights[name.strip()] = float(number)
        except ValueError:
            raise argparse.ArgumentTypeError(f"bad weight {part!r}: use group=number") from None
    return weights


def add_analysis_options(parser: argparse.ArgumentParser) -> None:
    from typology.model import DEFAULT_METHOD, METHODS

    parser.add_argument("--data", type=Path, help="contexts table (default: the bundled data)")
    parser.add_argument(
        "--k",
        type=_parse_k,
        default=4,
        help="number of typologies, or 'auto' (k tested against a permutation null; "
        "k = 1 when nothing beats chance)",
    )
    parser.add_argument(
        "--method",
        choices=sorted(METHODS),
        default=DEFAULT_METHOD,
        help=f"default {DEFAULT_METHOD}",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    add_language_option(parser)
    parser.add_argument(
        "--features",
        default="violence",
        help="comma list of violence, setting, indicators or single columns "
        "(default: the seven violence intensities only)",
    )
    parser.add_argument(
        "--weights",
        type=_parse_weights,
        default={},
        help="group weights, e.g. violence=1,setting=0.5; a weight multiplies the group's "
        "contribution to the distance linearly (2 counts twice, 0.5 half)",
    )


def add_language_option(parser: argparse.ArgumentParser) -> None:
    """`--lang en|es|fr`: the language of the text written for people (headings, names,
    numbers and dates); machine formats keep their codes whatever the language."""
    from typology.i18n import LANGUAGES

    parser.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        default="en",
        help="language of the text for people: en (default), es or fr",
    )


def analysis_from_args(args: argparse.Namespace, contexts=None):
    from typology.analysis import analyse
    from typology.io import load_contexts

    if contexts is None:
        contexts = load_contexts(args.data)
    features = [f.strip() for f in args.features.split(",") if f.strip()]
    return analyse(contexts, args.method, args.k, args.seed, features, args.weights)


def _fit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="CSV to write")
    parser.add_argument("--report", type=Path, help="also write a JSON report of the fit")
    add_analysis_options(parser)


def _fit(args: argparse.Namespace) -> int:
    import pandas as pd

    from typology.io import load_contexts
    from typology.report import fit_report

    contexts = load_contexts(args.data)
    analysis = analysis_from_args(args, contexts)
    columns = ["context_id", "typology", "typology_name", "membership", "borderline"]
    columns += ["confidence_typology", "runner_up"]
    classified = analysis.contexts[columns]
    # Unclassified contexts keep their row with an empty typology and the reason.
    left_out = analysis.unclassified[["context_id", "not_classified_reason"]]
    table = pd.concat([classified, left_out], ignore_index=True)
    order = {c: i for i, c in enumerate(contexts["context_id"])}
    table = table.sort_values("context_id", key=lambda s: s.map(order), kind="stable")
    table["typology"] = table["typology"].astype("Int64")
    table["runner_up"] = table["runner_up"].astype("Int64")
    table.to_csv(args.out, index=False)
    if args.report:
        args.report.write_text(json.dumps(fit_report(analysis), indent=2), encoding="utf-8")
    print(
        _("{n} contexts in {k} typologies ({method}, seed {seed}) written to {path}").format(
            n=len(analysis.contexts),
            k=analysis.k,
            method=analysis.params.method,
            seed=analysis.params.seed,
            path=args.out,
        )
        + ("; " + _("{n} not classified").format(n=len(left_out)) if len(left_out) else "")
    )
    for note in analysis.notes:
        print(note)
    return 0


def add_fit_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "fit", help="cluster the contexts and write one row per context with its typology"
    )
    _fit_arguments(parser)
    parser.set_defaults(func=_fit)
    return parser


def _sensitivity(args: argparse.Namespace) -> int:
    from typology.sensitivity import run_sensitivity, summary

    analysis = analysis_from_args(args)
    result = run_sensitivity(analysis)
    result.contexts.to_csv(args.out, index=False)
    runs_path = args.out.with_name(args.out.stem + ".runs.csv")
    result.runs.to_csv(runs_path, index=False)
    switchers = result.contexts[result.contexts["switcher"]]
    print(
        _(
            "{runs} runs around {method} k={k}: {n} of {total} contexts keep their typology in "
            "fewer than 80% of runs; per context in {path}, per run in {runs_path}"
        ).format(
            runs=len(result.runs),
            method=analysis.params.method,
            k=analysis.k,
            n=len(switchers),
            total=len(result.contexts),
            path=args.out,
            runs_path=runs_path,
        )
    )
    print(summary(result.runs).to_string(index=False))
    return 0


def _methods(args: argparse.Namespace) -> int:
    from typology.appendix import methods_markdown
    from typology.io import load_contexts
    from typology.sensitivity import run_sensitivity

    contexts = load_contexts(args.data)
    analysis = analysis_from_args(args, contexts)
    sensitivity = run_sensitivity(analysis).runs
    label = str(args.data) if args.data else "bundled data/cities.csv"
    args.out.write_text(methods_markdown(analysis, contexts, label, sensitivity), encoding="utf-8")
    print(_("methods appendix written to {path}").format(path=args.out))
    return 0


def add_engine_parsers(subparsers: argparse._SubParsersAction) -> None:
    add_fit_parser(subparsers)
    parser = subparsers.add_parser(
        "sensitivity",
        help="refit over methods x k+-1 x seeds x weights; per context the share of runs in "
        "which it keeps its typology (F.csv) and the ARI of each run (F.runs.csv)",
    )
    parser.add_argument("--out", type=Path, required=True, help="CSV to write (per context)")
    add_analysis_options(parser)
    parser.set_defaults(func=_sensitivity)
    parser = subparsers.add_parser(
        "methods", help="write the methods appendix (Markdown) for a reviewer"
    )
    parser.add_argument("--out", type=Path, required=True, help="Markdown file to write")
    add_analysis_options(parser)
    parser.set_defaults(k="auto")
    parser.set_defaults(func=_methods)


# Each subcommand lives beside the code it runs: module name -> its add_parser function name.
COMMAND_MODULES: tuple[tuple[str, str], ...] = (
    ("typology.cli", "add_engine_parsers"),
    ("typology.build.pipeline", "add_parser"),
    ("typology.events", "add_parser"),
    ("typology.bench", "add_parser"),
    ("typology.briefing", "add_parser"),
    ("typology.export", "add_parser"),
    ("typology.io", "add_validate_parser"),
    ("typology.perspectives.cli", "add_parser"),
)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="python -m typology",
        description="Scenario typologies for urban safety and peacebuilding.",
    )
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMAND", required=True)
    for module_name, function_name in COMMAND_MODULES:
        getattr(importlib.import_module(module_name), function_name)(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from typology.i18n import language
    from typology.io import DataValidationError

    args = build_parser().parse_args(argv)
    with language(getattr(args, "lang", None)):
        try:
            return args.func(args)
        except DataValidationError as err:
            print(_("error: {message}").format(message=err), file=sys.stderr)
            return 2
        except (ValueError, OSError) as err:
            print(_("error: {message}").format(message=err), file=sys.stderr)
            return 2
