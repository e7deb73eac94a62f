"""What the pages of the "Risks and learning" tab share (beyond partnerships.views.common)."""

from django.urls import reverse

from partnerships.models import Partnership


def form_data(request):
    # An empty POST (every lever unticked) is still a submitted form.
    return request.POST if request.method == "POST" else None


def tab_url(name: str, request, partnership: Partnership) -> str:
    return reverse(name, args=[request.platform.slug, partnership.public_id])
