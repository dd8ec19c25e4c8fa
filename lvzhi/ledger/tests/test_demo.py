"""The ledger demo of `lvzhi demo`: communities of 新河街道 with grids, women, visits,
legal bases, a closed entry and a volunteer team; nothing new on a second run."""

import pytest
from django.contrib.auth import get_user_model

from lvzhi.core.periods import today_local
from lvzhi.ledger import selectors, selectors_volunteers
from lvzhi.ledger.demo import load_ledger_demo
from lvzhi.ledger.models import Entry, Grid, ServiceRecord, Visit, VolunteerTeam
from lvzhi.orgs.demo import load_demo
from lvzhi.orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_demo_ledger_idempotent():
    load_demo()
    result = load_ledger_demo()
    communities = result["grids"] // 2
    assert communities >= 2 and result["entries"] == 7 * communities and result["teams"] == 1
    assert result["visits"] >= 1
    assert load_ledger_demo() == {"entries": 0, "grids": 0, "visits": 0, "teams": 0}
    assert Entry.objects.count() == 7 * communities and Grid.objects.count() == 2 * communities
    assert Entry.objects.filter(closed_on__isnull=False).count() == 1
    assert not any(
        e.consents.filter(withdrawn_on__isnull=True).count() == 0 for e in Entry.objects.all()
    )
    zhiwei = get_user_model().objects.get(username="zhiwei")
    work = selectors.my_work(zhiwei, today_local())
    assert work["women"] and work["contacted"] >= 1
    # her visits count as 联系 activities (she sits on the committee)
    assert Visit.objects.filter(visitor__user=zhiwei, activity_id__isnull=False).exists()
    cadre = get_user_model().objects.get(username="xinhe_cadre")
    township = Organization.objects.get(code="BH-FL-006")
    trends = selectors.trends(cadre, township, by="category", today=today_local())
    assert any(r["counts"][-1] > r["counts"][0] for r in trends["rows"])
    team = VolunteerTeam.objects.get()
    assert ServiceRecord.objects.filter(team=team).count() == 3
    assert selectors_volunteers.teams(cadre).filter(pk=team.pk).exists()
