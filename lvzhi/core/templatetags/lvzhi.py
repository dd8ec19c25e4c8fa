from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def object_type(obj) -> str:
    """app_label.model of a model instance, as AuditEvent stores it."""
    return obj._meta.label_lower


@register.filter
def bs(bound_field):
    """Render a form field with Bootstrap classes, marked invalid when it has errors."""
    widget = bound_field.field.widget
    kind = getattr(widget, "input_type", "")
    css = (
        "form-check-input"
        if kind == "checkbox"
        else (
            "form-select"
            if widget.__class__.__name__ in ("Select", "SelectMultiple")
            else "form-control"
        )
    )
    if bound_field.errors:
        css += " is-invalid"
    return bound_field.as_widget(attrs={"class": css})


@register.filter
def can_see_history(user, obj) -> bool:
    """Whether the history page of ``obj`` opens for ``user`` (the change scope at the
    object's organization; see lvzhi.orgs.views_history)."""
    from lvzhi.core.scopes import scope_for

    path = getattr(obj, "org_path", None) or getattr(obj, "path", "")
    return bool(path) and scope_for(user, "change").covers(path)


@register.simple_tag
def rule_basis(rule_id, source=None, extra=""):
    """The rule id and clause behind a verdict, kept out of the way: one small 依据 toggle
    per card, table header or section (issue 11 point 5), never a code on every row.

    A ``<details>`` works without JavaScript and from the keyboard; app.js shows its body
    as a Bootstrap popover when Bootstrap is loaded. Without ``source`` the clause comes
    from the default rule set; ``extra`` adds further clauses."""
    if not rule_id and not source:
        return ""
    if source is None:
        source = _default_source(rule_id)
    clause = "；".join(str(part) for part in (source, extra) if part)
    full = " · ".join(str(part) for part in (rule_id, clause) if part)
    label = _("依据")
    return format_html(
        '<details class="rule-basis" data-rule-basis="{}">'
        '<summary class="rule-basis-toggle" title="{}" aria-label="{}">{}</summary>'
        '<span class="rule-basis-body" role="note">'
        '<span class="rule-id">{}</span>{}<span class="clause">{}</span></span></details>',
        rule_id or "",
        full,
        format_html("{}：{}", label, full),
        label,
        rule_id or "",
        " · " if rule_id and clause else "",
        clause,
    )


def _default_source(rule_id: str) -> str:
    """The clause of ``rule_id`` in the default rule set, for a header that has no verdict."""
    from lvzhi.core.rulesets import load_ruleset

    try:
        return load_ruleset()[rule_id].source
    except (KeyError, LookupError):
        return ""
