"""Pages of committees, member profiles, contact assignments and the public profile.
Thin: reads via selectors.profiles, writes via services.profiles."""

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core import files
from lvzhi.core.exports import Column, wants_xlsx, xlsx_response
from lvzhi.core.forms import errors_to_form
from lvzhi.core.periods import today_local
from lvzhi.members.models import ContactKind
from lvzhi.members.profiles import selectors, services
from lvzhi.members.profiles.forms import ContactEndForm, ContactForm, ProfileForm

GAPS_PAGE_SIZE = 20
SVG = "image/svg+xml"


def qr_svg(url: str) -> bytes:
    """A standalone SVG document (with its namespace, so browsers show it in <img>)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=4, border=2, dark="#000", light="#fff", title=url
    )
    return buffer.getvalue()


def public_url(request, profile) -> str:
    return request.build_absolute_uri(
        reverse("members:public-profile", args=[profile.public_token])
    )


# 执委会 ---------------------------------------------------------------------


@login_required
def committee(request, org_pk):
    org = selectors.committee_organization(request.user, org_pk)
    today = today_local()
    return render(
        request,
        "members/committee.html",
        {"org": org, "today": today, "committee": selectors.committee(org, today)},
    )


# Excel export (lvzhi/core/exports.py): one row per member with a gap (an organization
# without any: one row 无缺口), as the page lists them; R-EX-08 and its clause in their own
# columns. Organizations are read GAP_EXPORT_BATCH at a time (a fixed number of queries
# per batch).
GAP_EXPORT_BATCH = 500
GAP_COLUMNS = (
    Column(gettext_lazy("组织"), lambda r: r[0].organization.name, width=28),
    Column(gettext_lazy("执委人数"), lambda r: r[0].size, width=10),
    Column(gettext_lazy("有缺口人数"), lambda r: len(r[0].with_gaps), width=10),
    Column(gettext_lazy("执委"), lambda r: r[1].person.name if r[1] else "", width=12),
    Column(
        gettext_lazy("职务"), lambda r: r[1].position.get_title_display() if r[1] else "", width=10
    ),
    Column(
        gettext_lazy("缺口"),
        lambda r: "；".join(r[1].check.gaps) if r[1] else _("无缺口"),
        width=40,
    ),
    Column(gettext_lazy("规则"), lambda r: r[1].check.verdict.rule_id if r[1] else "", width=10),
    Column(gettext_lazy("依据"), lambda r: r[1].check.verdict.source if r[1] else ""),
)


def _gap_rows(organizations, today):
    batch = []
    for organization in organizations.iterator(chunk_size=GAP_EXPORT_BATCH):
        batch.append(organization)
        if len(batch) == GAP_EXPORT_BATCH:
            yield from _gap_batch(batch, today)
            batch = []
    if batch:
        yield from _gap_batch(batch, today)


def _gap_batch(organizations, today):
    for item in selectors.contact_gaps(organizations, today):
        if not item.with_gaps:
            yield (item, None)
        for row in item.with_gaps:
            yield (item, row)


@login_required
def contact_gaps(request, org_pk):
    org = selectors.committee_organization(request.user, org_pk)
    today = today_local()
    if wants_xlsx(request):
        organizations = selectors.committee_organizations(request.user, org, today)
        return xlsx_response(
            _gap_rows(organizations, today),
            GAP_COLUMNS,
            filename=_("%(org)s联系对象缺口") % {"org": org.name},
            sheet_title=_("联系对象缺口"),
        )
    page = Paginator(selectors.committee_organizations(request.user, org, today), GAPS_PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    return render(
        request,
        "members/contact_gaps.html",
        {"org": org, "today": today, "page": page, "rows": selectors.contact_gaps(page, today)},
    )


# 执委资料 -------------------------------------------------------------------


@login_required
def my_profile(request):
    return redirect("members:profile", selectors.own_person(request.user).pk)


@login_required
def profile(request, person_pk):
    person = selectors.get_person(request.user, person_pk)
    today = today_local()
    member_profile = selectors.profile_of(person)
    contacts = selectors.contacts_of(person, today)
    counts = selectors.contact_counts([person.pk], today).get(person.pk, selectors.ContactCounts())
    ruleset = selectors.rulesets_for([person.organization])[person.organization_id]
    can_assign = selectors.is_cadre_for(request.user, person.org_path)
    activities = selectors.activity_counts(person, today.year)
    return render(
        request,
        "members/profile.html",
        {
            "person": person,
            "profile": member_profile,
            "seats": list(selectors.seats_of(person)),
            "today": today,
            "contacts": contacts,
            "counts": counts,
            "check": counts.check(ruleset),
            "can_assign": can_assign,
            "is_self": selectors.is_self(request.user, person),
            "public_url": public_url(request, member_profile) if member_profile.pk else "",
            "activity_counts": activities,
            "activity_total": sum(n for _code, _label, n in activities),
        },
    )


@login_required
def profile_edit(request, person_pk):
    person = selectors.get_person(request.user, person_pk)
    form = ProfileForm(request.POST or None, instance=selectors.profile_of(person))
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(actor=request.user, person=person, **form.service_fields())
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("已保存执委资料"))
            return redirect("members:profile", person.pk)
    return render(request, "members/profile_form.html", {"person": person, "form": form})


# 联系对象 -------------------------------------------------------------------


@login_required
def contact_add(request, person_pk):
    person = selectors.get_person(request.user, person_pk)
    if not selectors.is_cadre_for(request.user, person.org_path):
        raise Http404
    organization = person.organization
    form = ContactForm(
        request.POST or None,
        units=selectors.assignable_units(organization),
        initial={"kind": request.GET.get("kind", ContactKind.GROUP)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.contact_assign(
                actor=request.user,
                person=person,
                kind=data["kind"],
                unit=data.get("unit"),
                woman_name=data.get("woman_name", ""),
                woman_phone=data.get("woman_phone", ""),
                start_date=data.get("start_date"),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("已分配联系对象"))
            return redirect("members:profile", person.pk)
    return render(
        request,
        "members/contact_form.html",
        {"person": person, "form": form, "organization": organization},
    )


@login_required
@require_POST
def contact_end(request, pk):
    assignment = selectors.get_contact(request.user, pk, write=True)
    form = ContactEndForm(request.POST)
    if form.is_valid():
        try:
            services.contact_end(
                actor=request.user,
                assignment=assignment,
                end_date=form.cleaned_data.get("end_date"),
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已结束联系"))
    else:
        messages.error(request, _("结束日期格式不正确"))
    return redirect("members:profile", assignment.person_id)


# 公开亮身份 -----------------------------------------------------------------


def public_profile(request, token):
    member_profile = selectors.public_profile(token)
    person = member_profile.person
    today = today_local()
    activities = selectors.activity_counts(person, today.year)
    return render(
        request,
        "members/public_profile.html",
        {
            "profile": member_profile,
            "person": person,
            "seats": selectors.current_seats(person, today),
            "activity_counts": activities,
            "activity_total": sum(n for _code, _label, n in activities),
            "year": today.year,
            "public_url": public_url(request, member_profile),
        },
    )


def public_profile_qr(request, token):
    """An SVG QR code of the public link, for published profiles only."""
    member_profile = selectors.public_profile(token)
    response = HttpResponse(qr_svg(public_url(request, member_profile)), content_type=SVG)
    response["Cache-Control"] = "no-cache"
    return response


# 照片 -----------------------------------------------------------------------
# A member's photo for whoever may open her profile, and to anyone only while her public
# profile is published and she holds a seat (the public page's rule); 404 otherwise.


@files.file_view
def profile_photo(request, person_pk):
    person = selectors.get_person(files.viewer(request), person_pk)
    return files.serve(person.photo, filename=f"photo-{person.pk}", max_age=0)


@files.file_view
def public_profile_photo(request, token):
    person = selectors.public_profile(token).person
    return files.serve(person.photo, filename=f"photo-{person.pk}", max_age=0)
