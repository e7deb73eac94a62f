"""Load the SDG targets into databases that ran 0002 before the targets were in the
data file. The load is idempotent: where they are already there, nothing changes."""

from importlib import import_module

from django.db import migrations

load = import_module("partnerships.migrations.0002_sdg_reference").load


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0003_partner_left_note")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
