"""What the partnerships pages share: finding the partnership the page is about, and the
confirm-delete page with its POST."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from partnerships.models import Partnership
from partnerships.selectors.access import (
    CHANGE_REFUSED,
    can_change,
    partnership_for_change,
    partnership_get,
)


def partnership_seen(request, public_id) -> Partnership:
    """The partnership, if the member may see it (404 otherwise)."""
    return partnership_get(
        platform=request.platform, membership=request.membership, public_id=public_id
    )


def change_check(request, partnership: Partnership) -> None:
    """403 unless the member may change this partnership (after other lookups, when a
    missing sub-object must answer 404 first)."""
    if not can_change(membership=request.membership, partnership=partnership):
        raise PermissionDenied(CHANGE_REFUSED)


def partnership_changeable(request, public_id) -> Partnership:
    """The partnership, if the member may change it (404 unseen, 403 not theirs)."""
    return partnership_for_change(
        platform=request.platform, membership=request.membership, public_id=public_id
    )


def confirm_delete(request, *, partnership, title: str, explanation: str, back_url: str):
    return render(
        request,
        "partnerships/workplan/delete.html",
        {
            "partnership": partnership,
            "title": title,
            "explanation": explanation,
            "back_url": back_url,
        },
    )


def delete_confirmed(request, delete, *, success: str, back_url: str):
    """The POST of a confirm-delete page: delete, or show why the service refused
    (a passed stage still needs the record), and go back either way."""
    try:
        delete()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(back_url)
