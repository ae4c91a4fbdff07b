from django.db import migrations


def add_kinds(apps, schema_editor):
    from cchc.units.choices import DEFAULT_KINDS

    UnitKind = apps.get_model("units", "UnitKind")
    for code, name, plural, order in DEFAULT_KINDS:
        UnitKind.objects.get_or_create(code=code, defaults={"name": name, "plural_name": plural, "order": order})


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
