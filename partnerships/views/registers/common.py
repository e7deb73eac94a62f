"""What the pages of the "Risks and learning" tab share: finding the partnership the
member may see, and refusing a write to those who may not change it."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partnerships.models import Partnership
from partnerships.selectors.access import can_change, partnership_get

CANNOT_CHANGE = (
    "Only the platform's admins and the brokers assigned to this partnership can change it."
)


def partnership_seen(request, public_id) -> Partnership:
    return partnership_get(
        platform=request.platform, membership=request.membership, public_id=public_id
    )


def partnership_to_change(request, public_id) -> Partnership:
    partnership = partnership_seen(request, public_id)
    if not can_change(membership=request.membership, partnership=partnership):
        raise PermissionDenied(CANNOT_CHANGE)
    return partnership


def form_data(request):
    # An empty POST (every lever unticked) is still a submitted form.
    return request.POST if request.method == "POST" else None


def tab_url(name: str, request, partnership: Partnership) -> str:
    return reverse(name, args=[request.platform.slug, partnership.public_id])
