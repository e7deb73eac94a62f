"""Deleting what a passed stage agreed is refused on the web with a message, not a 500,
and the record stays."""

import pytest
from django.urls import reverse

from partnerships.models import Activity, Commitment, GovernanceBody, Objective, Resource
from platforms.tenancy import unscoped
from tests.partnerships.test_journey_kept import agreed  # noqa: F401 (fixture)


@pytest.mark.parametrize(
    "name, key, model",
    [
        ("resource_delete", "resource", Resource),
        ("objective_delete", "objective", Objective),
        ("activity_delete", "activity", Activity),
        ("body_delete", "body", GovernanceBody),
    ],
)
def test_deleting_what_a_stage_agreed_is_a_message(login, world, agreed, name, key, model):  # noqa: F811
    partnership = agreed["partnership"]
    kwarg = {
        "resource": "resource_id",
        "objective": "objective_id",
        "activity": "activity_id",
        "body": "body_id",
    }[key]
    url = reverse(
        name,
        kwargs={
            "platform_slug": world.a.platform.slug,
            "public_id": partnership.public_id,
            kwarg: agreed[key].public_id,
        },
    )
    response = login(world.a.admin).post(url, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "This would undo what stage" in text
    with unscoped():
        assert model.objects.filter(pk=agreed[key].pk).exists()


def test_deleting_the_only_commitment_of_a_partner_is_a_message(login, world, agreed):  # noqa: F811
    commitment = agreed["commitment"]
    url = reverse(
        "commitment_delete",
        kwargs={
            "platform_slug": world.a.platform.slug,
            "public_id": agreed["partnership"].public_id,
            "commitment_id": commitment.public_id,
        },
    )
    response = login(world.a.admin).post(url, follow=True)
    assert response.status_code == 200
    assert "This would undo what stage" in response.content.decode()
    with unscoped():
        assert Commitment.objects.filter(pk=commitment.pk).exists()


def test_the_overview_warns_when_a_partner_leaving_undid_a_stage(login, world, agreed):  # noqa: F811
    from partnerships.models import Partner

    with unscoped():
        Partner.objects.filter(pk=agreed["wfp"].pk).update(role="")  # as if recorded before
    url = reverse(
        "partnership_detail",
        kwargs={
            "platform_slug": world.a.platform.slug,
            "public_id": agreed["partnership"].public_id,
        },
    )
    text = login(world.a.broker).get(url).content.decode()
    assert "What was agreed no longer holds" in text
    assert "Since stage 5: WFP has no role yet." in text
