"""Install the factory calendar and the default export SOP on a new database."""

from django.db import migrations


def install(apps, schema_editor):
    from gendan.followup.defaults import defaults_install

    defaults_install(apps)


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
