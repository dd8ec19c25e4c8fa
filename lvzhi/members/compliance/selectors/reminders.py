"""The user's own reminders."""

from django.db.models import F
from django.shortcuts import get_object_or_404

from lvzhi.core.reminders.models import Reminder


def reminders_of(user):
    """The user's reminders, unread first, newest first within each."""
    return Reminder.objects.filter(user=user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-id"
    )


def unread_reminder_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Reminder.objects.filter(user=user, read_at__isnull=True).count()


def get_reminder(user, pk):
    """One of the user's own reminders, or 404."""
    return get_object_or_404(Reminder.objects.filter(user=user), pk=pk)
