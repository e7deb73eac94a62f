from django.conf import settings
from django.db import models

from platforms.models import TenantModel

from .organisation import Organisation
from .reference import InteractionKind


class Interaction(TenantModel):
    """The engagement log: a meeting, call, email, workshop or consultation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="interactions"
    )
    kind = models.CharField(max_length=20, choices=InteractionKind.choices)
    occurred_on = models.DateField()
    subject = models.CharField(max_length=200)
    participants = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    follow_up_on = models.DateField(null=True, blank=True)
    follow_up_done_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        indexes = [
            models.Index(fields=["platform", "follow_up_on"]),
            models.Index(fields=["organisation", "occurred_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}: {self.subject}"

    def follow_up_state(self, today) -> str:
        """What the follow-up needs: "overdue", "due_today", "open", "done", or "" if none."""
        if self.follow_up_on is None:
            return ""
        if self.follow_up_done_at is not None:
            return "done"
        if self.follow_up_on < today:
            return "overdue"
        return "due_today" if self.follow_up_on == today else "open"
