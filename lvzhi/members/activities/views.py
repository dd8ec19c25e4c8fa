"""Pages of the activity log: a member's phone home (七个一 this quarter, what she still
owes, her recent activities), recording an activity (by the member, or by a cadre for
her), the list with filters and verification, the detail page, and the federation's
list of suggestions (建议) to answer, and the activity photos. Thin: reads in selectors.py,
writes in services.py; a GET writes nothing.

One module (≈480 lines, with the lists' Excel exports): the pages share the recorder
choice, the decoration of rows and the redirect helpers; each view is a few lines.
"""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core import files
from lvzhi.core.exports import Column, wants_xlsx, xlsx_response
from lvzhi.core.periods import today_local
from lvzhi.members.activities import forms, selectors, services
from lvzhi.members.common.selectors import member_person
from lvzhi.members.models import ActivityKind, ActivityStatus
from lvzhi.orgs.selectors import display_names

PAGE_SIZE = 30

# Excel exports (lvzhi/core/exports.py): the columns the list shows, never more (no phone,
# no identity number; the person by her name as on the page).
ACTIVITY_COLUMNS = (
    Column(gettext_lazy("日期"), "date", width=12),
    Column.choice(gettext_lazy("类型"), "kind", ActivityKind.choices, width=8),
    Column(gettext_lazy("执委"), "person.name", width=12),
    Column(gettext_lazy("组织"), "organization.name"),
    Column(gettext_lazy("地点"), "place"),
    Column(gettext_lazy("联系妇女人数"), "women_reached", width=12),
    Column.choice(gettext_lazy("状态"), "status", ActivityStatus.choices, width=8),
    Column(gettext_lazy("内容"), "note", width=40),
    Column(gettext_lazy("退回理由"), "return_reason", width=24),
)
SUGGESTION_RULE = "R-EX-04"


def _suggestion_columns():
    from lvzhi.core.rulesets import load_ruleset

    clause = load_ruleset()[SUGGESTION_RULE].source
    return (
        Column(gettext_lazy("日期"), "date", width=12),
        Column(gettext_lazy("执委"), "person.name", width=12),
        Column(gettext_lazy("组织"), "organization.name"),
        Column(gettext_lazy("地点"), "place"),
        Column(gettext_lazy("建议内容"), "note", width=40),
        Column(
            gettext_lazy("答复状态"),
            lambda a: _("已答复") if a.answered_at else _("未答复"),
            width=10,
            fields=("answered_at",),
        ),
        Column(gettext_lazy("答复内容"), "answer", width=40),
        Column(
            gettext_lazy("答复人"),
            lambda a: getattr(a, "answered_by_display", ""),
            fields=("answered_by_id",),
        ),
        Column(
            gettext_lazy("答复日期"),
            lambda a: a.answered_at and timezone.localdate(a.answered_at),
            width=12,
            fields=("answered_at",),
        ),
        Column(gettext_lazy("规则"), lambda a: SUGGESTION_RULE, width=10, fields=()),
        Column(gettext_lazy("依据"), lambda a: clause, fields=()),
    )


def _answerer_names(viewer):
    """``prepare`` for the export: the answerers' display names of a batch at once."""

    def prepare(activities):
        names = display_names([a.answered_by_id for a in activities], viewer)
        for activity in activities:
            activity.answered_by_display = names.get(activity.answered_by_id, "")

    return prepare


# 七个一（本人）----------------------------------------------------------------


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@login_required
def my_home(request):
    today = today_local()
    person = member_person(request.user)
    organization = services.seat_organization(person, today) if person else None
    entries = (
        selectors.member_compliance(person, organization, today.year, today) if organization else []
    )
    current = [e for e in entries if e.current]
    owed = [e for e in current if e.owed]
    overdue = [e for e in entries if not e.current and e.status == "overdue"]
    recent = list(selectors.own_activities(request.user, person)[:10]) if person else []
    returned = list(selectors.returned_activities(request.user, person)) if person else []
    return render(
        request,
        "members/my_home.html",
        {
            "person": person,
            "organization": organization,
            "today": today,
            "current": current,
            "owed": owed,
            "overdue": overdue,
            "recent": recent,
            "returned": returned,
            "is_cadre": not selectors.cadre_scope(request.user).empty,
        },
    )


# 记录活动 -------------------------------------------------------------------


def _chosen_person(request, today):
    """(person, people) — the member the activity is for, and the cadre's choices (None
    for a member recording for herself only). A chosen person out of scope: 404."""
    own = member_person(request.user)
    if not selectors.may_record_for_others(request.user):
        if own is None:
            raise Http404(_("您的账号没有关联执委信息，不能记录履职活动"))
        return own, None
    scope_org = None
    org_id = request.GET.get("org", "")
    if org_id.isdigit():
        from lvzhi.orgs.models import Organization

        scope_org = Organization.objects.restrict(request.user, "create").filter(pk=org_id).first()
    people = selectors.recordable_people(request.user, today, scope_org)
    wanted = request.POST.get("person") or request.GET.get("person") or ""
    if wanted:
        if not wanted.isdigit():
            raise Http404(_("执委不存在或不在您的管理范围内"))
        chosen = selectors.recordable_person(request.user, int(wanted), today)
        if chosen is None:
            raise Http404(_("执委不存在或不在您的管理范围内"))
        return chosen, people
    return own, people


@login_required
def activity_new(request):
    today = today_local()
    person, people = _chosen_person(request, today)
    organization = services.seat_organization(person, today) if person else None
    picker = None
    if people is not None:
        picker = forms.PersonPickForm(
            initial={"person": person.pk if person else None}, people=people
        )
    units = selectors.unit_choices(organization) if organization else None
    form = None
    if person is not None:
        form = forms.ActivityForm(
            request.POST or None,
            request.FILES or None,
            units=units,
            initial={"date": today, "kind": request.GET.get("kind", "")},
        )
        if organization is None:
            form.add_error(None, _("该人员不是执委，不能记录履职活动"))
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            activity, created = services.activity_record_once(
                actor=request.user,
                person=person,
                organization=organization,
                units=list(form.cleaned_data.get("units") or ()),
                photos=form.cleaned_data.get("photos") or (),
                today=today,
                **form.service_fields(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            if not created:  # sent again (same client_id): the activity saved the first time
                return redirect("members:activity", pk=activity.pk)
            flash.success(
                request,
                _("已记录：%(kind)s（%(date)s）")
                % {
                    "kind": activity.get_kind_display(),
                    "date": activity.date.isoformat(),
                },
            )
            if member_person(request.user) == person:
                return redirect("members:my")
            return redirect("members:activity", pk=activity.pk)
    return render(
        request,
        "members/activity_form.html",
        {
            "form": form,
            "picker": picker,
            "person": person,
            "organization": organization,
            "own": member_person(request.user) == person,
            "today": today,
        },
        status=400 if form is not None and form.errors and request.method == "POST" else 200,
    )


# 列表、详情 -----------------------------------------------------------------


def _decorate(user, activities):
    own = member_person(user)
    scope = selectors.cadre_scope(user)
    for activity in activities:
        activity.is_own = own is not None and own.pk == activity.person_id
        activity.can_verify = scope.covers(activity.org_path) and not activity.is_own
        activity.can_edit = activity.can_verify or (
            activity.is_own and activity.status != ActivityStatus.CONFIRMED
        )
    return activities


@login_required
def activity_list(request):
    filters = selectors.Filters.parse(request.user, request.GET)
    queryset = selectors.activity_list(request.user, filters)
    if wants_xlsx(request):
        return xlsx_response(
            queryset.prefetch_related(None), ACTIVITY_COLUMNS, filename=_("履职活动")
        )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    _decorate(request.user, page.object_list)
    is_cadre = not selectors.cadre_scope(request.user).empty
    query = filters.as_query()
    return render(
        request,
        "members/activity_list.html",
        {
            "page": page,
            "filters": filters,
            "query": urlencode(query),
            "is_cadre": is_cadre,
            "organizations": selectors.filter_organizations(request.user) if is_cadre else [],
            "kinds": forms.KIND_CHOICES,
            "statuses": forms.STATUS_CHOICES,
            "recorded": ActivityStatus.RECORDED,
        },
    )


def _detail(request, activity, verify_form=None, answer_form=None, status=200):
    _decorate(request.user, [activity])
    names = display_names(
        [activity.verified_by_id, activity.answered_by_id, activity.recorded_by_id], request.user
    )
    if verify_form is None:
        verify_form = forms.VerifyForm()
    if answer_form is None:
        answer_form = forms.AnswerForm(initial={"answer": activity.answer})
    return render(
        request,
        "members/activity_detail.html",
        {
            "activity": activity,
            "verify_form": verify_form,
            "answer_form": answer_form,
            "is_suggestion": activity.kind == ActivityKind.SUGGESTION,
            "names": names,
        },
        status=status,
    )


@login_required
def activity_detail(request, pk):
    return _detail(request, selectors.get_activity(request.user, pk))


@login_required
def activity_edit(request, pk):
    activity = selectors.get_activity(request.user, pk)
    _decorate(request.user, [activity])
    if not activity.can_edit:
        flash.error(request, _("活动已确认，不能再修改；如需更正请联系妇联"))
        return redirect("members:activity", pk=activity.pk)
    initial = {name: getattr(activity, name) for name in ("kind", "date", "place", "women", "note")}
    initial["women_reached"] = activity.women_reached
    form = forms.ActivityForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                actor=request.user, activity=activity, today=today_local(), **form.service_fields()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            flash.success(request, _("已保存修改"))
            return redirect("members:activity", pk=activity.pk)
    return render(
        request,
        "members/activity_form.html",
        {"form": form, "activity": activity, "person": activity.person, "editing": True},
        status=400 if form.errors and request.method == "POST" else 200,
    )


@login_required
@require_POST
def activity_delete(request, pk):
    activity = selectors.get_activity(request.user, pk)
    _decorate(request.user, [activity])
    if not activity.can_edit:
        flash.error(request, _("活动已确认，不能删除"))
        return redirect("members:activity", pk=activity.pk)
    try:
        services.activity_delete(actor=request.user, activity=activity, today=today_local())
    except ValidationError as exc:
        flash.error(request, " ".join(exc.messages))
        return redirect("members:activity", pk=activity.pk)
    flash.success(request, _("已删除活动"))
    if activity.is_own:
        return redirect("members:my")
    return redirect("members:activities")


# 核实 -----------------------------------------------------------------------


@login_required
@require_POST
def activity_verify(request, pk):
    activity = selectors.get_activity_for_verify(request.user, pk)
    form = forms.VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.activity_verify(
                actor=request.user,
                activity=activity,
                confirm=form.cleaned_data["confirm"],
                reason=form.cleaned_data["reason"],
                today=today_local(),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            if form.cleaned_data["confirm"]:
                flash.success(request, _("已确认"))
            else:
                flash.success(request, _("已退回，执委可修改后重新提交"))
            return redirect(_next_url(request, reverse("members:activity", args=[activity.pk])))
    return _detail(request, selectors.get_activity(request.user, pk), verify_form=form, status=400)


@login_required
@require_POST
def activity_verify_bulk(request):
    """Confirm the selected activities (all or none)."""
    ids = {int(v) for v in request.POST.getlist("ids") if v.isdigit()}
    back = _next_url(request, reverse("members:activities"))
    if not ids:
        flash.error(request, _("请先勾选要确认的活动"))
        return redirect(back)
    chosen = list(selectors.activities_for_verify(request.user, ids))
    if len(chosen) != len(ids):
        raise Http404(_("活动不存在或不在您的管理范围内"))
    own = member_person(request.user)
    skipped = [a for a in chosen if own is not None and a.person_id == own.pk]
    today = today_local()
    confirmed = 0
    with transaction.atomic():
        for activity in chosen:
            if activity in skipped or activity.status == ActivityStatus.CONFIRMED:
                continue
            services.activity_verify(
                actor=request.user, activity=activity, confirm=True, today=today
            )
            confirmed += 1
    flash.success(request, _("已确认 %(n)d 条活动") % {"n": confirmed})
    if skipped:
        flash.warning(request, _("不能确认自己记录的活动，已跳过 %(n)d 条") % {"n": len(skipped)})
    return redirect(back)


# 建议 -----------------------------------------------------------------------


@login_required
def suggestion_list(request):
    if selectors.cadre_scope(request.user).empty:
        raise Http404(_("没有可答复的建议"))
    filters = selectors.Filters.parse(request.user, request.GET)
    answered = request.GET.get("answered", "")
    queryset = selectors.suggestion_list(request.user, filters)
    if answered == "0":
        queryset = queryset.filter(answered_at__isnull=True)
    elif answered == "1":
        queryset = queryset.filter(answered_at__isnull=False)
    if wants_xlsx(request):
        return xlsx_response(
            queryset.select_related(None).select_related("person", "organization"),
            _suggestion_columns(),
            filename=_("执委建议"),
            prepare=_answerer_names(request.user),
        )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    names = display_names([a.answered_by_id for a in page.object_list], request.user)
    query = filters.as_query() | ({"answered": answered} if answered else {})
    return render(
        request,
        "members/suggestion_list.html",
        {
            "page": page,
            "answered": answered,
            "names": names,
            "query": urlencode(query),
            "form": forms.AnswerForm(),
        },
    )


@login_required
@require_POST
def suggestion_answer(request, pk):
    activity = selectors.get_activity_for_verify(request.user, pk)
    form = forms.AnswerForm(request.POST)
    back = _next_url(request, reverse("members:suggestions"))
    if form.is_valid():
        try:
            services.suggestion_answer(
                actor=request.user, activity=activity, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            flash.success(request, _("已答复，执委可在活动详情中查看"))
            return redirect(back)
    return _detail(request, selectors.get_activity(request.user, pk), answer_form=form, status=400)


# 照片 -----------------------------------------------------------------------
# Served only after the activity is loaded the way its page loads it (404 otherwise,
# anonymous users included).


@files.file_view
def activity_photo(request, pk):
    photo = selectors.get_activity_photo(files.viewer(request), pk)
    return files.serve(photo.image, filename=f"activity-{photo.activity_id}-{photo.pk}")


@files.file_view
def activity_photo_display(request, pk):
    photo = selectors.get_activity_photo(files.viewer(request), pk)
    return files.serve(
        photo.display or photo.image, filename=f"activity-{photo.activity_id}-{photo.pk}"
    )
