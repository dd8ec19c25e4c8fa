"""A public rating form reached by QR code (妇女之家 activities, funded social projects):
no login and no personal data. One rating per phone by a signed cookie, a rate limit per
network address (a sliding window; the address hashed in the cache key, never stored), and
a one-time signed token in the form whose hash the rating stores unique, so a form sent
again (a replay) is refused. Each module keeps its own rating model and audit event; the
sliding window also limits the supervision messages."""

import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TOKEN_MAX_AGE = 2 * 3600  # a form older than two hours is refused: scan again
COOKIE_MAX_AGE = 365 * 24 * 3600
RATE_WINDOW = 3600
DEFAULT_RATE_LIMIT = 20
COMMENT_MAX = 200
SCORE_MIN, SCORE_MAX = 1, 5


def rate_window(stamps: list[float], now: float, limit: int, window: int = RATE_WINDOW):
    """Sliding window: (may send one more, the stamps still inside the window)."""
    kept = [s for s in stamps if now - s < window]
    return len(kept) < limit, kept


class RateLimited(Exception):
    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(_("同一网络地址每小时最多提交%(n)d次评价，请稍后再试") % {"n": limit})


class PublicRating:
    """The protections of one kind of public rating form; ``field`` names the rated object's
    id inside the token, ``cookie_prefix`` its cookie, ``limit_setting`` the hourly limit."""

    def __init__(self, *, salt: str, field: str, cookie_prefix: str, limit_setting: str):
        self.salt = salt
        self.field = field
        self.cookie_prefix = cookie_prefix
        self.limit_setting = limit_setting

    def form_token(self, obj) -> str:
        return signing.dumps({self.field: obj.pk, "n": secrets.token_hex(16)}, salt=self.salt)

    def cookie_name(self, obj) -> str:
        return f"{self.cookie_prefix}{obj.pk}"

    def already_rated(self, request, obj) -> bool:
        """This phone has rated ``obj`` (its signed cookie names it)."""
        value = request.get_signed_cookie(self.cookie_name(obj), default=None, salt=self.salt)
        return value == str(obj.pk)

    def mark_rated(self, response, obj, *, secure: bool) -> None:
        response.set_signed_cookie(
            self.cookie_name(obj),
            str(obj.pk),
            salt=self.salt,
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=secure,
        )

    def rate_limit(self) -> int:
        return int(getattr(settings, self.limit_setting, DEFAULT_RATE_LIMIT))

    def _rate_key(self, address: str) -> str:
        digest = hashlib.sha256(f"{self.salt}:{address}".encode()).hexdigest()[:32]
        return f"public-rating-rate:{digest}"

    def reset_rate(self, address: str) -> None:
        cache.delete(self._rate_key(address))

    def check_rate(self, address: str, now: float) -> list[float]:
        """The address's stamps inside the window; RateLimited when it has used them up."""
        limit = self.rate_limit()
        allowed, kept = rate_window(cache.get(self._rate_key(address)) or [], now, limit)
        if not allowed:
            raise RateLimited(limit)
        return kept

    def count_rate(self, address: str, kept: list[float], now: float) -> None:
        """Count a stored rating against the address (after it is saved)."""
        cache.set(self._rate_key(address), [*kept, now], RATE_WINDOW)

    def check_token(self, token: str, obj) -> str:
        """The token's hash (stored unique on the rating); ValidationError when the form is
        forged, expired or for another object."""
        try:
            data = signing.loads(token or "", salt=self.salt, max_age=TOKEN_MAX_AGE)
        except signing.SignatureExpired:
            raise ValidationError(_("评价页面已过期，请重新扫码")) from None
        except signing.BadSignature:
            raise ValidationError(_("评价表单无效，请重新扫码")) from None
        if data.get(self.field) != obj.pk:
            raise ValidationError(_("评价表单无效，请重新扫码"))
        return hashlib.sha256(token.encode()).hexdigest()


def rating_errors(*, score, comment: str) -> dict:
    """A score of 1–5 and a comment of at most COMMENT_MAX characters."""
    errors = {}
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = 0
    if not SCORE_MIN <= value <= SCORE_MAX:
        errors["score"] = _("请选择 1—5 分")
    if len(comment or "") > COMMENT_MAX:
        errors["comment"] = _("意见不能超过%(n)d字") % {"n": COMMENT_MAX}
    return errors
