"""People, not logins: ``{{ names|name_for:user_id }}`` with ``names`` from
``lvzhi.orgs.selectors.display_names`` (resolved once per page, no query per row)."""

from django import template

register = template.Library()


@register.filter
def name_for(names, user_id):
    """The display name of ``user_id`` in ``names`` ("" when absent)."""
    if not names or user_id is None:
        return ""
    return names.get(user_id, "")


@register.filter
def name_of(names, record):
    """The display name of who did a stored step record (``{{ names|name_of:step }}``): a
    record written before ``by_id`` was kept has none, and a filter argument that is
    missing would fail the whole page, so the record itself is passed."""
    if not names or record is None:
        return ""
    user_id = record.get("by_id") if isinstance(record, dict) else getattr(record, "by_id", None)
    return names.get(user_id, "") if user_id is not None else ""


@register.simple_tag(takes_context=True)
def people_names(context, objects, field):
    """``{% people_names cases "assignee_id" as names %}``: the display names of a whole
    table's users at once (a fixed number of queries), for ``name_for``. ``objects`` may
    be model instances or dicts (stored step records with ``by_id``)."""
    from lvzhi.orgs.selectors import display_names

    request = context.get("request")
    return display_names(
        [obj.get(field) if isinstance(obj, dict) else getattr(obj, field, None) for obj in objects],
        getattr(request, "user", None),
    )


@register.filter
def display_name(user, viewer):
    """One user's display name, for a detail page (``{{ obj.by_id|display_name:request.user }}``);
    in a table use ``people_names`` instead (no query per row)."""
    from lvzhi.orgs.selectors import display_names

    if user is None or user == "":
        return ""
    pk = user if isinstance(user, int) else user.pk
    return display_names([pk], viewer).get(pk, "")
