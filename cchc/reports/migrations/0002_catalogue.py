from django.db import migrations


def add_catalogue(apps, schema_editor):
    from cchc.reports.catalogue import load_catalogue_into

    load_catalogue_into(apps.get_model("reports", "Channel"), apps.get_model("reports", "Topic"),
                        apps.get_model("reports", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("units", "0002_default_kinds")]
    operations = [migrations.RunPython(add_catalogue, migrations.RunPython.noop)]
