"""A test-only URL configuration with a view that forgets to scope its query.

Used with ``@pytest.mark.urls("tests.platforms.rls_urls")`` to prove that row-level
security is the backstop: even a query with no platform filter returns only the rows of
the platform in the request's path.
"""

from django.http import JsonResponse
from django.urls import path

from platforms.models import Membership


def leaky_member_list(request, platform_slug: str):
    # Deliberately wrong: no .filter(platform=request.platform). Never write this.
    emails = [m.user.email for m in Membership.objects.select_related("user").all()]
    return JsonResponse({"emails": emails})


urlpatterns = [
    path("p/<slug:platform_slug>/leak/", leaky_member_list, name="leak"),
]
