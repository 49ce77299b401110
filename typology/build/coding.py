"""The coding rules: evidence fields of one context -> setting and seven intensities, each with
its basis, sources and the reason a reader can check. Thresholds are stated in data/codebook.csv
(a test checks that each band's text below appears there).

Precedence: where any evidence about the city (city_figure, city_events, city_report) bears on a
violence type, the code is the highest such value and country figures are not used; otherwise
the highest country_proxy value; otherwise the code is empty (unknown, basis none). Unknown is
never coded 0 or 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from typology.build.catalog import CITY_BASES

CRIMINAL_VIOLENCE_HOMICIDE_THRESHOLD = 10.0  # UNODC treats ~10 per 100k as high
CRIMINAL_VIOLENCE_NONSTATE_THRESHOLD = 5.0  # non-state deaths per 100k near the city
# UCDP's own thresholds: 25 battle-related deaths a year make an armed conflict, 1,000 a war.
CITY_FIGHTING_DEATHS = 25
TERRITORIAL_SETTING: dict[str, str] = {"war": "armed_conflict", "post_war_le10y": "post_conflict"}
CONFLICT_LARGE_SCALE: dict[str, int] = {
    "war": 3,
    "minor_conflict": 1,
    "post_war_le10y": 1,
    "none": 0,
}
CONFLICT_ORGANIZED: dict[str, int] = {"war": 3, "minor_conflict": 1, "post_war_le10y": 1}
CONFLICT_PUBLIC: dict[str, int] = {"war": 3}


@dataclass(frozen=True)
class Bands:
    """Ordered lower bounds: the code is that of the highest bound the value reaches."""

    bounds: tuple[tuple[float, int], ...]  # (lower bound inclusive, code), ascending
    text: str

    def code(self, value: float | None) -> int | None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        result = None
        for lower, code in self.bounds:
            if value >= lower:
                result = code
        return result


HOMICIDE_SMALL_SCALE = Bands(
    ((0.0, 0), (1e-9, 1), (5.0, 2), (20.0, 3)),
    "homicide rate per 100k: 0 -> 0; >0 -> 1; >=5 -> 2; >=20 -> 3",
)
HOMICIDE_PUBLIC = Bands(
    ((0.0, 0), (1e-9, 1), (10.0, 2), (30.0, 3)),
    "homicide rate per 100k: 0 -> 0; >0 -> 1; >=10 -> 2; >=30 -> 3",
)
HOMICIDE_ORGANIZED = Bands(
    ((0.0, 0), (20.0, 2), (40.0, 3)),
    "homicide rate per 100k: <20 -> no evidence (0); >=20 -> 2; >=40 -> 3",
)
GED_DEATHS_BANDS = Bands(
    ((0.0, 0), (1.0, 1), (25.0, 2), (1000.0, 3)),
    "GED deaths within 25 km in the year: 0 -> 0; >=1 -> 1; >=25 -> 2; >=1,000 -> 3",
)
NONSTATE_PER100K_BANDS = Bands(
    ((0.0, 0), (1e-9, 1), (5.0, 2), (20.0, 3)),
    "non-state GED deaths per 100k within 25 km: 0 -> 0; >0 -> 1; >=5 -> 2; >=20 -> 3",
)
PROTEST_VIOLENT_BANDS = Bands(
    ((0.0, 0), (1.0, 1), (3.0, 2), (10.0, 3)),
    "protests with protester violence in the city, reference year +-1: 0 -> 0; >=1 -> 1; "
    ">=3 -> 2; >=10 -> 3",
)
PROTEST_LETHAL_BANDS = Bands(
    ((1.0, 2), (5.0, 3)),
    "protests met with state killings or shootings in the city, reference year +-1: >=1 -> 2; "
    ">=5 -> 3 (none: no evidence either way)",
)
IPV_BANDS = Bands(
    ((0.0, 0), (1e-9, 1), (10.0, 2), (20.0, 3)),
    "SDG 5.2.1 IPV prevalence, % past 12 months: >0 -> 1; >=10 -> 2; >=20 -> 3",
)
# Non-partner sexual violence since age 15 is a lifetime measure: its bands are its own.
NPSV_BANDS = Bands(
    ((0.0, 0), (1e-9, 1), (5.0, 2), (15.0, 3)),
    "UNSD V.2 non-partner sexual violence since age 15, %: 0 -> 0; >0 -> 1; >=5 -> 2; >=15 -> 3",
)
ALL_BANDS: tuple[Bands, ...] = (
    HOMICIDE_SMALL_SCALE,
    HOMICIDE_PUBLIC,
    HOMICIDE_ORGANIZED,
    GED_DEATHS_BANDS,
    NONSTATE_PER100K_BANDS,
    PROTEST_VIOLENT_BANDS,
    PROTEST_LETHAL_BANDS,
    IPV_BANDS,
    NPSV_BANDS,
)


@dataclass(frozen=True)
class Evidence:
    """The resolved evidence fields of one context (None = not known). ``*_basis`` and
    ``*_sources`` say what each figure rests on."""

    homicide_rate: float | None = None
    homicide_basis: str = "none"
    homicide_sources: str = ""
    territorial: str | None = None
    ged_state: float | None = None  # None: no GED extract covers the country-year
    ged_nonstate: float | None = None
    ged_sources: str = ""
    population: float | None = None
    protests_violent: float | None = None  # None: Mass Mobilization does not cover it
    protests_lethal: float | None = None
    protest_sources: str = ""
    ipv: float | None = None
    npsv: float | None = None
    extra: dict = field(default_factory=dict)

    @property
    def nonstate_per100k(self) -> float | None:
        if self.ged_nonstate is None or not self.population:
            return None
        return round(self.ged_nonstate / self.population * 1e5, 2)


@dataclass(frozen=True)
class Code:
    value: object  # int 0-3, a setting, or None (unknown)
    basis: str
    source_id: str
    rationale: str


def _choose(candidates: list[tuple[int | None, str, str, str]]) -> Code:
    """(code, basis, source ids, why) -> the coded value under the precedence rule."""
    present = [c for c in candidates if c[0] is not None]
    city = [c for c in present if c[1] in CITY_BASES]
    pool = city or present
    if not pool:
        return Code(None, "none", "", "no evidence about the city and no country figure: unknown")
    top = max(c[0] for c in pool)
    winners = [c for c in pool if c[0] == top]
    basis = min((c[1] for c in winners), key=_basis_rank)
    ids = sorted({i for c in winners for i in c[2].split(";") if i})
    why = "; ".join(c[3] for c in winners)
    if city and len(city) < len(present):
        why += " (city evidence takes precedence over country figures)"
    return Code(top, basis, ";".join(ids), why)


def _basis_rank(basis: str) -> int:
    order = (*CITY_BASES, "country_proxy", "none")
    return order.index(basis) if basis in order else len(order)


def intensities(ev: Evidence) -> dict[str, Code]:
    """Each violence type -> its Code."""
    h, hb, hs = ev.homicide_rate, ev.homicide_basis, ev.homicide_sources
    status = ev.territorial or ""
    acd = "ucdp-acd"
    rate = f"homicide rate {h} ({hb.replace('_', ' ')})"
    nat = f"national territorial conflict status {status or 'unknown'}"

    # Large-scale collective armed violence, whoever fights: state-based, one-sided and
    # non-state deaths together (the battle of Raqqa 2017 was SDF against IS, a non-state war).
    total = None if ev.ged_state is None else ev.ged_state + (ev.ged_nonstate or 0)
    large = [
        (
            GED_DEATHS_BANDS.code(total),
            "city_events",
            ev.ged_sources,
            f"{_n(total)} GED deaths (state-based, one-sided and non-state) within 25 km",
        ),
        (CONFLICT_LARGE_SCALE.get(status), "country_proxy", acd, nat),
    ]
    small = [(HOMICIDE_SMALL_SCALE.code(h), hb, hs, rate)]
    public = [
        (HOMICIDE_PUBLIC.code(h), hb, hs, rate),
        (
            3 if (ev.ged_state or 0) >= 1000 else None,
            "city_events",
            ev.ged_sources,
            f"{_n(ev.ged_state)} state-based GED deaths within 25 km (war in the city)",
        ),
        (
            PROTEST_LETHAL_BANDS.code(ev.protests_lethal),
            "city_events",
            ev.protest_sources,
            f"{_n(ev.protests_lethal)} protests met with state killings or shootings",
        ),
        (CONFLICT_PUBLIC.get(status), "country_proxy", acd, nat),
    ]
    domestic = [
        (IPV_BANDS.code(ev.ipv), "country_proxy", "sdg521-ipv", f"IPV prevalence {ev.ipv}%")
    ]
    gender = list(domestic)
    if ev.npsv is not None:
        gender.append(
            (
                NPSV_BANDS.code(ev.npsv),
                "country_proxy",
                "unsd-v2-npsv",
                f"non-partner sexual violence since 15 {ev.npsv}%",
            )
        )
    else:
        gender = [(c, b, s, f"{w} (no V.2 survey value)") for c, b, s, w in gender]
    organized = [
        (
            NONSTATE_PER100K_BANDS.code(ev.nonstate_per100k),
            "city_events",
            ev.ged_sources,
            f"non-state GED deaths {ev.nonstate_per100k} per 100k within 25 km",
        ),
        (
            GED_DEATHS_BANDS.code(ev.ged_state),
            "city_events",
            ev.ged_sources,
            f"{_n(ev.ged_state)} state-based and one-sided GED deaths within 25 km (armed groups)",
        ),
        (HOMICIDE_ORGANIZED.code(h), hb, hs, rate),
        (CONFLICT_ORGANIZED.get(status), "country_proxy", acd, nat),
    ]
    spontaneous = [
        (
            PROTEST_VIOLENT_BANDS.code(ev.protests_violent),
            "city_events",
            ev.protest_sources,
            f"{_n(ev.protests_violent)} protests with protester violence",
        ),
    ]
    return {
        "large_scale": _choose(large),
        "small_scale": _choose(small),
        "public": _choose(public),
        "domestic": _choose(domestic),
        "gender_based": _choose(gender),
        "organized": _choose(organized),
        "spontaneous": _choose(spontaneous),
    }


def _n(value: float | None) -> str:
    return "no" if value is None else f"{value:g}"


def setting(ev: Evidence) -> Code:
    """Where GED covers the city-year, the fighting near the city decides (25+ state-based
    deaths within 25 km -> armed_conflict); otherwise a national war or recent war decides
    (country_proxy, medium confidence at best); otherwise the criminal-violence thresholds."""
    status = ev.territorial or ""
    h = ev.homicide_rate
    if ev.ged_state is not None and ev.ged_state >= CITY_FIGHTING_DEATHS:
        return Code(
            "armed_conflict",
            "city_events",
            ev.ged_sources,
            f"{ev.ged_state:g} state-based GED deaths within 25 km (>= {CITY_FIGHTING_DEATHS})",
        )
    fighting_far = ev.ged_state is not None and status in TERRITORIAL_SETTING
    if status in TERRITORIAL_SETTING and not fighting_far:
        return Code(
            TERRITORIAL_SETTING[status],
            "country_proxy",
            "ucdp-acd",
            f"national territorial conflict status {status}; no located events for the city",
        )
    far = (
        f"national status {status}, but {ev.ged_state:g} state-based GED deaths within 25 km: "
        "the fighting was elsewhere; "
        if fighting_far
        else ""
    )
    if h is not None and h >= CRIMINAL_VIOLENCE_HOMICIDE_THRESHOLD:
        return Code(
            "criminal_violence",
            ev.homicide_basis,
            ev.homicide_sources,
            f"{far}homicide rate {h} >= {CRIMINAL_VIOLENCE_HOMICIDE_THRESHOLD:g}",
        )
    per100k = ev.nonstate_per100k
    if per100k is not None and per100k >= CRIMINAL_VIOLENCE_NONSTATE_THRESHOLD:
        return Code(
            "criminal_violence",
            "city_events",
            ev.ged_sources,
            f"{far}non-state GED deaths {per100k} per 100k >= "
            f"{CRIMINAL_VIOLENCE_NONSTATE_THRESHOLD:g}",
        )
    if h is None:
        return Code(
            "stable",
            "country_proxy",
            "ucdp-acd",
            f"{far}no homicide rate and no war: 'stable' means not known to be violent "
            "(low confidence)",
        )
    return Code(
        "stable",
        ev.homicide_basis,
        ev.homicide_sources,
        f"{far}homicide rate {h} < {CRIMINAL_VIOLENCE_HOMICIDE_THRESHOLD:g}; national "
        f"status {status or 'unknown'}",
    )


def confidence(
    homicide_basis: str, conflict_known: bool, setting_basis: str, overridden: bool
) -> tuple[str, str]:
    """high only when city evidence decides the setting and a city homicide figure exists;
    a setting from an override or a national status is at most medium; low when the homicide
    rate or the conflict status is missing."""
    parts = [f"homicide basis {homicide_basis}", f"setting basis {setting_basis}"]
    if homicide_basis == "none" or not conflict_known:
        return "low", "; ".join([*parts, "homicide rate or conflict status missing"])
    if homicide_basis not in CITY_BASES:
        return "medium", "; ".join([*parts, "country-proxy homicide rate"])
    if overridden:
        return "medium", "; ".join(
            [*parts, "setting rests on a reviewed override (at most medium)"]
        )
    if setting_basis not in CITY_BASES:
        return "medium", "; ".join([*parts, "setting rests on a country figure (at most medium)"])
    return "high", "; ".join(parts)
