"""``{% export_query %}``: the current page's query string for its Excel export (see
lvzhi/core/exports.py)."""

from django import template

from lvzhi.core.exports import export_query as _export_query

register = template.Library()


@register.simple_tag(takes_context=True)
def export_query(context) -> str:
    return _export_query(context["request"])
