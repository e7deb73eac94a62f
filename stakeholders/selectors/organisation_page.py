"""Reads for an organisation's page: its contacts and representatives, screenings, map
positions, interactions and recent activity. Each is one query, however many rows."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet, Window

from platforms.models import AuditAction, AuditEvent, Platform
from platforms.templatetags.ui import actor_name
from stakeholders.models import (
    Contact,
    Interaction,
    Organisation,
    Position,
    Representative,
    RepresentativeInvitation,
    Screening,
)
from stakeholders.selectors.interactions import follow_ups_due

LATEST_SCREENINGS = 5
LATEST_POSITIONS = 20
LATEST_INTERACTIONS = 10
LATEST_FOLLOW_UPS = 10
LATEST_EVENTS = 10


def organisation_contacts(*, platform: Platform, organisation: Organisation) -> list[Contact]:
    return list(Contact.objects.filter(platform=platform, organisation=organisation))


def organisation_representatives(
    *, platform: Platform, organisation: Organisation
) -> list[Representative]:
    """The members who speak for the organisation, with their accounts."""
    return list(
        Representative.objects.filter(platform=platform, organisation=organisation)
        .select_related("membership__user", "contact")
        .order_by("membership__user__email")
    )


def _open_invitations(platform: Platform, **scope) -> QuerySet[RepresentativeInvitation]:
    # Nobody has accepted or revoked them. Expired ones are included: the page says so,
    # and they can be revoked and sent again.
    return (
        RepresentativeInvitation.objects.filter(
            platform=platform,
            invitation__accepted_at__isnull=True,
            invitation__revoked_at__isnull=True,
            **scope,
        )
        .select_related("invitation", "contact")
        .order_by("-invitation__created_at")
    )


def organisation_open_invitations(
    *, platform: Platform, organisation: Organisation
) -> list[RepresentativeInvitation]:
    """Invitations to represent the organisation that nobody has answered or revoked."""
    return list(_open_invitations(platform, organisation=organisation))


def contact_open_invitations(
    *, platform: Platform, contact: Contact
) -> list[RepresentativeInvitation]:
    """The contact's invitations that nobody has answered or revoked: deleting the
    contact revokes them (stakeholders.services.organisations.contact_delete)."""
    return list(_open_invitations(platform, contact=contact))


def organisation_screenings(
    *, platform: Platform, organisation: Organisation, limit: int = LATEST_SCREENINGS
) -> list[Screening]:
    return list(
        Screening.objects.filter(platform=platform, organisation=organisation)
        .select_related("decided_by")
        .order_by("-created_at", "-id")[:limit]
    )


def organisation_positions(
    *, platform: Platform, organisation: Organisation, limit: int = LATEST_POSITIONS
) -> list[Position]:
    """Where the organisation stands on the platform's maps, newest snapshot first."""
    return list(
        Position.objects.filter(platform=platform, organisation=organisation)
        .select_related("map")
        .order_by("-map__as_of", "map__title", "id")[:limit]
    )


@dataclass(frozen=True)
class Latest:
    """The first interactions of a list, and how many the whole list has."""

    rows: Sequence[Interaction]
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


def _latest(rows: QuerySet[Interaction], limit: int) -> Latest:
    # One query: the count is a window over every row, computed before the LIMIT.
    shown = list(rows.annotate(total_rows=Window(Count("pk")))[:limit])
    return Latest(rows=shown, total=shown[0].total_rows if shown else 0)


def organisation_interactions(
    *, platform: Platform, organisation: Organisation, limit: int = LATEST_INTERACTIONS
) -> Latest:
    """The latest interactions with the organisation, newest first, and how many in all."""
    return _latest(
        Interaction.objects.filter(platform=platform, organisation=organisation)
        .select_related("recorded_by")
        .order_by("-occurred_on", "-created_at", "-id"),
        limit,
    )


def organisation_follow_ups_due(
    *, platform: Platform, organisation: Organisation, today: date, limit: int = LATEST_FOLLOW_UPS
) -> Latest:
    """The organisation's follow-ups due (none once it is archived), the most overdue first."""
    return _latest(follow_ups_due(platform=platform, today=today, organisation=organisation), limit)


@dataclass(frozen=True)
class ActivityItem:
    """Who did what, when: an audit event told without its values."""

    event: AuditEvent
    who: str
    what: str
    fields: list[str] = field(default_factory=list)


def organisation_events(
    *, platform: Platform, organisation: Organisation, contacts: list[Contact]
) -> QuerySet[AuditEvent]:
    """Audit events about the organisation and its contacts, newest first.

    The trail keys events by table and row id. A contact's create and delete events carry
    its organisation_id in their snapshot, so contacts deleted since are found too; an
    update records only the changed columns, so current contacts are found by id.
    """
    org_table = Organisation._meta.db_table
    contact_table = Contact._meta.db_table
    about_contacts = Q(changes__organisation_id=organisation.pk)
    if contacts:
        about_contacts |= Q(object_id__in=[c.pk for c in contacts])
    return (
        AuditEvent.objects.filter(platform=platform)
        .filter(
            Q(table_name=org_table, object_id=organisation.pk)
            | (Q(table_name=contact_table) & about_contacts)
        )
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )


def organisation_activity(
    *,
    platform: Platform,
    organisation: Organisation,
    contacts: list[Contact],
    limit: int = LATEST_EVENTS,
) -> list[ActivityItem]:
    """The latest events, in words. Only who, what and when: the values stay on the
    activity page, which only admins see."""
    names = {c.pk: c.name for c in contacts}
    items = []
    for event in organisation_events(
        platform=platform, organisation=organisation, contacts=contacts
    )[:limit]:
        if event.table_name == Organisation._meta.db_table:
            what = "the organisation"
            model: type[Organisation] | type[Contact] = Organisation
        else:
            model = Contact
            name = names.get(event.object_id) or (event.changes or {}).get("name") or ""
            what = f"contact {name}".strip()
        fields = []
        if event.action == AuditAction.UPDATE:
            fields = _field_labels(model, event.changes or {})
        items.append(ActivityItem(event=event, who=actor_name(event), what=what, fields=fields))
    return items


def _field_labels(model, changes: dict) -> list[str]:
    by_column = {f.column: f for f in model._meta.concrete_fields}
    labels = []
    for column in sorted(changes):
        found = by_column.get(column)
        labels.append(str(found.verbose_name).capitalize() if found else column)
    return labels
