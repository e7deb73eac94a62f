"""CSV import: the file checks in the request, the check job's report, and the import
job that writes everything or nothing. Jobs run in this process (job_execute); the real
worker is in test_imports_worker.py, the pages' access rules in test_imports_pages.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from platforms.models import Job
from platforms.tenancy import unscoped
from stakeholders.csvio import COLUMNS
from stakeholders.models import Contact, ImportStatus, Organisation, OrganisationImport
from stakeholders.services.imports import writing
from tests.factories import ContactFactory, OrganisationFactory
from tests.stakeholders.imports_helpers import (
    checked,
    confirm_url,
    counts,
    csv_bytes,
    detail_url,
    imported,
    latest_import,
    many,
    row,
    run_jobs,
    upload,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def broker(world, login):
    return login(world.a.broker)


def nothing_stored(media) -> bool:
    with unscoped():
        no_rows = not OrganisationImport.objects.exists() and not Job.objects.exists()
    no_files = not media.exists() or not [p for p in media.rglob("*") if p.is_file()]
    return no_rows and no_files and counts() == (0, 0)


# --- Files refused at once -----------------------------------------------------------------

LATIN_1 = csv_bytes([row(name="Société Générale Café")], encoding="latin-1")
UTF_16 = csv_bytes([row()], encoding="utf-16")
MISSING = csv_bytes([row()], header=[c for c in COLUMNS if c not in ("website", "themes")])
EXTRA = csv_bytes([row()], header=[*COLUMNS, "notes"])
TOO_MANY_ROWS = csv_bytes(many(20_001))
TOO_BIG = csv_bytes([row(mandate="x" * 5000)] * 1100)  # about 5.5 MB
NO_HEADER = b"\n".join(csv_bytes([row(), row(name="Other")]).splitlines()[1:])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Choose a CSV file to import."),
        (b"", "The file is empty."),
        (b"\xef\xbb\xbf\r\n", "The file is empty."),
        (csv_bytes([]), "The file has a header but no rows under it"),
        (LATIN_1, "The file is not UTF-8 text (line 2"),
        (LATIN_1, "Save it as CSV UTF-8"),
        (UTF_16, "The file is saved as UTF-16"),
        (b"PK\x03\x04binary", "This is a spreadsheet workbook (.xlsx), not a CSV file."),
        (MISSING, "Missing columns: website, themes."),
        (EXTRA, "Unknown columns: notes."),
        (csv_bytes([row()], header=[*COLUMNS, "name"]), "Columns given twice: name."),
        (NO_HEADER, "The first row must be the header"),
        (TOO_MANY_ROWS, "The file has 20,001 rows. An import can be at most 5 MB and 20,000 rows"),
        (TOO_BIG, "An import can be at most 5 MB and 20,000 rows"),
        (b'name,acronym\n"unclosed', "Missing columns"),
    ],
)
def test_a_file_that_cannot_be_an_import_is_refused_at_once_and_nothing_is_stored(
    world, broker, media, content, message
):
    response = upload(broker, world.a, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_stored(media)


def test_a_nul_byte_deep_in_the_file_is_refused_not_an_error(world, broker, media):
    content = csv_bytes(many(200)) + b"Bad\x00name,,Academia" + b"," * 10 + b"\r\n"
    response = upload(broker, world.a, content)
    assert response.status_code == 400
    assert "The file is not a valid CSV file (near line 202" in response.content.decode()
    assert nothing_stored(media)


def test_a_malformed_csv_is_refused_with_where(world, broker, media):
    content = csv_bytes([row()]) + b'"Unclosed quote,civil society\n'
    response = upload(broker, world.a, content)
    assert response.status_code == 400
    assert "The file is not a valid CSV file (near line" in response.content.decode()
    assert nothing_stored(media)


@pytest.mark.parametrize(
    "content",
    [
        b"\xef\xbb\xbf" + csv_bytes([row()]),  # Excel's "CSV UTF-8" starts with a BOM
        csv_bytes([row()], delimiter=";"),  # Excel in European locales
        csv_bytes([row()])
        .replace(b"contact_name,", b" Contact Name ,")
        .replace(b"sub_type", b"SUB-TYPE"),
        csv_bytes([row()]) + b",,,,,,,,,,,,\r\n\r\n",  # blank rows at the end
    ],
)
def test_utf8_with_or_without_bom_and_other_harmless_variants_are_accepted(world, broker, content):
    organisation_import = checked(broker, world.a, content)
    assert organisation_import.status == ImportStatus.READY, organisation_import.report
    assert organisation_import.report["rows"] == 1
    assert organisation_import.filename == "organisations.csv"


# --- The check job ---------------------------------------------------------------------------


def test_a_file_with_one_bad_row_is_invalid_the_report_names_it_and_nothing_is_written(
    world, broker
):
    rows = [*many(5), row(name="Bad one", sector="Spaceships"), *many(3, prefix="More")]
    organisation_import = checked(broker, world.a, rows)

    assert organisation_import.status == ImportStatus.INVALID
    report = organisation_import.report
    assert (report["rows"], report["bad_row_count"]) == (9, 1)
    assert report["bad_rows"][0]["row"] == 7
    assert "unknown sector “Spaceships”" in report["bad_rows"][0]["reasons"][0]
    assert counts() == (0, 0)

    page = broker.get(detail_url(world.a, organisation_import)).content.decode()
    assert "1 of 9 rows have errors, so nothing can be imported from this file." in page
    assert "unknown sector “Spaceships”" in page
    assert "Fix the file and upload it again" in page
    assert "Import 9" not in page and "import_confirm" not in page

    response = broker.post(confirm_url(world.a, organisation_import), follow=True)
    assert "This file has errors, so nothing can be imported from it." in response.content.decode()
    assert latest_import().status == ImportStatus.INVALID
    assert latest_import().import_job is None
    assert counts() == (0, 0)


BAD_ROWS = [
    (row(name=""), "name: required, but empty."),
    (row(sector=" "), "sector: required, but empty."),
    (row(sector="Church"), "sector: unknown sector “Church”. Use one of: Civil society, Academia"),
    (row(sub_type="Cooperative"), "sub_type: unknown sub-type “Cooperative”."),
    (row(sub_type="SME"), "sub_type: “Small or medium enterprise” is not a kind of civil society"),
    (row(country="Atlantis"), "country: unknown country “Atlantis”."),
    (row(website="not a web site"), "website: Enter a valid URL."),
    (row(contact_email="jane@"), "contact_email: Enter a valid email address."),
    (row(contact_name="", contact_email="x@example.org"), "contact_name: required when a row"),
    (row(name="N" * 201), "name: Ensure this value has at most 200 characters (it has 201)."),
    (row(acronym="A" * 31), "acronym: Ensure this value has at most 30 characters (it has 31)."),
    (row(contact_phone="1" * 41), "contact_phone: Ensure this value has at most 40 characters"),
]


@pytest.mark.parametrize(("bad", "reason"), BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_with_its_reason(world, broker, bad, reason):
    organisation_import = checked(broker, world.a, [row(name="Good", acronym=""), bad])
    assert organisation_import.status == ImportStatus.INVALID
    (reported,) = organisation_import.report["bad_rows"]
    assert reported["row"] == 3
    assert any(r.startswith(reason) for r in reported["reasons"]), reported["reasons"]
    assert counts() == (0, 0)


def test_every_bad_row_is_reported_not_only_the_first(world, broker):
    rows = [row(name=f"Org {n}", acronym="", sector="nope") for n in range(700)]
    organisation_import = checked(broker, world.a, rows)
    report = organisation_import.report
    assert report["bad_row_count"] == 700
    assert len(report["bad_rows"]) == 500  # the list shown is capped; the count is not
    page = broker.get(detail_url(world.a, organisation_import)).content.decode()
    assert "(the first 500 of 700)" in page


def test_duplicate_rows_and_conflicting_details_are_bad_rows(world, broker):
    rows = [
        row(),
        row(),  # the same row again
        row(website="https://other.example"),  # same organisation, other details
        row(contact_name="Jane Again", contact_role="Other"),  # same contact email again
    ]
    report = checked(broker, world.a, rows).report
    reasons = {bad["row"]: " ".join(bad["reasons"]) for bad in report["bad_rows"]}
    assert reasons[3] == "This row repeats row 2 exactly (a duplicate row)."
    assert reasons[4].startswith(
        "Same organisation as row 2 (name and acronym) but with different website."
    )
    assert reasons[5] == (
        "contact_email: jane@sarvodaya.example is already a contact of this organisation in row 2."
    )


def test_rows_of_one_organisation_become_one_organisation_with_its_contacts(world, broker):
    rows = [
        row(contact_name="A", contact_email="a@example.org"),
        row(
            name="SARVODAYA Shramadana  Movement",
            acronym="sarvodaya",
            contact_name="B",
            contact_email="b@example.org",
        ),  # fmt: skip
        row(
            name="Ministry of Health",
            acronym="",
            sector="government",
            sub_type="ministry_agency",
            country="lk",
            contact_name="",
            contact_role="",
            contact_email="",
            contact_phone="",
        ),  # fmt: skip
    ]
    organisation_import = checked(broker, world.a, rows)
    assert organisation_import.status == ImportStatus.READY, organisation_import.report
    report = organisation_import.report
    assert (report["organisations"], report["new"], report["contacts"]) == (2, 2, 2)


def test_likely_duplicates_are_found_by_name_or_acronym_in_this_platform_only(world, broker):
    by_name = OrganisationFactory(platform=world.a.platform, name="sarvodaya shramadana movement")
    by_acronym = OrganisationFactory(platform=world.a.platform, name="World Food Programme",
                                     acronym="WFP")  # fmt: skip
    OrganisationFactory(platform=world.b.platform, name="Oxfam")  # another platform's
    rows = [
        row(),
        row(
            name="United Nations World Food Programme",
            acronym="wfp",
            sector="United Nations",
            sub_type="",
            contact_email="w@example.org",
        ),  # fmt: skip
        row(name="Oxfam", acronym="", contact_email="o@example.org"),
    ]
    organisation_import = checked(broker, world.a, rows)
    report = organisation_import.report
    assert (report["new"], report["duplicate_count"]) == (1, 2)
    assert [(d["row"], d["existing_id"], d["matched_on"]) for d in report["duplicates"]] == [
        (2, str(by_name.public_id), "name"),
        (3, str(by_acronym.public_id), "acronym"),
    ]
    page = broker.get(detail_url(world.a, organisation_import)).content.decode()
    assert f"/p/alpha/organisations/{by_acronym.public_id}/" in page
    assert "Choose below whether to skip them or update the existing ones." in page


def test_two_organisations_of_the_file_matching_one_existing_is_a_bad_row(world, broker):
    OrganisationFactory(platform=world.a.platform, name="Sarvodaya Shramadana Movement",
                        acronym="SSM")  # fmt: skip
    rows = [row(), row(name="Other name", acronym="SSM", contact_email="o@example.org")]
    report = checked(broker, world.a, rows).report
    assert report["bad_rows"] == [
        {
            "row": 3,
            "reasons": [
                "Matches the existing organisation “Sarvodaya Shramadana Movement (SSM)”, as "
                "row 2 does. Give it once, or rename one of them."
            ],
        }
    ]


def test_the_check_asks_the_database_the_same_number_of_times_for_5_or_200_rows(world, broker):
    OrganisationFactory(platform=world.a.platform, name="Organisation 3")

    def queries_for(rows) -> int:
        upload(broker, world.a, csv_bytes(rows))
        with CaptureQueriesContext(connection) as context:
            run_jobs()
        assert latest_import().status == ImportStatus.READY
        return len(context)

    assert queries_for(many(5)) == queries_for(many(200))


# --- The import job --------------------------------------------------------------------------


def test_a_checked_file_is_imported_with_every_field_and_contact(world, broker):
    rows = [
        row(),
        row(
            contact_name="Ravi Silva",
            contact_role="",
            contact_email="RAVI@Example.org",
            contact_phone="",
        ),  # fmt: skip
        row(
            name="Ministry of Agriculture",
            acronym="",
            sector="GOVERNMENT",
            sub_type="Ministry/agency",
            country="LK",
            website="agri.gov.lk",
            mandate="",
            constituencies="",
            themes="",
            contact_name="",
            contact_role="",
            contact_email="",
            contact_phone="",
        ),  # fmt: skip
    ]
    organisation_import = checked(broker, world.a, rows)
    page = broker.get(detail_url(world.a, organisation_import)).content.decode()
    assert "Import 2 organisations" in page

    organisation_import = imported(broker, world.a, organisation_import)

    assert organisation_import.status == ImportStatus.DONE, organisation_import.import_job.message
    assert organisation_import.report["result"] == {
        "created": 2, "updated": 0, "skipped": 0, "contacts": 2,
    }  # fmt: skip
    with unscoped():
        sarvodaya = Organisation.objects.get(name="Sarvodaya Shramadana Movement")
        ministry = Organisation.objects.get(name="Ministry of Agriculture")
        emails = sorted(
            Contact.objects.filter(organisation=sarvodaya).values_list("email", flat=True)
        )
    assert (sarvodaya.platform, sarvodaya.sector, sarvodaya.sub_type, sarvodaya.country.code) == (
        world.a.platform, "civil_society", "national_ngo", "LK",
    )  # fmt: skip
    assert sarvodaya.themes == ["Food security", "Water"]
    assert (ministry.sector, ministry.sub_type, ministry.website) == (
        "government", "ministry_agency", "https://agri.gov.lk",
    )  # fmt: skip
    assert emails == ["jane@sarvodaya.example", "ravi@example.org"]
    assert counts(world.b.platform) == (0, 0)  # the job wrote only into its own platform
    page = broker.get(detail_url(world.a, organisation_import)).content.decode()
    assert "Organisations created</span> <strong>2</strong>" in page


def test_a_failure_during_the_write_leaves_nothing(world, broker, monkeypatch):
    organisation_import = checked(broker, world.a, many(30))

    def fail(contacts):
        assert Organisation.objects.count() == 30  # the organisations were written ...
        raise RuntimeError("disk full")

    monkeypatch.setattr(writing, "contacts_create", fail)
    organisation_import = imported(broker, world.a, organisation_import)

    assert counts() == (0, 0)  # ... and rolled back with the rest
    assert organisation_import.import_job.status == "failed"
    page = broker.get(detail_url(world.a, organisation_import)).content.decode()
    assert "Failed" in page and "Nothing was imported from this file." in page
    assert "unexpected error (RuntimeError)" in page


def test_a_file_that_no_longer_passes_its_check_fails_and_writes_nothing(world, broker):
    organisation_import = checked(broker, world.a, [row(), *many(3)])
    # Someone adds a matching organisation between the check and the import.
    OrganisationFactory(platform=world.a.platform, name="Organisation 1")

    organisation_import = imported(broker, world.a, organisation_import)

    assert counts() == (1, 0)
    message = organisation_import.import_job.message
    assert "1 organisations of the file were added to the registry since the check." in message
    assert "Nothing was imported" in message


def test_duplicates_need_a_choice(world, broker):
    OrganisationFactory(platform=world.a.platform, name="Sarvodaya Shramadana Movement")
    organisation_import = checked(broker, world.a, [row(), *many(2)])
    response = broker.post(confirm_url(world.a, organisation_import), {})
    assert response.status_code == 400
    assert "1 organisations of the file are already in the registry: choose whether to skip" in (
        response.content.decode()
    )
    assert latest_import().status == ImportStatus.READY
    assert run_jobs() == []
    response = broker.post(confirm_url(world.a, organisation_import), {"duplicates": "merge"})
    assert response.status_code == 400
    assert latest_import().status == ImportStatus.READY


@pytest.fixture
def existing(world):
    organisation = OrganisationFactory(
        platform=world.a.platform,
        name="Sarvodaya Shramadana Movement",
        acronym="Sarvodaya",
        website="https://old.example",
        mandate="Kept: the file leaves the mandate empty.",
        themes=["Old theme"],
    )
    ContactFactory(organisation=organisation, name="Jane P.", email="jane@sarvodaya.example")
    return organisation


def file_with_a_duplicate():
    return [
        row(mandate="", website="https://new.example"),
        row(
            mandate="",
            website="https://new.example",
            contact_name="New Person",
            contact_email="new@sarvodaya.example",
        ),  # fmt: skip
        row(name="Brand new", acronym="", contact_email="brand@example.org"),
    ]


def test_duplicates_skipped_are_left_alone(world, broker, existing):
    organisation_import = checked(broker, world.a, file_with_a_duplicate())
    organisation_import = imported(broker, world.a, organisation_import, duplicates="skip")

    assert organisation_import.report["result"] == {
        "created": 1, "updated": 0, "skipped": 1, "contacts": 1,
    }  # fmt: skip
    with unscoped():
        existing.refresh_from_db()
        assert existing.contacts.count() == 1
    assert existing.website == "https://old.example"
    assert counts() == (2, 2)


def test_duplicates_updated_get_the_files_values_and_new_contacts(world, broker, existing):
    organisation_import = checked(broker, world.a, file_with_a_duplicate())
    organisation_import = imported(broker, world.a, organisation_import, duplicates="update")

    assert organisation_import.report["result"] == {
        "created": 1, "updated": 1, "skipped": 0, "contacts": 2,
    }  # fmt: skip
    with unscoped():
        existing.refresh_from_db()
        emails = sorted(existing.contacts.values_list("email", flat=True))
    assert existing.website == "https://new.example"
    assert existing.themes == ["Food security", "Water"]
    assert existing.mandate == "Kept: the file leaves the mandate empty."
    assert emails == ["jane@sarvodaya.example", "new@sarvodaya.example"]  # jane not twice
    assert counts() == (2, 3)


def test_confirming_twice_is_refused(world, broker):
    organisation_import = checked(broker, world.a, many(3))
    broker.post(confirm_url(world.a, organisation_import))
    response = broker.post(confirm_url(world.a, organisation_import), follow=True)
    assert "This import has already been confirmed and is running." in response.content.decode()
    assert len(run_jobs()) == 1
    response = broker.post(confirm_url(world.a, organisation_import), follow=True)
    assert "This file has already been imported." in response.content.decode()
    assert run_jobs() == []
    assert counts() == (3, 3)


def test_the_import_asks_the_database_the_same_number_of_times_for_50_or_500_rows(world, broker):
    def queries_for(prefix, count) -> int:
        organisation_import = checked(broker, world.a, many(count, prefix=prefix))
        broker.post(confirm_url(world.a, organisation_import))
        with CaptureQueriesContext(connection) as context:
            run_jobs()
        assert latest_import().status == ImportStatus.DONE
        return len(context)

    assert queries_for("Small", 50) == queries_for("Large", 500)
    assert counts() == (550, 550)


def test_the_template_imports_as_it_is(world, broker):
    content = broker.get(f"/p/{world.a.platform.slug}/organisations/import/template.csv")
    body = b"".join(content.streaming_content) if content.streaming else content.content
    organisation_import = checked(broker, world.a, body)
    assert organisation_import.status == ImportStatus.READY, organisation_import.report
    organisation_import = imported(broker, world.a, organisation_import)
    assert organisation_import.report["result"]["created"] == 2
