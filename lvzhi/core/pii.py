"""个人敏感信息 (PII): encryption at rest, a blind index for lookups, masking for display.

Keys derive from ``settings.PII_KEY`` (never from SECRET_KEY), one for encryption and
one for the HMAC blind index, so rotating the site secret leaves PII readable.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models


def _derive(purpose: str) -> bytes:
    return hashlib.sha256(f"lvzhi:{purpose}:{settings.PII_KEY}".encode()).digest()


@lru_cache(maxsize=4)
def _fernet(pii_key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive("encrypt")))


def encrypt(value: str) -> str:
    return _fernet(settings.PII_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(settings.PII_KEY).decrypt(token.encode()).decode()
    except InvalidToken as exc:  # wrong key or tampered row: never return ciphertext as data
        raise ValueError("无法解密个人敏感信息，请检查 LVZHI_PII_KEY 配置") from exc


def blind_index(value: str) -> str:
    """HMAC of the normalized value: equal inputs give equal digests, nothing reversible."""
    normalized = "".join(value.split()).upper()
    return hmac.new(_derive("index"), normalized.encode(), hashlib.sha256).hexdigest()


def mask_id_number(value: str) -> str:
    """1201011990010100 2X → 1201**********002X: 4 first and 4 last characters kept."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678."""
    if not value:
        return ""
    digits = value.strip()
    if len(digits) <= 7:
        return digits[:1] + "*" * (len(digits) - 1)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_generic(value: str) -> str:
    return "***" if value else ""


class EncryptedTextField(models.TextField):
    """Stores Fernet ciphertext; Python sees plaintext. Not searchable: pair it with a
    blind-index column. ``masker`` names how the value is shown and put in audit diffs."""

    pii = True

    def __init__(self, *args, masker: str = "generic", **kwargs):
        self.masker = masker
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.masker != "generic":
            kwargs["masker"] = self.masker
        return name, path, args, kwargs

    def mask(self, value: str) -> str:
        return MASKERS[self.masker](value or "")

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)


MASKERS = {"id_number": mask_id_number, "phone": mask_phone, "generic": mask_generic}
