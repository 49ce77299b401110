"""The page registry: plain data that app.py turns into st.navigation and tests iterate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageSpec:
    script: str  # path relative to the project root
    title: str
    icon: str  # Material icon, ":material/name:"
    url_path: str
    default: bool = False

    @property
    def path(self) -> Path:
        return ROOT / self.script


PAGES: tuple[PageSpec, ...] = (
    PageSpec("views/explore.py", "Explore", ":material/public:", "explore", default=True),
    PageSpec("views/method.py", "Method", ":material/tune:", "method"),
    PageSpec("views/city.py", "City profile", ":material/location_city:", "city"),
    PageSpec("views/compare.py", "Compare", ":material/compare_arrows:", "compare"),
    PageSpec("views/whatif.py", "What if?", ":material/science:", "what-if"),
    PageSpec("views/practices.py", "Practices", ":material/menu_book:", "practices"),
    PageSpec("views/present.py", "Present", ":material/slideshow:", "present"),
    PageSpec("views/data.py", "Data", ":material/table_view:", "data"),
    PageSpec("views/sources.py", "Sources", ":material/library_books:", "sources"),
)
