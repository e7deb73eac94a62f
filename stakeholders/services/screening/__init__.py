"""Writes for screening (due diligence): the platform's criteria and screenings.
Import from here; one module per area."""

from stakeholders.models import CLEARANCES  # re-exported: the demo seeder imports it here

from .criteria import criterion_create, criterion_update, screening_criteria_seed
from .screenings import CLOSED, FindingInput, screening_open, screening_update

__all__ = [
    "CLEARANCES",
    "CLOSED",
    "FindingInput",
    "criterion_create",
    "criterion_update",
    "screening_criteria_seed",
    "screening_open",
    "screening_update",
]
