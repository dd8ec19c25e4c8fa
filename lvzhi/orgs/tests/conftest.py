"""Fixtures of the roster import tests (test_roster*.py)."""

import pytest

from lvzhi.orgs import services

from .test_roster import ID_C


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cadre(org_tree, make_user):
    """A district cadre: may create anywhere under 滨海新区妇联."""
    return make_user("bh", "cadre", org_tree.district)


@pytest.fixture
def existing(org_tree, cadre):
    """One person already on record (ID_C), at 新河一社区."""
    return services.person_create(
        actor=cadre, organization=org_tree.xinhe_1, name="王芳", id_number=ID_C
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
