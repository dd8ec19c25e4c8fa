"""What the 妇女之家 offers the apps of its layer through ``lvzhi.core.hooks`` (no import
either way): the guard of the executive members' activities it keeps behind its rows (a
major issue carried as her 建议, an activity she led at the home)."""

from django.utils.translation import gettext as _

from .models import Activity, Decision


def activity_guard(*, activity) -> str | None:
    """Hook ``activity_guard``: an activity kept behind a 妇女之家 row is changed through
    that row, never from the activity pages (it would drift from it)."""
    if Decision.objects.filter(suggestion_id=activity.pk).exists():
        return _("该建议由妇女之家议事的重大问题转来，请在议事记录中查看")
    if Activity.objects.filter(member_activity_id=activity.pk).exists():
        return _("该活动由妇女之家活动记录生成，请在妇女之家活动中修改")
    return None
