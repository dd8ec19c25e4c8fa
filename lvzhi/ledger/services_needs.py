"""需求转办 (issue 15, point 3): a need found on a woman's entry or visit (就业, 法律援助,
困难帮扶 …) is recorded on her entry and referred once, as a 建议 to the committee or as a
case (办件) on the process engine at her community's federation. Its outcome is read back
from the suggestion or the case (``selectors_needs``), never copied.

- The 建议 is the visitor's own (or the recorder's, without a visit): an executive member's
  suggestion answered by her federation. Members is on the ledger's layer (no import either
  way), so it is recorded through hook ``member_activity`` and the need keeps its id
  (``suggestion_id``, no foreign key: the activity table is partitioned, decision 0017).
- The case is started with ``processes.services.case_start`` (a layer below), never public.
- Nothing of hers leaves the ledger: the description is checked against her name, ID
  number, phone and address (``rules.need_text_errors``) when recorded and again when
  referred; the suggestion and the case carry the kind and that description only."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import hooks
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import OutOfScope
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.orgs.models import Person
from lvzhi.processes.models import ProcessTemplate
from lvzhi.processes.selectors import startable_templates
from lvzhi.processes.services.cases import case_start

from . import rules, selectors
from .models import Entry, Need, NeedKind, ReferralKind, Visit
from .services_grids import may_visit


def _snapshot(need: Need) -> dict:
    """The need's fields for its audit record, her entry and visit by number: their names
    (``str``) would carry hers into the audit log."""
    values = snapshot(need)
    values["entry"] = need.entry_id
    values["visit"] = need.visit_id
    return values


def _text_errors(entry: Entry, text: str) -> dict:
    return rules.need_text_errors(
        text=text,
        name=entry.name,
        id_number=entry.id_number,
        phone=entry.phone,
        address=entry.address,
    )


@transaction.atomic
def need_create(
    *,
    actor,
    entry: Entry,
    kind: str,
    description: str,
    visit: Visit | None = None,
    today: dt.date | None = None,
) -> Need:
    """Whoever may record a visit to her (a worker of her grid, her community's cadre)
    records a need, from a visit of hers or from her entry."""
    today = today or today_local()
    entry = Entry.objects.select_related("organization").get(pk=entry.pk)
    if not may_visit(actor, entry):
        raise OutOfScope(_("不在您的管理范围内"))
    errors = {}
    if kind not in NeedKind.values:
        errors["kind"] = _("需求类型无效")
    if visit is not None and visit.entry_id != entry.pk:
        errors["visit"] = _("该走访记录不是对她的走访")
    if entry.closed_on or entry.anonymised_at:
        errors["entry"] = _("该人员已注销，不能再登记需求")
    errors.update(_text_errors(entry, description))
    if errors:
        raise ValidationError(errors)
    need = Need.objects.create(
        entry=entry,
        org_path=entry.org_path,
        visit=visit,
        kind=kind,
        description=description.strip(),
        recorded_on=today,
        recorded_by=actor,
    )
    audit(
        actor=actor,
        action="create",
        obj=need,
        organization=entry.organization,
        changes=diff({}, _snapshot(need)),
    )
    return need


def suggester(need: Need) -> Person | None:
    """Whose 建议 a referred need is: the visitor of its visit, else whoever recorded it."""
    if need.visit_id:
        return need.visit.visitor
    if need.recorded_by_id:
        return Person.objects.filter(user_id=need.recorded_by_id).first()
    return None


def may_refer(user, need: Need, referred_as: str) -> bool:
    """A case: her community's cadre. A 建议: also the member whose suggestion it becomes."""
    if selectors.may_manage(user, need.entry):
        return True
    if referred_as != ReferralKind.SUGGESTION or not user.is_authenticated:
        return False
    person = suggester(need)
    return person is not None and person.user_id == user.pk


@transaction.atomic
def need_refer(
    *,
    actor,
    need: Need,
    referred_as: str,
    template: ProcessTemplate | None = None,
    today: dt.date | None = None,
) -> Need:
    """Refer a need once: as the member's 建议 (``referred_as="suggestion"``) or as a case of
    ``template`` at her community (``"case"``). A refusal writes nothing."""
    today = today or today_local()
    need = (
        Need.objects.select_for_update(of=("self",))  # the visit is an outer join
        .select_related("entry__organization", "visit__visitor")
        .get(pk=need.pk)
    )
    if not may_refer(actor, need, referred_as):
        raise OutOfScope(_("不在您的管理范围内"))
    entry = need.entry
    errors = rules.referral_errors(
        referred_as=referred_as,
        already=need.referred_as,
        closed=bool(entry.closed_on or entry.anonymised_at),
    ) or _text_errors(entry, need.description)
    if errors:
        raise ValidationError(errors)
    before = _snapshot(need)
    if referred_as == ReferralKind.SUGGESTION:
        need.suggestion_id = _suggest(actor, need, today)
    else:
        need.case = _start_case(actor, need, template, today)
    need.referred_as = referred_as
    need.referred_on = today
    need.referred_by = actor
    need.save()
    audit(actor=actor, action="refer", obj=need, changes=diff(before, _snapshot(need)))
    return need


def _referred_text(need: Need) -> str:
    """What the suggestion or case says: the kind and the checked description, no name."""
    return _("%(kind)s：%(description)s") % {
        "kind": need.get_kind_display(),
        "description": need.description,
    }


def _suggest(actor, need: Need, today: dt.date) -> int:
    person = suggester(need)
    if person is None:
        raise ValidationError(
            {"referred_as": _("该需求没有走访人或登记人的人员信息，不能作为执委建议，请转为办件")}
        )
    answers = hooks.collect(
        "member_activity",
        actor=actor,
        person=person,
        kind="suggestion",
        day=today,
        note=_("妇女信息台账需求转办：") + _referred_text(need),
        today=today,
    )
    activity_id = next((answer for answer in answers if answer), None)
    if activity_id is None:  # she sits on no committee today (or no receiver is set up)
        raise ValidationError(
            {
                "referred_as": _("%(name)s不是执委，不能以执委建议转办，请由妇联干部转为办件")
                % {"name": person.name}
            }
        )
    return activity_id


def _start_case(actor, need: Need, template: ProcessTemplate | None, today: dt.date):
    organization = need.entry.organization
    if template is None:
        raise ValidationError({"template": _("请选择办理流程")})
    if not startable_templates(actor, organization).filter(pk=template.pk).exists():
        raise ValidationError({"template": _("该流程不能在她所在的社区妇联发起")})
    return case_start(
        actor=actor,
        template=template,
        organization=organization,
        title=_referred_text(need)[:300],
        is_public=False,  # a woman's need is never on the public progress pages
        today=today,
    )
