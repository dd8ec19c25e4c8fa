"""Public ratings of activities (issue 16 point 7): a QR code leads to a one-page form
(1–5 and a comment), no login and no personal data. One rating per phone per activity by a
signed cookie, a rate limit per network address (the supervision messages' sliding window,
the address hashed in the cache key, never stored), and a one-time signed token in the form
whose hash is stored unique: a form sent again (a replay) is refused."""

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lvzhi.catalog.messages import rate_window
from lvzhi.core.periods import today_local
from lvzhi.core.services import audit

from ..models import Activity, Rating

SALT = "lvzhi.homes.rating"
TOKEN_MAX_AGE = 2 * 3600  # a form older than two hours is refused: scan again
COOKIE_MAX_AGE = 365 * 24 * 3600
RATE_WINDOW = 3600
DEFAULT_RATE_LIMIT = 20
COMMENT_MAX = 200


class RateLimited(Exception):
    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(_("同一网络地址每小时最多提交%(n)d次评价，请稍后再试") % {"n": limit})


def rate_limit() -> int:
    return int(getattr(settings, "HOMES_RATING_RATE_LIMIT", DEFAULT_RATE_LIMIT))


def _rate_key(address: str) -> str:
    digest = hashlib.sha256(f"lvzhi-rating:{address}".encode()).hexdigest()[:32]
    return f"homes-rating-rate:{digest}"


def reset_rate(address: str) -> None:
    cache.delete(_rate_key(address))


def form_token(activity: Activity) -> str:
    """A one-time token for one rating form of ``activity`` (signed, dated)."""
    return signing.dumps({"a": activity.pk, "n": secrets.token_hex(16)}, salt=SALT)


def cookie_name(activity: Activity) -> str:
    return f"hr{activity.pk}"


def already_rated(request, activity: Activity) -> bool:
    """This phone has rated ``activity`` (its signed cookie names the activity)."""
    value = request.get_signed_cookie(cookie_name(activity), default=None, salt=SALT)
    return value == str(activity.pk)


def mark_rated(response, activity: Activity, *, secure: bool) -> None:
    response.set_signed_cookie(
        cookie_name(activity),
        str(activity.pk),
        salt=SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=secure,
    )


def rating_errors(*, score, comment: str) -> dict:
    errors = {}
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        errors["score"] = _("请选择 1—5 分")
    if len(comment or "") > COMMENT_MAX:
        errors["comment"] = _("意见不能超过%(n)d字") % {"n": COMMENT_MAX}
    return errors


@transaction.atomic
def rating_create(
    *, actor, activity: Activity, score, comment: str, token: str, client_address: str
) -> Rating:
    """Store one rating. Refusals (ValidationError, RateLimited) write nothing."""
    now = time.time()
    limit = rate_limit()
    allowed, kept = rate_window(cache.get(_rate_key(client_address)) or [], now, limit, RATE_WINDOW)
    if not allowed:
        raise RateLimited(limit)
    try:
        data = signing.loads(token or "", salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("评价页面已过期，请重新扫码")) from None
    except signing.BadSignature:
        raise ValidationError(_("评价表单无效，请重新扫码")) from None
    if data.get("a") != activity.pk:
        raise ValidationError(_("评价表单无效，请重新扫码"))
    if activity.date > today_local():
        raise ValidationError(_("活动尚未举行，举行后才能评价"))
    errors = rating_errors(score=score, comment=comment)
    if errors:
        raise ValidationError(errors)
    nonce = hashlib.sha256(token.encode()).hexdigest()
    rating = Rating(
        activity=activity,
        org_path=activity.org_path,
        score=int(score),
        comment=(comment or "").strip(),
        nonce=nonce,
    )
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise ValidationError(_("该评价已提交，请勿重复提交")) from None
    cache.set(_rate_key(client_address), [*kept, now], RATE_WINDOW)
    audit(
        actor=actor,
        action="rate",
        obj=rating,
        # the comment by its length only: a rater may type a name or a number into it
        changes={"score": [None, rating.score], "comment": [None, f"{len(rating.comment)}字"]},
        organization=activity.home.organization,
    )
    return rating
