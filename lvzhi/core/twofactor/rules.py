"""Who the second factor concerns: staff and superusers (the accounts that reach the
admin site). Other users never enrol, so their requests cost no device lookup."""

SETUP, VERIFY = "setup", "verify"


def eligible(*, is_staff: bool, is_superuser: bool) -> bool:
    return is_staff or is_superuser


def required_step(*, eligible: bool, verified: bool, has_device: bool, enrolment_required: bool):
    """What an administrator's session must do before anything else: ``VERIFY`` (she has
    a device and has not entered a code), ``SETUP`` (enrolment is mandatory and she has
    none) or ``None``."""
    if not eligible or verified:
        return None
    if has_device:
        return VERIFY
    if enrolment_required:
        return SETUP
    return None


def grouped_secret(secret: str) -> str:
    """A base32 secret in groups of four, easier to type into an authenticator app."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
