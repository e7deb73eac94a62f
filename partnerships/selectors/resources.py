"""Reads for the resources partners contribute: the list and its totals.

Totals are per currency (never converted: no one rate would be right for every reader),
and per type within each currency; resources without an estimated value are counted, not
summed."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models.functions import Lower

from partnerships.models import Partnership, Resource, ResourceType


@dataclass
class Bar:
    label: str
    total: Decimal
    percent: int  # of the largest bar, for the width of a CSS bar


@dataclass
class CurrencyTotal:
    currency: str
    total: Decimal
    by_type: list[tuple[str, Decimal]]  # (type label, total), largest first
    by_partner: list[Bar]  # largest first


@dataclass
class ResourceSummary:
    resources: list[Resource]
    currencies: list[CurrencyTotal]
    by_type: list[tuple[str, int]] = field(default_factory=list)  # (label, how many)
    without_value: int = 0


def _bars(totals: dict[str, Decimal]) -> list[Bar]:
    largest = max(totals.values(), default=Decimal(0))
    return [
        Bar(label, total, round(total * 100 / largest) if largest else 0)
        for label, total in sorted(totals.items(), key=lambda item: (-item[1], item[0].lower()))
    ]


def resource_summary(*, partnership: Partnership) -> ResourceSummary:
    """Every resource of the partnership (by partner, then type) with the totals. One
    query: a partnership has tens of resources, not thousands, so totals are summed here
    from the rows the page shows anyway."""
    resources = list(
        Resource.objects.filter(platform_id=partnership.platform_id, partnership=partnership)
        .select_related("partner__organisation")
        .order_by(Lower("partner__organisation__name"), "partner_id", "type", "created_at", "pk")
    )
    labels = dict(ResourceType.choices)
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    partner_sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    counts: dict[str, int] = defaultdict(int)
    without_value = 0
    for resource in resources:
        counts[resource.type] += 1
        if resource.value is None or not resource.currency:
            without_value += 1
            continue
        sums[resource.currency][labels.get(resource.type, resource.type)] += resource.value
        partner_sums[resource.currency][resource.partner.organisation.name] += resource.value
    currencies = [
        CurrencyTotal(
            currency=currency,
            total=sum(by_type.values(), Decimal(0)),
            by_type=sorted(by_type.items(), key=lambda item: (-item[1], item[0])),
            by_partner=_bars(partner_sums[currency]),
        )
        for currency, by_type in sorted(sums.items())
    ]
    return ResourceSummary(
        resources=resources,
        currencies=currencies,
        by_type=[(str(label), counts[value]) for value, label in labels.items() if counts[value]],
        without_value=without_value,
    )
