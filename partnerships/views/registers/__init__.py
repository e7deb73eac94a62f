"""The "Risks and learning" tab of a partnership (partnerships.urls.registers)."""

from .learning import (
    divergence_create,
    divergence_delete,
    divergence_edit,
    divergence_list,
    lesson_create,
    lesson_delete,
    lesson_list,
)
from .risks import partnership_levers, risk_create, risk_delete, risk_edit, risk_list

__all__ = [
    "divergence_create",
    "divergence_delete",
    "divergence_edit",
    "divergence_list",
    "lesson_create",
    "lesson_delete",
    "lesson_list",
    "partnership_levers",
    "risk_create",
    "risk_delete",
    "risk_edit",
    "risk_list",
]
