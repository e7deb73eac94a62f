"""What every stakeholders service shares: who acts, the platform each object must belong
to, and the steps of an update."""

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import ValidationError

from platforms.models import Platform, TenantModel
from platforms.tenancy import platform_transaction

Model = TypeVar("Model", bound=TenantModel)


def actor_id(actor) -> int | None:
    """The acting user's id for the audit trail; None when the system acts (jobs, seeding)."""
    return getattr(actor, "pk", None)


def platform_check(platform: Platform, *objects: TenantModel | None) -> None:
    """Refuse objects of another platform (None is skipped, for optional references).

    Selectors already answer 404 for another platform's ids; this guards the services'
    other callers (jobs, the API, commands), so that no write ever ties two tenants."""
    for obj in objects:
        if obj is not None and obj.platform_id != platform.pk:
            raise ValidationError(f"This {obj._meta.verbose_name} belongs to another platform.")


@contextmanager
def restored_if_refused(instances: Iterable[Any], fields: Iterable[str]) -> Iterator[None]:
    """Put the fields back as they were when the write is refused (ValidationError):
    validating changes the objects (new values, tidied text), and a caller that shows them
    again must show the stored values, not the refused ones."""
    fields = list(fields)
    saved = [(instance, {f: getattr(instance, f) for f in fields}) for instance in instances]
    try:
        yield
    except ValidationError:
        for instance, values in saved:
            for field, value in values.items():
                setattr(instance, field, value)
        raise


def fields_check(fields: Collection[str], *, allowed: Collection[str], what: str) -> None:
    """Refuse fields a service does not take: a programming error, so TypeError."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown {what} fields: {sorted(unknown)}")


def instance_update(
    instance: Model,
    *,
    platform: Platform,
    actor,
    fields: Mapping[str, Any],
    allowed: Collection[str],
    validate: Callable[[Model], None],
    also_changed: Callable[[Model, list[str]], Iterable[str]] | None = None,
) -> Model:
    """The steps every update shares: refuse unknown fields, check the platform, set the
    values, validate, and save the fields whose value changed (nothing at all when none
    did, so no empty audit event).

    ``validate`` may tidy the values it is given (trim a name). On refusal the instance
    gets back the values it had, so a caller that shows it again shows what is stored.
    ``also_changed(instance, changed)`` runs once the values passed: it may change
    more attributes, and returns their names so they are saved too."""
    fields_check(fields, allowed=allowed, what=str(instance._meta.verbose_name))
    platform_check(platform, instance)
    previous = {name: getattr(instance, name) for name in fields}
    with restored_if_refused([instance], fields):
        for name, value in fields.items():
            setattr(instance, name, value)
        validate(instance)
    changed = [name for name in fields if getattr(instance, name) != previous[name]]
    if changed and also_changed is not None:
        changed += [name for name in also_changed(instance, changed) if name not in changed]
    if changed:
        with platform_transaction(platform.pk, user_id=actor_id(actor)):
            instance.save(update_fields=[*changed, "updated_at"])
    return instance
