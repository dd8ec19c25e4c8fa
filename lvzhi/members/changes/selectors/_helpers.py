"""Shared reads of committee changes: grounds, who approves, scoped querysets."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lvzhi.core.scopes import scope_for, user_assignments
from lvzhi.members import rules
from lvzhi.members.models import (
    ExitCase,
    ExitKind,
    ExitStatus,
    MeetingKind,
    Nomination,
    NominationStatus,
    RulesetChoice,
    VoteSession,
)
from lvzhi.members.rules.common import param
from lvzhi.orgs.models import Organization, PartyOrganization

# Meetings of the whole committee: R-MB-09 counts absences from these (a standing
# committee meeting is not attended by every member).
COMMITTEE_MEETING_KINDS = (MeetingKind.EXECUTIVE, MeetingKind.PLENARY)
OPEN_EXIT_STATUSES = (ExitStatus.RECOMMENDED, ExitStatus.PROPOSED, ExitStatus.APPROVED)
OPEN_NOMINATION_STATUSES = (
    NominationStatus.SUBMITTED,
    NominationStatus.INITIAL_REVIEWED,
    NominationStatus.PARTY_APPROVED,
)
# Grounds the platform finds in the data; the others are entered by a cadre.
COMPUTED_GROUNDS = ("away", "failed_evaluations", "absences")
ENTERED_GROUNDS = ("resigned", "personal", "below_requirements")

# R-MB-11: the change an exit kind goes through.
CHANGE_OF_KIND = {
    ExitKind.SELF_RELEASE: "release",
    ExitKind.ADVISED: "release",
    ExitKind.TERMINATION: "termination",
}


def ground_labels(ruleset: str | None = None) -> dict[str, str]:
    """Every exit ground, code → label (R-MB-08, R-MB-09, and the R-MB-10 list)."""
    labels = {
        "away": _("%(n)d年以上未在本地区工作、生活")
        % {"n": param("R-MB-08", "away_years", ruleset)},
        "resigned": _("主动辞去执委职务"),
        "personal": _("因个人其他原因不能继续履行执委职务"),
        "below_requirements": _("履职能力达不到要求，经培训仍未达到要求"),
        "failed_evaluations": _("年度述职评议连续%(n)d年%(grade)s")
        % {
            "n": param("R-MB-09", "failed_years", ruleset),
            "grade": param("R-MB-09", "failing_grade", ruleset),
        },
        "absences": _("无故连续%(n)d次不出席执委会") % {"n": param("R-MB-09", "absences", ruleset)},
    }
    labels.update(rules.termination_grounds(ruleset))
    return labels


GROUND_KIND = {
    "away": ExitKind.SELF_RELEASE,
    "resigned": ExitKind.SELF_RELEASE,
    "personal": ExitKind.SELF_RELEASE,
    "below_requirements": ExitKind.ADVISED,
    "failed_evaluations": ExitKind.ADVISED,
    "absences": ExitKind.ADVISED,
}


def kind_of_ground(ground: str, ruleset: str | None = None) -> str | None:
    if ground in GROUND_KIND:
        return GROUND_KIND[ground]
    if ground in rules.termination_grounds(ruleset):
        return ExitKind.TERMINATION
    return None


def ruleset_map(organizations) -> dict[str, str | None]:
    """The rule set of each organization (by path), in one query: the choice of the nearest
    ancestor-or-self, as common.selectors.ruleset_for."""
    paths = {org.path for org in organizations}
    prefixes = {p[:i] for p in paths for i in range(4, len(p) + 1, 4)}
    if not prefixes:
        return {}
    chosen = dict(
        RulesetChoice.objects.filter(organization__path__in=prefixes).values_list(
            "organization__path", "ruleset"
        )
    )
    result = {}
    for path in paths:
        nearest = next((path[:i] for i in range(len(path), 3, -4) if path[:i] in chosen), None)
        result[path] = chosen[nearest] if nearest else None
    return result


# 权限 -----------------------------------------------------------------------


def _approved_party_orgs(user):
    return PartyOrganization.objects.filter(approvers=user)


def is_party_approver(user, organization: Organization) -> bool:
    """The same-level party organization's approver: a role allowing ``approve`` held at
    this very organization (or a platform-wide one), or a listed approver of the party
    organization that leads it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    for assignment in user_assignments(user):
        if not assignment.role.allows("approve"):
            continue
        if assignment.role.is_global or assignment.organization_id == organization.pk:
            return True
    if organization.party_organization_id is None:
        return False
    return PartyOrganization.approvers.through.objects.filter(
        partyorganization_id=organization.party_organization_id, user_id=user.pk
    ).exists()


def is_cadre(user, organization: Organization, action: str = "change") -> bool:
    return scope_for(user, action).covers(organization.path)


def _with_approvers(queryset, user, party_field: str):
    """``queryset`` plus the rows of organizations whose party organization lists ``user``
    among its approvers."""
    if user is None or not user.is_authenticated:
        return queryset
    extra = queryset.model.objects.filter(
        **{f"{party_field}__in": _approved_party_orgs(user).values("pk")}
    )
    return queryset | extra


def exit_cases(user):
    """Exit cases the user may see: cadres (change scope), party approvers."""
    return _with_approvers(
        ExitCase.objects.restrict(user, "change") | ExitCase.objects.restrict(user, "approve"),
        user,
        "organization__party_organization",
    )


def nominations(user):
    return _with_approvers(
        Nomination.objects.restrict(user, "view"), user, "organization__party_organization"
    )


def vote_sessions(user):
    return _with_approvers(
        VoteSession.objects.restrict(user, "view"), user, "organization__party_organization"
    )


def federations(user, area: str):
    """Organizations whose ``area`` pages the user may open: "exits" for cadres and party
    approvers, "nominations"/"votes" for whoever may view them and party approvers, "create"
    for cadres who may record."""
    if area == "create":
        return Organization.objects.restrict(user, "create")
    if area == "exits":
        queryset = Organization.objects.restrict(user, "change") | Organization.objects.restrict(
            user, "approve"
        )
    else:
        queryset = Organization.objects.restrict(user, "view")
    return _with_approvers(queryset, user, "party_organization")


def get_federation(user, pk, area: str) -> Organization:
    return get_object_or_404(federations(user, area).select_related("party_organization"), pk=pk)


# 退出建议 -------------------------------------------------------------------
