"""Checks the services of what partners agree share (work plan, resources, commitments):
that a sub-object belongs to the partnership being changed, that a partner is one of its
active partners, and that a period does not end before it starts and stays within the
years a partnership can span (1900 to 2100: a date beyond is a typing slip, and would
stretch every chart drawn from it)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import formats

from partnerships.models import Partner, Partnership
from platforms.models import Platform
from stakeholders.services.common import platform_check

DAY_MIN, DAY_MAX = date(1900, 1, 1), date(2100, 12, 31)
DAY_RANGE = f"Choose a date from {DAY_MIN.year} to {DAY_MAX.year}."


def day(value: date) -> str:
    """A date in a message, the one way every partnerships message writes it (3 Mar 2026)."""
    return formats.date_format(value, "j M Y")


def day_check(value, *, field: str, errors: dict) -> bool:
    """Add an error when the value is no date or lies outside 1900–2100; True when it
    is a date in range or None (an open end)."""
    if value is None:
        return True
    if not isinstance(value, date):
        errors.setdefault(field, []).append("Enter the date as YYYY-MM-DD.")
        return False
    if not DAY_MIN <= value <= DAY_MAX:
        errors.setdefault(field, []).append(f"{DAY_RANGE} ({day(value)} is out of range.)")
        return False
    return True


def partnership_check(platform: Platform, partnership: Partnership, *objects) -> None:
    """The partnership is the platform's, and every object (None skipped) belongs to it.

    Views look sub-objects up inside the partnership already; this guards the other
    callers (the API, jobs, commands), so that no write ties two partnerships together."""
    platform_check(platform, partnership, *objects)
    for obj in objects:
        if obj is not None and obj.partnership_id != partnership.pk:
            raise ValidationError(f"This {obj._meta.verbose_name} belongs to another partnership.")


def partner_check(
    platform: Platform,
    partnership: Partnership,
    partner: Partner | None,
    *,
    field: str,
    was: Partner | None = None,
) -> None:
    """The partner is an active partner of this partnership.

    ``was`` is the partner already recorded: it may stay although it has since left (the
    record keeps who was responsible), but a partner that left cannot be chosen anew."""
    if partner is None:
        return
    if not isinstance(partner, Partner):
        raise ValidationError({field: "Choose a partner of this partnership."})
    if partner.platform_id != platform.pk or partner.partnership_id != partnership.pk:
        raise ValidationError({field: "That organisation is not a partner of this partnership."})
    if partner.left_on is not None and (was is None or was.pk != partner.pk):
        raise ValidationError(
            {
                field: f"{partner.organisation} left this partnership on {day(partner.left_on)}: "
                "choose one of its active partners."
            }
        )


def period_check(
    start: date | None,
    end: date | None,
    *,
    start_field: str,
    end_field: str,
    what: str,
    errors: dict,
) -> None:
    """Add an error when a date is no date or out of range, or when the period ends
    before it starts (either end may be open)."""
    start_ok = day_check(start, field=start_field, errors=errors)
    if not (day_check(end, field=end_field, errors=errors) and start_ok):
        return
    if start is not None and end is not None and end < start:
        errors.setdefault(end_field, []).append(
            f"{what} ends ({day(end)}) before it starts ({day(start)}). "
            "Choose an end date on or after the start date."
        )


def text(value) -> str:
    return str(value or "").strip()


def one_line(value) -> str:
    return " ".join(str(value or "").split())
