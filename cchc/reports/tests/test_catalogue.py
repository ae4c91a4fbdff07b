from __future__ import annotations

from typing import Any

from cchc.reports.catalogue import CHANNELS, INDICATORS, TOPICS, load_catalogue
from cchc.reports.models import Channel, Indicator, Topic


def test_migration_seeded_the_catalogue(db: Any) -> None:
    assert Channel.objects.count() == len(CHANNELS) == 14
    assert Channel.objects.get(code="receipt").name == "In mặt sau giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    assert Topic.objects.count() == len(TOPICS)
    # (other modules add their own indicators, e.g. the surveys' satisfaction index: count the catalogue's)
    assert Indicator.objects.filter(code__in=[row[0] for row in INDICATORS]).count() == len(INDICATORS)


def test_load_catalogue_is_idempotent(db: Any) -> None:
    assert load_catalogue() == {"channels": 0, "topics": 0, "indicators": 0}
    Channel.objects.filter(code="led").update(name="Màn hình LED")  # an administrator's rename is kept
    Indicator.objects.filter(code="video-clips").delete()
    assert load_catalogue()["indicators"] == 1
    assert Channel.objects.get(code="led").name == "Màn hình LED"
    # (other modules add their own indicators, e.g. the surveys' satisfaction index: count the catalogue's)
    assert Indicator.objects.filter(code__in=[row[0] for row in INDICATORS]).count() == len(INDICATORS)


def test_not_above_links_and_rules(db: Any) -> None:
    resolved = Indicator.objects.get(code="feedback-resolved")
    on_time = Indicator.objects.get(code="feedback-on-time")
    assert resolved.not_above.code == "feedback-received"
    assert on_time.not_above == resolved
    rate = Indicator.objects.get(code="online-rate")
    assert (rate.value_type, rate.aggregation, rate.min_value, rate.max_value) == ("percent", "average", 0, 100)


def test_prefill_rules(db: Any) -> None:
    def rule(code: str) -> tuple[str, list[str]]:
        indicator = Indicator.objects.get(code=code)
        return indicator.prefill, [channel.code for channel in indicator.prefill_channels.all()]

    assert rule("portal-posts") == ("quantity", ["portal"])
    assert rule("video-clips") == ("quantity", ["video"])
    assert rule("led-screenings") == ("quantity", ["led"])
    assert rule("leaflets") == ("quantity", ["leaflet"])
    assert rule("receipts") == ("quantity", ["receipt"])
    assert rule("conferences") == ("count", ["conference"])
    assert rule("contest-entries") == ("reach", ["contest"])
    assert rule("online-level3") == ("", [])
