"""Background jobs of the members module: recomputing the 七个一 compliance of an
organization's subtree for a year (after a rule-set change, a bulk correction), in
chunks of organizations with the progress on the job.

Starting one needs the ``change`` scope on the organization; the work is
``lvzhi.members.compliance.services.rebuild``, idempotent (it replaces the rows it computes), so a task
delivered twice or retried leaves the same rows. The members services are imported
inside the functions (the package is being regrouped; only its public names are used)."""

from celery import shared_task
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.jobs import services as jobs
from lvzhi.core.jobs.kinds import Field, JobKind, Prepared, whole_number
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import PATH_END, OutOfScope, ensure_scope

CHUNK = 50  # organizations per transaction


class ComplianceRebuild(JobKind):
    name = "compliance_rebuild"
    label = gettext_lazy("重算七个一履职情况")
    fields = (
        Field("organization", gettext_lazy("组织编号")),
        Field("year", gettext_lazy("年度")),
    )
    task = "lvzhi.members.tasks.rebuild_compliance"

    def prepare(self, actor, data):
        from lvzhi.orgs.models import Organization

        pk = whole_number(data, "organization", _("组织编号"))
        this_year = today_local().year
        year = whole_number(
            {"year": data.get("year") or this_year}, "year", _("年度"), low=2000, high=this_year
        )
        organization = Organization.objects.filter(pk=pk).first()
        if organization is None:
            raise OutOfScope(_("不在您的管理范围内"))
        ensure_scope(actor, "change", organization)
        return Prepared(
            organization=organization,
            params={"organization": organization.pk, "year": year},
            title=_("重算 %(org)s %(year)d 年七个一履职情况")
            % {"org": organization.name, "year": year},
        )


def organizations_with_seats(root):
    """The organizations of ``root``'s subtree where someone holds a committee seat."""
    from lvzhi.members.common.selectors import COMMITTEE_TITLES
    from lvzhi.orgs.models import Organization, Position

    ids = (
        Position.objects.filter(
            organization__path__gte=root.path,
            organization__path__lt=root.path + PATH_END,
            title__in=COMMITTEE_TITLES,
        )
        .values_list("organization_id", flat=True)
        .distinct()
    )
    return list(Organization.objects.filter(pk__in=ids).order_by("path"))


@shared_task(bind=True, max_retries=3, acks_late=True)
def rebuild_compliance(self, job_id: int) -> str:
    def work(job):
        from lvzhi.members.compliance import services as compliance
        from lvzhi.orgs.models import Organization

        root = Organization.objects.get(pk=job.params["organization"])
        year, today = job.params["year"], today_local()
        organizations = organizations_with_seats(root)
        total, rows = len(organizations), 0
        jobs.progress(job, 1, _("共 %(n)d 个组织") % {"n": total})
        for start in range(0, total, CHUNK):
            chunk = organizations[start : start + CHUNK]
            rows += compliance.rebuild(organizations=chunk, year=year, today=today)
            done = start + len(chunk)
            jobs.progress(
                job,
                100 * done // total,
                _("已重算 %(done)d / %(n)d 个组织") % {"done": done, "n": total},
            )
        jobs.finish(
            job,
            result={"organizations": total, "rows": rows},
            message=_("已重算 %(n)d 个组织，%(rows)d 条记录") % {"n": total, "rows": rows},
        )

    return jobs.run(self, job_id, work)
