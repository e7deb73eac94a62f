"""The organisation list: search, filters, sort, pagination, empty states, who may see
it, and a query count that does not grow with the rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platforms.models import Role
from stakeholders.models import ScreeningDecision, Sector, SubType
from stakeholders.selectors.organisations import search_query
from tests.factories import OrganisationFactory


def list_url(side, **params) -> str:
    url = reverse("organisation_list", args=[side.platform.slug])
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


def names(response) -> list[str]:
    return [o.name for o in response.context["organisations"]]


@pytest.fixture
def registry(world):
    p = world.a.platform
    today = timezone.now().date()
    return {
        "sarvodaya": OrganisationFactory(
            platform=p,
            name="Sarvodaya Shramadana Movement",
            acronym="SSM",
            sector=Sector.CIVIL_SOCIETY,
            sub_type=SubType.NATIONAL_NGO,
            themes=["Food security", "Community development"],
            mandate="Rural farmers and their villages",
            screening_status=ScreeningDecision.CLEARED,
            screening_renew_by=today + timedelta(days=100),
        ),
        "wfp": OrganisationFactory(
            platform=p,
            name="World Food Programme",
            acronym="WFP",
            sector=Sector.UNITED_NATIONS,
            country="IT",
            themes=["Food security"],
            screening_status=ScreeningDecision.CLEARED,
            screening_renew_by=today - timedelta(days=10),
        ),
        "hayleys": OrganisationFactory(
            platform=p,
            name="Hayleys Agriculture",
            sector=Sector.BUSINESS,
            sub_type=SubType.MULTINATIONAL,
            themes=["Seeds"],
        ),
        "archived": OrganisationFactory(
            platform=p, name="Closed Cooperative", archived_at=timezone.now()
        ),
        "other": OrganisationFactory(platform=world.b.platform, name="Sarvodaya Beta"),
    }


def test_list_shows_the_platforms_active_organisations_by_name(login, world, registry):
    response = login(world.a.broker).get(list_url(world.a))
    assert response.status_code == 200
    assert names(response) == [
        "Hayleys Agriculture",
        "Sarvodaya Shramadana Movement",
        "World Food Programme",
    ]
    html = response.content.decode()
    assert "Sarvodaya Beta" not in html
    assert "Closed Cooperative" not in html
    assert "National NGO" in html and "Italy" in html and "Food security" in html
    assert "Screening expired" in html  # WFP's renewal date has passed
    assert reverse("import_create", args=["alpha"]) in html
    assert reverse("organisation_export", args=["alpha"]) in html


def test_include_archived(login, world, registry):
    response = login(world.a.broker).get(list_url(world.a, archived="on"))
    assert "Closed Cooperative" in names(response)
    assert "Archived" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sarvo", ["Sarvodaya Shramadana Movement"]),
        ("SARVODAYA movement", ["Sarvodaya Shramadana Movement"]),
        ("wfp", ["World Food Programme"]),
        ("food prog", ["World Food Programme"]),
        ("farmer", ["Sarvodaya Shramadana Movement"]),  # English stem of the mandate
        ("nothing-like-this", []),
    ],
)
def test_search_matches_prefixes_and_words(login, world, registry, query, expected):
    response = login(world.a.observer).get(list_url(world.a, q=query))
    assert response.status_code == 200
    assert names(response) == expected


@pytest.mark.parametrize(
    "query", ["'&|!:*()", "sarvo:*|", "a & | b", "!!!", "'", "\\", "((sarvo", "x" * 500, "  "]
)
def test_odd_search_input_never_fails(login, world, registry, query):
    response = login(world.a.broker).get(list_url(world.a, q=query))
    assert response.status_code == 200


def test_search_query_keeps_only_letters_and_digits():
    assert search_query("'&|!:*()") is None
    assert search_query("") is None
    query = search_query("Sarvo's  2024!")
    assert query is not None
    assert "'sarvo:* & s:* & 2024:*'" in str(query) or "sarvo:* & s:* & 2024:*" in str(query)


def test_search_ranks_name_matches_first(login, world, registry):
    OrganisationFactory(
        platform=world.a.platform, name="Ministry of Agriculture", mandate="Works with Sarvodaya"
    )
    response = login(world.a.broker).get(list_url(world.a, q="sarvodaya"))
    assert names(response) == ["Sarvodaya Shramadana Movement", "Ministry of Agriculture"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sector": Sector.BUSINESS}, ["Hayleys Agriculture"]),
        ({"sub_type": SubType.NATIONAL_NGO}, ["Sarvodaya Shramadana Movement"]),
        ({"country": "IT"}, ["World Food Programme"]),
        ({"theme": "Food security"}, ["Sarvodaya Shramadana Movement", "World Food Programme"]),
        ({"screening": "not_screened"}, ["Hayleys Agriculture"]),
        ({"screening": "expired"}, ["World Food Programme"]),
        ({"screening": ScreeningDecision.CLEARED}, ["Sarvodaya Shramadana Movement"]),
        ({"screening": "declined"}, []),
        ({"q": "food", "sector": Sector.UNITED_NATIONS}, ["World Food Programme"]),
    ],
)
def test_filters(login, world, registry, params, expected):
    response = login(world.a.broker).get(list_url(world.a, **params))
    assert response.status_code == 200
    assert names(response) == expected


def test_theme_and_country_choices_come_from_the_platform(login, world, registry):
    form = login(world.a.broker).get(list_url(world.a)).context["form"]
    assert [value for value, _ in form.fields["theme"].choices] == [
        "",
        "Community development",
        "Food security",
        "Seeds",
    ]
    assert {value for value, _ in form.fields["country"].choices} == {"", "LK", "IT"}


@pytest.mark.parametrize(
    "params",
    [
        {"sector": "pirates"},
        {"screening": "whatever"},
        {"sort": "password"},
        {"theme": "Theme of platform B"},
        {"country": "ZZ"},
    ],
)
def test_bad_filters_show_a_message_not_an_error(login, world, registry, params):
    OrganisationFactory(platform=world.b.platform, themes=["Theme of platform B"])
    response = login(world.a.broker).get(list_url(world.a, **params))
    assert response.status_code == 200
    assert response.context["organisations"] == []
    assert "Some filters are not valid" in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Hayleys Agriculture", "Sarvodaya Shramadana Movement", "World Food Programme"]),
        (
            "sector",
            ["Hayleys Agriculture", "Sarvodaya Shramadana Movement", "World Food Programme"],
        ),
        (
            "country",
            ["World Food Programme", "Hayleys Agriculture", "Sarvodaya Shramadana Movement"],
        ),
    ],
)
def test_sort(login, world, registry, sort, expected):
    response = login(world.a.broker).get(list_url(world.a, sort=sort))
    assert names(response) == expected


def test_country_sorts_by_name_not_code(login, world):
    # By code Switzerland (CH) comes before Sweden (SE); by name it comes after.
    OrganisationFactory(platform=world.a.platform, name="In Switzerland", country="CH")
    OrganisationFactory(platform=world.a.platform, name="In Sweden", country="SE")
    OrganisationFactory(platform=world.a.platform, name="Nowhere", country="")
    response = login(world.a.broker).get(list_url(world.a, sort="country"))
    assert names(response) == ["Nowhere", "In Sweden", "In Switzerland"]


def test_sort_by_recently_updated(login, world, registry):
    from platforms.tenancy import unscoped

    with unscoped():
        registry["hayleys"].mandate = "Changed"
        registry["hayleys"].save()
    response = login(world.a.broker).get(list_url(world.a, sort="updated"))
    assert names(response)[0] == "Hayleys Agriculture"


def test_pagination_keeps_the_filters(login, world):
    for i in range(30):
        OrganisationFactory(platform=world.a.platform, name=f"Farm {i:02}", sector=Sector.BUSINESS)
    OrganisationFactory(platform=world.a.platform, name="Not a farm", sector=Sector.MEDIA)
    client = login(world.a.broker)
    first = client.get(list_url(world.a, sector=Sector.BUSINESS))
    assert len(first.context["organisations"]) == 25
    assert first.context["page_obj"].paginator.count == 30
    html = first.content.decode()
    assert "?sector=business&amp;page=2" in html
    second = client.get(list_url(world.a, sector=Sector.BUSINESS, page=2))
    assert names(second) == [f"Farm {i:02}" for i in range(25, 30)]
    assert client.get(list_url(world.a, page="999")).status_code == 200
    assert client.get(list_url(world.a, page="nope")).status_code == 200


def test_export_link_carries_the_filters(login, world, registry):
    html = login(world.a.broker).get(list_url(world.a, sector="business", page=1)).content.decode()
    export = reverse("organisation_export", args=["alpha"])
    assert f'{export}?sector=business"' in html


def test_empty_registry(login, world):
    response = login(world.a.broker).get(list_url(world.a))
    html = response.content.decode()
    assert "No organisations yet" in html
    assert reverse("organisation_create", args=["alpha"]) in html
    assert reverse("import_create", args=["alpha"]) in html


def test_nothing_matches(login, world, registry):
    html = login(world.a.broker).get(list_url(world.a, q="zebra")).content.decode()
    assert "No organisations match" in html
    assert "Clear filters" in html
    assert "No organisations yet" not in html


def test_everything_archived(login, world):
    OrganisationFactory(platform=world.a.platform, archived_at=timezone.now())
    html = login(world.a.broker).get(list_url(world.a)).content.decode()
    assert "Every organisation in the registry is archived" in html


def test_observer_sees_no_write_buttons(login, world, registry):
    html = login(world.a.observer).get(list_url(world.a)).content.decode()
    assert reverse("organisation_create", args=["alpha"]) not in html
    assert reverse("organisation_export", args=["alpha"]) in html


@pytest.mark.parametrize("role", [Role.PARTNER_REPRESENTATIVE])
def test_partner_representative_gets_403(login, world, role):
    assert login(world.a.member(role)).get(list_url(world.a)).status_code == 403


def test_other_platform_and_outsider_get_404(login, world, registry):
    assert login(world.b.admin).get(list_url(world.a)).status_code == 404
    assert login(world.outsider).get(list_url(world.a)).status_code == 404


def test_anonymous_goes_to_login(client, world):
    response = client.get(list_url(world.a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def _count(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    counts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(")]
    return len(ctx.captured_queries), len(counts)


@pytest.mark.parametrize("params", [{}, {"q": "org", "theme": "T1", "screening": "expired"}])
def test_query_count_does_not_grow_with_rows(login, world, params):
    def make(n):
        OrganisationFactory.create_batch(
            n,
            platform=world.a.platform,
            themes=["T1", "T2"],
            screening_status="cleared",
            screening_renew_by=timezone.now().date() - timedelta(days=1),
            sub_type=SubType.NATIONAL_NGO,
        )

    client = login(world.a.broker)
    make(5)
    few, few_counts = _count(client, list_url(world.a, **params))
    make(35)
    many, many_counts = _count(client, list_url(world.a, **params))
    assert few == many
    assert few_counts == many_counts == 1
    assert few <= 18  # the frame (session, platform, membership, switcher) and 4 of ours


def test_every_sort_offered_is_one_the_selector_knows():
    from stakeholders.forms.organisations import SORT_CHOICES
    from stakeholders.selectors.organisations import SORTS

    assert {value for value, _ in SORT_CHOICES if value} == set(SORTS)


def test_the_registry_views_leave_queries_to_the_selectors():
    """Views parse, call a selector or a service, and render: no ORM query of their own."""
    import inspect

    from stakeholders.views import contacts, export, interactions, organisations, screening

    for module in (organisations, contacts, export, interactions, screening):
        assert ".objects." not in inspect.getsource(module), module.__name__


def test_an_archived_only_registry_is_not_called_empty(login, world):
    OrganisationFactory(platform=world.a.platform, name="Old", archived_at=timezone.now())
    response = login(world.a.broker).get(list_url(world.a))
    assert response.context["organisations"] == [] and response.context["registry_empty"] is False
    OrganisationFactory(platform=world.b.platform)
    response = login(world.b.broker).get(list_url(world.b))
    assert response.context["registry_empty"] is False
