"""Shared fixtures. `synthetic_contexts` is made-up test input (clearly named 'Testville N'),
never shipped data: it lets unit tests control the profiles they cluster."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from typology.schema import SETTINGS, VIOLENCE_TYPES

# Four well-separated profiles: (setting, intensities of the seven violence types).
PROFILES = {
    "armed_conflict": (3, 2, 2, 1, 2, 3, 1),
    "post_conflict": (1, 2, 1, 2, 2, 1, 2),
    "criminal_violence": (0, 3, 3, 1, 1, 3, 1),
    "stable": (0, 1, 1, 1, 1, 0, 1),
}


def make_contexts(n_per_profile: int = 6, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for p, setting in enumerate(SETTINGS):
        for i in range(n_per_profile):
            noise = rng.integers(-1, 2, size=7) * (rng.random(7) < 0.2)
            values = np.clip(np.array(PROFILES[setting]) + noise, 0, 3)
            n = p * n_per_profile + i
            rows.append(
                {
                    "context_id": f"testville-{n}",
                    "city": f"Testville {n}",
                    "country": "Testland",
                    "iso3": "TST",
                    "year": 2015 + i % 3,
                    "latitude": -40 + 10 * p + i,
                    "longitude": -100 + 40 * p + i,
                    "population": 100_000 * (i + 1),
                    "setting": setting,
                    **dict(zip(VIOLENCE_TYPES, (int(v) for v in values), strict=True)),
                    "region": ["Africa", "Americas", "Asia", "Europe"][p],
                    "homicide_rate": float(5 * (p + 1) + i),
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture
def synthetic_contexts() -> pd.DataFrame:
    return make_contexts()
