"""Rows of the authorization matrix for supervision messages (appended to MATRIX by the
lead).

Each target organization gets, the first time a row asks, a published item and a message
in its organization inbox (no department), built with the ORM (no audit). The world's
department staff has no department, so it reads its own organization's messages and
answers none. Public sends reset the per-address allowance first, so twenty matrix cases
do not run into the hourly limit; a page send by an anonymous user writes an audit event,
which the matrix counts as a trace of a denial, so the page row posts an empty text (the
form answers 200 with its message) and the API row makes the real send.
"""

import datetime as dt

from django.urls import reverse

from lvzhi.core.tests.matrix import (
    CADRE_WRITES,
    VIEWERS,
    api_read,
    api_write,
    named_url,
    page,
    page_submit,
    url,
)
from lvzhi.core.tests.test_authorization_matrix import (
    CREATED,
    LOGIN,
    NOT_FOUND,
    OK,
    UNAUTHORIZED,
    by_relation,
    cadres,
    everyone,
    signed_in,
)

from .matrix_rows import draft_of

ANYONE = OK
CHANGE_SUBTREE_OK = by_relation(OK, NOT_FOUND, NOT_FOUND, OK)


def published_item_of(o):
    """A published version of ``o``'s catalog with one item (no department)."""
    if getattr(o, "_published_item", None) is None:
        from django.db.models import Max

        from lvzhi.catalog.models import Catalog, CatalogVersion, Duty, DutyItem

        catalog, _ = Catalog.objects.get_or_create(
            organization=o, defaults={"org_path": o.path, "title": f"{o.name}职责目录"}
        )
        number = (catalog.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = CatalogVersion.objects.create(
            catalog=catalog, org_path=o.path, number=number, status="published"
        )
        duty = Duty.objects.create(version=version, org_path=o.path, number="1", text="职责")
        o._published_item = DutyItem.objects.create(
            version=version, duty=duty, org_path=o.path, number="1.1", name="公开事项"
        )
    return o._published_item


def message_of(o):
    """A message in ``o``'s inbox, with the tracking code kept on ``o`` for the API row."""
    if getattr(o, "_message", None) is None:
        from lvzhi.catalog import messages as msg
        from lvzhi.catalog.models import SupervisionMessage

        item = published_item_of(o)
        o._tracking_code = msg.new_tracking_code()
        today = dt.date(2026, 11, 30)
        o._message = SupervisionMessage.objects.create(
            organization=o,
            org_path=o.path,
            item=item,
            item_number=item.number,
            item_name=item.name,
            contact="13812345678",
            text="监督留言",
            tracking_digest=msg.tracking_digest(o._tracking_code),
            received_on=today,
            reply_workdays=15,
            due_on=today + dt.timedelta(days=21),
        )
    return o._message


def _send_body(o):
    from lvzhi.catalog import messages as msg

    msg.reset_rate("127.0.0.1")
    return {"item": published_item_of(o).pk, "text": "请问如何办理？"}


def _track_url(o):
    message_of(o)
    return f"/api/v1/catalog/messages/track/{o._tracking_code}/"


MESSAGE_ROWS = [
    page(
        "message form page",
        url("catalog:message-send", published_item_of),
        signed_in(anonymous=ANYONE),
    ),
    page_submit(
        "message form submit (empty text, refused)",
        url("catalog:message-send", published_item_of),
        signed_in(anonymous=ANYONE),
        lambda o: {"text": ""},
        writes=False,
    ),
    page(
        "message form of a draft item",
        lambda o: reverse("catalog:message-send", args=[draft_of(o).items.first().pk]),
        everyone(NOT_FOUND),
    ),
    page("message sent page", named_url("catalog:message-sent"), signed_in(anonymous=ANYONE)),
    page("message tracking page", named_url("catalog:message-track"), signed_in(anonymous=ANYONE)),
    page("message inbox page", named_url("catalog:message-inbox"), signed_in(anonymous=LOGIN)),
    page("message detail page", url("catalog:message-detail", message_of), VIEWERS),
    page_submit(
        "message answer submit",
        url("catalog:message-answer", message_of),
        CADRE_WRITES,
        lambda o: {"answer": "已办理"},
    ),
    api_write(
        "API message send",
        "POST",
        lambda o: "/api/v1/catalog/messages/",
        everyone(CREATED),
        _send_body,
    ),
    api_read("API message track", _track_url, signed_in(anonymous=ANYONE)),
    api_read(
        "API message inbox",
        lambda o: "/api/v1/catalog/messages/inbox/",
        signed_in(anonymous=UNAUTHORIZED),
    ),
    api_read(
        "API message inbox detail",
        lambda o: f"/api/v1/catalog/messages/inbox/{message_of(o).pk}/",
        VIEWERS,
    ),
    api_write(
        "API message answer",
        "POST",
        lambda o: f"/api/v1/catalog/messages/inbox/{message_of(o).pk}/answer/",
        cadres(CHANGE_SUBTREE_OK),
        lambda o: {"answer": "已办理"},
    ),
]
