"""Made-up contexts with planted violence profiles, to test and compare the methods.

Nothing here is data: the cities are called 'Synthville N' and the profiles are invented. The
profiles are spread across the four settings at random, so a method that finds them is not
restating the setting; `shuffle_columns` destroys every association between columns (the
permutation null), so a method should find no structure there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from typology.schema import SETTINGS, VIOLENCE_TYPES

# Four invented violence profiles on the 0-3 scale, one per row, columns as VIOLENCE_TYPES.
PLANTED_PROFILES: np.ndarray = np.array(
    [
        (3, 2, 2, 1, 1, 3, 1),  # war-like: large-scale and organized
        (0, 3, 3, 1, 1, 3, 1),  # criminal: small-scale, public, organized
        (0, 1, 0, 3, 3, 0, 1),  # domestic and gender-based
        (0, 0, 1, 0, 0, 0, 2),  # low, spontaneous
    ],
    dtype=float,
)


def planted_contexts(
    n_per_profile: int = 30,
    years_per_city: int = 2,
    noise: float = 0.15,
    missing: float = 0.0,
    seed: int = 0,
    profiles: np.ndarray = PLANTED_PROFILES,
) -> pd.DataFrame:
    """Contexts drawn around `profiles`: each code moves by +-1 with probability `noise`, a share
    `missing` of the codes is blanked (NaN), and each context gets a setting at random. A city
    appears in `years_per_city` consecutive years with the same profile (city bootstrap tests).
    The column `planted` holds the true profile (0-based)."""
    rng = np.random.default_rng(seed)
    rows = []
    n = 0
    for p, profile in enumerate(profiles):
        for _ in range(max(1, n_per_profile // years_per_city)):
            n += 1
            setting = SETTINGS[int(rng.integers(len(SETTINGS)))]
            for year in range(years_per_city):
                step = rng.choice([-1, 1], size=len(profile)) * (rng.random(len(profile)) < noise)
                values = np.clip(profile + step, 0, 3)
                values[rng.random(len(values)) < missing] = np.nan
                rows.append(
                    {
                        "context_id": f"synthville-{n}-{2010 + year}",
                        "city": f"Synthville {n}",
                        "country": "Synthland",
                        "iso3": "SYN",
                        "year": 2010 + year,
                        "latitude": float(rng.uniform(-50, 60)),
                        "longitude": float(rng.uniform(-170, 170)),
                        "population": 100_000 * n,
                        "setting": setting,
                        **dict(zip(VIOLENCE_TYPES, values, strict=True)),
                        "planted": p,
                    }
                )
    return pd.DataFrame(rows)


def shuffle_columns(contexts: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Each intensity column permuted independently: the margins stay, associations go."""
    rng = np.random.default_rng(seed)
    out = contexts.copy()
    for column in VIOLENCE_TYPES:
        out[column] = rng.permutation(out[column].to_numpy())
    return out
