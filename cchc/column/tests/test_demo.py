import pytest

from cchc.column.demo import load_demo
from cchc.column.models import Item
from cchc.reports.catalogue import load_catalogue
from cchc.reports.models import Activity


@pytest.mark.django_db
def test_the_demo_loads_twenty_items_once(province, settings):  # type: ignore[no-untyped-def]
    settings.CCHC_TODAY = "2020-11-20"
    load_catalogue()
    load_demo()
    load_demo()
    published = Item.objects.published()
    assert published.count() >= 10  # the test province has only some of the demo's units
    assert published.filter(published_at__year=2020).count() == published.count()
    assert Activity.objects.filter(source="column").count() == published.count()
    assert Item.objects.filter(status="submitted").exists() and Item.objects.filter(status="returned").exists()
