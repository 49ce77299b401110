from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def open_page(script: str, timeout: float = 60) -> AppTest:
    """Run the app frame and switch to one page, as a user clicking it in the navigation."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.run()
    if script != "views/explore.py":
        at.switch_page(script)
        at.run()
    return at


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Open one tab of lazy tabs (`st.tabs(..., key=key, on_change="rerun")`) as a user's click
    would: AppTest cannot click a tab, so the tabs' state gets the label and the script reruns."""
    at.session_state[key] = label
    return at.run()
