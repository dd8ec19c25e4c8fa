"""Authorization matrix rows for revealing a person's PII (the reason form and the
birth date): only those who may reveal PII at the person's organization."""

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import Row, cadres

ONLY_REVEALERS = cadres()

PII_ROWS = [
    Row(
        "reveal reason form",
        "GET",
        lambda o: reverse("orgs:person-reveal", args=[o.person.pk, "phone"]),
        ONLY_REVEALERS,
    ),
    Row(
        "reveal birth date",
        "POST",
        lambda o: reverse("orgs:person-reveal", args=[o.person.pk, "birth_date"]),
        ONLY_REVEALERS,
        data=lambda o: {"reason": "核对年龄"},
        writes=True,
    ),
]
