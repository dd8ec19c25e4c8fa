"""Filters of the compliance lists of the API. The reminder list has none: any query
parameter but the page's answers 400 naming it, rather than being ignored."""

from lvzhi.members.filters import StrictFilterSet
from lvzhi.members.models import Reminder


class ReminderFilter(StrictFilterSet):
    class Meta:
        model = Reminder
        fields = []
