"""Who may do what: every role check for pages and API endpoints lives here.

Roles come from the membership on the current platform (set by TenantMiddleware).
Object-level exceptions (a partner organisation's users on one partnership) are
django-guardian permissions on direct foreign-key tables; see platforms.models.permissions.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission

from platforms.models import ApiScope, Role

ADMINS = frozenset({Role.PLATFORM_ADMIN})
STAFF = frozenset({Role.PLATFORM_ADMIN, Role.BROKER, Role.SECRETARIAT})
BROKERS = frozenset({Role.PLATFORM_ADMIN, Role.BROKER})
EVERYONE = frozenset(Role.values)
# Everyone who works the platform's records in the web UI. Partner representatives see
# their own organisation through the API instead of the whole registry.
READERS = frozenset({*STAFF, Role.OBSERVER})
REPRESENTATIVES = frozenset({Role.PARTNER_REPRESENTATIVE})

# What each role may do on the platform, by name. Views and APIs ask by capability.
CAPABILITIES: dict[str, frozenset[str]] = {
    "view_platform": EVERYONE,
    "manage_members": ADMINS,
    "manage_platform": ADMINS,
    "view_activity": ADMINS,
    "view_jobs": EVERYONE,
    "manage_own_api_keys": EVERYONE,
    # Others see only the jobs they asked for (their exports may hold what others may not see).
    "view_all_jobs": STAFF,
    # Stakeholders: the registry, screening, maps, the engagement log.
    "view_organisations": READERS,
    "manage_organisations": STAFF,
    "import_organisations": STAFF,
    "invite_representatives": BROKERS,
    "screen_organisations": BROKERS,
    "manage_screening_criteria": ADMINS,
    "manage_maps": BROKERS,
    "log_interactions": STAFF,
    "represent_organisation": REPRESENTATIVES,
    # Partnerships. Staff and observers see every partnership of the platform; partner
    # representatives see those their organisation belongs to (a django-guardian object
    # permission, partnerships.selectors.access). Changing one partnership also needs
    # the object check: platform admins, or the brokers assigned to it.
    "view_partnerships": EVERYONE,
    # Every partnership of the platform, without the object permission: the roles
    # partnerships.selectors.access lets see them all, and the platform-wide pages and
    # home cards (commitments due, health alerts) that do not filter partnership by
    # partnership. One set, so the two can never disagree.
    "view_all_partnerships": READERS,
    "create_partnerships": BROKERS,
    "manage_partnerships": BROKERS,
    "respond_health_checks": REPRESENTATIVES,
    # Partnering agreements: platform admins keep the templates; everyone who works the
    # platform's records reads them.
    "manage_agreement_templates": ADMINS,
    "view_agreement_templates": READERS,
    # Agreements of a partnership: drafting also needs the partnership's object check
    # (platform admins and its assigned brokers), reading needs to see the partnership.
    "draft_agreements": BROKERS,
    # The platform-wide register of agreements, and downloading a selection of their PDFs
    # as one zip (the secretariat's archive; a zip holds every party's agreement at once).
    "view_all_agreements": READERS,
    "download_agreement_sets": frozenset({Role.PLATFORM_ADMIN, Role.SECRETARIAT}),
}


def can(membership, capability: str) -> bool:
    return membership is not None and membership.role in CAPABILITIES[capability]


def require(capability: str):
    """View decorator: the current member needs the capability, or gets 403."""
    if capability not in CAPABILITIES:
        raise ValueError(f"Unknown capability {capability!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not can(request.membership, capability):
                raise PermissionDenied("Your role on this platform does not allow this.")
            return view(request, *args, **kwargs)

        wrapped.required_capability = capability  # type: ignore[attr-defined]
        return wrapped

    return decorator


def requires_capability(view) -> str | None:
    """The capability a view was decorated with (through any other decorators)."""
    while view is not None:
        if hasattr(view, "required_capability"):
            return view.required_capability
        view = getattr(view, "__wrapped__", None)
    return None


class HasApiKey(BasePermission):
    """A valid key is required; writes also need the key's ``write`` scope."""

    def has_permission(self, request, view) -> bool:
        key = getattr(request._request, "api_key", None)
        if key is None:
            raise exceptions.NotAuthenticated()
        if request.method not in SAFE_METHODS and ApiScope.WRITE not in key.scopes:
            raise exceptions.PermissionDenied("This API key does not have the write scope.")
        if request.method in SAFE_METHODS and not (
            set(key.scopes) & {ApiScope.READ, ApiScope.WRITE}
        ):
            raise exceptions.PermissionDenied("This API key does not have the read scope.")
        capability = getattr(view, "capability", "view_platform")
        if not can(key.membership, capability):
            raise exceptions.PermissionDenied("Your role on this platform does not allow this.")
        return True
