"""Helpers shared by the /api/v1/orgs/ tests: clients, ID numbers, result names."""

from rest_framework.test import APIClient
from stdnum.cn import ric

API = "/api/v1/orgs"
PHONE = "13812345678"


def make_id(seq: int, birth: str = "19900101") -> str:
    """A valid 18-digit ID number of a woman (even 17th digit) born on ``birth``."""
    body = f"120101{birth}{seq % 50:02d}2"
    return body + ric.calc_check_digit(body + "0")


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def names(response) -> set[str]:
    return {row["name"] for row in results(response)}
