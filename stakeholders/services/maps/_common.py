"""What the map services share: tidying text, who acts, and undoing a refused change on
the objects the caller holds."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError


def tidy(text: str | None) -> str:
    return " ".join((text or "").split())


def actor_id(actor) -> int | None:
    return actor.pk if actor is not None else None


@contextmanager
def restored_if_refused(instances: Iterable[Any], fields: Iterable[str]) -> Iterator[None]:
    """Put the fields back as they were when the write is refused: validating changes the
    objects (new values, tidied text), and the caller shows the saved ones, not the
    refused ones (a page header reading the refused title would look saved)."""
    fields = list(fields)
    saved = [(instance, {f: getattr(instance, f) for f in fields}) for instance in instances]
    try:
        yield
    except ValidationError:
        for instance, values in saved:
            for field, value in values.items():
                setattr(instance, field, value)
        raise
