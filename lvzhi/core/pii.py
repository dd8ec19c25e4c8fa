"""个人敏感信息 (PII): encryption at rest, a blind index for lookups, masking for display.

Keys (docs/decisions/0005-pii-keys.md): ``settings.PII_KEY`` lists one or more secrets,
comma-separated, the current one first. Each is stretched with HKDF-SHA256 into a Fernet
key; together they form a ``MultiFernet`` that encrypts with the first and decrypts with
any, so ``lvzhi rotate_pii_key`` can re-encrypt under a new key. Tokens written before
HKDF (a plain SHA-256 of the key) still decrypt through a legacy fallback at the end of
the list. The blind index has its own HKDF-derived HMAC key from ``settings.PII_INDEX_KEY``
(or, when unset, the oldest listed key), so it survives rotation of the encryption keys.

Masks never combine back into the value: an ID number keeps only its last four
characters, a birth date only its year, a phone its first three and last four digits.
"""

import base64
import datetime as dt
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

HKDF_SALT = b"lvzhi-pii-v1"
INFO_ENCRYPT = b"lvzhi pii: fernet encryption key"
INFO_INDEX = b"lvzhi pii: blind index hmac key"


def pii_keys() -> tuple[str, ...]:
    """The configured keys, current first (``settings.PII_KEY``: "new,old" or a list)."""
    raw = settings.PII_KEY
    parts = raw if isinstance(raw, list | tuple) else str(raw or "").split(",")
    keys = tuple(part.strip() for part in parts if part and part.strip())
    if not keys:
        raise ImproperlyConfigured("未配置 LVZHI_PII_KEY")
    return keys


def index_key_source() -> str:
    """The secret behind the blind index: ``PII_INDEX_KEY``, else the oldest listed key."""
    return getattr(settings, "PII_INDEX_KEY", "") or pii_keys()[-1]


def _hkdf(secret: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=HKDF_SALT, info=info).derive(
        secret.encode()
    )


def _legacy(secret: str, purpose: str) -> bytes:
    """The derivation used before HKDF; kept only to read tokens written with it."""
    return hashlib.sha256(f"lvzhi:{purpose}:{secret}".encode()).digest()


@lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    current = [Fernet(base64.urlsafe_b64encode(_hkdf(key, INFO_ENCRYPT))) for key in keys]
    legacy = [Fernet(base64.urlsafe_b64encode(_legacy(key, "encrypt"))) for key in keys]
    return MultiFernet(current + legacy)


@lru_cache(maxsize=8)
def _primary_fernet(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_hkdf(key, INFO_ENCRYPT)))


@lru_cache(maxsize=8)
def _index_key(source: str) -> bytes:
    return _hkdf(source, INFO_INDEX)


def encrypt(value: str) -> str:
    return _multi_fernet(pii_keys()).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _multi_fernet(pii_keys()).decrypt(token.encode()).decode()
    except InvalidToken as exc:  # wrong key or tampered row: never return ciphertext as data
        raise ValueError("无法解密个人敏感信息，请检查 LVZHI_PII_KEY 配置") from exc


def is_current(token: str) -> bool:
    """Whether ``token`` is already encrypted under the current (first) key."""
    try:
        _primary_fernet(pii_keys()[0]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def reencrypt(token: str) -> tuple[str, str | None]:
    """``(plaintext, new token)`` for a token under an older key (``MultiFernet.rotate``:
    the first key, the original timestamp), ``(plaintext, None)`` when it is already
    current. Raises ValueError when no configured key reads it."""
    keys = pii_keys()
    try:
        return _primary_fernet(keys[0]).decrypt(token.encode()).decode(), None
    except InvalidToken:
        pass
    plaintext = decrypt(token)
    return plaintext, _multi_fernet(keys).rotate(token.encode()).decode()


def blind_index(value: str) -> str:
    """HMAC of the normalized value: equal inputs give equal digests, nothing reversible."""
    normalized = "".join(value.split()).upper()
    key = _index_key(index_key_source())
    return hmac.new(key, normalized.encode(), hashlib.sha256).hexdigest()


# Masks ----------------------------------------------------------------------


def mask_id_number(value: str) -> str:
    """11010519491231002X → **************002X: only the last four characters kept, so a
    shown birth year (or date) cannot complete it."""
    if not value:
        return ""
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678."""
    if not value:
        return ""
    digits = value.strip()
    if len(digits) <= 7:
        return digits[:1] + "*" * (len(digits) - 1)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_birth_date(value) -> str:
    """A birth date reduced to its year ("1949"); accepts a date or an ISO string."""
    if not value:
        return ""
    if isinstance(value, dt.date):
        return str(value.year)
    text = str(value)
    return text[:4] if text[:4].isdigit() else ""


def mask_generic(value: str) -> str:
    return "***" if value else ""


MASKERS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "birth_date": mask_birth_date,
    "generic": mask_generic,
}


def mask_audit_changes(changes: dict) -> dict:
    """An audit diff with any ID number or birth date in it reduced to its mask; used on
    events written before the masks were narrowed and again when history is shown."""
    if not isinstance(changes, dict):
        return changes
    masked = dict(changes)
    for name, masker in (("id_number", _remask_id), ("birth_date", mask_birth_date)):
        pair = masked.get(name)
        if isinstance(pair, list | tuple):
            masked[name] = [masker(value) if value else value for value in pair]
    return masked


def _remask_id(value) -> str:
    """An ID number or an older mask of one (1201**********002X) → last four only."""
    return mask_id_number(str(value))


# Fields -----------------------------------------------------------------------


class EncryptedTextField(models.TextField):
    """Stores Fernet ciphertext; Python sees plaintext. Not searchable: pair it with a
    blind-index column named ``<field>_hash``. ``masker`` names how the value is shown
    and put in audit diffs."""

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


class BirthDateField(models.DateField):
    """A birth date: stored as a date, shown and audited as its year only (with the last
    four characters of an ID number, a full date would give the number back)."""

    pii = True

    def mask(self, value) -> str:
        return mask_birth_date(value)
