"""The journey pages: the stepper, the next gate's checklist with its links, moving
forward and back (who may, what a refusal says, that it writes nothing), the history in
the platform's time zone, the vision page, and the query budget."""

from datetime import UTC, datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import assign_perm

from partnerships.models import Stage, StageMove
from partnerships.services.access import broker_assign
from platforms.tenancy import unscoped
from tests.factories import (
    ObjectiveFactory,
    PartnerFactory,
    PartnershipFactory,
    RepresentativeFactory,
    ResourceFactory,
)
from tests.partnerships.test_journey_gates import ready_partnership
from tests.partnerships.test_journey_moves import stored

pytestmark = pytest.mark.django_db


def url(name: str, side, partnership) -> str:
    return reverse(name, args=[side.platform.slug, partnership.public_id])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def assign(side, partnership, membership=None) -> None:
    with unscoped():
        broker_assign(
            platform=side.platform, partnership=partnership, membership=membership or side.broker
        )


@pytest.fixture
def at_purpose(world):
    """Platform A's partnership at stage 3 with no purpose yet, its broker assigned."""
    partnership = ready_partnership(
        world.a.platform, stage=Stage.PURPOSE, title="School meals", purpose=""
    )
    assign(world.a, partnership)
    return partnership


# ---- The journey page ----------------------------------------------------------------


def test_the_stepper_shows_done_current_and_ahead(world, login, at_purpose):
    response = login(world.a.observer).get(url("partnership_journey", world.a, at_purpose))
    assert response.status_code == 200
    steps = response.context["steps"]
    assert [s.state for s in steps] == ["done", "done", "current"] + ["ahead"] * 7
    html = response.content.decode()
    assert html.count('aria-current="step"') == 1
    assert "Agree a common purpose" in html and "Moving on" in html


def test_the_checklist_links_each_missing_item_for_those_who_can_change(world, login, at_purpose):
    html = login(world.a.broker).get(url("partnership_journey", world.a, at_purpose)).content
    html = html.decode()
    fix = url("partnership_vision", world.a, at_purpose) + "#id_purpose"
    assert f'<a href="{fix}">No common purpose yet.</a>' in html
    assert 'aria-disabled="true" aria-describedby="gate-missing">Move to stage 4</button>' in html
    assert "Move back" in html


def test_observers_see_the_checklist_without_links_or_forms(world, login, at_purpose):
    html = login(world.a.observer).get(url("partnership_journey", world.a, at_purpose)).content
    html = html.decode()
    assert "No common purpose yet." in html
    assert "#id_purpose" not in html
    assert url("partnership_move", world.a, at_purpose) not in html


def test_a_met_gate_offers_the_move(world, login):
    partnership = ready_partnership(world.a.platform, stage=Stage.OBJECTIVES)
    html = login(world.a.admin).get(url("partnership_journey", world.a, partnership)).content
    html = html.decode()
    assert "Everything this gate needs is recorded." in html
    assert 'aria-describedby="gate-missing">Move to stage 5</button>' in html
    assert "aria-disabled" not in html


def test_stage_one_explains_its_gate(world, login):
    partnership = PartnershipFactory(platform=world.a.platform)
    html = login(world.a.admin).get(url("partnership_journey", world.a, partnership)).content
    assert b"Understanding the context means knowing who is involved" in html
    assert b"No partner yet: add the organisations involved." in html


def test_the_history_lists_moves_in_the_platforms_time_zone(world, login, at_purpose):
    with unscoped():
        StageMove.objects.create(
            platform=world.a.platform,
            partnership=at_purpose,
            from_stage=4,
            to_stage=3,
            moved_by=world.a.broker.user,
            note="The purpose needs the new partner.",
        )
        # 22:30 UTC on 14 March is 04:00 on 15 March in Colombo.
        StageMove.objects.filter(partnership=at_purpose).update(
            created_at=datetime(2025, 3, 14, 22, 30, tzinfo=UTC)
        )
    html = login(world.a.observer).get(url("partnership_journey", world.a, at_purpose)).content
    html = html.decode()
    assert "15 Mar 2025, 04:00" in html
    assert "Stage 4 → 3" in html and '<span class="badge badge-warning">Back</span>' in html
    assert "Broker ALPHA" in html and "The purpose needs the new partner." in html


@pytest.mark.parametrize("role", ["admin", "broker", "secretariat", "observer"])
def test_platform_staff_and_observers_see_the_journey(world, login, at_purpose, role):
    response = login(getattr(world.a, role)).get(url("partnership_journey", world.a, at_purpose))
    assert response.status_code == 200


def test_a_representative_sees_only_its_partnerships_journey(world, login, at_purpose):
    client = login(world.a.partner)
    assert client.get(url("partnership_journey", world.a, at_purpose)).status_code == 404
    assert client.get(url("partnership_vision", world.a, at_purpose)).status_code == 404
    # A representative of one of its active partners, with the access that grants.
    partner = PartnerFactory(partnership=at_purpose)
    RepresentativeFactory(membership=world.a.partner, organisation=partner.organisation)
    with unscoped():
        assign_perm("partnerships.access_partnership", world.a.partner.user, at_purpose)
    response = client.get(url("partnership_journey", world.a, at_purpose))
    assert response.status_code == 200 and not response.context["can_change"]
    assert (
        client.post(url("partnership_move", world.a, at_purpose), {"to_stage": 4}).status_code
        == 403
    )


@pytest.mark.parametrize("name", ["partnership_journey", "partnership_vision"])
def test_other_platforms_get_404(world, login, at_purpose, name):
    # B's admin at A's address (not a member), and A's partnership under B's address.
    assert login(world.b.admin).get(url(name, world.a, at_purpose)).status_code == 404
    assert login(world.b.admin).get(url(name, world.b, at_purpose)).status_code == 404
    other = ready_partnership(world.b.platform)
    assert login(world.a.admin).get(url(name, world.a, other)).status_code == 404


def test_an_unknown_partnership_is_404(world, login):
    missing = reverse("partnership_journey", args=["alpha", "00000000-0000-0000-0000-000000000000"])
    assert login(world.a.admin).get(missing).status_code == 404


# ---- Moving ----------------------------------------------------------------------------


def test_moving_forward_records_the_move(world, login):
    partnership = ready_partnership(world.a.platform, stage=Stage.OBJECTIVES, title="Meals")
    assign(world.a, partnership)
    response = login(world.a.broker).post(
        url("partnership_move", world.a, partnership), {"to_stage": "5", "note": "Agreed."}
    )
    assert response.status_code == 302
    assert response["Location"] == url("partnership_journey", world.a, partnership)
    assert messages_of(response) == [
        "Meals moved on to stage 5: Agree resources, roles and responsibilities."
    ]
    assert stored(partnership)[1] == [(4, 5, world.a.broker.user.pk, "Agreed.")]


def test_a_refused_move_lists_what_is_missing_and_writes_nothing(world, login):
    partnership = PartnershipFactory(platform=world.a.platform, stage=Stage.RESOURCES, title="M")
    PartnerFactory(partnership=partnership, organisation__name="Ceylon Tea Growers", role="")
    ResourceFactory(
        partner=PartnerFactory(partnership=partnership, organisation__name="WFP", role="funder")
    )
    assign(world.a, partnership)
    before = stored(partnership)
    response = login(world.a.broker).post(
        url("partnership_move", world.a, partnership), {"to_stage": "6"}
    )
    assert response.status_code == 302
    assert messages_of(response) == [
        "M did not move to stage 6 (Structure the partnership): 2 things are still missing.",
        "Ceylon Tea Growers has no role yet.",
        "Ceylon Tea Growers has no resource or specific commitment yet.",
    ]
    assert stored(partnership) == before


def test_skipping_a_stage_is_refused(world, login, at_purpose):
    at_purpose.purpose = "Filled"
    with unscoped():
        at_purpose.save()
    before = stored(at_purpose)
    response = login(world.a.broker).post(
        url("partnership_move", world.a, at_purpose), {"to_stage": "5"}
    )
    assert messages_of(response) == [
        "The journey moves forward one stage at a time: from stage 3 the next is stage 4 "
        "(Agree specific objectives and activities)."
    ]
    assert stored(at_purpose) == before


def test_moving_back_needs_a_reason(world, login, at_purpose):
    client = login(world.a.broker)
    before = stored(at_purpose)
    response = client.post(url("partnership_move", world.a, at_purpose), {"to_stage": "1"})
    assert messages_of(response) == [
        "Give the reason for moving back: the history keeps it for the partners."
    ]
    assert stored(at_purpose) == before
    response = client.post(
        url("partnership_move", world.a, at_purpose),
        {"to_stage": "1", "note": "A key partner left."},
    )
    assert messages_of(response)[-1:] == [
        "School meals moved back to stage 1: Understand the context and the alignment of interests."
    ]
    assert stored(at_purpose)[1] == [(3, 1, world.a.broker.user.pk, "A key partner left.")]


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose the stage to move to."),
        ({"to_stage": "12"}, "Choose a stage of the journey."),
        ({"to_stage": "two"}, "Choose a stage of the journey."),
        (
            {"to_stage": "10", "ending": "exploded"},
            "Choose how the partnership ended from the list.",
        ),
    ],
)
def test_bad_move_input_gets_a_message(world, login, at_purpose, data, message):
    before = stored(at_purpose)
    response = login(world.a.broker).post(url("partnership_move", world.a, at_purpose), data)
    assert response.status_code == 302
    assert message in messages_of(response)
    assert stored(at_purpose) == before


def test_moving_on_through_the_page(world, login):
    partnership = ready_partnership(world.a.platform, stage=Stage.REVIEWING, title="Meals")
    client = login(world.a.admin)
    html = client.get(url("partnership_journey", world.a, partnership)).content.decode()
    assert 'name="ending"' in html and "Note on how it ended" in html
    client.post(
        url("partnership_move", world.a, partnership),
        {"to_stage": "10", "ending": "institutionalised", "note": "The ministry runs it now."},
    )
    html = client.get(url("partnership_journey", world.a, partnership)).content.decode()
    assert "The journey is complete" in html and "The ministry runs it now." in html


def test_move_is_post_only(world, login, at_purpose):
    response = login(world.a.admin).get(url("partnership_move", world.a, at_purpose))
    assert response.status_code == 405


@pytest.mark.parametrize("role", ["observer", "secretariat"])
def test_those_who_cannot_manage_partnerships_get_403(world, login, at_purpose, role):
    before = stored(at_purpose)
    response = login(getattr(world.a, role)).post(
        url("partnership_move", world.a, at_purpose), {"to_stage": "2", "note": "Why not"}
    )
    assert response.status_code == 403
    assert stored(at_purpose) == before


def test_a_broker_not_assigned_gets_403(world, login):
    partnership = ready_partnership(world.a.platform)
    before = stored(partnership)
    client = login(world.a.broker)
    assert (
        client.post(url("partnership_move", world.a, partnership), {"to_stage": "2"}).status_code
        == 403
    )
    assert (
        client.post(url("partnership_vision", world.a, partnership), {"vision": "x"}).status_code
        == 403
    )
    assert stored(partnership) == before
    response = client.get(url("partnership_journey", world.a, partnership))
    assert response.status_code == 200 and not response.context["can_change"]


def test_the_admin_moves_without_being_assigned(world, login):
    partnership = ready_partnership(world.a.platform)
    response = login(world.a.admin).post(
        url("partnership_move", world.a, partnership), {"to_stage": "2"}
    )
    assert response.status_code == 302
    assert stored(partnership)[1] == [(1, 2, world.a.admin.user.pk, "")]


def test_moving_another_platforms_partnership_is_404(world, login):
    other = ready_partnership(world.b.platform)
    before = stored(other)
    for address in (world.a, world.b):
        response = login(world.a.admin).post(
            url("partnership_move", address, other), {"to_stage": "2"}
        )
        assert response.status_code == 404
    assert stored(other) == before


# ---- The vision page -------------------------------------------------------------------


def test_the_vision_page_offers_guidance_and_saves(world, login, at_purpose):
    client = login(world.a.broker)
    response = client.get(url("partnership_vision", world.a, at_purpose))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no one partner can achieve the goals on its own" in html
    assert 'id="id_vision"' in html and 'id="id_purpose"' in html
    response = client.post(
        url("partnership_vision", world.a, at_purpose),
        {"vision": at_purpose.vision, "purpose": "  Meals from local farms in every school. "},
    )
    assert response.status_code == 302
    assert response["Location"] == url("partnership_journey", world.a, at_purpose)
    assert stored(at_purpose)[0][3] == "Meals from local farms in every school."


def test_observers_read_the_vision_and_cannot_change_it(world, login, at_purpose):
    client = login(world.a.observer)
    html = client.get(url("partnership_vision", world.a, at_purpose)).content.decode()
    assert at_purpose.vision in html and "<textarea" not in html
    before = stored(at_purpose)
    response = client.post(url("partnership_vision", world.a, at_purpose), {"vision": "Mine"})
    assert response.status_code == 403
    assert stored(at_purpose) == before


def test_emptying_an_agreed_vision_is_refused_on_the_form(world, login, at_purpose):
    before = stored(at_purpose)
    response = login(world.a.broker).post(
        url("partnership_vision", world.a, at_purpose), {"vision": "", "purpose": ""}
    )
    assert response.status_code == 200
    assert "move the partnership back to stage 2 first" in str(response.context["form"].errors)
    assert stored(at_purpose) == before


def test_a_vision_too_long_is_refused_on_the_form(world, login, at_purpose):
    response = login(world.a.broker).post(
        url("partnership_vision", world.a, at_purpose), {"vision": "x" * 4001, "purpose": ""}
    )
    assert response.status_code == 200 and response.context["form"].errors["vision"]


# ---- Query budget ----------------------------------------------------------------------


def _journey_queries(client, side, partnership) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("partnership_journey", side, partnership))
    assert response.status_code == 200
    return len(queries)


def test_the_journey_page_runs_a_fixed_number_of_queries(world, login):
    client = login(world.a.broker)
    counts = []
    for partners, moves in ((3, 1), (20, 15)):
        partnership = PartnershipFactory(platform=world.a.platform, stage=Stage.RESOURCES)
        assign(world.a, partnership)
        ObjectiveFactory(partnership=partnership)
        for index in range(partners):
            PartnerFactory(partnership=partnership, role="" if index % 2 else "core")
        with unscoped():
            StageMove.objects.bulk_create(
                StageMove(
                    platform=world.a.platform,
                    partnership=partnership,
                    from_stage=4,
                    to_stage=5,
                    moved_by=(world.a.broker if index % 2 else world.a.admin).user,
                )
                for index in range(moves)
            )
        counts.append(_journey_queries(client, world.a, partnership))
    assert counts[0] == counts[1], counts
