"""Every page in the navigation renders without an exception, on the bundled data."""

import pytest

from tests.app.helpers import open_page
from ui.registry import PAGES


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_page_renders_without_exception(page):
    at = open_page(page.script)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title or at.header, f"{page.title} shows no heading"


def test_every_registered_page_exists():
    for page in PAGES:
        assert page.path.exists(), page.script
    assert sum(p.default for p in PAGES) == 1
