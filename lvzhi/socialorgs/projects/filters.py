"""Filters of /api/v1/socialorgs/projects/applications/: they narrow the applications
already restricted to the user's scope; a malformed value or an unknown parameter answers
400 naming it (``StrictFilterSet``)."""

import django_filters
from django.utils.translation import gettext_lazy

from lvzhi.core.filters import IdFilter
from lvzhi.socialorgs.filters import StrictFilterSet

from .models import ApplicationStatus, ProjectApplication


class ApplicationFilter(StrictFilterSet):
    organization = IdFilter(
        field_name="organization_id", label=gettext_lazy("社会组织编号（该组织的申报）")
    )
    batch = IdFilter(field_name="batch_id", label=gettext_lazy("批次编号"))
    status = django_filters.ChoiceFilter(
        choices=ApplicationStatus.choices, label=gettext_lazy("状态")
    )

    class Meta:
        model = ProjectApplication
        fields = ["organization", "batch", "status"]
