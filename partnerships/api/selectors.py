"""The reads behind the partner API. Every one starts from
partnerships.selectors.access, so a key sees what its member would see on the web: staff
and observers every partnership of the platform, a partner representative only those its
organisation belongs to. Each runs a fixed number of queries, whatever the row counts."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from partnerships.models import Activity, Commitment, CommitmentKind, Partner, Partnership
from partnerships.selectors.access import partnership_get, partnership_visible
from platforms.models import Membership, Platform
from stakeholders.models import Organisation


def _active_partners(platform: Platform) -> QuerySet[Partner]:
    return (
        Partner.objects.filter(platform=platform, left_on__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name", "id")
    )


def api_partnership_list(*, platform: Platform, membership: Membership) -> QuerySet[Partnership]:
    """The partnerships the key may see, by title; each with ``active_partners``."""
    return (
        partnership_visible(platform=platform, membership=membership)
        .select_related("lead_organisation")
        .prefetch_related(
            Prefetch("partners", queryset=_active_partners(platform), to_attr="active_partners")
        )
        .order_by("title", "id")
    )


def api_partnership_get(
    *,
    platform: Platform,
    membership: Membership,
    public_id,
    organisation: Organisation | None,
) -> Partnership:
    """One partnership with its active partners, objectives and their activities, and
    ``commitments_total`` / ``commitments_yours`` (the key's organisation's specific
    commitments). 404 for missing, another platform's and not-yours alike."""
    partnership = partnership_get(platform=platform, membership=membership, public_id=public_id)
    activities = Activity.objects.filter(platform=platform).select_related(
        "responsible__organisation"
    )
    objectives = partnership.objectives.filter(platform=platform).prefetch_related(
        Prefetch("activities", queryset=activities)
    )
    partnership.objective_list = list(objectives)  # type: ignore[attr-defined]
    partners = _active_partners(platform).filter(partnership=partnership)
    partnership.active_partners = list(partners)  # type: ignore[attr-defined]
    counts: dict = {"total": Count("id")}
    if organisation is not None:  # staff and observers have no commitments of their own
        mine = Q(kind=CommitmentKind.SPECIFIC, partner__organisation=organisation)
        counts["yours"] = Count("id", filter=mine)
    found = Commitment.objects.filter(platform=platform, partnership=partnership).aggregate(
        **counts
    )
    partnership.commitments_total = found["total"]  # type: ignore[attr-defined]
    partnership.commitments_yours = found.get("yours", 0)  # type: ignore[attr-defined]
    return partnership


def api_commitment_list(*, platform: Platform, partnership: Partnership) -> QuerySet[Commitment]:
    """The partnership's commitments, common and specific, soonest due first."""
    return (
        Commitment.objects.filter(platform=platform, partnership=partnership)
        .select_related("partner__organisation")
        .order_by("due_on", "created_at", "id")
    )


def api_commitment_get(*, platform: Platform, membership: Membership, public_id) -> Commitment:
    """A commitment of a partnership the key may see; 404 otherwise (missing, another
    platform's, or of a partnership the key's organisation is not in)."""
    commitment = (
        Commitment.objects.filter(
            platform=platform,
            public_id=public_id,
            partnership__in=partnership_visible(platform=platform, membership=membership),
        )
        .select_related("partner__organisation", "partnership")
        .first()
    )
    if commitment is None:
        raise Http404("No such commitment.")
    return commitment


def is_yours(commitment: Commitment, organisation: Organisation | None) -> bool:
    """A specific commitment of the key's own organisation: the only kind it reports on."""
    return (
        organisation is not None
        and commitment.kind == CommitmentKind.SPECIFIC
        and commitment.partner is not None
        and commitment.partner.organisation_id == organisation.pk
    )
