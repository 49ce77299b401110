"""Rules of the house that a refactor could silently break."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORTS_STREAMLIT = re.compile(r"^\s*(import streamlit|from streamlit)", re.MULTILINE)


def test_the_library_never_imports_streamlit():
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "typology").glob("*.py"))
        if IMPORTS_STREAMLIT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"typology/ must stay Streamlit-free: {offenders}"
