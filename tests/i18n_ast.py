"""Find user-facing string literals passed to Streamlit display calls without `_()` (issue 17).

Used by tests/test_i18n_app.py; kept apart so a developer can run it on one file:
`python -m tests.i18n_ast views/city.py`."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

# Streamlit calls whose first argument (and these keywords) a user reads.
DISPLAY_CALLS = frozenset(
    {
        "title", "header", "subheader", "markdown", "caption", "write", "text", "info",
        "warning", "error", "success", "toast", "exception", "button", "download_button",
        "link_button", "page_link", "form_submit_button", "selectbox", "multiselect", "radio",
        "slider", "select_slider", "toggle", "checkbox", "text_input", "text_area",
        "number_input", "date_input", "file_uploader", "color_picker", "metric", "expander",
        "popover", "segmented_control", "pills", "tabs", "status", "spinner", "chat_input",
        "Column", "TextColumn", "NumberColumn", "LinkColumn", "ProgressColumn", "ListColumn",
        "CheckboxColumn", "SelectboxColumn", "DateColumn", "BarChartColumn", "LineChartColumn",
    }
)  # fmt: skip
KEYWORDS = frozenset({"label", "body", "help", "placeholder", "caption"})
# Receivers that are not Streamlit (file handles, loggers, regular expressions).
NOT_STREAMLIT = frozenset({"logger", "log", "logging", "handle", "buffer", "out", "sys", "re"})
WORDS = re.compile(r"[A-Za-z]{2,}")


def _shows_words(node: ast.AST) -> bool:
    """A literal (or f-string, or concatenation of them) with words in it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORDS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_shows_words(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _shows_words(node.left) or _shows_words(node.right)
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_shows_words(e) for e in node.elts)
    return False


def _receiver(func: ast.Attribute) -> str:
    value = func.value
    while isinstance(value, ast.Attribute):
        value = value.value
    return value.id.lower() if isinstance(value, ast.Name) else ""


def untranslated(path: Path) -> list[tuple[int, str]]:
    """(line, source) of each display call showing an English literal not wrapped in _()."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in DISPLAY_CALLS or _receiver(node.func) in NOT_STREAMLIT:
            continue
        shown = node.args[:1] + [k.value for k in node.keywords if k.arg in KEYWORDS]
        if any(_shows_words(arg) for arg in shown):
            segment = ast.get_source_segment(path.read_text(encoding="utf-8"), node) or ""
            found.append((node.lineno, " ".join(segment.split())[:100]))
    return found


if __name__ == "__main__":
    for name in sys.argv[1:]:
        for line, source in untranslated(Path(name)):
            print(f"{name}:{line}: {source}")
