"""Public ratings of activities (issue 16 point 7): a QR code leads to a one-page form
(1–5 and a comment), no login and no personal data. The form's protections (one rating
per phone, a rate limit per address, a one-time token) are `lvzhi.core.public_ratings`'."""

import time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lvzhi.core import public_ratings
from lvzhi.core.periods import today_local
from lvzhi.core.public_ratings import RateLimited, rating_errors
from lvzhi.core.services import audit

from ..models import Activity, Rating

FORM = public_ratings.PublicRating(
    salt="lvzhi.homes.rating",
    field="a",
    cookie_prefix="hr",
    limit_setting="HOMES_RATING_RATE_LIMIT",
)
form_token = FORM.form_token
already_rated = FORM.already_rated
mark_rated = FORM.mark_rated
reset_rate = FORM.reset_rate
__all__ = [
    "RateLimited",
    "already_rated",
    "form_token",
    "mark_rated",
    "rating_create",
    "rating_errors",
    "reset_rate",
]


@transaction.atomic
def rating_create(
    *, actor, activity: Activity, score, comment: str, token: str, client_address: str
) -> Rating:
    """Store one rating. Refusals (ValidationError, RateLimited) write nothing."""
    now = time.time()
    kept = FORM.check_rate(client_address, now)
    nonce = FORM.check_token(token, activity)
    if activity.date > today_local():
        raise ValidationError(_("活动尚未举行，举行后才能评价"))
    errors = rating_errors(score=score, comment=comment)
    if errors:
        raise ValidationError(errors)
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
    FORM.count_rate(client_address, kept, now)
    audit(
        actor=actor,
        action="rate",
        obj=rating,
        # the comment by its length only: a rater may type a name or a number into it
        changes={"score": [None, rating.score], "comment": [None, f"{len(rating.comment)}字"]},
        organization=activity.home.organization,
    )
    return rating
