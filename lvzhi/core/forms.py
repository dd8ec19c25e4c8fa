"""Helpers shared by the pages of every module: a service's ValidationError shown on a
form or as one message, and a service run from a form (``run_service``)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def error_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def joined_messages(exc: ValidationError) -> str:
    # Translators: separator between several error messages shown on one line.
    return _("；").join(error_messages(exc))


def errors_to_form(form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: messages by field beside their fields, the
    others (and those of fields the form does not have) above it."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def run_service(form, call):
    """Run a service; put its ValidationError messages on the form (``errors_to_form``).
    Returns the service's result, or None when it refused."""
    try:
        return call()
    except ValidationError as exc:
        errors_to_form(form, exc)
        return None
