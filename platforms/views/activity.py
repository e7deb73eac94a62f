"""The activity page: the platform's audit trail, for platform admins.

The events are written by a database trigger (platforms.rls), so they name tables and
columns, not models and fields. This module turns them back into words a person reads:
"Membership", "Role: Broker → Observer".
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.text import capfirst

from platforms import rls, selectors
from platforms.forms import ActivityFilterForm
from platforms.models import AuditAction, AuditEvent
from platforms.permissions import require
from platforms.templatetags.ui import actor_name, display_name

PAGE_SIZE = 50


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str | None = None  # None for a create or delete: ``old`` is then the value


@dataclass(frozen=True)
class Row:
    event: AuditEvent
    who: str
    what: str
    changes: list[Change]


@require("view_activity")
def activity_list(request, platform_slug: str):
    platform = request.platform
    kinds = rls.audited_models()
    members = list(selectors.member_list(platform=platform))
    form = ActivityFilterForm(request.GET or None, members=members, kinds=kinds)
    rows: list[Row] = []
    page = None
    # Changes name users by id (membership.user_id, invitation.invited_by_id); the page
    # already has the members, so naming them costs no query.
    people = {m.user_id: display_name(m.user, with_email=True) for m in members}
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else {}
        events = selectors.audit_event_list(platform=platform, filters=filters)
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [_row(event, kinds, people) for event in page.object_list]
    filtered = form.is_bound and any(value for key, value in request.GET.items() if key != "page")
    return render(
        request,
        "platforms/activity.html",
        {"form": form, "page_obj": page, "rows": rows, "filtered": filtered},
    )


def _row(event: AuditEvent, kinds: dict[str, type[models.Model]], people: dict[int, str]) -> Row:
    model = kinds.get(event.table_name)
    return Row(
        event=event,
        who=actor_name(event, with_email=True),
        what=rls.audited_label(model) if model else event.table_name,
        changes=_changes(event, model, people),
    )


def _changes(
    event: AuditEvent, model: type[models.Model] | None, people: dict[int, str]
) -> list[Change]:
    fields = {f.column: f for f in model._meta.concrete_fields} if model else {}
    changes = []
    for column, value in sorted((event.changes or {}).items()):
        field = fields.get(column)
        label = capfirst(str(field.verbose_name)) if field else column
        if event.action == AuditAction.UPDATE and isinstance(value, list) and len(value) == 2:
            changes.append(
                Change(label, _display(field, value[0], people), _display(field, value[1], people))
            )
        else:
            changes.append(Change(label, _display(field, value, people)))
    return changes


def _display(field: models.Field | None, value, people: dict[int, str]) -> str:
    """A stored column value as a person reads it: names, choice labels, local times."""
    if value is None or value == "":
        return "—"
    if field is not None and field.is_relation and field.related_model is get_user_model():
        return people.get(value, f"user #{value} (not a member now)")
    if field is not None and field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return formats.date_format(timezone.localtime(moment), "j M Y H:i")
    if isinstance(value, list | dict):
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return str(value)
