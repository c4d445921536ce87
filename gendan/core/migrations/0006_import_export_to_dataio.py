"""ImportBatch and ExportJob now belong to ``gendan.dataio`` (see its 0001).

Only the migration state changes: the tables stay, with every row in them.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_export_job"),
        ("dataio", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ExportJob"),
                migrations.DeleteModel(name="ImportBatch"),
            ],
            database_operations=[],
        ),
    ]
