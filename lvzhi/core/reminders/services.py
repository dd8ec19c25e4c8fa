"""Sending reminders: a daily job builds ``Reminder`` rows and sends them here; a key
already sent to that user is skipped, so a job may run any number of times a day."""

from .models import Reminder


def reminders_send(reminders: list[Reminder]) -> int:
    """Write the reminders not sent before (by user and key); the number written."""
    if not reminders:
        return 0
    before = Reminder.objects.count()
    Reminder.objects.bulk_create(reminders, ignore_conflicts=True, batch_size=1000)
    return Reminder.objects.count() - before
