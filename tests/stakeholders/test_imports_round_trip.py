"""An exported file imports into another platform as it was, and a confirmation made
outside any request (a command, a job) still works under row-level security."""

import pytest
from django.urls import reverse

from platforms.tenancy import unscoped
from stakeholders.models import ImportStatus, Organisation
from stakeholders.services.imports import organisation_import_confirm
from tests.factories import ContactFactory, OrganisationFactory
from tests.stakeholders.imports_helpers import csv_bytes, latest_import, many, run_jobs, upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_an_exported_file_imports_back_unchanged(world, login):
    organisation = OrganisationFactory(
        platform=world.a.platform,
        name="=Formula Farmers",
        acronym="-FF",
        sector="business",
        sub_type="sme",
        themes=["Food security", "+Nutrition"],
        mandate="@Everyone eats",
    )
    ContactFactory(organisation=organisation, name="Asha", phone="+94 11 234 5678")
    exported = b"".join(
        login(world.a.broker)
        .get(reverse("organisation_export", args=[world.a.platform.slug]))
        .streaming_content
    )
    assert b"'=Formula Farmers" in exported  # neutralised in the file

    response = upload(login(world.b.broker), world.b, exported)
    assert response.status_code == 302
    run_jobs()
    assert latest_import().status == ImportStatus.READY, latest_import().report
    login(world.b.broker).post(
        reverse("import_confirm", args=[world.b.platform.slug, latest_import().public_id])
    )
    run_jobs()

    with unscoped():
        copy = Organisation.objects.prefetch_related("contacts").get(platform=world.b.platform)
        (contact,) = copy.contacts.all()
    assert (copy.name, copy.acronym, copy.mandate) == ("=Formula Farmers", "-FF", "@Everyone eats")
    assert copy.themes == ["Food security", "+Nutrition"]
    assert (contact.name, contact.phone) == ("Asha", "+94 11 234 5678")


def test_a_confirmation_outside_a_request_returns_the_import(world, login):
    upload(login(world.a.broker), world.a, csv_bytes(many(2)))
    run_jobs()
    checked = latest_import()
    assert checked.status == ImportStatus.READY

    confirmed = organisation_import_confirm(
        platform=world.a.platform, organisation_import=checked, actor=world.a.broker.user
    )

    assert confirmed.status == ImportStatus.IMPORTING
    assert confirmed.import_job_id is not None
