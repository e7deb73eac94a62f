"""Reads for the platform's agreement templates and their versions."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import Http404

from partnerships.models.agreements import AgreementTemplate, TemplateClause, TemplateVersion
from platforms.models import Platform


@dataclass
class TemplateRow:
    template: AgreementTemplate
    current: TemplateVersion | None  # annotated with clause_count


def template_rows(*, platform: Platform) -> list[TemplateRow]:
    """Every template of the platform, by form, each with its current version (number,
    clause count, who saved it and when). Two queries however many templates."""
    templates = list(AgreementTemplate.objects.filter(platform=platform).order_by("form", "name"))
    current: dict[int, TemplateVersion] = {}
    newest = (
        TemplateVersion.objects.filter(template=OuterRef("template"))
        .order_by("-number")
        .values("number")[:1]
    )
    versions = (
        TemplateVersion.objects.filter(
            platform=platform, template__in=templates, number=Subquery(newest)
        )
        .select_related("created_by")
        .annotate(clause_count=Count("clauses"))
    )
    for version in versions:
        current[version.template_id] = version
    return [TemplateRow(template=t, current=current.get(t.pk)) for t in templates]


def template_exists(*, platform: Platform) -> bool:
    return AgreementTemplate.objects.filter(platform=platform).exists()


def template_get(*, platform: Platform, public_id) -> AgreementTemplate:
    """The platform's template, or 404 (missing, or another platform's)."""
    template = AgreementTemplate.objects.filter(platform=platform, public_id=public_id).first()
    if template is None:
        raise Http404("No such agreement template.")
    return template


def version_list(*, template: AgreementTemplate) -> QuerySet[TemplateVersion]:
    return (
        TemplateVersion.objects.filter(platform_id=template.platform_id, template=template)
        .select_related("created_by")
        .order_by("-number")
    )


def version_get(*, template: AgreementTemplate, number: int | None = None) -> TemplateVersion:
    """A version of the template (the current one when no number), or 404."""
    versions = version_list(template=template)
    version = versions.filter(number=number).first() if number is not None else versions.first()
    if version is None:
        raise Http404("This template has no such version.")
    return version


def clause_list(*, version: TemplateVersion) -> list[TemplateClause]:
    return list(
        TemplateClause.objects.filter(platform_id=version.platform_id, version=version).order_by(
            "position"
        )
    )
