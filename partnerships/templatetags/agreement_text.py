"""Showing clause text: sanitised again on the way out, so a row written some other way
than the services (a shell, a bad migration) still cannot reach a page unclean."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from partnerships.agreements.sanitise import sanitise

register = template.Library()


@register.filter
def clause_html(value: str) -> SafeString:
    return mark_safe(sanitise(value or ""))  # noqa: S308 - sanitise() is the allow-list
