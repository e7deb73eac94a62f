from platforms.permissions import CAPABILITIES, can
from platforms.selectors import memberships_of_user


def tenancy(request):
    """The current platform and membership, what the member may do there (for showing
    navigation by role), and the user's platforms for the switcher."""
    user = getattr(request, "user", None)
    membership = getattr(request, "membership", None)
    return {
        "platform": getattr(request, "platform", None),
        "membership": membership,
        "capabilities": {name: can(membership, name) for name in CAPABILITIES},
        # Lazy: the query runs only when a template shows the switcher.
        "my_memberships": (lambda: memberships_of_user(user=user)) if user else list,
    }
