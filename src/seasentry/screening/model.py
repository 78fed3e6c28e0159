"""The list entry as seasentry stores it, whatever list it came from."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from typing import Any

# Schema names follow FollowTheMoney (followthemoney.tech): Person, Organization, Company,
# LegalEntity, Vessel, Airplane. Screening treats Company/LegalEntity like Organization.
ORG_SCHEMAS = {"Organization", "Company", "LegalEntity", "PublicBody"}
SCHEMA_ALIASES = {
    "person": "Person", "individual": "Person", "organization": "Organization",
    "organisation": "Organization", "entity": "Organization", "company": "Organization",
    "vessel": "Vessel", "ship": "Vessel", "aircraft": "Airplane", "airplane": "Airplane",
}


def schema_family(schema: str | None) -> str | None:
    if not schema:
        return None
    s = SCHEMA_ALIASES.get(schema.lower(), schema)
    if s in ORG_SCHEMAS:
        return "Organization"
    return s


@dataclass
class Entity:
    """One designated person, organisation, vessel or aircraft."""

    entity_id: str
    list: str
    schema: str
    name: str
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    former_names: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)       # ISO 3166-1 alpha-2, upper case
    birth_dates: list[str] = field(default_factory=list)     # YYYY, YYYY-MM or YYYY-MM-DD
    imo: int | None = None
    imo_valid: bool | None = None                            # check digit (None when no IMO)
    mmsi: int | None = None
    flag: str | None = None                                  # ISO2
    vessel_type: str | None = None
    call_sign: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)  # list-specific extras (remarks, refs ...)

    def all_names(self) -> list[tuple[str, str]]:
        """(name, kind) for every name of the entity, de-duplicated, primary first."""
        seen: set[str] = set()
        out: list[tuple[str, str]] = []
        for kind, names in (("primary", [self.name]), ("alias", self.aliases),
                            ("former", self.former_names), ("weak_alias", self.weak_aliases)):
            for n in names:
                n = (n or "").strip()
                if n and n.casefold() not in seen:
                    seen.add(n.casefold())
                    out.append((n, kind))
        return out

    def content_hash(self) -> str:
        d = self.to_dict()
        return hashlib.sha1(json.dumps(d, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class LoadedList:
    """The outcome of reading one list file."""

    list: str
    version: str
    source_path: str
    sha256: str
    format: str
    entities: list[Entity]
    warnings: list[str] = field(default_factory=list)
    mode: str = "replace"            # 'replace' (full list) or 'delta' (upserts + deletes)
    deletes: list[str] = field(default_factory=list)
