"""Writes of the six-standard assessment (R-HM-01) and designation (R-HM-02) on the
process engine: the village federation assesses itself part by part with evidence and
submits (step 1, 自评), the township federation reviews each part and returns those it
does not accept with a reason (step 2, 审核), the district federation designates the home
a 规范化妇女之家 or returns the application (step 3, 命名). A re-check of a designated
home by the district withdraws the name when it fails.

Each write locks the assessment, checks that the actor acts on the case's current step
(``lvzhi.processes``'s routing), moves the case with ``step_transition`` and records the
verdict with its rule id in ``Assessment.verdicts`` and an AuditEvent, in one transaction;
evidence files stored before a rollback are removed."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import files
from lvzhi.core.periods import today_local
from lvzhi.core.rulesets import Verdict
from lvzhi.core.scopes import OutOfScope, ensure_scope
from lvzhi.core.services import audit
from lvzhi.orgs.models import Level, Organization
from lvzhi.processes import services as processes
from lvzhi.processes.models import (
    ActorKind,
    CaseStatus,
    ProcessTemplate,
    StepKind,
    StepStatus,
    VersionStatus,
)
from lvzhi.processes.rules import STEPLEN
from lvzhi.processes.selectors import acts_on

from .. import rules
from ..models import (
    Assessment,
    AssessmentKind,
    AssessmentPart,
    AssessmentStatus,
    Designation,
    Evidence,
    Home,
    PartReview,
    Status,
)
from ..services import home_designate
from . import selectors

TEMPLATE_NAME = "规范化妇女之家评估命名（R-HM-01、R-HM-02，CQ-FN 三）"
MAX_EVIDENCE = 9
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
STEP_SELF = "self"
STEP_TOWNSHIP = "township"
STEP_DISTRICT = "district"
VIA = "homes"  # what these services pass to processes.step_transition


def refuse_step_elsewhere(*, case, step, action, via) -> None:
    """The ``case_step`` hook: an assessment's case moves only through these services,
    which record each part's review and the R-HM-01/R-HM-02 verdicts beside it; moved
    from the generic case page or its API it would skip them."""
    if via != VIA and Assessment.objects.filter(case_id=case.pk).exists():
        raise ValidationError(_("这是妇女之家规范化评估的办件，请在评估页面逐项办理（R-HM-01）。"))


def county_of(organization: Organization) -> Organization | None:
    """The district (county-level) federation above ``organization``."""
    prefixes = [
        organization.path[: n * STEPLEN] for n in range(1, len(organization.path) // STEPLEN)
    ]
    return (
        Organization.objects.filter(path__in=prefixes, level=Level.COUNTY)
        .order_by("-depth")
        .first()
    )


def step_specs(levels_to_county: int) -> list[dict]:
    """自评 by the home's federation; 审核 by the township (the federation one level up,
    when the district is more than one level up); 命名 by the district."""
    specs = [
        {
            "name": _("村（社区）妇联自评"),
            "kind": StepKind.ACTION,
            "actor_kind": ActorKind.ORG_ROLE,
            "role_code": "cadre",
            "duration_workdays": 20,
        }
    ]
    if levels_to_county > 1:
        specs.append(
            {
                "name": _("乡镇（街道）妇联审核"),
                "kind": StepKind.REVIEW,
                "actor_kind": ActorKind.PARENT_ROLE,
                "role_code": "cadre",
                "levels_up": levels_to_county - 1,
                "duration_workdays": 10,
            }
        )
    specs.append(
        {
            "name": _("区县妇联命名"),
            "kind": StepKind.REVIEW,
            "actor_kind": ActorKind.PARENT_ROLE,
            "role_code": "cadre",
            "levels_up": levels_to_county,
            "duration_workdays": 20,
        }
    )
    return specs


def assessment_template(*, actor, organization: Organization, levels_to_county: int):
    """The published assessment template at the home's federation (installed on first
    use, as the founding procedure's is)."""
    template = (
        ProcessTemplate.objects.filter(organization=organization, name=TEMPLATE_NAME)
        .filter(versions__status=VersionStatus.PUBLISHED)
        .first()
    )
    if template is not None:
        return template
    template = processes.template_create(actor=actor, organization=organization, name=TEMPLATE_NAME)
    version = template.versions.get()
    processes.steps_replace(actor=actor, version=version, steps=step_specs(levels_to_county))
    processes.version_publish(actor=actor, version=version)
    return template


def _record(assessment: Assessment, result: Verdict, step: str, actor) -> None:
    assessment.verdicts = [
        *assessment.verdicts,
        {
            **result.as_dict(),
            "step": step,
            "at": timezone.now().isoformat(timespec="seconds"),
            "by": actor.get_username() if getattr(actor, "is_authenticated", False) else "",
        },
    ]


def _audit(actor, action: str, assessment: Assessment, changes: dict) -> None:
    audit(
        actor=actor,
        action=action,
        obj=assessment,
        changes=changes,
        organization=assessment.home.organization,
    )


@transaction.atomic
def assessment_start(*, actor, home: Home, today: dt.date | None = None) -> Assessment:
    """The village federation opens its application: a case on the process engine and one
    part row per part of the six standards (R-HM-01)."""
    ensure_scope(actor, "create", home.organization)
    today = today or today_local()
    home = Home.objects.select_for_update().select_related("organization").get(pk=home.pk)
    if home.status != Status.ACTIVE:
        raise ValidationError(_("只有运行中的妇女之家可以申报规范化"))
    if home.designation == Designation.DESIGNATED:
        raise ValidationError(_("该妇女之家已命名为规范化妇女之家"))
    if home.assessments.filter(status__in=selectors.OPEN_STATUSES).exists():
        raise ValidationError(_("该妇女之家已有进行中的评估"))
    county = county_of(home.organization)
    if county is None or county.pk == home.organization_id:
        raise ValidationError(_("该妇女之家没有上级区县妇联，无法申报命名"))
    levels = (len(home.organization.path) - len(county.path)) // STEPLEN
    template = assessment_template(
        actor=actor, organization=home.organization, levels_to_county=levels
    )
    case = processes.case_start(
        actor=actor,
        template=template,
        organization=home.organization,
        title=_("%(name)s规范化评估") % {"name": home.name},
        today=today,
    )
    assessment = Assessment(
        home=home,
        org_path=home.org_path,
        kind=AssessmentKind.DESIGNATION,
        year=today.year,
        case=case,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError:
        raise ValidationError(_("该妇女之家已有进行中的评估")) from None
    AssessmentPart.objects.bulk_create(
        AssessmentPart(assessment=assessment, org_path=home.org_path, code=code)
        for code in rules.part_codes()
    )
    _audit(actor, "assessment_start", assessment, {"case": [None, str(case)]})
    return assessment


def _locked(assessment: Assessment, status: str) -> Assessment:
    row = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("home__organization", "case__current_step")
        .get(pk=assessment.pk)
    )
    if row.status != status:
        raise ValidationError(
            _("评估当前处于“%(s)s”，不能进行此操作") % {"s": row.get_status_display()}
        )
    return row


def _current_step(actor, assessment: Assessment):
    """The case's active step, which ``actor`` must act on (else 404 when she cannot
    even see the assessment, PermissionDenied when she sees it but the step is not hers)."""
    case = assessment.case
    step = case.current_step if case is not None else None
    if case is None or case.status != CaseStatus.OPEN or step is None:
        raise ValidationError(_("该评估的办件已办结或已撤销"))
    if step.status != StepStatus.ACTIVE:
        raise ValidationError(_("该环节当前不在办理中"))
    if not acts_on(actor, step):
        raise PermissionDenied(_("该环节不由您办理"))
    return step


def _not_the_applicant(actor, assessment: Assessment) -> None:
    """Who submitted the self-assessment does not review or designate it (a cadre whose
    scope covers the village may act for it, but not on both sides)."""
    submitted = [v for v in assessment.verdicts if v.get("step") == STEP_SELF]
    if submitted and submitted[-1].get("by") == actor.get_username():
        raise ValidationError(_("提交自评的人不能审核或命名同一申报"))


def _status_after(assessment: Assessment) -> str:
    """The status the case's current step means (its position from the end: the last
    step is the district's, the one before it the township's when there are three)."""
    case = assessment.case
    case.refresh_from_db()
    if case.status != CaseStatus.OPEN:
        return AssessmentStatus.DESIGNATED
    orders = list(case.steps.order_by("order").values_list("order", flat=True))
    position = orders.index(case.current_step.order)
    if position == 0:
        return AssessmentStatus.SELF
    if position == len(orders) - 1:
        return AssessmentStatus.DISTRICT
    return AssessmentStatus.TOWNSHIP


def _evidence_content(upload):
    """A photo re-encoded, or a document checked by its content (PDF, Word, Excel)."""
    expected = files.extension_kind(upload.name)
    if expected is None or expected == "txt":
        raise ValidationError(_("请上传照片（JPG、PNG）或文件（PDF、Word、Excel）"))
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("文件不能超过 %(mb)d MB") % {"mb": MAX_EVIDENCE_BYTES >> 20})
    kind = files.detect(upload)
    upload.seek(0)
    if kind != expected:
        raise ValidationError(_("文件内容与扩展名不符"))
    if kind in files.IMAGE_KINDS:
        return files.intake_image(upload).file, True
    return files.named(upload, kind), False


def part_record(
    *,
    actor,
    assessment: Assessment,
    code: str,
    met: bool | None,
    note: str = "",
    evidence=(),
) -> AssessmentPart:
    """自评: the village's verdict on one part, its note and new evidence. A part the
    township returned goes back to 待审核 when she changes it."""
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            return _part_record(actor, assessment, code, met, note, evidence, stored)
    except BaseException:
        for row in stored:
            row.file.delete(save=False)
        raise


def _part_record(actor, assessment, code, met, note, evidence, stored):
    row = _locked(assessment, AssessmentStatus.SELF)
    _current_step(actor, row)
    part = row.parts.select_for_update().filter(code=code).first()
    if part is None:
        raise ValidationError({"code": _("评估项目不存在")})
    evidence = list(evidence or ())
    errors = {}
    if part.evidence.count() + len(evidence) > MAX_EVIDENCE:
        errors["evidence"] = _("每项最多%(n)d份佐证材料") % {"n": MAX_EVIDENCE}
    if len(note or "") > 500:
        errors["note"] = _("说明不能超过500字")
    contents = []
    for upload in evidence if not errors else ():
        try:
            contents.append((upload, *_evidence_content(upload)))
        except ValidationError as exc:
            errors.setdefault("evidence", []).append(f"{upload.name}：{exc.messages[0]}")
    if errors:
        raise ValidationError(errors)
    before = {"met": part.met, "note": part.note, "review": part.review}
    part.met = met
    part.note = (note or "").strip()
    if part.review == PartReview.RETURNED:
        part.review = PartReview.PENDING
    part.save(update_fields=["met", "note", "review", "updated_at"])
    for upload, content, is_image in contents:
        stored.append(
            Evidence.objects.create(
                part=part,
                org_path=part.org_path,
                file=content,
                original_name=upload.name[:255],
                size=content.size,
                is_image=is_image,
                uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        )
    after = {"met": part.met, "note": part.note, "review": part.review}
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if stored:
        changes["evidence"] = [None, "、".join(e.original_name for e in stored)]
    _audit(actor, "assessment_part", row, {"part": [None, code], **changes})
    return part


@transaction.atomic
def evidence_delete(*, actor, evidence: Evidence) -> None:
    row = _locked(evidence.part.assessment, AssessmentStatus.SELF)
    _current_step(actor, row)
    _audit(actor, "evidence_delete", row, {"evidence": [evidence.original_name, None]})
    field = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: field.delete(save=False))


@transaction.atomic
def assessment_submit(*, actor, assessment: Assessment, today: dt.date | None = None):
    """Submit the self-assessment (step 1 complete): refused unless R-HM-01 is met with
    evidence for every part; the verdict is recorded."""
    row = _locked(assessment, AssessmentStatus.SELF)
    step = _current_step(actor, row)
    parts = list(row.parts.all())
    results = {p.code: p.met for p in parts}
    counts = selectors.evidence_counts(row)
    result = rules.self_assessment_verdict(results, counts)
    if result.outcome != "met":
        raise ValidationError(f"{result.detail}（{result.rule_id} {result.source}）")
    processes.step_transition(
        actor=actor,
        case=row.case,
        step_id=step.pk,
        action="complete",
        comment=_("自评六项标准全部达到"),
        today=today,
        via=VIA,
    )
    AssessmentPart.objects.filter(assessment=row).update(review=PartReview.PENDING)
    _record(row, result, STEP_SELF, actor)
    before = row.status
    row.status = _status_after(row)
    row.save(update_fields=["status", "verdicts", "updated_at"])
    _audit(actor, "assessment_submit", row, {"status": [before, row.status]})
    return row


@transaction.atomic
def assessment_review(
    *, actor, assessment: Assessment, reviews: dict, today: dt.date | None = None
):
    """The township reviews each part: ``reviews`` maps a part's code to (``"agreed"`` or
    ``"returned"``, reason). Any part returned returns the case to the village with the
    reasons; all agreed passes it to the district."""
    row = _locked(assessment, AssessmentStatus.TOWNSHIP)
    step = _current_step(actor, row)
    _not_the_applicant(actor, row)
    result = rules.review_verdict(reviews)
    if result.outcome == "pending":
        raise ValidationError(f"{result.detail}（{result.rule_id} {result.source}）")
    for part in row.parts.all():
        decision, reason = reviews[part.code]
        part.review = decision
        part.review_reason = (reason or "").strip()[:300] if decision == "returned" else ""
        part.save(update_fields=["review", "review_reason", "updated_at"])
    returned = result.outcome == "returned"
    processes.step_transition(
        actor=actor,
        case=row.case,
        step_id=step.pk,
        action="return" if returned else "approve",
        comment=result.detail,
        today=today,
        via=VIA,
    )
    _record(row, result, STEP_TOWNSHIP, actor)
    before = row.status
    row.status = _status_after(row)
    row.save(update_fields=["status", "verdicts", "updated_at"])
    _audit(actor, "assessment_review", row, {"status": [before, row.status]})
    return row


@transaction.atomic
def assessment_decide(
    *,
    actor,
    assessment: Assessment,
    designate: bool,
    reason: str = "",
    today: dt.date | None = None,
):
    """The district designates the home a 规范化妇女之家 (the case finishes; R-HM-01 met
    and the district's R-HM-02 count after it are recorded) or returns the application to
    the village with a reason."""
    row = _locked(assessment, AssessmentStatus.DISTRICT)
    step = _current_step(actor, row)
    _not_the_applicant(actor, row)
    today = today or today_local()
    if not designate and not (reason or "").strip():
        raise ValidationError({"reason": _("退回需要填写理由")})
    if designate:
        parts = {p.code: p.met for p in row.parts.all()}
        result = rules.checklist_verdict(parts)
        if result.outcome != "met":
            raise ValidationError(f"{result.detail}（{result.rule_id} {result.source}）")
    processes.step_transition(
        actor=actor,
        case=row.case,
        step_id=step.pk,
        action="approve" if designate else "return",
        comment=_("命名为规范化妇女之家") if designate else reason.strip(),
        today=today,
        via=VIA,
    )
    before = row.status
    if designate:
        home_designate(actor=actor, home=row.home, designator=step.actor_organization, on=today)
        _record(row, result, STEP_DISTRICT, actor)
        target = selectors.district_target(step.actor_organization)
        _record(row, target, STEP_DISTRICT, actor)
        row.status = AssessmentStatus.DESIGNATED
        row.decided_on = today
    else:
        _record(
            row,
            rules.verdict_returned(_("区县妇联退回：%(r)s") % {"r": reason.strip()}),
            STEP_DISTRICT,
            actor,
        )
        row.status = _status_after(row)
        AssessmentPart.objects.filter(assessment=row).update(review=PartReview.PENDING)
    row.save(update_fields=["status", "verdicts", "decided_on", "updated_at"])
    _audit(actor, "assessment_decide", row, {"status": [before, row.status]})
    return row


@transaction.atomic
def recheck_record(
    *, actor, home: Home, results: dict, notes: dict | None = None, today: dt.date | None = None
) -> Assessment:
    """The district re-checks a designated home part by part (R-HM-01). All met keeps the
    name; a part not met withdraws it (the failed re-check is the withdrawal's ground)."""
    today = today or today_local()
    notes = notes or {}
    home = Home.objects.select_for_update().select_related("organization").get(pk=home.pk)
    county = county_of(home.organization)
    if county is None:
        raise OutOfScope(_("不在您的管理范围内"))
    ensure_scope(actor, "change", county)
    if home.designation != Designation.DESIGNATED:
        raise ValidationError(_("只有已命名的规范化妇女之家需要复核"))
    if home.assessments.filter(status__in=selectors.OPEN_STATUSES).exists():
        raise ValidationError(_("该妇女之家已有进行中的评估"))
    result = rules.checklist_verdict(results)
    if result.outcome == "pending":
        raise ValidationError(f"{result.detail}（{result.rule_id} {result.source}）")
    failed = result.outcome == "unmet"
    unnoted = [
        rules.part_name(c) for c, met in results.items() if met is False and not notes.get(c)
    ]
    if unnoted:
        raise ValidationError(
            {"notes": _("未达到的项目需写明情况：%(p)s") % {"p": "、".join(unnoted)}}
        )
    assessment = Assessment.objects.create(
        home=home,
        org_path=home.org_path,
        kind=AssessmentKind.RECHECK,
        year=today.year,
        status=AssessmentStatus.WITHDRAWN if failed else AssessmentStatus.KEPT,
        decided_on=today,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    AssessmentPart.objects.bulk_create(
        AssessmentPart(
            assessment=assessment,
            org_path=home.org_path,
            code=code,
            met=results.get(code),
            note=(notes.get(code) or "").strip()[:500],
        )
        for code in rules.part_codes()
    )
    _record(assessment, result, "recheck", actor)
    if failed:
        home_designate(actor=actor, home=home, designator=county, on=today, withdraw=True)
        _record(assessment, selectors.district_target(county), "recheck", actor)
    assessment.save(update_fields=["verdicts"])
    _audit(actor, "assessment_recheck", assessment, {"status": [None, assessment.status]})
    return assessment
