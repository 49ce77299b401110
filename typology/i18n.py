"""One translation function for every user-facing string (issue 17).

English strings in the code are the message ids; `locales/<lang>/LC_MESSAGES/*.po` hold the
Spanish and French catalogues, one file per domain (`app.po`: pages and ui/; `typology.po`: this
library, the briefing and exports; `data.po`: codebook labels, guiding questions, glossary), read
with Babel (no compiled .mo files to keep in step). The current language is a context
variable: a Streamlit session sets it at the top of each run, the command line sets it from
`--lang`, and the default is English.

Use `_("text")` where the text is shown, `N_("text")` to mark a constant for extraction that is
translated later (by `_()` at the point of use), and `.format()` after `_()` for values:
`_("{n} contexts").format(n=n)` (an f-string cannot be looked up in a catalogue).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from contextlib import contextmanager
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DEFAULT_LANGUAGE = "en"
# The TWG's working languages, each named in its own language for the switch.
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español", "fr": "Français"}

_language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default="en")


def normalise(lang: object) -> str:
    """A supported language code from user input ('ES', 'fr-CH', None); English otherwise."""
    code = str(lang or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def set_language(lang: object) -> str:
    code = normalise(lang)
    _language.set(code)
    return code


# Where the language comes from when none was set in the current context: a Streamlit
# fragment rerun runs in a fresh thread that did not pass through app.py's set_language, so
# the app registers a function reading the session's choice. None: English.
_fallback_source: Callable[[], object] | None = None


def set_fallback_source(source: Callable[[], object] | None) -> None:
    """Register where the language comes from when no set_language ran in this context."""
    global _fallback_source
    _fallback_source = source


def get_language() -> str:
    lang = _language.get(None)
    if lang is not None:
        return lang
    if _fallback_source is not None:
        try:
            return normalise(_fallback_source())
        except Exception:  # no session (a bare thread): English
            return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


@contextmanager
def language(lang: object):
    """Run a block in another language (the briefing's --lang, a test)."""
    token = _language.set(normalise(lang))
    try:
        yield
    finally:
        _language.reset(token)


DOMAINS: tuple[str, ...] = ("app", "typology", "data")


def catalogue_path(lang: str, domain: str = "app") -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """msgid -> translation for one language, over all domains; fuzzy and empty entries are
    left out (they fall back to English)."""
    if lang == DEFAULT_LANGUAGE:
        return {}
    from babel.messages.pofile import read_po  # lazy: only a non-English session pays for it

    translations: dict[str, str] = {}
    for domain in DOMAINS:
        path = catalogue_path(lang, domain)
        if not path.exists():
            continue
        with path.open("rb") as handle:
            parsed = read_po(handle, locale=lang)
        for message in parsed:
            if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
                translations[str(message.id)] = str(message.string)
    return translations


def _(message: str) -> str:
    """The message in the current language, or the English source where none is translated."""
    lang = get_language()
    if lang == DEFAULT_LANGUAGE:
        return message
    return catalogue(lang).get(message, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def format_number(value: float, digits: int = 0) -> str:
    """A number written as the current language writes it (1,234.5 / 1.234,5 / 1 234,5)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=get_language())


def format_date(value, style: str = "medium") -> str:
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=style, locale=get_language())


def translate_module_constants(namespace: dict, module: str):
    """Take a module's UPPER_CASE English constants out of its namespace and return a module
    `__getattr__` that gives them in the current language when read (ui/text.py and
    ui/method_text.py: use sites stay `text.X`). Dict constants are translated value by value."""
    english = {name: value for name, value in namespace.items() if name.isupper()}
    for name in english:
        del namespace[name]

    def __getattr__(name: str):
        try:
            value = english[name]
        except KeyError:
            raise AttributeError(f"module {module!r} has no attribute {name!r}") from None
        if isinstance(value, dict):
            return {key: _(item) for key, item in value.items()}
        return _(value)

    return english, __getattr__
