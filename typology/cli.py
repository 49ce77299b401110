"""The command line: `python -m typology SUBCOMMAND --help`.

Each subcommand module has `add_parser(subparsers)`, which sets `func` (returns the exit code).
Errors a user can cause (a bad file, a bad option) print one plain line and exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


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
        name, _, number = part.partition("=")
        try:
            weights[name.strip()] = float(number)
        except ValueError:
            raise argparse.ArgumentTypeError(f"bad weight {part!r}: use group=number") from None
    return weights


def add_analysis_options(parser: argparse.ArgumentParser) -> None:
    from typology.model import METHODS

    parser.add_argument("--data", type=Path, help="contexts table (default: the bundled data)")
    parser.add_argument("--k", type=_parse_k, default=4, help="number of typologies, or 'auto'")
    parser.add_argument("--method", choices=sorted(METHODS), default="kmeans")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--features",
        default="violence,setting",
        help="comma list of violence, setting, indicators or single columns",
    )
    parser.add_argument(
        "--weights",
        type=_parse_weights,
        default={},
        help="group weights, e.g. violence=1,setting=0.5,indicators=1",
    )


def analysis_from_args(args: argparse.Namespace):
    from typology.analysis import analyse
    from typology.io import load_contexts

    contexts = load_contexts(args.data)
    features = [f.strip() for f in args.features.split(",") if f.strip()]
    return analyse(contexts, args.method, args.k, args.seed, features, args.weights)


def _fit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="CSV to write")
    parser.add_argument("--report", type=Path, help="also write a JSON report of the fit")
    add_analysis_options(parser)


def _fit(args: argparse.Namespace) -> int:
    from typology.report import fit_report

    analysis = analysis_from_args(args)
    columns = ["context_id", "typology", "typology_name", "confidence_typology", "runner_up"]
    analysis.contexts[columns].to_csv(args.out, index=False)
    if args.report:
        args.report.write_text(json.dumps(fit_report(analysis), indent=2), encoding="utf-8")
    print(
        f"{len(analysis.contexts)} contexts in {analysis.k} typologies "
        f"({analysis.params.method}, seed {analysis.params.seed}) written to {args.out}"
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


# Each subcommand lives beside the code it runs: module name -> its add_parser function name.
COMMAND_MODULES: tuple[tuple[str, str], ...] = (
    ("typology.cli", "add_fit_parser"),
    ("typology.dataset", "add_parser"),
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
    from typology.io import DataValidationError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataValidationError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
