from django import template

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
