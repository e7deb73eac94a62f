"""Reads for the organisation registry: one organisation, the filtered list, and the
choices the list's filters and the forms offer."""

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, CharField, F, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django_countries import countries

from platforms.models import Platform
from stakeholders.models import NOT_SCREENED, Contact, Organisation

# The filter value for "a screening whose renewal date has passed" (not a stored status).
EXPIRED = "expired"

# Sort keys the list accepts, and what each orders by. Anything else is refused.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "id"),
    "sector": ("sector", "name", "id"),
    "country": ("country_name", "name", "id"),
    "updated": ("-updated_at", "-id"),
}
RELEVANCE = "relevance"

# Enough for any real search; keeps a pasted essay from becoming a huge tsquery.
MAX_SEARCH_WORDS = 12
MAX_WORD_LENGTH = 60
# Letters and digits only: whatever else someone types (quotes, & | ! : * parentheses)
# never reaches to_tsquery, whose syntax it would break.
WORD = re.compile(r"[^\W_]+")


def organisation_get(
    *, platform: Platform, public_id, include_archived: bool = True
) -> Organisation:
    """One organisation of the platform; 404 for a missing id and another platform's alike."""
    organisations = Organisation.objects.filter(platform=platform)
    if not include_archived:
        organisations = organisations.filter(archived_at__isnull=True)
    return get_object_or_404(organisations, public_id=public_id)


def search_query(text: str) -> SearchQuery | None:
    """What someone typed as a full-text query, or None if it holds no word at all.

    Each word matches as a prefix of a name or acronym word ("sarvo" finds Sarvodaya),
    all words required; OR'ed with the English reading of the text, so "farmers" also
    finds a mandate that says "farmer".
    """
    words = [word[:MAX_WORD_LENGTH] for word in WORD.findall(text or "")][:MAX_SEARCH_WORDS]
    if not words:
        return None
    prefixes = " & ".join(f"{word.lower()}:*" for word in words)
    return SearchQuery(prefixes, search_type="raw", config="simple") | SearchQuery(
        " ".join(words), search_type="plain", config="english"
    )


def organisation_list(
    *, platform: Platform, filters: Mapping[str, Any] | None = None
) -> QuerySet[Organisation]:
    """The platform's organisations, filtered and sorted.

    ``filters`` (all optional; empty values do not filter): ``q`` (full-text search),
    ``sector``, ``sub_type``, ``country`` (a code), ``theme``, ``screening`` (a decision,
    "not_screened" or "expired"), ``archived`` (True includes archived organisations),
    ``sort`` (a key of SORTS; a search sorts by relevance unless told otherwise).
    """
    filters = filters or {}
    organisations = Organisation.objects.filter(platform=platform)
    if not filters.get("archived"):
        organisations = organisations.filter(archived_at__isnull=True)
    for field in ("sector", "sub_type", "country"):
        if filters.get(field):
            organisations = organisations.filter(**{field: filters[field]})
    if filters.get("theme"):
        organisations = organisations.filter(themes__contains=[filters["theme"]])
    if filters.get("screening"):
        organisations = organisations.filter(
            screening_filter(filters["screening"], today=platform.today())
        )

    sort = filters.get("sort") or ""
    text = (filters.get("q") or "").strip()
    if text:
        query = search_query(text)
        if query is None:
            return organisations.none()
        organisations = organisations.filter(search=query)
        if sort not in SORTS:
            return organisations.annotate(rank=SearchRank(F("search"), query)).order_by(
                "-rank", "name", "id"
            )
    if sort == "country":
        organisations = organisations.annotate(country_name=_country_name())
    return organisations.order_by(*SORTS.get(sort, SORTS["name"]))


def organisation_list_with_contacts(
    *, platform: Platform, filters: Mapping[str, Any] | None = None
) -> QuerySet[Organisation]:
    """organisation_list with each organisation's contacts, by name (one more query per
    chunk of organisations when iterated in chunks)."""
    return organisation_list(platform=platform, filters=filters).prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.order_by("name", "id"))
    )


def _country_name() -> Case:
    # Stored as ISO codes, shown as names: sort by what people read ("Sri Lanka", not "LK").
    return Case(
        *(When(country=code, then=Value(str(name))) for code, name in countries),
        default=Value(""),
        output_field=CharField(),
    )


def screening_filter(status: str, *, today: date) -> Q:
    """Organisations whose current screening shows as ``status``, the way the badge
    shows it: a decided or pending screening past its renewal date shows as expired."""
    lapsed = Organisation.screening_expired_q(today)
    if status == EXPIRED:
        return lapsed
    if status == NOT_SCREENED:
        return Q(screening_status=NOT_SCREENED)
    return Q(screening_status=status) & ~lapsed


def registry_is_empty(*, platform: Platform) -> bool:
    """Whether the platform has no organisation at all, archived ones included."""
    return not Organisation.objects.filter(platform=platform).exists()


# Filter choices are read from every organisation of the platform (two scans of 10,000
# rows cost more than the page itself), so they are cached under the platform's latest
# organisation change: any save gives a new key. The time limit covers writes that skip
# updated_at (QuerySet.update).
CHOICES_TTL = 600


def filter_choices(*, platform: Platform) -> tuple[list[str], list[str]]:
    """(themes, country codes) the platform's organisations use, sorted. One indexed
    query while nothing changed, three after a change."""
    latest = (
        Organisation.objects.filter(platform=platform)
        .order_by("-updated_at")
        .values_list("updated_at", flat=True)
        .first()
    )
    key = f"stakeholders:choices:{platform.pk}:{latest.timestamp() if latest else 0}"
    choices = cache.get(key)
    if choices is None:
        choices = (theme_choices(platform=platform), country_codes(platform=platform))
        cache.set(key, choices, CHOICES_TTL)
    return choices


def theme_choices(*, platform: Platform) -> list[str]:
    """Every theme used by the platform's organisations, sorted, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT theme FROM stakeholders_organisation, unnest(themes) AS theme"
            " WHERE platform_id = %s ORDER BY theme",
            [platform.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def country_codes(*, platform: Platform) -> list[str]:
    """The countries the platform's organisations are in (codes), for the list's filter."""
    return list(
        Organisation.objects.filter(platform=platform)
        .exclude(country="")
        .order_by("country")
        .values_list("country", flat=True)
        .distinct()
    )


def organisation_duplicates(
    *, platform: Platform, name: str, acronym: str = "", exclude_pk: int | None = None
) -> list[Organisation]:
    """Organisations that are probably the same one: the same name or acronym, in any case.
    Archived ones count (restoring one beats creating a twin)."""
    match = Q(name__iexact=" ".join(name.split()))
    if acronym.strip():
        match |= Q(acronym__iexact=acronym.strip())
    duplicates = Organisation.objects.filter(platform=platform).filter(match)
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    return list(duplicates.order_by("name")[:5])


def contact_get(*, platform: Platform, organisation: Organisation, public_id) -> Contact:
    """One contact of the organisation; 404 for a contact of any other organisation."""
    return get_object_or_404(
        Contact.objects.filter(platform=platform, organisation=organisation),
        public_id=public_id,
    )
