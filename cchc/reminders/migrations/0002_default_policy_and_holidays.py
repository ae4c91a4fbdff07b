"""The default reminder policy and Vietnam's public holidays 2015–2035 (reload a year with `cchc holidays --year Y`)."""

from django.db import migrations

FIRST_YEAR = 2015
LAST_YEAR = 2035


def forwards(apps, schema_editor):
    from cchc.reminders.calendar import load_year

    ReminderPolicy = apps.get_model("reminders", "ReminderPolicy")
    Holiday = apps.get_model("reminders", "Holiday")
    if not ReminderPolicy.objects.filter(is_default=True).exists():
        ReminderPolicy.objects.update_or_create(
            name="Mặc định",
            defaults={"days_before": [7, 1], "on_due_date": True, "overdue_every": 3, "overdue_max": 10,
                      "escalate_after": 3, "working_days": True, "is_default": True},
        )
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        load_year(year, model=Holiday)


def backwards(apps, schema_editor):
    pass  # the rows stay: administrators may have edited them


class Migration(migrations.Migration):

    dependencies = [
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
