"""Reads of committees, member profiles (R-EX-12) and contact assignments (R-EX-08).

Who sees what:
- a committee, its contact gaps and any member's profile: cadres whose ``change`` scope
  covers the organization (``restrict(user, "change")``); everyone else gets 404;
- a member's own profile and contacts: the user linked to the Person;
- a published profile: anyone who has its link (token).

Pages and the API read a whole committee in a fixed number of queries: seats with their
people and profiles in one, contact counts of all of them in one aggregated query, the
rule set in one.

Modules: people (who may read or edit a profile, the profile, the public page), contacts
(联系对象) and committee (seats, rule sets, contact gaps). This package re-exports their
public names.
"""

from lvzhi.members.profiles.selectors.committee import (
    Committee,
    OrgGaps,
    SeatRow,
    committee,
    committee_organizations,
    contact_gaps,
    current_term,
    extra_seats_of,
    rulesets_for,
)
from lvzhi.members.profiles.selectors.contacts import (
    ContactCounts,
    active_contacts_q,
    assignable_units,
    contact_counts,
    contacts_of,
)
from lvzhi.members.profiles.selectors.people import (
    CADRE_ACTION,
    TITLE_ORDER,
    UNIT_KINDS,
    activity_counts,
    committee_organization,
    current_seats,
    get_contact,
    get_person,
    is_cadre_for,
    is_self,
    own_person,
    profile_of,
    public_profile,
    seats_of,
    visible_contacts,
    visible_profiles,
)

__all__ = [
    "CADRE_ACTION",
    "Committee",
    "ContactCounts",
    "OrgGaps",
    "SeatRow",
    "TITLE_ORDER",
    "UNIT_KINDS",
    "active_contacts_q",
    "activity_counts",
    "assignable_units",
    "committee",
    "committee_organization",
    "committee_organizations",
    "contact_counts",
    "contact_gaps",
    "contacts_of",
    "current_seats",
    "current_term",
    "extra_seats_of",
    "get_contact",
    "get_person",
    "is_cadre_for",
    "is_self",
    "own_person",
    "profile_of",
    "public_profile",
    "rulesets_for",
    "seats_of",
    "visible_contacts",
    "visible_profiles",
]
