"""Writes for the resources partners contribute: cash, goods, staff time, networks, data,
infrastructure, legitimacy; each with an estimated value in one currency, and a period.

Values stay in the currency they were given in: the product never converts currencies
(no rate would be right for every reader), so totals are shown per currency.

Stage 5 agrees a resource or a specific commitment from every partner: once the
partnership is past it, moving or deleting a partner's only contribution is refused
(services.journey.gates_kept). Nothing new is added once the partnership has moved on."""

import re
from contextlib import suppress
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from partnerships.models import Partner, Partnership, Resource, ResourceType
from partnerships.services.agreed_checks import (
    partner_check,
    partnership_check,
    period_check,
    text,
)
from partnerships.services.journey import gates_kept, kept_delete, kept_update
from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.services.common import (
    actor_id,
    fields_check,
    platform_check,
)

RESOURCE_FIELDS = (
    "partner",
    "type",
    "description",
    "value",
    "currency",
    "period_start",
    "period_end",
)
# The model's DecimalField(max_digits=14, decimal_places=2).
VALUE_MAX = Decimal("999999999999.99")
CURRENCY_CODE = re.compile(r"[A-Z]{3}")


def _clean(fields: dict) -> dict:
    if "description" in fields:
        fields["description"] = text(fields["description"])
    if "currency" in fields:
        fields["currency"] = "".join(str(fields["currency"] or "").split()).upper()
    return fields


def _value_check(value, errors: dict) -> None:
    if value is None:
        return
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        errors["value"] = ["Enter the estimated value as a number, for example 25000 or 1200.50."]
        return
    if not value.is_finite():
        errors["value"] = ["Enter the estimated value as a number, for example 25000 or 1200.50."]
    elif value < 0:
        errors["value"] = ["The estimated value cannot be negative: enter 0 or more."]
    elif value > VALUE_MAX:
        errors["value"] = ["That value is too large: enter at most 999,999,999,999.99."]
    elif value != value.quantize(Decimal("0.01")):
        errors["value"] = ["Give the value with at most two decimals, for example 1200.50."]


def resource_validate(
    resource: Resource, *, platform: Platform, partnership: Partnership, was: Partner | None
) -> None:
    errors: dict[str, list[str]] = {}
    if resource.partner_id is None:
        errors["partner"] = ["Choose the partner that contributes the resource."]
    if resource.type not in ResourceType.values:
        errors["type"] = [
            "Choose a type: " + ", ".join(str(t.label).lower() for t in ResourceType) + "."
        ]
    if not resource.description:
        errors["description"] = ["Describe the resource, for example “Two field staff for a year”."]
    _value_check(resource.value, errors)
    currency = resource.currency
    if currency and not CURRENCY_CODE.fullmatch(currency):
        errors["currency"] = [
            f"“{currency}” is not a currency code: give the three-letter ISO 4217 code, "
            "for example USD, EUR or LKR."
        ]
    elif resource.value is not None and not currency and "value" not in errors:
        errors["currency"] = [
            "Give the currency of the estimated value (a three-letter code such as USD or LKR)."
        ]
    period_check(
        resource.period_start,
        resource.period_end,
        start_field="period_start",
        end_field="period_end",
        what="The period",
        errors=errors,
    )
    if "partner" not in errors:
        try:
            partner_check(platform, partnership, resource.partner, field="partner", was=was)
        except ValidationError as error:
            errors.setdefault("partner", []).extend(error.message_dict["partner"])
    if errors:
        raise ValidationError(errors)


def resource_create(*, platform: Platform, partnership: Partnership, actor, **fields) -> Resource:
    fields_check(fields, allowed=RESOURCE_FIELDS, what="resource")
    partnership_check(platform, partnership)
    fields = _clean(fields)
    if fields.get("value") is not None:
        # A value that is no number stays as given: resource_validate names the problem.
        with suppress(InvalidOperation, TypeError, ValueError):
            fields["value"] = Decimal(fields["value"])
    resource = Resource(platform=platform, partnership=partnership, **fields)
    resource_validate(resource, platform=platform, partnership=partnership, was=None)
    with (
        platform_transaction(platform.pk, user_id=actor_id(actor)),
        gates_kept(platform=platform, partnership=partnership, adding="resource"),
    ):
        resource.save()
    return resource


def resource_update(*, platform: Platform, resource: Resource, actor, **fields) -> Resource:
    platform_check(platform, resource)
    partnership = resource.partnership
    was = resource.partner
    return kept_update(
        resource,
        platform=platform,
        partnership=partnership,
        actor=actor,
        fields=_clean(fields),
        allowed=RESOURCE_FIELDS,
        field="partner",
        validate=lambda instance: resource_validate(
            instance, platform=platform, partnership=partnership, was=was
        ),
    )


def resource_delete(*, platform: Platform, resource: Resource, actor) -> None:
    platform_check(platform, resource)
    kept_delete(resource, platform=platform, partnership=resource.partnership, actor=actor)
