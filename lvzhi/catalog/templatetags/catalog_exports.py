"""``{% export_links version %}``: download links for a catalog version, in every format
this server can produce (PDF only when WeasyPrint and a CJK font are installed)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from lvzhi.catalog import exports

register = template.Library()


@register.simple_tag
def export_links(version, css: str = "btn btn-sm btn-outline-secondary"):
    links = format_html_join(
        "",
        '<a class="{}" id="export-{}" href="{}">{}</a>',
        (
            (css, f.key, reverse("catalog:export", args=[version.pk, f.key]), f.label)
            for f in exports.available_formats()
        ),
    )
    return format_html(
        '<span class="export-links d-inline-flex gap-1 no-print" aria-label="导出">{}</span>', links
    )
