"""Rows of the authorization matrix for API tokens and the second factor.

Every signed-in user manages her own tokens (page and API); another user's token answers
404 to all (nobody in the matrix world is a platform administrator, so the page of all
users' tokens is 404 too). The second factor concerns staff only: its enrolment page is
404 to the matrix roles, and the code page sends them on (no device, nothing to verify).
"""

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import CREATED, NONE, REDIRECT, Row, signed_in

EVERYONE = signed_in()
NOBODY = signed_in(NONE)


def others_token(o):
    """A token of a user outside the matrix world (one per target organization)."""
    if getattr(o, "_token", None) is None:
        from django.contrib.auth import get_user_model

        from lvzhi.core.tokens.services import api_token_create

        owner = get_user_model().objects.create_user(username=f"token_owner_{o.pk}")
        o._token, _key = api_token_create(actor=None, user=owner, name="他人的令牌")
    return o._token


TOKEN_ROWS = [
    Row("API tokens page", "GET", lambda o: reverse("tokens:list"), EVERYONE),
    Row(
        "API token create",
        "POST",
        lambda o: reverse("tokens:list"),
        EVERYONE,
        data=lambda o: {"name": "矩阵脚本", "days": 30},
        writes=True,
    ),
    Row(
        "another user's token revoke",
        "POST",
        lambda o: reverse("tokens:revoke", args=[others_token(o).pk]),
        NOBODY,
        writes=True,
    ),
    Row(
        "all users' tokens page",
        "GET",
        lambda o: reverse("tokens:all"),
        NOBODY,
    ),
    Row(
        "API tokens list (API)",
        "GET",
        lambda o: "/api/v1/core/tokens/",
        EVERYONE,
        api=True,
    ),
    Row(
        "API token create (API)",
        "POST",
        lambda o: "/api/v1/core/tokens/",
        signed_in(CREATED),
        data=lambda o: {"name": "矩阵脚本"},
        api=True,
        writes=True,
    ),
    Row(
        "another user's token revoke (API)",
        "POST",
        lambda o: f"/api/v1/core/tokens/{others_token(o).pk}/revoke/",
        NOBODY,
        api=True,
        writes=True,
    ),
    Row(
        "second factor enrolment page",
        "GET",
        lambda o: reverse("twofactor:setup"),
        NOBODY,
    ),
    Row(
        "second factor code page",
        "GET",
        lambda o: reverse("twofactor:verify"),
        signed_in(REDIRECT),
    ),
]
