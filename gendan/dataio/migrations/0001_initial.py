"""ImportBatch and ExportJob move here from ``core``; their tables stay as they are.

The models are created in the migration state only (their tables, ``core_importbatch``
and ``core_exportjob``, were made by core's migrations and keep every row); core's
0006 then drops them from core's state.  Their content types move with them, so
permissions given on them stay.
"""

import django.db.models.deletion
import gendan.dataio.models
from django.conf import settings
from django.db import migrations, models


MODELS = ["importbatch", "exportjob"]


def _move_content_types(apps, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label=target, model=model).exists():
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_from_core(apps, schema_editor):
    _move_content_types(apps, "core", "dataio")


def content_types_to_core(apps, schema_editor):
    _move_content_types(apps, "dataio", "core")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0005_export_job'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ExportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=30, verbose_name='list')),
                        ('query', models.CharField(blank=True, max_length=2000)),
                        ('status', models.CharField(choices=[('queued', 'Waiting'), ('running', 'Being written'), ('done', 'Ready'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                        ('file', models.FileField(blank=True, max_length=255, upload_to=gendan.dataio.models.export_file_path)),
                        ('filename', models.CharField(blank=True, max_length=255)),
                        ('row_count', models.PositiveIntegerField(default=0, verbose_name='rows')),
                        ('error', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='requested')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'export',
                        'verbose_name_plural': 'exports',
                        'db_table': 'core_exportjob',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ImportBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=20, verbose_name='kind')),
                        ('original_name', models.CharField(max_length=255, verbose_name='file name')),
                        ('file', models.FileField(max_length=255, upload_to=gendan.dataio.models.import_file_path, verbose_name='file')),
                        ('status', models.CharField(choices=[('checking', 'Being checked'), ('previewed', 'Checked, waiting for confirmation'), ('importing', 'Being imported'), ('imported', 'Imported'), ('failed', 'Has errors')], default='previewed', max_length=12, verbose_name='status')),
                        ('row_count', models.PositiveIntegerField(default=0, verbose_name='rows')),
                        ('created_count', models.PositiveIntegerField(default=0, verbose_name='created')),
                        ('updated_count', models.PositiveIntegerField(default=0, verbose_name='updated')),
                        ('unchanged_count', models.PositiveIntegerField(default=0, verbose_name='unchanged')),
                        ('error_count', models.PositiveIntegerField(default=0, verbose_name='errors')),
                        ('errors', models.JSONField(blank=True, default=list, verbose_name='errors')),
                        ('warnings', models.JSONField(blank=True, default=list, verbose_name='warnings')),
                        ('preview', models.JSONField(blank=True, default=dict, verbose_name='preview')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded')),
                        ('imported_at', models.DateTimeField(blank=True, null=True, verbose_name='imported')),
                        ('team', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.team', verbose_name='team')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'import',
                        'verbose_name_plural': 'imports',
                        'db_table': 'core_importbatch',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_from_core, content_types_to_core),
    ]
