"""The page registry: plain data that app.py turns into st.navigation and tests iterate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from typology.i18n import N_

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageSpec:
    script: str  # path relative to the project root
    title: str  # English, marked for translation; app.py shows _(title)
    icon: str  # Material icon, ":material/name:"
    url_path: str
    default: bool = False

    @property
    def path(self) -> Path:
        return ROOT / self.script


PAGES: tuple[PageSpec, ...] = (
    PageSpec("views/explore.py", N_("Explore"), ":material/public:", "explore", default=True),
    PageSpec("views/method.py", N_("Method"), ":material/tune:", "method"),
    PageSpec("views/city.py", N_("City profile"), ":material/location_city:", "city"),
    PageSpec("views/compare.py", N_("Compare"), ":material/compare_arrows:", "compare"),
    PageSpec("views/whatif.py", N_("What if?"), ":material/science:", "what-if"),
    PageSpec("views/practices.py", N_("Practices"), ":material/menu_book:", "practices"),
    PageSpec("views/present.py", N_("Present"), ":material/slideshow:", "present"),
    PageSpec("views/data.py", N_("Data"), ":material/table_view:", "data"),
    PageSpec("views/sources.py", N_("Sources"), ":material/library_books:", "sources"),
)
