"""Rows of the authorization matrix for committees, member profiles, contact assignments
and the public profile (appended to MATRIX by the lead).

The committee, the contact gaps and other people's profiles are for cadres (``change``
scope) only: department staff, party approvers and members get 404 there. A member reads
and edits her own profile wherever it is: the "own profile" rows link the world's member
account to the target's person first (ORM, no audit). Published profiles are public by
token; an unpublished one is 404 for everyone.
"""

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import (
    LOGIN,
    NONE,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHORIZED,
    VIEW_SUBTREE,
    Row,
    by_relation,
)

CHANGE_SUBTREE_REDIRECT = by_relation(REDIRECT, NOT_FOUND, NOT_FOUND, REDIRECT)
CREATED_SUBTREE = by_relation(201, NOT_FOUND, NOT_FOUND, 201)
ANYONE = OK
MEMBER_USERNAME = "m_member"  # the world's member account


def cadres_only(subtree, anonymous):
    return {
        "cadre": subtree,
        "department_staff": NONE,
        "member": NONE,
        "party_approver": NONE,
        "anonymous": anonymous,
    }


def everyone(status):
    return {
        role: status
        for role in ("cadre", "department_staff", "member", "party_approver", "anonymous")
    }


def own_person(o):
    """Link the world's member account to ``o``'s person: she is that person."""
    from django.contrib.auth import get_user_model

    from lvzhi.orgs.models import Person

    user = get_user_model().objects.get(username=MEMBER_USERNAME)
    Person.objects.filter(user=user).update(user=None)
    Person.objects.filter(pk=o.person.pk).update(user=user)
    return o.person


def profile_of(o, published=True):
    """A profile of ``o``'s person (ORM, no audit), published or not; she holds a seat
    (a public profile shows only while she does)."""
    from lvzhi.members.models import MemberProfile
    from lvzhi.members.tests.matrix_rows_activities import seated

    seated(o)
    profile, _created = MemberProfile.objects.update_or_create(
        person=o.person,
        defaults={
            "organization": o,
            "org_path": o.path,
            "duties": "联系妇女",
            "is_published": published,
            "public_token": f"matrix-{o.pk}-{int(published)}",
        },
    )
    return profile


PROFILE_ROWS = [
    Row(
        "members committee page",
        "GET",
        lambda o: reverse("members:committee", args=[o.pk]),
        cadres_only(VIEW_SUBTREE, LOGIN),
    ),
    Row(
        "members contact gaps page",
        "GET",
        lambda o: reverse("members:contact-gaps", args=[o.pk]),
        cadres_only(VIEW_SUBTREE, LOGIN),
    ),
    Row(
        "member profile page",
        "GET",
        lambda o: reverse("members:profile", args=[o.person.pk]),
        cadres_only(VIEW_SUBTREE, LOGIN),
    ),
    Row(
        "member profile edit submit",
        "POST",
        lambda o: reverse("members:profile-edit", args=[o.person.pk]),
        cadres_only(CHANGE_SUBTREE_REDIRECT, LOGIN),
        data=lambda o: {"residence": "新河", "duties": "联系妇女"},
        writes=True,
    ),
    Row(
        "own profile page (member is the person)",
        "GET",
        lambda o: reverse("members:profile", args=[own_person(o).pk]),
        cadres_only(VIEW_SUBTREE, LOGIN) | {"member": OK},
    ),
    Row(
        "own profile edit submit (member is the person)",
        "POST",
        lambda o: reverse("members:profile-edit", args=[own_person(o).pk]),
        cadres_only(CHANGE_SUBTREE_REDIRECT, LOGIN) | {"member": REDIRECT},
        data=lambda o: {"residence": "新河", "duties": "联系妇女"},
        writes=True,
    ),
    Row(
        "contact assignment submit",
        "POST",
        lambda o: reverse("members:contact-add", args=[o.person.pk]),
        cadres_only(CHANGE_SUBTREE_REDIRECT, LOGIN),
        data=lambda o: {"kind": "woman", "woman_name": "联系妇女"},
        writes=True,
    ),
    Row(
        "public profile (published)",
        "GET",
        lambda o: reverse("members:public-profile", args=[profile_of(o).public_token]),
        everyone(ANYONE),
    ),
    Row(
        "public profile (unpublished)",
        "GET",
        lambda o: reverse("members:public-profile", args=[profile_of(o, False).public_token]),
        everyone(NOT_FOUND),
    ),
    Row(
        "public profile QR (published)",
        "GET",
        lambda o: reverse("members:public-profile-qr", args=[profile_of(o).public_token]),
        everyone(ANYONE),
    ),
    Row(
        "API members committee",
        "GET",
        lambda o: f"/api/v1/members/committees/{o.pk}/",
        cadres_only(VIEW_SUBTREE, UNAUTHORIZED),
        api=True,
    ),
    Row(
        "API members contact gaps",
        "GET",
        lambda o: f"/api/v1/members/committees/{o.pk}/contact-gaps/",
        cadres_only(VIEW_SUBTREE, UNAUTHORIZED),
        api=True,
    ),
    Row(
        "API member profile",
        "GET",
        lambda o: f"/api/v1/members/profiles/{o.person.pk}/",
        cadres_only(VIEW_SUBTREE, UNAUTHORIZED),
        api=True,
    ),
    Row(
        "API member profile update",
        "PATCH",
        lambda o: f"/api/v1/members/profiles/{o.person.pk}/",
        cadres_only(VIEW_SUBTREE, UNAUTHORIZED),
        data=lambda o: {"residence": "新河"},
        api=True,
        writes=True,
    ),
    Row(
        "API own profile update (member is the person)",
        "PATCH",
        lambda o: f"/api/v1/members/profiles/{own_person(o).pk}/",
        cadres_only(VIEW_SUBTREE, UNAUTHORIZED) | {"member": OK},
        data=lambda o: {"residence": "新河"},
        api=True,
        writes=True,
    ),
    Row(
        "API contact assignment create",
        "POST",
        lambda o: "/api/v1/members/contacts/",
        cadres_only(CREATED_SUBTREE, UNAUTHORIZED),
        data=lambda o: {"person": o.person.pk, "kind": "woman", "woman_name": "联系妇女"},
        api=True,
        writes=True,
    ),
    Row(
        "API public profile (published)",
        "GET",
        lambda o: f"/api/v1/members/public-profiles/{profile_of(o).public_token}/",
        everyone(ANYONE),
        api=True,
    ),
    Row(
        "API public profile (unpublished)",
        "GET",
        lambda o: f"/api/v1/members/public-profiles/{profile_of(o, False).public_token}/",
        everyone(NOT_FOUND),
        api=True,
    ),
]
