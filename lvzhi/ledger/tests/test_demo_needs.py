"""The ledger demo has a need from a visit of the member account ``zhiwei``, referred as
her 建议 (she sits on the committee), waiting for the federation's answer on the entry."""

import pytest
from django.contrib.auth import get_user_model

from lvzhi.ledger import selectors_needs
from lvzhi.ledger.demo import load_ledger_demo
from lvzhi.ledger.models import Need
from lvzhi.members.models import Activity, ActivityKind
from lvzhi.orgs.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_need_referred_as_her_suggestion():
    load_demo()
    load_ledger_demo()
    zhiwei = get_user_model().objects.get(username="zhiwei")
    need = Need.objects.get(visit__visitor__user=zhiwei)
    assert need.referred_as == "suggestion"
    suggestion = Activity.objects.get(pk=need.suggestion_id)
    assert suggestion.kind == ActivityKind.SUGGESTION and suggestion.person.user == zhiwei
    assert need.entry.name not in suggestion.note
    [shown] = selectors_needs.entry_needs(zhiwei, need.entry)
    assert shown.outcome.status == "waiting"
