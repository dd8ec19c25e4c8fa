"""Founding (R-OR-05) started from a 四新 organization as a case on the process engine."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lvzhi.grassroots import founding
from lvzhi.processes.models import Case

from .conftest import add_sixin


def test_template_follows_the_rule_order():
    names = [s["name"] for s in founding.founding_step_specs(system_federation=False)]
    assert names[0].startswith("成立筹备组")
    assert names[-1].startswith("选举结果报党组织")
    delegates = next(i for i, n in enumerate(names) if n.startswith("产生妇女代表"))
    candidates = next(i for i, n in enumerate(names) if n.startswith("提出执委候选人"))
    assert delegates < candidates
    system = [s["name"] for s in founding.founding_step_specs(system_federation=True)]
    assert system.index(names[candidates]) < system.index(names[delegates])  # CQ-XT 四
    kinds = {s["actor_kind"] for s in founding.founding_step_specs(system_federation=False)}
    assert kinds == {"party", "org_role"}


def test_start_from_the_detail_page(client, org_tree, make_user):
    client.force_login(make_user("xinhe", "cadre", org_tree.xinhe))
    sixin = add_sixin(org_tree.xinhe, "新河科技有限公司", 30, party=True)
    page = client.get(reverse("grassroots:sixin-detail", args=[sixin.pk]))
    assert "founding-form" in page.content.decode()
    assert "召开全体妇女大会" in page.content.decode()  # 30 women ≤ 100 (R-OR-05)
    response = client.post(reverse("grassroots:founding-start", args=[sixin.pk]))
    case = Case.objects.get()
    assert response.url == reverse("processes:case", args=[case.pk])
    assert case.title == "新河科技有限公司建立妇联" and case.organization == org_tree.xinhe
    steps = list(case.steps.order_by("order").values_list("name", flat=True))
    assert len(steps) == 9 and steps[0].startswith("成立筹备组")
    sixin.refresh_from_db()
    assert sixin.founding_case == case
    again = client.post(reverse("grassroots:founding-start", args=[sixin.pk]))
    assert again.status_code == 302 and Case.objects.count() == 1  # refused: already started
    other = add_sixin(org_tree.xinhe, "另一家公司", 31, party=True)
    client.post(reverse("grassroots:founding-start", args=[other.pk]))
    assert Case.objects.count() == 2  # the installed template is reused
    from lvzhi.processes.models import ProcessTemplate

    assert ProcessTemplate.objects.filter(organization=org_tree.xinhe).count() == 1


def test_covered_or_out_of_scope_refused(client, org_tree, make_user):
    cadre = make_user("xinhe", "cadre", org_tree.xinhe)
    covered = add_sixin(org_tree.xinhe, "已覆盖", 40, party=True, covered_by=org_tree.xinhe_1)
    with pytest.raises(ValidationError, match="已有妇联覆盖"):
        founding.founding_start(actor=cadre, sixin=covered)
    client.force_login(cadre)
    elsewhere = add_sixin(org_tree.dagu, "大沽公司", 40, party=True)
    assert client.post(reverse("grassroots:founding-start", args=[elsewhere.pk])).status_code == 404
    assert not Case.objects.exists()


RESULT = {
    "name": "新河科技有限公司妇女联合会",
    "code": "BH-XH-SX01",
    "term_start": "2026-11-01",
    "term_end": "2031-10-31",
    "ballots_issued": 30,
    "ballots_returned": 30,
    "chair": "王芳",
    "vice_chairs": "李娜\n张敏",
    "members": "赵丽，钱红",
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"vice_chairs": "李娜"}, "vice_chairs"),  # 1 vice-chair refused (R-OR-04)
        ({"vice_chairs": "甲\n乙\n丙\n丁"}, "vice_chairs"),  # 4 refused
        ({"ballots_returned": 31}, "ballots_returned"),
        ({"code": "BH-XH"}, "code"),  # taken
    ],
)
def test_result_refusals_write_nothing(client, org_tree, make_user, change, field):
    from lvzhi.orgs.models import Organization, Person

    client.force_login(make_user("xinhe", "cadre", org_tree.xinhe))
    sixin = add_sixin(org_tree.xinhe, "新河科技有限公司", 30, party=True)
    client.post(reverse("grassroots:founding-start", args=[sixin.pk]))
    before = (Organization.objects.count(), Person.objects.count())
    response = client.post(
        reverse("grassroots:founding-result", args=[sixin.pk]), {**RESULT, **change}
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert (Organization.objects.count(), Person.objects.count()) == before


@pytest.mark.parametrize("vice_chairs", ["李娜\n张敏", "李娜\n张敏\n陈静"])
def test_result_seats_the_new_federation(client, org_tree, make_user, vice_chairs):
    from lvzhi.orgs.models import Organization, Position

    client.force_login(make_user("xinhe", "cadre", org_tree.xinhe))
    sixin = add_sixin(org_tree.xinhe, "新河科技有限公司", 30, party=True)
    url = reverse("grassroots:founding-result", args=[sixin.pk])
    assert client.post(url, RESULT).status_code == 400  # the procedure was not started
    client.post(reverse("grassroots:founding-start", args=[sixin.pk]))
    response = client.post(url, {**RESULT, "vice_chairs": vice_chairs})
    federation = Organization.objects.get(code="BH-XH-SX01")
    assert response.url == reverse("orgs:detail", args=[federation.pk])
    assert federation.kind == "sixin_standalone"
    assert Organization.objects.get_parent(federation) == org_tree.xinhe
    seats = Position.objects.filter(organization=federation, term__number=1)
    assert seats.filter(title="chair").get().person.name == "王芳"
    assert seats.filter(title="vice_chair").count() == len(vice_chairs.split("\n"))
    assert seats.filter(title="member").count() == 2
    sixin.refresh_from_db()
    assert sixin.covered_by == federation
