"""Writes for the platform's screening criteria: the defaults, adding and editing."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from platforms.hooks import on_platform_created
from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.models import DEFAULT_CRITERIA, ScreeningCriterion
from stakeholders.services.common import actor_id, platform_check

NAME_MAX = 200  # ScreeningCriterion.name's max_length
POSITION_MAX = 32767  # PositiveSmallIntegerField


@on_platform_created
def screening_criteria_seed(*, platform: Platform, actor=None) -> int:
    """Give a platform DOMAIN.md's default criteria, once. Returns how many were added."""
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        # The platform's row locked first: of two clicks on "Add the default criteria",
        # the second waits for the first to commit, then finds its criteria and adds none
        # (without the lock both see none, and the second breaks the unique name).
        Platform.objects.select_for_update().filter(pk=platform.pk).first()
        if ScreeningCriterion.objects.filter(platform=platform).exists():
            return 0
        ScreeningCriterion.objects.bulk_create(
            ScreeningCriterion(platform=platform, name=name, description=description, position=n)
            for n, (name, description) in enumerate(DEFAULT_CRITERIA, start=1)
        )
    return len(DEFAULT_CRITERIA)


def _criterion_clean(
    *, platform: Platform, name: str, position: int, exclude_pk: int | None
) -> str:
    name = " ".join((name or "").split())
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Give the criterion a name."
    elif len(name) > NAME_MAX:
        errors["name"] = f"Keep the name to {NAME_MAX} characters or fewer."
    else:
        same = ScreeningCriterion.objects.filter(platform=platform, name__iexact=name)
        if exclude_pk is not None:
            same = same.exclude(pk=exclude_pk)
        if same.exists():
            errors["name"] = (
                f"The platform already has a criterion named “{name}” (perhaps retired): "
                "choose another name, or edit that one."
            )
    if not isinstance(position, int) or not 0 <= position <= POSITION_MAX:
        errors["position"] = f"The position is a whole number from 0 to {POSITION_MAX}."
    if errors:
        raise ValidationError(errors)
    return name


def _save_criterion(criterion: ScreeningCriterion) -> ScreeningCriterion:
    try:
        # A savepoint, so a lost race on the unique name leaves the transaction usable.
        with transaction.atomic():
            criterion.save()
    except IntegrityError:
        raise ValidationError(
            {"name": f"The platform already has a criterion named “{criterion.name}”."}
        ) from None
    return criterion


def criterion_create(
    *,
    platform: Platform,
    actor,
    name: str,
    description: str = "",
    position: int | None = None,
    is_active: bool = True,
) -> ScreeningCriterion:
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        if position is None:
            last = (
                ScreeningCriterion.objects.filter(platform=platform)
                .order_by("-position")
                .values_list("position", flat=True)
                .first()
            )
            position = min((last or 0) + 1, POSITION_MAX)
        name = _criterion_clean(platform=platform, name=name, position=position, exclude_pk=None)
        criterion = ScreeningCriterion(
            platform=platform,
            name=name,
            description=(description or "").strip(),
            position=position,
            is_active=is_active,
        )
        return _save_criterion(criterion)


def criterion_update(
    *,
    platform: Platform,
    criterion: ScreeningCriterion,
    actor,
    name: str,
    description: str,
    position: int,
    is_active: bool,
) -> ScreeningCriterion:
    """Edit a criterion. Retiring it (is_active False) leaves it out of new screenings;
    the findings already recorded against it stay."""
    platform_check(platform, criterion)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        name = _criterion_clean(
            platform=platform, name=name, position=position, exclude_pk=criterion.pk
        )
        criterion.name = name
        criterion.description = (description or "").strip()
        criterion.position = position
        criterion.is_active = is_active
        return _save_criterion(criterion)
