"""Serializers of the screens API: the player's schedule and heartbeat, screens and plays for staff."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Play, Screen


class PlayerSlideSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["text", "image", "video", "item"])
    title = serializers.CharField()
    text = serializers.CharField(allow_blank=True)
    duration = serializers.IntegerField(help_text="Seconds on screen (a video plays to its end or this limit).")
    background = serializers.CharField(help_text="#rrggbb")
    version = serializers.CharField(help_text="Changes whenever the slide changes.")
    media_url = serializers.CharField(allow_blank=True,
                                      help_text="Image or video, fetched with the same X-Screen-Key header.")
    media_type = serializers.CharField(allow_blank=True)


class PlayerPlaylistSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.CharField(help_text="Changes whenever the playlist or one of its slides changes.")
    slides = PlayerSlideSerializer(many=True)


class PlayerScreenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    place = serializers.CharField()
    unit = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class RulesSerializer(serializers.Serializer):
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    weekdays = serializers.ListField(child=serializers.IntegerField(), help_text="1 = Monday … 7 = Sunday.")
    start_time = serializers.TimeField(allow_null=True, help_text="Vietnam time; null with end_time: all day.")
    end_time = serializers.TimeField(allow_null=True, help_text="May be before start_time (a slot across midnight).")
    priority = serializers.IntegerField(help_text="The highest priority wins; then a time slot over all day; then "
                                        "a playlist of the screen itself over one of its group; then the newest.")


class ScheduledPlaylistSerializer(PlayerPlaylistSerializer):
    rules = RulesSerializer()


class ScheduleSerializer(serializers.Serializer):
    screen = PlayerScreenSerializer()
    generated_at = serializers.DateTimeField()
    server_time = serializers.DateTimeField(help_text="The system's clock (a demo may fix its date): the player "
                                            "reads the rules on this clock.")
    refresh_seconds = serializers.IntegerField(help_text="Ask again (and report in) after this many seconds.")
    playlist = PlayerPlaylistSerializer(allow_null=True, help_text="What to play now; null when nothing is "
                                        "scheduled at this moment.")
    playlists = ScheduledPlaylistSerializer(many=True, help_text="Every playlist assigned to the screen and not yet "
                                            "over, with its rules: a player of its own can choose by itself.")


class PlayReportSerializer(serializers.Serializer):
    slide = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    duration = serializers.IntegerField(min_value=0, required=False, default=0)


class HeartbeatSerializer(serializers.Serializer):
    playlist = serializers.IntegerField(required=False, allow_null=True, help_text="The playlist being played.")
    plays = PlayReportSerializer(many=True, required=False, help_text="Slides shown since the last acknowledged "
                                 "heartbeat; resending a play is harmless (stored once).")


class HeartbeatAnswerSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    stored = serializers.IntegerField(help_text="New plays (the others were already recorded).")
    refresh_seconds = serializers.IntegerField()


class ScreenSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    unit_id = serializers.IntegerField(read_only=True)
    status = serializers.SerializerMethodField()
    resolution = serializers.CharField(read_only=True)

    class Meta:
        model = Screen
        fields = ["id", "name", "place", "unit", "unit_id", "width", "height", "resolution", "is_active", "status",
                  "last_seen_at", "last_playlist", "key_prefix", "key_issued_at", "key_revoked_at"]

    def get_status(self, obj: Screen) -> str:
        return obj.status()


class PlaySerializer(serializers.ModelSerializer):
    screen_name = serializers.CharField(source="screen.name", read_only=True)

    class Meta:
        model = Play
        fields = ["id", "screen", "screen_name", "playlist", "slide", "title", "started_at", "day", "duration",
                  "received_at"]

