"""The balance of power in a partnership's governance, worked out in memory from its
bodies (with their seats) and the positions on the issue's stakeholder map: seats by
sector, whether the primary stakeholders have a voice, who decides what, and which
sectors on the map hold no seat.

Pure functions of what partnerships.selectors.governance fetched, so the page costs the
same number of queries however many bodies, seats and positions there are.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from partnerships.models import BodyType, DecisionScope, GovernanceBody, Seat
from stakeholders.models import Organisation, Position, Sector, StakeholderMap

NO_RULE = "Decision rule not agreed"
NO_SCOPE = "Scope not set"
_TYPE_NAMES = frozenset(str(t.label).lower() for t in BodyType)


def body_phrase(name: str) -> str:
    """ "the steering committee" for a body named after its type, else its own name."""
    return f"the {name.lower()}" if name.lower() in _TYPE_NAMES else name


def sector_label(value: str) -> str:
    return str(Sector(value).label) if value in Sector.values else value


@dataclass(frozen=True)
class BodyBalance:
    """One body and the weight of the sectors on it."""

    body: GovernanceBody
    members: list[Seat]  # active partners' seats, most seats first
    total: int
    largest_sectors: list[str]  # labels; more than one when tied
    largest_seats: int

    @property
    def rule(self) -> str:
        return self.body.get_decision_rule_display() if self.body.decision_rule else NO_RULE

    @property
    def majority(self) -> bool:
        """One sector holds more than half of the seats."""
        return self.total > 0 and 2 * self.largest_seats > self.total

    @property
    def largest_text(self) -> str:
        if not self.total:
            return "No seats yet."
        sectors = " and ".join(self.largest_sectors)
        tied = len(self.largest_sectors) > 1
        return (
            f"{sectors} {'hold' if tied else 'holds'} {self.largest_seats} of {self.total} "
            f"seat{'s' if self.total != 1 else ''}{' each' if tied else ''} "
            f"on {body_phrase(self.body.name)}"
        )


@dataclass(frozen=True)
class SectorSeats:
    sector: str
    label: str
    seats: int
    by_body: list[int]  # in the order of PowerBalance.bodies


@dataclass(frozen=True)
class PrimaryStakeholder:
    name: str
    organisation: Organisation | None
    seats: int
    bodies: list[str]

    @property
    def has_voice(self) -> bool:
        return self.seats > 0


@dataclass(frozen=True)
class ScopeGroup:
    scope: str
    label: str
    bodies: list[BodyBalance]


@dataclass(frozen=True)
class UnseatedSector:
    sector: str
    label: str
    organisations: list[str]  # the map's organisations of that sector


@dataclass
class PowerBalance:
    bodies: list[BodyBalance]
    sectors: list[SectorSeats]
    scopes: list[ScopeGroup]
    stakeholder_map: StakeholderMap | None
    with_voice: list[PrimaryStakeholder] = field(default_factory=list)
    without_voice: list[PrimaryStakeholder] = field(default_factory=list)
    unseated_sectors: list[UnseatedSector] = field(default_factory=list)

    @property
    def total_seats(self) -> int:
        return sum(s.seats for s in self.sectors)

    @property
    def primary_count(self) -> int:
        return len(self.with_voice) + len(self.without_voice)


def body_balance(body: GovernanceBody, members: Sequence[Seat]) -> BodyBalance:
    by_sector: dict[str, int] = defaultdict(int)
    for seat in members:
        by_sector[seat.partner.organisation.sector] += seat.seats
    total = sum(by_sector.values())
    largest = max(by_sector.values(), default=0)
    return BodyBalance(
        body=body,
        members=sorted(members, key=lambda s: (-s.seats, s.partner.organisation.name.lower())),
        total=total,
        largest_sectors=[
            sector_label(s) for s in Sector.values if largest and by_sector.get(s) == largest
        ],
        largest_seats=largest,
    )


def sector_seats(bodies: Sequence[BodyBalance]) -> list[SectorSeats]:
    """Every sector of the registry, seats summed across bodies and per body."""
    rows = []
    for sector in Sector:
        by_body = [
            sum(s.seats for s in b.members if s.partner.organisation.sector == sector)
            for b in bodies
        ]
        rows.append(SectorSeats(sector.value, str(sector.label), sum(by_body), by_body))
    return rows


def scope_groups(bodies: Sequence[BodyBalance]) -> list[ScopeGroup]:
    """Who decides what: strategy and policy first, then implementation, then bodies
    whose scope nobody has set (only when there are some)."""
    groups = [
        ScopeGroup(scope.value, str(scope.label), [b for b in bodies if b.body.scope == scope])
        for scope in DecisionScope
    ]
    unset = [b for b in bodies if b.body.scope not in DecisionScope.values]
    if unset:
        groups.append(ScopeGroup("", NO_SCOPE, unset))
    return groups


def primary_voice(
    bodies: Sequence[BodyBalance], positions: Sequence[Position]
) -> tuple[list[PrimaryStakeholder], list[PrimaryStakeholder]]:
    """The map's primary stakeholders with a seat on some body, and those without. A
    stakeholder without an organisation (households, farmers) cannot hold a seat."""
    seats: dict[int, int] = defaultdict(int)
    sits_on: dict[int, list[str]] = defaultdict(list)
    for balance in bodies:
        for seat in balance.members:
            organisation_id = seat.partner.organisation_id
            seats[organisation_id] += seat.seats
            sits_on[organisation_id].append(balance.body.name)
    with_voice: list[PrimaryStakeholder] = []
    without_voice: list[PrimaryStakeholder] = []
    for position in positions:
        if not position.is_primary:
            continue
        organisation = position.organisation if position.organisation_id else None
        key = position.organisation_id or 0
        stakeholder = PrimaryStakeholder(
            name=position.name,
            organisation=organisation,
            seats=seats.get(key, 0),
            bodies=sits_on.get(key, []),
        )
        (with_voice if stakeholder.has_voice else without_voice).append(stakeholder)
    return with_voice, without_voice


def unseated_sectors(
    bodies: Sequence[BodyBalance], positions: Sequence[Position]
) -> list[UnseatedSector]:
    """Sectors of the map's organisations minus the sectors holding any seat."""
    seated = {s.partner.organisation.sector for b in bodies for s in b.members if s.seats}
    on_map: dict[str, list[str]] = defaultdict(list)
    for position in positions:
        if position.organisation_id and position.organisation is not None:
            on_map[position.organisation.sector].append(position.organisation.name)
    return [
        UnseatedSector(sector.value, str(sector.label), sorted(on_map[sector], key=str.lower))
        for sector in Sector
        if sector in on_map and sector not in seated
    ]


def power_balance(
    bodies: Sequence[GovernanceBody],
    *,
    seats: Sequence[Seat],
    stakeholder_map: StakeholderMap | None,
    positions: Sequence[Position],
) -> PowerBalance:
    """Everything the power-balance view shows. ``seats`` are the active partners' seats
    (with partner and organisation loaded), ``positions`` the map's (with organisation)."""
    members: dict[int, list[Seat]] = defaultdict(list)
    for seat in seats:
        members[seat.body_id].append(seat)
    balances = [body_balance(body, members[body.pk]) for body in bodies]
    with_voice, without_voice = primary_voice(balances, positions)
    return PowerBalance(
        bodies=balances,
        sectors=sector_seats(balances),
        scopes=scope_groups(balances),
        stakeholder_map=stakeholder_map,
        with_voice=with_voice,
        without_voice=without_voice,
        unseated_sectors=unseated_sectors(balances, positions),
    )
