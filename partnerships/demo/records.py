"""The shapes the partnerships demo is written in: plain, frozen records the seeder turns
into rows. Organisations are named as in stakeholders/demo (the registry); dates are days
from the day the seed runs, so overdue stays overdue whenever the demo is loaded."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PartnerSpec:
    organisation: str
    role: str
    aims: str = ""
    interests: str = ""
    positions: str = ""
    anchoring: str = "organisation"
    opt_outs: str = ""
    # Without a current clearance the broker adds it with a recorded override.
    override_reason: str = ""
    # Set for a partner that has since left (days before the seed runs).
    left_days_ago: int | None = None


@dataclass(frozen=True)
class ActivitySpec:
    title: str
    responsible: str = ""  # an organisation's name, or nobody
    starts_in: int = 0  # days from today (negative: already started)
    lasts: int = 90
    status: str = "planned"


@dataclass(frozen=True)
class ObjectiveSpec:
    title: str
    expected_results: str
    activities: tuple[ActivitySpec, ...]


@dataclass(frozen=True)
class ResourceSpec:
    partner: str
    type: str
    description: str
    value: str | None = None
    currency: str = ""
    months: int = 12


@dataclass(frozen=True)
class CommitmentSpec:
    what: str
    partner: str = ""  # empty: a common commitment of all the partners
    due_in: int | None = None  # days from today (negative: past)
    status: str = "planned"
    evidence: str = ""


@dataclass(frozen=True)
class BodySpec:
    name: str
    type: str
    decision_rule: str
    scope: str
    remit: str
    seats: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class RiskSpec:
    category: str
    description: str
    likelihood: int
    impact: int
    mitigation: str = ""
    owner: str = ""


@dataclass(frozen=True)
class ResponseSpec:
    partner: str
    # The six fundamentals in DOMAIN.md's order: value creation, right stakeholders,
    # shared vision, compatible values, empowered partners, senior commitment.
    ratings: tuple[int, int, int, int, int, int]
    comments: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class HealthSpec:
    title: str
    opened_days_ago: int
    closes_in: int  # days from today; negative for a round already closed
    closed: bool
    responses: tuple[ResponseSpec, ...]


@dataclass(frozen=True)
class PartnershipSpec:
    title: str
    description: str
    issue: str
    type: str
    level: str
    themes: tuple[str, ...]
    goals: tuple[int, ...]
    targets: tuple[str, ...]
    stage: int
    lead: str
    partners: tuple[PartnerSpec, ...]
    started_days_ago: int
    vision: str = ""
    purpose: str = ""
    objectives: tuple[ObjectiveSpec, ...] = ()
    resources: tuple[ResourceSpec, ...] = ()
    commitments: tuple[CommitmentSpec, ...] = ()
    bodies: tuple[BodySpec, ...] = ()
    levers: tuple[str, ...] = ()
    risks: tuple[RiskSpec, ...] = ()
    divergences: tuple[tuple[str, str], ...] = ()  # (description, handling)
    lessons: tuple[str, ...] = ()
    health: tuple[HealthSpec, ...] = ()
    map_title: str = ""  # the issue's stakeholder map, by title
    is_public: bool = False
    # A detour in the history: on reaching this stage, the partners went back one stage
    # (with the note as the reason) before moving on again.
    back_at: int = 0
    back_note: str = ""
    # The note on the move into implementation, which the executed partnership
    # agreement (AgreementSpec) allows.
    agreement_note: str = ""


@dataclass(frozen=True)
class SignatorySpec:
    """A person who signs for a partner: one of its contacts in the registry (by name),
    whose role there is their position. Signing needs their account on the platform: the
    demo makes one for each contact who signs, and links the accounts that exist."""

    partner: str  # the organisation's name
    name: str  # a contact of the organisation, as the registry has it
    required: bool = True
    signed_days_ago: int | None = None  # None: not signed yet


@dataclass(frozen=True)
class AmendmentSpec:
    """Version 2, after version 1 was executed: its signatories are copied (the active
    partners'), and these sections replaced, or added before the signatures."""

    reason: str
    drafted_days_ago: int
    clauses: tuple[tuple[str, str], ...]  # (section title, body with placeholders)
    issued_days_ago: int | None = None  # None: still a draft
    signed_days_ago: int | None = None  # every required signatory signs that day


@dataclass(frozen=True)
class AgreementSpec:
    """An agreement of a partnership, drafted from the platform's template for its form,
    the placeholders filled from the records as they stood on the day it was drafted."""

    form: str
    title: str
    drafted_days_ago: int
    signatories: tuple[SignatorySpec, ...]
    issued_days_ago: int | None = None  # None: still a draft
    # Sections written for this agreement: (title, body), replacing the template's.
    clauses: tuple[tuple[str, str], ...] = ()
    amendment: AmendmentSpec | None = None

    @property
    def executed_days_ago(self) -> int | None:
        """When version 1 was executed (its last required signature), if it was."""
        required = [s.signed_days_ago for s in self.signatories if s.required]
        if self.issued_days_ago is None or not required or None in required:
            return None
        return min(d for d in required if d is not None)
