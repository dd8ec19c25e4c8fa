"""Reads of public complaints: the federation's complaints list (restrict), each with its
supervision message's status."""

from lvzhi.catalog import messages as msg

from .models import Complaint


def complaints(user):
    """Complaints about organizations filed in ``user``'s view scope, newest first, each
    message decorated (overdue, late) as in the message inbox."""
    return Complaint.objects.restrict(user, "view").select_related(
        "organization", "message", "entry"
    )


def decorate(rows):
    msg.decorate([row.message for row in rows])
    return rows
