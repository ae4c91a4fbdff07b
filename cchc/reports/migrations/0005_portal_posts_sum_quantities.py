"""The portal indicators count what officers typed (the sum of quantities), not the number of activities: five
articles logged as one activity of quantity 5 are five articles. Changed only where the rule is still the old one."""

from django.db import migrations

CODES = ("portal-posts", "portal-directives")


def forward(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    Indicator.objects.filter(code__in=CODES, prefill="count").update(prefill="quantity")


def backward(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    Indicator.objects.filter(code__in=CODES, prefill="quantity").update(prefill="count")


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_indicator_prefill_module")]
    operations = [migrations.RunPython(forward, backward)]
