"""Helpers shared by the pages of the members areas (meetings, changes)."""

from django.core.exceptions import ValidationError


def errors_to_form(form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: messages by field beside their fields, the
    others (and those of fields the form does not have) above it."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
