"""What the check accepts, the import can write: every column's length is checked. And an
import never makes twins: not two organisations of one file with one name or acronym,
and not a copy of an organisation the registry has, found exactly as the organisation
form finds it (organisation_duplicates)."""

import pytest
from django.db import models

from platforms.tenancy import unscoped
from stakeholders.csvio import COLUMNS, CONTACT_COLUMNS
from stakeholders.models import Contact, ImportStatus, Organisation
from stakeholders.selectors.organisations import organisation_duplicates
from tests.factories import OrganisationFactory
from tests.stakeholders.imports_helpers import checked, counts, detail_url, imported, row


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def broker(world, login):
    return login(world.a.broker)


# --- Lengths -----------------------------------------------------------------------------


def _email(length: int) -> str:
    # The longest parts an address may have: 64 before the @, labels of at most 63.
    return f"{'x' * 64}@{'a' * 63}.{'b' * 63}.{'c' * (length - 197)}.org"


LONG = {
    "name": lambda n: "N" * n,
    "acronym": lambda n: "A" * n,
    "website": lambda n: "https://example.org/" + "p" * (n - 20),
    "themes": lambda n: "T" * n,
    "contact_name": lambda n: "C" * n,
    "contact_role": lambda n: "R" * n,
    "contact_email": _email,
    "contact_phone": lambda n: "1" * n,
}


def _limit(column: str) -> int | None:
    model, name = (
        (Contact, column.removeprefix("contact_"))
        if column in CONTACT_COLUMNS
        else (Organisation, column)
    )
    field = model._meta.get_field(name)
    if isinstance(field, models.TextField) or column in ("sector", "sub_type", "country"):
        return None  # no length, or a code from a list (checked against the list)
    return getattr(getattr(field, "base_field", field), "max_length", None)


LIMITS = {column: _limit(column) for column in COLUMNS if _limit(column)}


def test_every_column_with_a_length_is_covered_here():
    assert set(LIMITS) == set(LONG)


@pytest.mark.parametrize("column", sorted(LIMITS))
def test_a_value_one_character_too_long_is_a_bad_row_and_nothing_is_written(world, broker, column):
    limit = LIMITS[column]
    organisation_import = checked(broker, world.a, [row(name="Good", acronym=""),
                                                    row(**{column: LONG[column](limit + 1)})])  # fmt: skip
    assert organisation_import.status == ImportStatus.INVALID
    (bad,) = organisation_import.report["bad_rows"]
    expected = (
        f"themes: “{'T' * 40}…” has 81 characters; a theme can have at most 80."
        if column == "themes"
        else f"{column}: Ensure this value has at most {limit} characters (it has {limit + 1})."
    )
    assert (bad["row"], bad["reasons"]) == (3, [expected])
    assert counts() == (0, 0)


@pytest.mark.parametrize("column", sorted(LIMITS))
def test_a_value_of_the_longest_length_is_checked_and_imported_as_it_is(world, broker, column):
    value = LONG[column](LIMITS[column])
    assert len(value) == LIMITS[column]
    organisation_import = checked(broker, world.a, [row(**{column: value})])
    assert organisation_import.status == ImportStatus.READY, organisation_import.report

    organisation_import = imported(broker, world.a, organisation_import)

    assert organisation_import.status == ImportStatus.DONE, organisation_import.import_job.message
    with unscoped():
        organisation = Organisation.objects.get()
        contact = Contact.objects.get()
    if column == "themes":
        assert organisation.themes == [value]
    elif column in CONTACT_COLUMNS:
        assert getattr(contact, column.removeprefix("contact_")) == value
    else:
        assert getattr(organisation, column) == value


def test_a_missing_contact_name_is_said_once_in_words_of_the_file(world, broker):
    organisation_import = checked(broker, world.a, [row(contact_name="")])
    assert organisation_import.report["bad_rows"] == [
        {"row": 2, "reasons": ["contact_name: required when a row has contact details, but empty."]}
    ]


# --- Twins inside one file ---------------------------------------------------------------


def test_one_name_or_one_acronym_for_two_organisations_of_the_file_is_refused(world, broker):
    rows = [
        row(name="Sarvodaya", acronym="SSM"),
        row(name="Sarvodaya", acronym="SARV", contact_email="b@example.org"),
        row(name="Other org", acronym="SSM", contact_email="c@example.org"),
        row(name="Sarvodaya", acronym="SARV", contact_email="d@example.org"),
        row(name="Fine", acronym="FINE", contact_email="e@example.org"),
    ]
    organisation_import = checked(broker, world.a, rows)

    assert organisation_import.status == ImportStatus.INVALID
    report = organisation_import.report
    name_twin = [
        "Same name as the organisation in row 2 but another acronym (“SSM” there, “SARV” "
        "here): the registry would have two organisations of one name. Give an organisation "
        "the same acronym on every row, or rename one of the two."
    ]
    assert report["bad_rows"] == [
        {"row": 3, "reasons": name_twin},
        {
            "row": 4,
            "reasons": [
                "Same acronym “SSM” as “Sarvodaya” in row 2, another organisation of this "
                "file: the registry would have two organisations of one acronym. Correct the "
                "acronym of one of them."
            ],
        },
        {"row": 5, "reasons": name_twin},  # every row of that organisation
    ]
    assert counts() == (0, 0)
    page = broker.get(detail_url(world.a, organisation_import)).content.decode()
    assert "Same acronym “SSM” as “Sarvodaya” in row 2" in page


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("Sarvodaya Shramadana", ""), ("  SARVODAYA   shramadana ", "SSM")),  # no acronym
        (("Sarvodaya", "ssm"), ("Another", " SSM ")),
    ],
)
def test_twins_are_found_whatever_the_case_and_spacing(world, broker, first, second):
    rows = [
        row(name=first[0], acronym=first[1]),
        row(name=second[0], acronym=second[1], contact_email="b@example.org"),
    ]
    report = checked(broker, world.a, rows).report
    assert [bad["row"] for bad in report["bad_rows"]] == [3]
    assert report["bad_rows"][0]["reasons"][0].startswith("Same ")


# --- Twins of the registry's organisations -------------------------------------------------

# (in the registry, in the file): each pair matches for the import exactly when the
# organisation form's organisation_duplicates says it does, be it yes or no.
VARIANTS = [
    (("Sarvodaya Shramadana Movement", "SSM"), ("  sarvodaya   SHRAMADANA movement ", "")),
    (("World Food Programme", "WFP"), ("United Nations WFP", " wfp ")),
    (("İstanbul Vakfı", ""), ("İstanbul Vakfı", "")),  # Python's lower() splits the İ
    (("École des Champs", ""), ("ÉCOLE DES CHAMPS", "")),
    (("Straße der Hoffnung", ""), ("STRASSE DER HOFFNUNG", "")),  # not the same to either
    (("Sarvodaya", ""), ("Sarvodaya Movement", "")),
    (("Sarvodaya", "SM"), ("Other", "")),  # no acronym matches no acronym
]


@pytest.mark.parametrize(("existing", "given"), VARIANTS)
def test_the_import_finds_the_registrys_twins_as_the_organisation_form_does(
    world, broker, existing, given
):
    organisation = OrganisationFactory(
        platform=world.a.platform, name=existing[0], acronym=existing[1]
    )
    with unscoped():
        form_says = organisation_duplicates(
            platform=world.a.platform, name=given[0], acronym=given[1]
        )

    report = checked(broker, world.a, [row(name=given[0], acronym=given[1])]).report

    found = [d["existing_id"] for d in report["duplicates"]]
    assert found == [str(o.public_id) for o in form_says]
    assert found in ([], [str(organisation.public_id)])


def test_of_several_registry_twins_the_oldest_is_matched(world, broker):
    older = OrganisationFactory(platform=world.a.platform, name="SARVODAYA")
    OrganisationFactory(platform=world.a.platform, name="sarvodaya")
    report = checked(broker, world.a, [row(name="Sarvodaya", acronym="")]).report
    assert [d["existing_id"] for d in report["duplicates"]] == [str(older.public_id)]


@pytest.mark.parametrize(("first", "second"), VARIANTS)
def test_a_file_makes_one_organisation_of_two_exactly_when_the_registry_would(
    world, broker, first, second
):
    """Rows the registry would call the same organisation are grouped into one (same name
    and acronym) or refused as twins; any others make two organisations."""
    organisation = OrganisationFactory(platform=world.a.platform, name=first[0], acronym=first[1])
    with unscoped():
        form_says = organisation_duplicates(
            platform=world.a.platform, name=second[0], acronym=second[1]
        )
        organisation.delete()
    rows = [
        row(name=first[0], acronym=first[1]),
        row(name=second[0], acronym=second[1], contact_email="b@example.org"),
    ]
    report = checked(broker, world.a, rows).report
    assert report["organisations"] == (1 if form_says else 2)
    assert [bad["row"] for bad in report["bad_rows"]] in (([3], []) if form_says else ([],))
