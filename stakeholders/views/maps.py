"""Stakeholder maps: the list, a map with its chart, positions one by one or in a table,
copies into new snapshots, and comparisons of two snapshots. Readers (staff and
observers) see them; admins and brokers change them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from platforms.forms import form_add_service_errors
from platforms.permissions import require
from stakeholders import charts
from stakeholders.forms.maps import (
    CompareForm,
    MapCopyForm,
    MapForm,
    PositionForm,
    PositionTableFormSet,
)
from stakeholders.selectors import maps as selectors
from stakeholders.services import maps as services


@require("view_organisations")
def map_list(request, platform_slug):
    groups = selectors.map_list_by_issue(platform=request.platform)
    return render(request, "stakeholders/maps/list.html", {"groups": groups})


@require("manage_maps")
def map_create(request, platform_slug):
    platform = request.platform
    form = MapForm(request.POST or None, initial={"as_of": platform.today()})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.map_create(
                platform=platform, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Map “{created.title}” created. Now place the stakeholders.")
            return redirect("map_detail", platform_slug=platform.slug, public_id=created.public_id)
    return _map_form(request, form, stakeholder_map=None)


@require("manage_maps")
def map_edit(request, platform_slug, public_id):
    platform = request.platform
    stakeholder_map = selectors.map_get(platform=platform, public_id=public_id)
    initial = {f: getattr(stakeholder_map, f) for f in services.MAP_FIELDS}
    form = MapForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.map_update(
                platform=platform,
                stakeholder_map=stakeholder_map,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Map saved.")
            return redirect("map_detail", platform_slug=platform.slug, public_id=public_id)
    return _map_form(request, form, stakeholder_map=stakeholder_map)


def _map_form(request, form, *, stakeholder_map):
    context = {
        "form": form,
        "stakeholder_map": stakeholder_map,
        "issues": selectors.issue_names(platform=request.platform),
    }
    return render(request, "stakeholders/maps/form.html", context)


@require("view_organisations")
def map_detail(request, platform_slug, public_id):
    stakeholder_map = selectors.map_get(platform=request.platform, public_id=public_id)
    positions = list(selectors.position_list(stakeholder_map=stakeholder_map))
    context = {
        "stakeholder_map": stakeholder_map,
        "positions": positions,
        "rows": [(p, selectors.strategy_label(p)) for p in positions],
        "chart": charts.map_svg(positions, title=_chart_title(stakeholder_map)),
        "strategy_counts": selectors.strategy_counts(positions),
        "snapshots": list(selectors.map_snapshots_of_issue(stakeholder_map=stakeholder_map)),
    }
    return render(request, "stakeholders/maps/detail.html", context)


def _chart_title(stakeholder_map) -> str:
    return (
        f"{stakeholder_map.title}: {stakeholder_map.issue}, as of {stakeholder_map.as_of:%d %b %Y}"
    )


@require_GET
@require("view_organisations")
def map_chart(request, platform_slug, public_id):
    """The chart alone, as an SVG file to download and use elsewhere."""
    stakeholder_map = selectors.map_get(platform=request.platform, public_id=public_id)
    positions = list(selectors.position_list(stakeholder_map=stakeholder_map))
    svg = charts.map_svg(positions, title=_chart_title(stakeholder_map))
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + svg, content_type="image/svg+xml"
    )
    name = slugify(f"{stakeholder_map.title} {stakeholder_map.as_of}") or "stakeholder-map"
    response["Content-Disposition"] = f'attachment; filename="{name}.svg"'
    # The file is user content: never let a browser run it as a page of ours.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@require("manage_maps")
def map_copy(request, platform_slug, public_id):
    """GET asks for the new snapshot's title and date; POST makes the copy."""
    platform = request.platform
    stakeholder_map = selectors.map_get(platform=platform, public_id=public_id)
    initial = {"title": stakeholder_map.title, "as_of": platform.today()}
    form = MapCopyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.map_copy(
                platform=platform,
                stakeholder_map=stakeholder_map,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, f"New snapshot as of {copy.as_of:%d %b %Y}, with every position copied."
            )
            return redirect("map_detail", platform_slug=platform.slug, public_id=copy.public_id)
    count = selectors.position_list(stakeholder_map=stakeholder_map).count()
    return render(
        request,
        "stakeholders/maps/copy.html",
        {"form": form, "stakeholder_map": stakeholder_map, "position_count": count},
    )


@require_GET
@require("view_organisations")
def map_compare(request, platform_slug):
    """Without two snapshots picked, a form to pick them (saying what is missing once it
    was sent); with them, what changed. A well-formed id of no map of ours is a 404."""
    platform = request.platform
    sent = "from" in request.GET or "to" in request.GET
    form = CompareForm(request.GET if sent else None, maps=selectors.map_list(platform=platform))
    if not form.is_valid():
        return render(request, "stakeholders/maps/compare_pick.html", {"form": form})
    comparison = selectors.map_compare(
        platform=platform, before_id=form.cleaned_data["from"], after_id=form.cleaned_data["to"]
    )
    title = (
        f"{comparison.after.issue}: from {comparison.before.as_of:%d %b %Y} "
        f"to {comparison.after.as_of:%d %b %Y}"
    )
    context = {
        "comparison": comparison,
        "moved": comparison.of("moved"),
        "joined": comparison.of("joined"),
        "left": comparison.of("left"),
        "changed": comparison.of("changed"),
        "unchanged": comparison.of("unchanged"),
        "chart": charts.compare_svg(comparison.moves, title=title),
    }
    return render(request, "stakeholders/maps/compare.html", context)


@require("manage_maps")
def position_table(request, platform_slug, public_id):
    """Every position of the map in one form, saved all together or not at all."""
    platform = request.platform
    stakeholder_map = selectors.map_get(platform=platform, public_id=public_id)
    queryset = selectors.position_list(stakeholder_map=stakeholder_map)
    formset = PositionTableFormSet(request.POST or None, queryset=queryset, prefix="positions")
    if request.method == "POST" and formset.is_valid():
        deleted = [f.instance for f in formset.deleted_forms]
        changes = [
            (f.instance, {name: f.cleaned_data[name] for name in f.changed_data})
            for f in formset.forms
            if f not in formset.deleted_forms and f.has_changed()
        ]
        try:
            services.positions_update(
                platform=platform,
                stakeholder_map=stakeholder_map,
                actor=request.user,
                changes=changes,
                deletions=deleted,
            )
        except ValidationError as error:
            messages.error(request, "Nothing was saved. " + " ".join(error.messages))
        else:
            messages.success(request, f"Saved: {len(changes)} changed, {len(deleted)} removed.")
            return redirect("map_detail", platform_slug=platform.slug, public_id=public_id)
    elif request.method == "POST":
        messages.error(request, "Nothing was saved: correct the rows marked below.")
    context = {"stakeholder_map": stakeholder_map, "formset": formset}
    return render(request, "stakeholders/maps/position_table.html", context)


@require("manage_maps")
def position_create(request, platform_slug, public_id):
    """Places a stakeholder. A registry too big for one list is searched instead:
    ?find=<text> offers the best matches as radio buttons (no JavaScript needed)."""
    platform = request.platform
    stakeholder_map = selectors.map_get(platform=platform, public_id=public_id)
    organisations = selectors.organisations_available(
        platform=platform, stakeholder_map=stakeholder_map
    )
    form = PositionForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            position = services.position_create(
                platform=platform,
                stakeholder_map=stakeholder_map,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{position.name} placed on the map.")
            if "add_another" in request.POST:
                return redirect("position_create", platform_slug=platform.slug, public_id=public_id)
            return redirect("map_detail", platform_slug=platform.slug, public_id=public_id)
    context = {"stakeholder_map": stakeholder_map, "form": form, "position": None}
    if selectors.organisations_too_many_to_list(platform=platform, stakeholder_map=stakeholder_map):
        find = request.GET.get("find", "").strip()
        found, more = (
            selectors.organisations_find(
                platform=platform, stakeholder_map=stakeholder_map, text=find
            )
            if find
            else ([], False)
        )
        chosen = form.cleaned_data.get("organisation") if form.is_bound else None
        # Whoever was chosen before the page came back (a refusal) stays chosen.
        offered = found if chosen is None or chosen in found else [chosen, *found]
        form.offer(offered)
        context.update(searching=True, find=find, found=found, more=more)
    return render(request, "stakeholders/maps/position_form.html", context)


@require("manage_maps")
def position_edit(request, platform_slug, public_id, position_id):
    platform = request.platform
    stakeholder_map = selectors.map_get(platform=platform, public_id=public_id)
    position = selectors.position_get(stakeholder_map=stakeholder_map, public_id=position_id)
    fields = [f for f in services.POSITION_FIELDS if f != "label" or not position.organisation_id]
    form = PositionForm(
        request.POST or None,
        editing=position,
        initial={f: getattr(position, f) for f in fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.position_update(
                platform=platform, position=position, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{position.name}: position saved.")
            return redirect("map_detail", platform_slug=platform.slug, public_id=public_id)
    context = {"stakeholder_map": stakeholder_map, "form": form, "position": position}
    return render(request, "stakeholders/maps/position_form.html", context)


@require("manage_maps")
def position_delete(request, platform_slug, public_id, position_id):
    """GET asks for confirmation; POST removes the position (the organisation stays)."""
    platform = request.platform
    stakeholder_map = selectors.map_get(platform=platform, public_id=public_id)
    position = selectors.position_get(stakeholder_map=stakeholder_map, public_id=position_id)
    if request.method != "POST":
        context = {"stakeholder_map": stakeholder_map, "position": position}
        return render(request, "stakeholders/maps/position_delete.html", context)
    services.position_delete(platform=platform, position=position, actor=request.user)
    messages.success(request, f"{position.name} removed from the map.")
    return redirect("map_detail", platform_slug=platform.slug, public_id=public_id)
