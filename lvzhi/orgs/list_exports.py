"""Columns of the orgs list pages' Excel exports (lvzhi/core/exports.py): what the page
shows, never more — no identity number, phone or birth date (PII stays masked)."""

from django.utils.translation import gettext_lazy

from lvzhi.core.exports import Column

from .models import Gender

PEOPLE_COLUMNS = (
    Column(gettext_lazy("姓名"), "name", width=12),
    Column.choice(gettext_lazy("性别"), "gender", Gender.choices, width=6),
    Column(gettext_lazy("所属组织"), "organization.name"),
    Column(gettext_lazy("工作单位及职务"), "workplace"),
)
