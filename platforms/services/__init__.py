"""Writes (and workflows) for the tenancy app. One module per area; import from here."""

from .apikeys import api_key_create, api_key_revoke
from .invitations import (
    invitation_accept,
    invitation_accept_new_account,
    invitation_create,
    invitation_email_send,
    invitation_revoke,
    invitation_url,
)
from .members import membership_change_role, membership_remove
from .platforms import (
    logo_validate,
    membership_add,
    platform_create,
    platform_update,
)

__all__ = [
    "api_key_create",
    "api_key_revoke",
    "invitation_accept",
    "invitation_accept_new_account",
    "invitation_create",
    "invitation_email_send",
    "invitation_revoke",
    "invitation_url",
    "logo_validate",
    "membership_add",
    "membership_change_role",
    "membership_remove",
    "platform_create",
    "platform_update",
]
