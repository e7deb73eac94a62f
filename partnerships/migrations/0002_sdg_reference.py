"""The 17 Sustainable Development Goals and their targets (partnerships/data/sdgs.json):
reference data every platform shares, so no platform_id and no row-level security."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "sdgs.json"


def load(apps, schema_editor):
    Goal = apps.get_model("partnerships", "Goal")
    Target = apps.get_model("partnerships", "Target")
    for goal_data in json.loads(DATA.read_text(encoding="utf-8")):
        goal, _ = Goal.objects.update_or_create(
            number=goal_data["number"], defaults={"title": goal_data["title"]}
        )
        for position, target in enumerate(goal_data["targets"], start=1):
            Target.objects.update_or_create(
                code=target["code"],
                defaults={"goal": goal, "text": target["text"], "position": position},
            )


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
