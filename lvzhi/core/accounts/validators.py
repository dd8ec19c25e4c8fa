"""The password policy (等保三级): at least 10 characters, three of four character classes,
not like the username, not the demo's published password nor a common one. Messages are
Chinese sentences."""

import re

from django.contrib.auth import password_validation as django_validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# The demo's printed password (lvzhi.orgs.demo.DEMO_PASSWORD; core cannot import orgs).
DEMO_PASSWORDS = frozenset({"lvzhi-demo-2026"})

CLASSES = (
    re.compile(r"[A-Z]"),
    re.compile(r"[a-z]"),
    re.compile(r"[0-9]"),
    re.compile(r"[^A-Za-z0-9]"),
)


class MinimumLengthValidator:
    def __init__(self, min_length: int = 10):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "口令至少需要%(min_length)d个字符。",
                    "口令至少需要%(min_length)d个字符。",
                    self.min_length,
                )
                % {"min_length": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self):
        return ngettext(
            "口令至少需要%(min_length)d个字符。",
            "口令至少需要%(min_length)d个字符。",
            self.min_length,
        ) % {"min_length": self.min_length}


class CharacterClassesValidator:
    """At least ``min_classes`` of: upper-case letters, lower-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if sum(1 for pattern in CLASSES if pattern.search(password)) < self.min_classes:
            raise ValidationError(
                _("口令须包含大写字母、小写字母、数字、符号四类中的至少%(count)d类。")
                % {"count": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("口令须包含大写字母、小写字母、数字、符号四类中的至少%(count)d类。") % {
            "count": self.min_classes
        }


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    """Django's similarity test, plus: the password may not contain the username."""

    def validate(self, password, user=None):
        username = (user.get_username() if user is not None else "") or ""
        if len(username) >= 3 and username.lower() in password.lower():
            raise ValidationError(_("口令不能包含用户名。"), code="password_too_similar")
        try:
            super().validate(password, user)
        except ValidationError as exc:
            raise ValidationError(
                _("口令与用户名、姓名或电子邮箱过于相近。"), code="password_too_similar"
            ) from exc

    def get_help_text(self):
        return _("口令不能与用户名、姓名或电子邮箱相近。")


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    """Django's list of 20,000 common passwords, plus the demo's published password."""

    def validate(self, password, user=None):
        if password in DEMO_PASSWORDS or password.lower().strip() in self.passwords:
            raise ValidationError(
                _("该口令过于常见或已公开（如演示口令），请换一个。"), code="password_too_common"
            )

    def get_help_text(self):
        return _("不能使用常见口令或演示口令。")
