"""The shapes the demo data is written in: plain, frozen records the seeder turns into rows."""

import re
from dataclasses import dataclass, field

TITLES = {"dr", "prof", "eng"}


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    phone: str = ""
    # Fictional people get example.org addresses; a demo login keeps its own address so
    # that the representative and the contact are visibly the same person.
    email: str = ""

    @property
    def address(self) -> str:
        if self.email:
            return self.email
        words = re.split(r"[^a-z-]+", self.name.lower())
        return ".".join(w for w in words if w and w not in TITLES) + "@example.org"


@dataclass(frozen=True)
class Org:
    name: str
    acronym: str
    sector: str
    sub_type: str
    website: str
    mandate: str
    constituencies: str
    themes: tuple[str, ...]
    contacts: tuple[Person, ...]
    country: str = "LK"


@dataclass(frozen=True)
class Finding:
    rating: str
    text: str


@dataclass(frozen=True)
class ScreeningSpec:
    """One screening. Dates are days before the seed runs, so a cleared screening stays
    current and an expired one stays expired whenever the demo is loaded."""

    organisation: str
    decision: str
    risk_level: str
    opened_days_ago: int
    summary: str
    # In the order of the platform's criteria (DOMAIN.md's six).
    findings: tuple[Finding, ...]
    decided_days_ago: int | None = None
    # Days after the decision the screening must be renewed by.
    valid_for_days: int = 365
    conditions: str = ""


@dataclass(frozen=True)
class Place:
    """A stakeholder's position on a map: an organisation by name, or a population's label."""

    stakeholder: str
    interest: int
    influence: int
    attitude: str
    note: str = ""
    is_primary: bool = False
    is_label: bool = False


@dataclass(frozen=True)
class MapSpec:
    title: str
    issue: str
    as_of: str  # ISO date: the snapshot describes a fixed moment
    description: str
    places: tuple[Place, ...]
    copied_from: str = ""  # title of the earlier snapshot this one was copied from


@dataclass(frozen=True)
class InteractionSpec:
    organisation: str
    kind: str
    subject: str
    # An ISO date for a dated event (the workshop), or days before the seed runs.
    occurred: str | int
    participants: str = ""
    notes: str = ""
    # Days after the seed runs (negative: overdue); None for no follow-up.
    follow_up_in_days: int | None = None
    follow_up_done: bool = False


@dataclass(frozen=True)
class PlatformDemo:
    organisations: tuple[Org, ...]
    screenings: tuple[ScreeningSpec, ...] = ()
    maps: tuple[MapSpec, ...] = ()
    interactions: tuple[InteractionSpec, ...] = ()
    # Demo login (email) -> the organisation it represents.
    representatives: dict[str, str] = field(default_factory=dict)
