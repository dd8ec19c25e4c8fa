"""Rows of the authorization matrix for the password-change page: every signed-in role
opens its own page (the page has no object, so every relation answers alike); anonymous
users are sent to the login page. The POST row sends an empty form: the page answers
with its errors and writes nothing."""

from lvzhi.core.tests.test_authorization_matrix import Row, signed_in

AUTH_ROWS = [
    Row(
        "password change page",
        "GET",
        lambda o: "/account/password/",
        signed_in(),
    ),
    Row(
        "password change (invalid form)",
        "POST",
        lambda o: "/account/password/",
        signed_in(),
        data=lambda o: {"old_password": "", "new_password1": "", "new_password2": ""},
    ),
]
