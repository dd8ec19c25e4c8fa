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
