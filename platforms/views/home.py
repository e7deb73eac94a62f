from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from platforms.selectors import memberships_of_user


@login_required
def index(request):
    """Send a member of one platform straight there; let a member of several choose."""
    memberships = memberships_of_user(user=request.user)
    if len(memberships) == 1:
        return redirect("home", platform_slug=memberships[0].platform.slug)
    return render(request, "platforms/index.html", {"memberships": memberships})


def platform_home(request, platform_slug):
    return render(request, "platforms/home.html", {})
