"""Reads about partner representatives and the organisation each speaks for."""

from platforms.models import Membership, Platform
from stakeholders.models import Organisation, Representative


def organisation_represented(*, platform: Platform, membership: Membership) -> Organisation | None:
    """The organisation the member speaks for, or None.

    Takes no id from the request: a representative can only ever reach its own."""
    representative = (
        Representative.objects.filter(platform=platform, membership=membership)
        .select_related("organisation")
        .first()
    )
    return representative.organisation if representative else None
