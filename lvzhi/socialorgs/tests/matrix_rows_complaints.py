"""Authorization matrix rows of public complaints (lvzhi.socialorgs.complaints): the
public form and its API (anyone, no login), the sent page, and the federation's list.

A page send by an anonymous user writes an audit event, which the matrix counts as the
trace of a refusal, so the page row posts an empty text (answered 200 with its message)
and the API row makes the real send, resetting the per-address allowance first."""

from django.urls import reverse

from lvzhi.core.tests.matrix import (
    CREATED,
    OK,
    SIGNED_IN,
    VIEWERS,
    api_read,
    api_write,
    everyone,
    page,
    page_submit,
)

from .matrix_rows_socialorgs import organization_of

API = "/api/v1/socialorgs/complaints"


def complaint_of(o):
    if getattr(o, "_complaint", None) is None:
        from lvzhi.catalog import messages as msg
        from lvzhi.socialorgs.complaints import services

        msg.reset_rate("matrix")
        o._complaint, _code = services.complaint_send(
            actor=None, organization=organization_of(o), text="矩阵投诉", client_address="matrix"
        )
    return o._complaint


def _send_body(o):
    from lvzhi.catalog import messages as msg

    msg.reset_rate("127.0.0.1")
    return {"organization": organization_of(o).pk, "text": "活动收费不公开"}


def _form(o):
    return reverse("socialorgs_complaints:send", args=[organization_of(o).pk])


COMPLAINT_ROWS = [
    page("complaints form", _form, everyone(OK)),
    page_submit(
        "complaints form submit (empty text, refused)",
        _form,
        everyone(OK),
        data=lambda o: {"text": ""},
        writes=False,
    ),
    page("complaints sent page", lambda o: reverse("socialorgs_complaints:sent"), everyone(OK)),
    page("complaints list", lambda o: reverse("socialorgs_complaints:list"), SIGNED_IN),
    api_write(
        "complaints api send", "POST", lambda o: f"{API}/", everyone(CREATED), data=_send_body
    ),
    api_read("complaints api list", lambda o: f"{API}/", SIGNED_IN),
    api_read("complaints api detail", lambda o: f"{API}/{complaint_of(o).pk}/", VIEWERS),
]
