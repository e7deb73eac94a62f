from django.db import models


class Goal(models.Model):
    """A Sustainable Development Goal: reference data shared by every platform."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Goal {self.number}: {self.title}"


class Target(models.Model):
    """One of a goal's targets, "2.1" or "17.16"."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(max_length=8, unique=True)
    text = models.TextField()
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["goal__number", "position"]

    def __str__(self) -> str:
        return f"Target {self.code}"
