"""Where apps further up plug per-platform work into the tenancy app's workflows.

Dependencies point one way (stakeholders → platforms), so the tenancy app cannot call
the apps built on it. Instead they register a function here from their AppConfig.ready,
and the workflow calls every registered function inside its own transaction: what they
write commits or rolls back with it. Three moments are offered, and no more until needed:

- ``PLATFORM_CREATED``: ``fn(platform=..., actor=...)``, e.g. seed the platform's
  screening criteria.
- ``INVITATION_ACCEPTED``: ``fn(invitation=..., membership=...)``, e.g. tie a partner
  representative to the organisation whose contact was invited.
- ``MEMBERSHIP_CHANGED``: ``fn(membership=..., removed=...)``, after a member's role
  changed (``removed=False``) or just before the membership is deleted
  (``removed=True``), e.g. take away object permissions keyed by the user.

And one for demo data only: ``DEMO_SEEDERS``, ``fn(platforms={slug: Platform}) -> int``
(records created), called by ``manage.py seed_demo`` after the platforms and people exist,
in INSTALLED_APPS order. Each must be idempotent, like the command.
"""

from collections.abc import Callable
from typing import TypeVar

Hook = TypeVar("Hook", bound=Callable[..., object])

PLATFORM_CREATED: list[Callable[..., object]] = []
INVITATION_ACCEPTED: list[Callable[..., object]] = []
MEMBERSHIP_CHANGED: list[Callable[..., object]] = []
DEMO_SEEDERS: list[Callable[..., int]] = []


def on_platform_created(fn: Hook) -> Hook:
    if fn not in PLATFORM_CREATED:
        PLATFORM_CREATED.append(fn)
    return fn


def on_invitation_accepted(fn: Hook) -> Hook:
    if fn not in INVITATION_ACCEPTED:
        INVITATION_ACCEPTED.append(fn)
    return fn


def on_membership_changed(fn: Hook) -> Hook:
    if fn not in MEMBERSHIP_CHANGED:
        MEMBERSHIP_CHANGED.append(fn)
    return fn


def demo_seeder(fn: Callable[..., int]) -> Callable[..., int]:
    if fn not in DEMO_SEEDERS:
        DEMO_SEEDERS.append(fn)
    return fn
