from platforms.selectors import memberships_of_user


def tenancy(request):
    """The current platform and membership, and the user's platforms for the switcher."""
    user = getattr(request, "user", None)
    return {
        "platform": getattr(request, "platform", None),
        "membership": getattr(request, "membership", None),
        "my_memberships": (lambda: memberships_of_user(user=user)) if user else list,
    }
