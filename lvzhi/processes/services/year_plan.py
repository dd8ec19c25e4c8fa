"""The year plan: one case of every recurring, published template of an organization
for a year, started through ``case_start``; never twice."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lvzhi.core.scopes import ensure_scope
from lvzhi.orgs.models import Organization

from ..models import Case, ProcessTemplate, VersionStatus
from .cases import case_start


def year_plan_generate(*, actor, organization: Organization, year: int, today=None) -> dict:
    """The year's cases of every recurring, published template of ``organization``: one
    per template and year, never twice (a unique constraint makes sure of it)."""
    ensure_scope(actor, "create", organization)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("年度无效")})
    templates = (
        ProcessTemplate.objects.filter(
            organization=organization,
            recurring=True,
            is_active=True,
            versions__status=VersionStatus.PUBLISHED,
        )
        .exclude(cases__plan_year=year, cases__organization=organization)
        .distinct()
        .order_by("item_number", "id")
    )
    created, skipped = [], []
    for template in templates:
        try:
            with transaction.atomic():
                created.append(
                    case_start(
                        actor=actor,
                        template=template,
                        organization=organization,
                        title=f"{year}年度{template.name}",
                        year=year,
                        plan_year=year,
                        today=today,
                    )
                )
        except IntegrityError:
            skipped.append(template)
    existing = Case.objects.filter(organization=organization, plan_year=year).count()
    return {"created": created, "existing": existing - len(created)}
