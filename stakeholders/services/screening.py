"""Writes for screening (due diligence): the platform's criteria and screenings."""

from platforms.hooks import on_platform_created
from platforms.models import Platform
from stakeholders.models import DEFAULT_CRITERIA, ScreeningCriterion


@on_platform_created
def screening_criteria_seed(*, platform: Platform, actor=None) -> int:
    """Give a platform DOMAIN.md's default criteria, once. Returns how many were added."""
    if ScreeningCriterion.objects.filter(platform=platform).exists():
        return 0
    ScreeningCriterion.objects.bulk_create(
        ScreeningCriterion(platform=platform, name=name, description=description, position=n)
        for n, (name, description) in enumerate(DEFAULT_CRITERIA, start=1)
    )
    return len(DEFAULT_CRITERIA)
