"""Checks made on locked rows: a check and the write it allows cannot be split by
another transaction. The partnership's row for writes that must keep a passed gate (and
the vision's rule), the partner's row for leaving and for reporting on its commitments.
Some tests race two real connections, as test_journey_moves does."""

import datetime
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from partnerships.models import Commitment, Partner, Partnership, Stage
from partnerships.services import commitments, partners, resources
from partnerships.services.agreed_checks import day
from partnerships.services.journey import partnership_move, partnership_vision_update
from platforms.tenancy import platform_transaction, tenant, unscoped
from tests.factories import (
    CommitmentFactory,
    PartnerFactory,
    RepresentativeFactory,
    ResourceFactory,
)
from tests.partnerships.test_journey_gates import ready_partnership

pytestmark = pytest.mark.django_db

JOINED = datetime.date(2024, 1, 1)


def locks(queries, table: str) -> list[str]:
    return [q["sql"] for q in queries if "FOR UPDATE" in q["sql"] and f'"{table}"' in q["sql"]]


def locked_before_writing(queries, table: str) -> bool:
    order = [q["sql"] for q in queries]
    (lock,) = locks(queries, table)
    first_write = next(i for i, sql in enumerate(order) if sql.startswith(("UPDATE", "DELETE")))
    return order.index(lock) < first_write


def test_leaving_locks_the_partner_before_writing(world):
    partner = PartnerFactory(partnership__platform=world.a.platform, joined_on=JOINED)
    with tenant(world.a.platform.pk), CaptureQueriesContext(connection) as queries:
        partners.partner_leave(
            platform=world.a.platform,
            partner=partner,
            actor=world.a.broker.user,
            left_on=world.a.platform.today(),
        )
    assert locked_before_writing(queries, "partnerships_partner")


def test_a_report_locks_the_commitment_and_its_partner(world):
    partner = PartnerFactory(partnership__platform=world.a.platform, joined_on=JOINED)
    commitment = CommitmentFactory(partner=partner)
    RepresentativeFactory(membership=world.a.partner, organisation=partner.organisation)
    with tenant(world.a.platform.pk), CaptureQueriesContext(connection) as queries:
        commitments.commitment_report(
            platform=world.a.platform,
            commitment=commitment,
            actor=world.a.partner.user,
            status="on_track",
        )
    assert locked_before_writing(queries, "partnerships_commitment")
    assert locked_before_writing(queries, "partnerships_partner")


def test_a_gated_write_locks_the_partnership_before_writing(world):
    partnership = ready_partnership(world.a.platform, stage=Stage.AGREEMENT)
    extra = PartnerFactory(partnership=partnership, joined_on=JOINED)
    ResourceFactory(partner=extra)
    resource = ResourceFactory(partner=extra)
    with tenant(world.a.platform.pk), CaptureQueriesContext(connection) as queries:
        resources.resource_delete(
            platform=world.a.platform, resource=resource, actor=world.a.broker.user
        )
    assert locked_before_writing(queries, "partnerships_partnership")


def test_the_vision_rule_reads_the_stage_as_stored_not_as_the_page_saw_it(world):
    # The editor loaded the vision page at stage 2 (where the vision may be emptied);
    # meanwhile a broker moved the partnership to stage 3.
    partnership = ready_partnership(world.a.platform, stage=Stage.VISION)
    with unscoped():
        stale = Partnership.objects.get(pk=partnership.pk)
    partnership_move(
        platform=world.a.platform,
        partnership=partnership,
        to_stage=Stage.PURPOSE,
        actor=world.a.broker.user,
    )
    with pytest.raises(ValidationError) as refused:
        partnership_vision_update(
            platform=world.a.platform, partnership=stale, actor=world.a.broker.user, vision=""
        )
    assert "move the partnership back to stage 2 first" in refused.value.message_dict["vision"][0]
    with unscoped():
        assert Partnership.objects.get(pk=partnership.pk).vision
    assert stale.vision  # the caller's copy shows what is stored


def race(holder: Callable[[Callable[[], None]], None], contender: Callable[[], object]):
    """Run ``holder`` and ``contender`` on two connections. The holder takes its lock,
    then calls the pause it is given, which lets the contender start and waits until
    the contender is seen waiting. Returns the contender's outcome (its messages when
    refused)."""
    holding, release, outcome = threading.Event(), threading.Event(), {}

    def pause() -> None:
        holding.set()
        release.wait(10)

    def hold():
        try:
            holder(pause)
        finally:
            connections.close_all()

    def contend():
        try:
            outcome["result"] = contender()
        except ValidationError as error:
            outcome["result"] = error.messages
        finally:
            connections.close_all()

    first = threading.Thread(target=hold)
    first.start()
    assert holding.wait(10)
    second = threading.Thread(target=contend)
    second.start()
    second.join(1.0)
    assert second.is_alive(), "the second transaction did not wait for the lock"
    release.set()
    first.join(10)
    second.join(10)
    return outcome["result"]


def leaving(world, partner_pk: int) -> Callable[[Callable[[], None]], None]:
    """Another request records the leaving: it locks the partner's row, pauses, then
    commits."""

    def holder(pause: Callable[[], None]) -> None:
        with platform_transaction(world.a.platform.pk):
            Partner.objects.select_for_update().get(pk=partner_pk)
            pause()
            Partner.objects.filter(pk=partner_pk).update(left_on=world.a.platform.today())

    return holder


@pytest.mark.django_db(transaction=True)
def test_two_leavings_at_once_record_one(world):
    partner = PartnerFactory(partnership__platform=world.a.platform, joined_on=JOINED)

    def second_leaving():
        with platform_transaction(world.a.platform.pk):
            stale = Partner.objects.select_related("organisation").get(pk=partner.pk)
            partners.partner_leave(
                platform=world.a.platform,
                partner=stale,
                actor=world.a.broker.user,
                left_on=world.a.platform.today(),
                note="Second",
            )
        return "left"

    result = race(leaving(world, partner.pk), second_leaving)
    assert result == [f"{partner.organisation} already left on {day(world.a.platform.today())}."]
    with unscoped():
        assert Partner.objects.get(pk=partner.pk).left_note == ""


@pytest.mark.django_db(transaction=True)
def test_a_report_waits_for_a_leaving_and_is_refused(world):
    partner = PartnerFactory(partnership__platform=world.a.platform, joined_on=JOINED)
    commitment = CommitmentFactory(partner=partner)
    RepresentativeFactory(membership=world.a.partner, organisation=partner.organisation)

    def report():
        with platform_transaction(world.a.platform.pk):
            commitments.commitment_report(
                platform=world.a.platform,
                commitment=commitment,
                actor=world.a.partner.user,
                status="on_track",
            )
        return "reported"

    result = race(leaving(world, partner.pk), report)
    assert result == [
        "Your organisation has left this partnership, so it no longer reports on its "
        "commitments there."
    ]
    with unscoped():
        assert Commitment.objects.get(pk=commitment.pk).status == "planned"


@pytest.mark.django_db(transaction=True)
def test_a_gated_write_waits_for_a_move_and_is_judged_after_it(world):
    # While a move into stage 6 holds the partnership's row, clearing a role waits; once
    # the move commits, the role is agreed and the edit is refused.
    partnership = ready_partnership(world.a.platform, stage=Stage.RESOURCES)
    with unscoped():
        Partner.objects.filter(partnership=partnership).update(joined_on=JOINED)
        partner_pk = Partner.objects.get(partnership=partnership).pk

    def move(pause: Callable[[], None]) -> None:
        with platform_transaction(world.a.platform.pk):
            Partnership.objects.select_for_update().get(pk=partnership.pk)
            pause()
            Partnership.objects.filter(pk=partnership.pk).update(stage=Stage.STRUCTURE)

    def clear_role():
        with platform_transaction(world.a.platform.pk):
            partner = Partner.objects.select_related("partnership").get(pk=partner_pk)
            partners.partner_update(
                platform=world.a.platform, partner=partner, actor=world.a.broker.user, role=""
            )
        return "cleared"

    result = race(move, clear_role)
    assert result == [
        "This would undo what stage 5 agreed: Sarvodaya has no role yet. "
        "Move the partnership back to stage 5 first."
    ]
    with unscoped():
        assert Partner.objects.get(pk=partner_pk).role == "core"
