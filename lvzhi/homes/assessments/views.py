"""Pages of the six-standard assessment (R-HM-01/02). Reads through the selectors (404
out of scope); each form posts to one service; a step not routed to the user answers 403
with the service's message; a step moved by someone else meanwhile flashes and reloads."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import files
from lvzhi.core.forms import run_service
from lvzhi.core.scopes import scope_for
from lvzhi.processes.services import StepConflict

from .. import selectors as home_selectors
from ..models import AssessmentStatus, Designation
from . import selectors, services
from .forms import DecideForm, PartForm, RecheckForm, ReviewForm


def _run(request, form, call, assessment, success):
    try:
        result = run_service(form, call)
    except StepConflict as exc:
        messages.error(request, exc.message)
        return redirect("homes:assessment", assessment.pk)
    if result is not None:
        messages.success(request, success)
        return redirect("homes:assessment", assessment.pk)
    return None


def _carrier():
    """An empty bound form that carries a service's refusal as its message."""
    form = forms.Form({})
    form.is_valid()
    return form


def _context(request, assessment, **extra):
    may_act = selectors.may_act(request.user, assessment)
    status = assessment.status
    return {
        "assessment": assessment,
        "home": assessment.home,
        "rows": selectors.checklist_rows(assessment),
        "may_act": may_act,
        "part_forms": may_act and status == AssessmentStatus.SELF,
        "review_form": extra.pop("review_form", None)
        or (ReviewForm() if may_act and status == AssessmentStatus.TOWNSHIP else None),
        "decide_form": extra.pop("decide_form", None)
        or (DecideForm() if may_act and status == AssessmentStatus.DISTRICT else None),
        **extra,
    }


@login_required
def home_assessments(request, pk):
    """A home's assessments, and the button that starts one (who may create at its
    federation, when none is open and the home is not designated)."""
    home = home_selectors.get_home(request.user, pk)
    rows = list(selectors.assessments_of(home))
    can_start = (
        scope_for(request.user, "create").covers(home.org_path)
        and home.designation != Designation.DESIGNATED
        and not any(a.status in selectors.OPEN_STATUSES for a in rows)
    )
    can_recheck = home.designation == Designation.DESIGNATED and (
        (county := services.county_of(home.organization)) is not None
        and scope_for(request.user, "change").covers(county.path)
    )
    return render(
        request,
        "homes/assessments.html",
        {"home": home, "rows": rows, "can_start": can_start, "can_recheck": can_recheck},
    )


@login_required
@require_POST
def assessment_start(request, pk):
    home = home_selectors.get_home(request.user, pk)
    try:
        assessment = services.assessment_start(actor=request.user, home=home)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("homes:assessments", home.pk)
    messages.success(request, _("已开始规范化评估，请逐项自评并上传佐证材料"))
    return redirect("homes:assessment", assessment.pk)


@login_required
def assessment_detail(request, pk):
    assessment = selectors.get_assessment(request.user, pk)
    return render(request, "homes/assessment.html", _context(request, assessment))


def _bad(request, assessment, **extra):
    return render(
        request, "homes/assessment.html", _context(request, assessment, **extra), status=400
    )


@login_required
@require_POST
def part_record(request, pk, code):
    assessment = selectors.get_assessment(request.user, pk)
    form = PartForm(request.POST, request.FILES)
    if form.is_valid():
        done = _run(
            request,
            form,
            lambda: services.part_record(
                actor=request.user,
                assessment=assessment,
                code=code,
                **form.service_fields(request.FILES),
            ),
            assessment,
            _("已保存该项自评"),
        )
        if done is not None:
            return redirect(done.url + f"#part-{code}")
    return _bad(request, assessment, bad_part=code, bad_form=form)


@login_required
@require_POST
def assessment_submit(request, pk):
    assessment = selectors.get_assessment(request.user, pk)
    form = _carrier()
    done = _run(
        request,
        form,
        lambda: services.assessment_submit(actor=request.user, assessment=assessment),
        assessment,
        _("已提交自评，等待上级妇联审核"),
    )
    return done or _bad(request, assessment, submit_errors=form.non_field_errors())


@login_required
@require_POST
def assessment_review(request, pk):
    assessment = selectors.get_assessment(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        done = _run(
            request,
            form,
            lambda: services.assessment_review(
                actor=request.user, assessment=assessment, reviews=form.reviews()
            ),
            assessment,
            _("已提交审核结果"),
        )
        if done:
            return done
    return _bad(request, assessment, review_form=form)


@login_required
@require_POST
def assessment_decide(request, pk):
    assessment = selectors.get_assessment(request.user, pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        designate = form.cleaned_data["decision"] == "designate"
        done = _run(
            request,
            form,
            lambda: services.assessment_decide(
                actor=request.user,
                assessment=assessment,
                designate=designate,
                reason=form.cleaned_data["reason"],
            ),
            assessment,
            _("已命名为规范化妇女之家") if designate else _("已退回"),
        )
        if done:
            return done
    return _bad(request, assessment, decide_form=form)


@login_required
@require_POST
def evidence_delete(request, pk):
    evidence = selectors.get_evidence(request.user, pk)
    assessment = evidence.part.assessment
    form = _carrier()
    done = _run(
        request,
        form,
        lambda: services.evidence_delete(actor=request.user, evidence=evidence),
        assessment,
        _("已删除"),
    )
    if done is None:
        messages.error(request, " ".join(form.non_field_errors()))
        return redirect("homes:assessment", assessment.pk)
    return done


@files.file_view
def evidence_file(request, pk):
    evidence = selectors.get_evidence(files.viewer(request), pk)
    return files.serve(evidence.file, filename=evidence.original_name)


@login_required
def recheck(request, pk):
    """The district's re-check of a designated home (R-HM-01); failing withdraws the name."""
    home = home_selectors.get_home(request.user, pk)
    county = services.county_of(home.organization)
    if county is None or not scope_for(request.user, "change").covers(county.path):
        raise Http404(_("页面不存在"))
    form = RecheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = run_service(
            form,
            lambda: services.recheck_record(
                actor=request.user, home=home, results=form.results(), notes=form.notes()
            ),
        )
        if result is not None:
            if result.status == AssessmentStatus.WITHDRAWN:
                messages.warning(request, _("复核未通过，已撤销规范化妇女之家命名"))
            else:
                messages.success(request, _("复核通过，保留规范化妇女之家命名"))
            return redirect("homes:assessment", result.pk)
    return render(
        request,
        "homes/recheck.html",
        {"home": home, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def pending(request):
    """A federation's open assessments (the nearest to designation first) and R-HM-02."""
    from ..views import _org_from_request

    org = _org_from_request(request)
    return render(
        request,
        "homes/assessments_pending.html",
        {
            "org": org,
            "rows": selectors.pending(request.user, org),
            "target": home_selectors.target_counts(request.user, org),
        },
    )


@login_required
def closest(request):
    """The homes of a federation's subtree closest to designation: parts met by the latest
    assessment, and what each still misses (R-HM-01/02)."""
    from ..views import _org_from_request
    from . import closest as closest_selectors

    org = _org_from_request(request)
    return render(
        request,
        "homes/assessments_closest.html",
        {
            "org": org,
            "rows": closest_selectors.closest(request.user, org),
            "limit": closest_selectors.LIMIT,
            "target": home_selectors.target_counts(request.user, org),
        },
    )
