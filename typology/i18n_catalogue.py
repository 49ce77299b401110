"""Extract the English strings marked with `_()` / `N_()` and keep the catalogues in step.

One domain is a list of source paths (files or folders, relative to the project root); each
domain has one catalogue per language, `locales/<lang>/LC_MESSAGES/<domain>.po` (see
typology.i18n). `update` adds the new English strings to every language's catalogue with an
empty translation, for a translator to fill in, and drops the strings no longer in the code.

    python -m typology.i18n_catalogue update            # every domain
    python -m typology.i18n_catalogue update app        # one domain
    python -m typology.i18n_catalogue check             # list what is missing, empty or fuzzy

Pure: Babel only, no Streamlit.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from typology.i18n import DEFAULT_LANGUAGE, LANGUAGES, LOCALES_DIR

ROOT = LOCALES_DIR.parent
KEYWORDS: dict[str, None] = {"_": None, "N_": None}
TRANSLATED = tuple(code for code in LANGUAGES if code != DEFAULT_LANGUAGE)

# Domain -> the sources whose strings it holds (paths relative to the project root).
DOMAIN_SOURCES: dict[str, tuple[str, ...]] = {
    "app": ("app.py", "serve.py", "views", "ui"),
}
# Files and folders under a domain's folders that show nothing to a user (benchmarks, load
# tests, the benchmark's reference pages).
EXCLUDED: tuple[str, ...] = (
    "ui/loadtest.py",
    "ui/bench_rerun.py",
    "ui/bench_pages.py",
    "ui/reference_pages/",
)


@dataclass(frozen=True)
class Message:
    msgid: str
    locations: tuple[tuple[str, int], ...]


def _excluded(rel: str) -> bool:
    return any(rel == e or (e.endswith("/") and rel.startswith(e)) for e in EXCLUDED)


def source_files(paths: Iterable[str], root: Path = ROOT) -> list[Path]:
    """The .py files under `paths`, sorted, without EXCLUDED ones."""
    files: list[Path] = []
    for rel in paths:
        path = root / rel
        found = sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
        files.extend(f for f in found if not _excluded(f.relative_to(root).as_posix()))
    return files


def extract(paths: Iterable[str], root: Path = ROOT) -> list[Message]:
    """Every distinct string passed to `_()` or `N_()` in the sources, in order of appearance."""
    seen: dict[str, list[tuple[str, int]]] = {}
    for file in source_files(paths, root):
        rel = file.relative_to(root).as_posix()
        for lineno, message, _comments, _context in extract_from_file(
            "python", str(file), keywords=KEYWORDS
        ):
            if isinstance(message, str) and message:
                seen.setdefault(message, []).append((rel, lineno))
    return [Message(m, tuple(locs)) for m, locs in seen.items()]


def template(messages: Iterable[Message], domain: str) -> Catalog:
    catalog = Catalog(project="typology", version="", domain=domain, fuzzy=False)
    for message in messages:
        catalog.add(message.msgid, locations=message.locations)
    return catalog


def read_catalogue(path: Path, lang: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=lang, project="typology", fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


# Header fields Babel fills with placeholders or with the time of each update (noise in diffs).
_NOISY_HEADERS = (
    b"Report-Msgid-Bugs-To:",
    b"POT-Creation-Date:",
    b"PO-Revision-Date:",
    b"Last-Translator:",
    b"Language-Team:",
    b"Generated-By:",
)


def _without_placeholders(po: bytes) -> bytes:
    lines = po.split(b"\n")
    return b"\n".join(ln for ln in lines if not ln.lstrip(b'"').startswith(_NOISY_HEADERS))


def update_domain(domain: str, languages: Iterable[str] = TRANSLATED, root: Path = ROOT) -> dict:
    """Bring each language's catalogue of `domain` in step with the code. Returns, per
    language, the msgids that still need a translation."""
    messages = extract(DOMAIN_SOURCES[domain], root)
    pot = template(messages, domain)
    todo: dict[str, list[str]] = {}
    for lang in languages:
        path = root / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
        catalog = read_catalogue(path, lang)
        catalog.update(pot, no_fuzzy_matching=True, update_header_comment=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=100, ignore_obsolete=True, include_previous=False)
        path.write_bytes(_without_placeholders(buffer.getvalue()))
        todo[lang] = [str(m.id) for m in catalog if m.id and not m.string]
    return todo


def problems(domain: str, languages: Iterable[str] = TRANSLATED, root: Path = ROOT) -> Iterator:
    """(lang, kind, msgid) for every string of the code missing, empty or fuzzy in a catalogue."""
    wanted = [m.msgid for m in extract(DOMAIN_SOURCES[domain], root)]
    for lang in languages:
        path = root / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
        catalog = read_catalogue(path, lang)
        for msgid in wanted:
            entry = catalog.get(msgid)
            if entry is None:
                yield lang, "missing", msgid
            elif not entry.string:
                yield lang, "empty", msgid
            elif entry.fuzzy:
                yield lang, "fuzzy", msgid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m typology.i18n_catalogue")
    parser.add_argument("command", choices=("update", "check"))
    parser.add_argument("domains", nargs="*", help=f"default: all ({', '.join(DOMAIN_SOURCES)})")
    args = parser.parse_args(argv)
    domains = args.domains or list(DOMAIN_SOURCES)
    unknown = [d for d in domains if d not in DOMAIN_SOURCES]
    if unknown:
        parser.error(f"unknown domain(s): {', '.join(unknown)}; known: {', '.join(DOMAIN_SOURCES)}")
    failed = 0
    for domain in domains:
        if args.command == "update":
            for lang, ids in update_domain(domain).items():
                print(f"{domain} {lang}: {len(ids)} string(s) to translate")
        else:
            found = list(problems(domain))
            for lang, kind, msgid in found:
                print(f"{domain} {lang} {kind}: {msgid[:70]!r}")
            failed += len(found)
            print(f"{domain}: {len(found)} problem(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
