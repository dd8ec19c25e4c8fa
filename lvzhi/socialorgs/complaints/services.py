"""The public complaint (第十二条): stored as a supervision message addressed to the
filing federation (``lvzhi.catalog.messages.message_receive``: rate limit, checks,
tracking code, deadline), entered in the organization's supervision ledger as a dated
public-complaint entry, and tied together by a ``Complaint`` row, in one transaction."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.catalog import messages as msg
from lvzhi.core.services import audit
from lvzhi.socialorgs.models import EntryKind, LedgerEntry, SocialOrganization

from .models import Complaint


def subject_name(organization: SocialOrganization) -> str:
    return _("对“%(name)s”的投诉") % {"name": organization.name}


@transaction.atomic
def complaint_send(
    *,
    actor,
    organization: SocialOrganization,
    text: str,
    name: str = "",
    contact: str = "",
    client_address: str = "",
    now: dt.datetime | None = None,
) -> tuple[Complaint, str]:
    """Returns the complaint and its tracking code (shown once). Invalid text raises
    ValidationError, too many messages from the address ``msg.RateLimited``; neither
    writes anything. ``organization`` comes from the public selector (not deregistered)."""
    message, code = msg.message_receive(
        actor=actor,
        organization=organization.federation,
        subject_number=_("投诉"),
        subject_name=subject_name(organization),
        text=text,
        name=name,
        contact=contact,
        client_address=client_address,
        now=now,
    )
    entry = LedgerEntry.objects.create(
        organization=organization,
        org_path=organization.org_path,
        kind=EntryKind.COMPLAINT,
        date=message.received_on,
        title=_("公众投诉（监督留言第%(id)s号，答复期限%(due)s）")
        % {"id": message.pk, "due": message.due_on.isoformat()},
        content=message.text[:4000],
    )
    complaint = Complaint.objects.create(
        org_path=organization.org_path, organization=organization, message=message, entry=entry
    )
    audit(
        actor=actor,
        action="complaint_send",
        obj=complaint,
        organization=organization.federation,
        changes={"message": [None, message.pk], "entry": [None, entry.pk]},
    )
    return complaint, code
