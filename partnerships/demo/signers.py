"""Accounts for the demo agreements' signatories. Only a signatory's own account may sign
(partnerships.services.signing), and only a partner representative of its organisation
may be linked to a signatory, so each registry contact who signs in the demo gets a login
like the other demo users (``seed_demo``: the username is the email, the password
``DEMO_PASSWORD``), a partner-representative membership and the Representative row that
ties it to the contact, as accepting an invitation would. A contact who has one already
(the demo partner logins) keeps it."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from partnerships.services.access import representative_access_sync
from platforms.models import Membership, Role
from platforms.services.platforms import membership_add
from stakeholders.models import Contact, Organisation, Representative

from .records import SignatorySpec

if TYPE_CHECKING:
    from . import Seeding

User = get_user_model()


def contact_get(organisation: Organisation, name: str) -> Contact:
    contact = Contact.objects.filter(organisation=organisation, name=name).first()
    if contact is None:
        raise LookupError(f"The demo's registry has no contact {name!r} at {organisation}.")
    return contact


def representative_of(contact: Contact) -> Membership | None:
    """The contact's partner-representative membership, if the contact has one."""
    representative = (
        Representative.objects.filter(
            platform_id=contact.platform_id,
            contact=contact,
            membership__role=Role.PARTNER_REPRESENTATIVE,
        )
        .select_related("membership__user")
        .first()
    )
    return representative.membership if representative else None


def signer_accounts_seed(run: Seeding, signatories: Iterable[SignatorySpec]) -> None:
    """A login for each contact among these who has none yet."""
    password = os.environ.get("DEMO_PASSWORD", "bridgework-demo")
    for spec in signatories:
        organisation = run.organisations[spec.partner]
        contact = contact_get(organisation, spec.name)
        if representative_of(contact) is not None:
            continue
        first, _, last = contact.name.partition(" ")
        user, created = User.objects.get_or_create(
            username=contact.email,
            defaults={"email": contact.email, "first_name": first, "last_name": last},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        membership = membership_add(
            platform=run.platform, user=user, role=Role.PARTNER_REPRESENTATIVE, actor=run.broker
        )
        Representative.objects.create(
            platform=run.platform, membership=membership, organisation=organisation, contact=contact
        )
        # Its organisation's partnerships, should any exist already.
        representative_access_sync(platform=run.platform, membership=membership)
        run.created += 2 + created
