"""The process engine's ``case_cancel`` and ``case_reopen`` hooks for the six-standard
assessment (R-HM-01).

A cancel of an assessment's case from the generic case page or its API is followed: the
assessment becomes 已撤销 in the same transaction (who and when in its verdicts with the
reason, R-HM-01, and an AuditEvent), so its services no longer wait on a dead case and
``one_open_assessment_per_home`` lets the village apply again. A reopen from there is
refused: the parts' reviews and verdicts of a cancelled (or designated) assessment do not
come back with its case; the village applies anew on the assessment page."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lvzhi.core.rulesets import verdict

from ..models import OPEN_ASSESSMENT, Assessment, AssessmentStatus
from .services import VIA, _audit, _record

STEP_CANCEL = "cancel"


def follow_cancel(*, case, actor, reason, via) -> None:
    """The ``case_cancel`` hook: the open assessment of ``case`` (if any) is cancelled with
    it; nothing else (another module's case) is touched."""
    row = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("home__organization")
        .filter(case_id=case.pk)
        .first()
    )
    if row is None or row.status not in OPEN_ASSESSMENT:
        return
    before = row.status
    detail = _("办件已撤销：%(r)s") % {"r": reason} if reason else _("办件已撤销")
    _record(row, verdict("R-HM-01", "cancelled", detail), STEP_CANCEL, actor)
    row.status = AssessmentStatus.CANCELLED
    row.save(update_fields=["status", "verdicts", "updated_at"])
    _audit(actor, "assessment_cancel", row, {"status": [before, row.status]})


def refuse_reopen_elsewhere(*, case, actor, reason, via) -> None:
    """The ``case_reopen`` hook: an assessment's case is not reopened from the generic case
    page or its API (its assessment stays cancelled or designated and could not move it)."""
    if via != VIA and Assessment.objects.filter(case_id=case.pk).exists():
        raise ValidationError(
            _(
                "这是妇女之家规范化评估的办件，不能在此恢复办理：评估已撤销或已办结，"
                "如需重新评估请在妇女之家的评估页面重新申报（R-HM-01）。"
            )
        )
