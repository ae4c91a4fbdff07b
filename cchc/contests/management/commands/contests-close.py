"""Close the quiz rounds past their end and score the attempts whose time is up (idempotent; run by the
scheduler)."""

from django.core.management.base import BaseCommand

from cchc.contests.actions import close_due_rounds


class Command(BaseCommand):
    help = "Đóng các vòng thi đã hết hạn và chấm các bài thi đã hết giờ."

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        closed = close_due_rounds()
        for round_ in closed:
            self.stdout.write(f"Đã đóng: {round_.contest} — {round_}")
