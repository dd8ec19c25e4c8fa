"""Checks of public identifiers that several modules record (no database, no rule ids):
each app's ``rules.py`` wraps them and raises its own ``RuleError`` with the message."""

from django.utils.translation import gettext as _
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


class InvalidCode(ValueError):
    """An identifier that fails its check; the message is Chinese, for the user."""


def normalize_uscc(value: str) -> str:
    """A valid 18-character 统一社会信用代码 (GB 32100-2015, checked with ``stdnum.cn.uscc``),
    upper-cased; "" when blank; :class:`InvalidCode` naming what is wrong otherwise."""
    code = stdnum_uscc.compact(value or "").upper()
    if not code:
        return ""
    try:
        return stdnum_uscc.validate(code)
    except InvalidLength:
        raise InvalidCode(_("统一社会信用代码应为18位")) from None
    except InvalidChecksum:
        raise InvalidCode(_("统一社会信用代码校验位不正确，请核对最后一位")) from None
    except StdnumError:
        raise InvalidCode(_("统一社会信用代码格式不正确")) from None
