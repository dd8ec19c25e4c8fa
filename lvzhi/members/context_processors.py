"""The unread reminder count in the navbar: one COUNT, for signed-in users only, and only
when a template shows it (the value is a callable the template engine calls once)."""

from lvzhi.members.compliance.selectors import unread_reminder_count


def reminders(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memo = {}

    def unread() -> int:
        if "count" not in memo:
            memo["count"] = unread_reminder_count(user)
        return memo["count"]

    return {"unread_reminders": unread}
