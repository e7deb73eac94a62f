"""The registry's services on their own (as the API, jobs and commands call them): every
object must belong to the platform named, a refusal writes nothing and leaves the object
as it was stored, and no actor (the system) is fine."""

import pytest
from django.core.exceptions import ValidationError

from platforms.models import AuditEvent
from platforms.tenancy import unscoped
from stakeholders import csvio
from stakeholders.models import Contact, Organisation, Sector, SubType
from stakeholders.services import common
from stakeholders.services.interactions import interaction_update
from stakeholders.services.organisations import (
    CONTACT_FIELDS,
    ORGANISATION_FIELDS,
    contact_create,
    contact_delete,
    contact_update,
    organisation_archive,
    organisation_restore,
    organisation_update,
    themes_clean,
)
from stakeholders.services.representatives import contact_invite
from tests.factories import ContactFactory, InteractionFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def stored(model, platform) -> list[dict]:
    with unscoped():
        return list(model.objects.filter(platform=platform).order_by("pk").values())


@pytest.fixture
def theirs(world):
    """An organisation of platform B, with a contact."""
    organisation = OrganisationFactory(platform=world.b.platform, name="Beta NGO")
    return organisation, ContactFactory(organisation=organisation, email="b@beta.example")


# --- The platform guard ---------------------------------------------------------------------


def test_a_contact_is_never_added_to_another_platforms_organisation(world, theirs):
    organisation, _contact = theirs
    before = stored(Contact, world.b.platform), stored(Contact, world.a.platform)
    with pytest.raises(ValidationError) as refused:
        contact_create(
            platform=world.a.platform,
            organisation=organisation,
            actor=world.a.broker.user,
            name="Cross-tenant",
        )
    assert refused.value.messages == ["This organisation belongs to another platform."]
    assert (stored(Contact, world.b.platform), stored(Contact, world.a.platform)) == before


@pytest.mark.parametrize(
    "call",
    [
        lambda a, org, contact: organisation_update(
            platform=a.platform, organisation=org, actor=a.broker.user, name="Renamed"
        ),
        lambda a, org, contact: organisation_archive(
            platform=a.platform, organisation=org, actor=a.broker.user
        ),
        lambda a, org, contact: organisation_restore(
            platform=a.platform, organisation=org, actor=a.broker.user
        ),
        lambda a, org, contact: contact_update(
            platform=a.platform, contact=contact, actor=a.broker.user, name="Renamed"
        ),
        lambda a, org, contact: contact_delete(
            platform=a.platform, contact=contact, actor=a.broker.user
        ),
        lambda a, org, contact: contact_invite(
            platform=a.platform, contact=contact, invited_by=a.broker.user
        ),
    ],
    ids=["organisation_update", "archive", "restore", "contact_update", "delete", "invite"],
)
def test_services_refuse_another_platforms_objects(world, theirs, call):
    organisation, contact = theirs
    before = [
        stored(m, p) for m in (Organisation, Contact) for p in (world.a.platform, world.b.platform)
    ]
    with pytest.raises(ValidationError, match="belongs to another platform"):
        call(world.a, organisation, contact)
    after = [
        stored(m, p) for m in (Organisation, Contact) for p in (world.a.platform, world.b.platform)
    ]
    assert after == before


def test_the_system_may_act_without_a_user(world):
    """Jobs and commands pass no actor: the audit trail records no user, nothing breaks."""
    organisation = OrganisationFactory(platform=world.a.platform)
    organisation_archive(platform=world.a.platform, organisation=organisation, actor=None)
    organisation_restore(platform=world.a.platform, organisation=organisation, actor=None)
    contact = contact_create(
        platform=world.a.platform, organisation=organisation, actor=None, name="Nimal"
    )
    contact_delete(platform=world.a.platform, contact=contact, actor=None)
    with unscoped():
        events = AuditEvent.objects.filter(
            platform=world.a.platform, table_name=Organisation._meta.db_table, action="update"
        )
        assert events.count() == 2
        assert {event.actor_id for event in events} == {None}
        assert not Contact.objects.filter(pk=contact.pk).exists()


# --- One update, the same everywhere --------------------------------------------------------


def test_a_refused_organisation_update_leaves_the_object_as_stored(world):
    organisation = OrganisationFactory(
        platform=world.a.platform, name="Hayleys", sector=Sector.BUSINESS, sub_type=""
    )
    before = stored(Organisation, world.a.platform)
    with pytest.raises(ValidationError) as refused:
        organisation_update(
            platform=world.a.platform,
            organisation=organisation,
            actor=world.a.broker.user,
            name="Renamed",
            sub_type=SubType.NATIONAL_NGO,
        )
    assert "is not a kind of business" in refused.value.message_dict["sub_type"][0]
    assert (organisation.name, organisation.sub_type) == ("Hayleys", "")
    assert stored(Organisation, world.a.platform) == before


def test_a_refused_contact_update_leaves_the_object_as_stored(world):
    contact = ContactFactory(
        organisation=OrganisationFactory(platform=world.a.platform),
        name="Ana Perera",
        email="ana@example.org",
    )
    before = stored(Contact, world.a.platform)
    with pytest.raises(ValidationError) as refused:
        contact_update(
            platform=world.a.platform,
            contact=contact,
            actor=world.a.broker.user,
            name="  Ana   Silva ",
            email="not an email",
        )
    assert "email" in refused.value.message_dict
    assert (contact.name, contact.email) == ("Ana Perera", "ana@example.org")
    assert stored(Contact, world.a.platform) == before


def test_a_refused_interaction_update_leaves_the_object_as_stored(world):
    interaction = InteractionFactory(
        organisation=OrganisationFactory(platform=world.a.platform), subject="Kick-off"
    )
    with pytest.raises(ValidationError):
        interaction_update(
            platform=world.a.platform,
            interaction=interaction,
            actor=world.a.broker.user,
            subject="",
            notes="New notes",
        )
    assert (interaction.subject, interaction.notes) == ("Kick-off", "")


def test_an_update_saves_only_what_changed_and_nothing_when_nothing_did(world):
    organisation = OrganisationFactory(platform=world.a.platform, name="Hayleys", acronym="H")
    organisation_update(
        platform=world.a.platform,
        organisation=organisation,
        actor=world.a.broker.user,
        name=" Hayleys ",
        acronym="HAY",
    )
    organisation_update(
        platform=world.a.platform,
        organisation=organisation,
        actor=world.a.broker.user,
        acronym="HAY",
    )
    with unscoped():
        updates = list(
            AuditEvent.objects.filter(
                platform=world.a.platform, object_id=organisation.pk, action="update"
            ).values_list("changes", flat=True)
        )
    assert len(updates) == 1  # the second call changed nothing, so wrote nothing
    assert "acronym" in updates[0] and "name" not in updates[0]


def test_unknown_fields_are_a_programming_error(world):
    organisation = OrganisationFactory(platform=world.a.platform)
    with pytest.raises(TypeError, match=r"Unknown organisation fields: \['archived_at'\]"):
        organisation_update(
            platform=world.a.platform,
            organisation=organisation,
            actor=world.a.broker.user,
            archived_at=None,
        )


def test_one_actor_id_helper():
    """Every stakeholders service takes the acting user's id from one helper."""
    from stakeholders.services.screening import criteria, screenings

    assert criteria.actor_id is screenings.actor_id is common.actor_id
    assert common.actor_id(None) is None


# --- Themes: one separator, everywhere ------------------------------------------------------


def test_themes_are_separated_by_semicolons_only():
    assert themes_clean("Water, sanitation and hygiene; Food security ;food SECURITY;") == [
        "Water, sanitation and hygiene",
        "Food security",
    ]
    assert themes_clean(["Water, sanitation and hygiene", " Nutrition "]) == [
        "Water, sanitation and hygiene",
        "Nutrition",
    ]
    assert csvio.THEME_SEPARATOR == ";"


# --- One list of fields ----------------------------------------------------------------------


def test_the_field_lists_are_defined_once():
    from stakeholders.forms import organisations as forms
    from stakeholders.views import contacts as contact_views

    assert not hasattr(forms, "SERVICE_FIELDS")
    assert contact_views.CONTACT_FIELDS is CONTACT_FIELDS
    # The CSV file keeps its own column names (contact_*), but covers every field.
    assert list(ORGANISATION_FIELDS) == csvio.ORGANISATION_COLUMNS
    assert [f"contact_{name}" for name in CONTACT_FIELDS] == csvio.CONTACT_COLUMNS
