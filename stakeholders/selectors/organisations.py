"""Reads for the organisation registry."""

from django.shortcuts import get_object_or_404

from platforms.models import Platform
from stakeholders.models import Organisation


def organisation_get(
    *, platform: Platform, public_id, include_archived: bool = True
) -> Organisation:
    """One organisation of the platform; 404 for a missing id and another platform's alike."""
    organisations = Organisation.objects.filter(platform=platform)
    if not include_archived:
        organisations = organisations.filter(archived_at__isnull=True)
    return get_object_or_404(organisations, public_id=public_id)
