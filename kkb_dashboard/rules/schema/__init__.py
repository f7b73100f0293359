"""The file kinds the dashboard imports: columns, aliases, types, keys and the controlled vocabularies.

This is the data dictionary (the project's data model, `domain/data-model.md`, made executable). Readers use it to find
headers, validation to parse values, the store to create tables, the Data page to print templates. `columns.py` holds
the building blocks and vocabularies, `kinds.py` the six file kinds; callers read both as `schema.X`.
"""

from .columns import (
    ACTIVITY_TYPES,
    AGENCIES,
    FAMILY_FUNCTIONS,
    INDICATOR_VALUE,
    KAMPUNG_IN_REGION,
    LATITUDE,
    LONGITUDE,
    MANDIRI_PLUS,
    OWN_OFFICES,
    PEOPLE_IN_DESA,
    PERCENT,
    TIERS,
    VOCABULARIES,
    Column,
    Kind,
    canonical_lookup,
    header_key,
)
from .kinds import (
    ALL_KINDS,
    INDIKATOR,
    KAMPUNG,
    KEGIATAN,
    KINDS,
    KLASIFIKASI,
    LOCATION_COLUMNS,
    PROFIL,
    PROFILE_COLUMNS,
    TARGET,
)

__all__ = [
    "ACTIVITY_TYPES",
    "AGENCIES",
    "ALL_KINDS",
    "FAMILY_FUNCTIONS",
    "INDICATOR_VALUE",
    "INDIKATOR",
    "KAMPUNG",
    "KAMPUNG_IN_REGION",
    "KEGIATAN",
    "KINDS",
    "KLASIFIKASI",
    "LATITUDE",
    "LOCATION_COLUMNS",
    "LONGITUDE",
    "MANDIRI_PLUS",
    "OWN_OFFICES",
    "PEOPLE_IN_DESA",
    "PERCENT",
    "PROFIL",
    "PROFILE_COLUMNS",
    "TARGET",
    "TIERS",
    "VOCABULARIES",
    "Column",
    "Kind",
    "canonical_lookup",
    "header_key",
]
