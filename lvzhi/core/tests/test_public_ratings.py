"""The public rating forms' shared protections: each kind signs its own tokens and cookies
and counts its own addresses, so a form of one kind is no key to another."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from lvzhi.core.public_ratings import PublicRating, RateLimited, rate_window, rating_errors


class Rated:
    def __init__(self, pk):
        self.pk = pk


HOME = PublicRating(salt="t.home", field="a", cookie_prefix="hr", limit_setting="T_HOME")
PROJECT = PublicRating(salt="t.project", field="e", cookie_prefix="er", limit_setting="T_PROJ")


def test_a_token_opens_only_its_own_kind_and_object():
    token = HOME.form_token(Rated(7))
    assert len(HOME.check_token(token, Rated(7))) == 64  # its hash, stored unique
    with pytest.raises(ValidationError):
        HOME.check_token(token, Rated(8))
    with pytest.raises(ValidationError):
        PROJECT.check_token(token, Rated(7))
    with pytest.raises(ValidationError):
        HOME.check_token("forged", Rated(7))


def test_the_cookie_marks_one_object_of_one_kind():
    response = HttpResponse()
    HOME.mark_rated(response, Rated(7), secure=True)
    cookie = response.cookies["hr7"]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"
    request = RequestFactory().get("/", HTTP_COOKIE=f"hr7={cookie.value}")
    assert HOME.already_rated(request, Rated(7))
    assert not PROJECT.already_rated(request, Rated(7))


def test_each_kind_counts_its_own_addresses(settings):
    cache.clear()
    settings.T_HOME = 2
    for now in (1.0, 2.0):
        HOME.count_rate("10.0.0.1", HOME.check_rate("10.0.0.1", now), now)
    with pytest.raises(RateLimited) as refused:
        HOME.check_rate("10.0.0.1", 3.0)
    assert "每小时最多提交2次" in str(refused.value)
    assert PROJECT.check_rate("10.0.0.1", 3.0) == []
    HOME.reset_rate("10.0.0.1")
    assert HOME.check_rate("10.0.0.1", 3.0) == []


def test_window_and_score():
    assert rate_window([0.0, 100.0, 3700.0], 3800.0, 2) == (True, [3700.0])
    assert rate_window([3000.0, 3700.0], 3800.0, 2) == (False, [3000.0, 3700.0])
    assert rating_errors(score="5", comment="好") == {}
    assert set(rating_errors(score="6", comment="x" * 201)) == {"score", "comment"}
