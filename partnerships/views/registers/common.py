"""What the pages of the "Risks and learning" tab share: finding the partnership the
member may see, and refusing a write to those who may not change it."""

from django.urls import reverse

from partnerships.models import Partnership
from partnerships.selectors.access import partnership_for_change, partnership_get


def partnership_seen(request, public_id) -> Partnership:
    return partnership_get(
        platform=request.platform, membership=request.membership, public_id=public_id
    )


def partnership_to_change(request, public_id) -> Partnership:
    return partnership_for_change(
        platform=request.platform, membership=request.membership, public_id=public_id
    )


def form_data(request):
    # An empty POST (every lever unticked) is still a submitted form.
    return request.POST if request.method == "POST" else None


def tab_url(name: str, request, partnership: Partnership) -> str:
    return reverse(name, args=[request.platform.slug, partnership.public_id])
