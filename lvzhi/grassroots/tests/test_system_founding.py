"""Founding a system federation (系统妇联): R-OR-06 checked when it starts (the agency has
subordinate units and an existing 妇委会/妇工委; a refusal names what is missing and writes
nothing), the system template puts the candidates before the delegates (CQ-XT 四), and the
election's filed results seat the new system federation with its first term."""

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from lvzhi.grassroots import founding as sixin_founding
from lvzhi.grassroots import rules
from lvzhi.grassroots.elections import services as elections
from lvzhi.grassroots.models import Election, SystemFounding
from lvzhi.grassroots.system import services
from lvzhi.grassroots.tests.conftest import add_sixin
from lvzhi.grassroots.tests.test_founding_docx import text_of
from lvzhi.orgs import services as orgs
from lvzhi.orgs.models import Kind, Organization, Position
from lvzhi.processes.models import Case


@pytest.fixture
def cadre(org_tree, make_user):
    return make_user("district", "cadre", org_tree.district)


def _committee(cadre, parent, code="JG-01", name="区教育局机关妇委会"):
    return orgs.organization_create(
        actor=cadre, parent=parent, name=name, code=code, kind=Kind.AGENCY_COMMITTEE
    )


def _start(cadre, org_tree, **extra):
    return services.system_founding_start(
        actor=cadre,
        organization=org_tree.district,
        **({"agency": "区教育局", "subordinate_units": 1} | extra),
    )


def _nothing_written(before):
    assert (SystemFounding.objects.count(), Case.objects.count()) == before


@pytest.mark.parametrize(
    ("units", "with_committee", "missing"),
    [
        (0, True, ["没有下属单位"]),
        (5, False, ["尚未建立妇委会或妇工委"]),
        (0, False, ["没有下属单位", "尚未建立妇委会或妇工委"]),
    ],
)
def test_refused_naming_what_is_missing(cadre, org_tree, units, with_committee, missing):
    committee = _committee(cadre, org_tree.district) if with_committee else None
    before = (SystemFounding.objects.count(), Case.objects.count())
    with pytest.raises(ValidationError) as refused:
        _start(cadre, org_tree, subordinate_units=units, women_committee=committee)
    message = " ".join(refused.value.messages)
    assert "R-OR-06" in message
    for part in missing:
        assert part in message
    _nothing_written(before)


def test_a_committee_must_be_an_agency_committee_the_cadre_sees(org_tree, make_user):
    township = make_user("xinhe", "cadre", org_tree.xinhe)
    district = make_user("district", "cadre", org_tree.district)
    elsewhere = _committee(district, org_tree.dagu, code="JG-DG")
    before = (SystemFounding.objects.count(), Case.objects.count())
    for committee in (org_tree.xinhe_1, elsewhere):  # not a 妇委会; out of her sight
        with pytest.raises(ValidationError, match="尚未建立妇委会或妇工委"):
            services.system_founding_start(
                actor=township,
                organization=org_tree.xinhe,
                agency="街道机关",
                subordinate_units=3,
                women_committee=committee,
            )
    _nothing_written(before)


def test_allowed_start_runs_the_system_template(cadre, org_tree):
    committee = _committee(cadre, org_tree.district)
    founding = _start(cadre, org_tree, women_committee=committee)  # exactly one unit: allowed
    case = founding.founding_case
    assert case.title == "区教育局建立系统妇联" and case.organization == org_tree.district
    names = list(case.steps.order_by("order").values_list("name", flat=True))
    candidates = next(i for i, n in enumerate(names) if n.startswith("提出执委候选人"))
    delegates = next(i for i, n in enumerate(names) if n.startswith("产生妇女代表"))
    assert candidates < delegates  # CQ-XT 四: the system template follows the kind
    with pytest.raises(ValidationError, match="已经启动"):
        _start(cadre, org_tree, women_committee=committee)


def _elect(cadre, election):
    elections.candidates_replace(
        actor=cadre,
        election=election,
        stage="congress",
        candidates=[{"name": n} for n in ("王芳", "李娜", "张敏", "赵丽")],
    )
    congress = list(election.candidates.filter(stage="congress").order_by("order"))
    elections.ballots_record(
        actor=cadre,
        election=election,
        stage="congress",
        held_on=dt.date(2026, 11, 20),
        expected=40,
        present=38,
        ballots_issued=38,
        ballots_returned=38,
        votes=[{"candidate": c.pk, "votes_for": 30} for c in congress],
    )
    elections.candidates_replace(
        actor=cadre,
        election=election,
        stage="first_meeting",
        candidates=[
            {"name": "王芳", "seat": "chair"},
            {"name": "李娜", "seat": "vice_chair"},
            {"name": "张敏", "seat": "vice_chair"},
        ],
    )
    meeting = list(election.candidates.filter(stage="first_meeting").order_by("order"))
    elections.ballots_record(
        actor=cadre,
        election=election,
        stage="first_meeting",
        held_on=dt.date(2026, 11, 20),
        expected=4,
        present=4,
        ballots_issued=4,
        ballots_returned=4,
        votes=[{"candidate": c.pk, "votes_for": 4} for c in meeting],
    )


def test_pages_from_refusal_to_the_seated_federation(cadre, org_tree, client):
    committee = _committee(cadre, org_tree.district)
    client.force_login(cadre)
    url = reverse("grassroots:system-founding-create") + f"?org={org_tree.district.pk}"
    page = client.get(url)
    assert list(page.context["form"].fields["women_committee"].queryset) == [committee]
    before = (SystemFounding.objects.count(), Case.objects.count())
    refused = client.post(url, {"agency": "区教育局", "subordinate_units": 0})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "没有下属单位" in text and "尚未建立妇委会或妇工委" in text
    _nothing_written(before)
    started = client.post(
        url, {"agency": "区教育局", "subordinate_units": 12, "women_committee": committee.pk}
    )
    founding = SystemFounding.objects.get()
    assert started.url == reverse("grassroots:system-founding", args=[founding.pk])
    listed = client.get(reverse("grassroots:system-foundings"), {"org": org_tree.district.pk})
    assert "区教育局" in listed.content.decode()
    opened = client.post(reverse("grassroots:system-founding-election", args=[founding.pk]))
    election = Election.objects.get(system_founding=founding)
    assert opened.url == reverse("grassroots:election", args=[election.pk])
    election_page = client.get(opened.url).content.decode()
    assert "区教育局" in election_page and "先提出执委候选人建议名单" in election_page
    _elect(cadre, election)
    filed = client.post(
        reverse("grassroots:election-file", args=[election.pk]),
        {
            "name": "区教育系统妇女联合会",
            "code": "BH-JY",
            "term_start": "2026-12-01",
            "term_end": "2031-11-30",
        },
    )
    federation = Organization.objects.get(code="BH-JY")
    assert filed.url == reverse("orgs:detail", args=[federation.pk])
    assert federation.kind == Kind.SYSTEM_FEDERATION
    assert Organization.objects.get_parent(federation) == org_tree.district
    seats = Position.objects.filter(organization=federation, term__number=1)
    assert seats.get(title="chair").person.name == "王芳"
    assert seats.filter(title="vice_chair").count() == 2
    assert seats.filter(title="member").get().person.name == "赵丽"
    founding.refresh_from_db()
    assert founding.federation == federation
    detail = client.get(reverse("grassroots:system-founding", args=[founding.pk]))
    assert "区教育系统妇女联合会" in detail.content.decode()
    assert [code for code, _label in detail.context["papers"]][-1] == "results"
    report = text_of(_paper(client, founding, "results"))
    assert "关于区教育系统妇女联合会第一届执行委员会选举结果的报告" in report
    assert "王芳" in report and "得票 30 > 应到 40 的半数 20：当选" in report


def _paper(client, founding, code, status=200):
    response = client.get(reverse("grassroots:system-founding-document", args=[founding.pk, code]))
    assert response.status_code == status
    return response.content if status == 200 else None


def test_papers_read_back(cadre, org_tree, client):
    committee = _committee(cadre, org_tree.district)
    founding = _start(cadre, org_tree, subordinate_units=12, women_committee=committee)
    client.force_login(cadre)
    application = text_of(_paper(client, founding, "application"))
    assert "关于成立区教育局妇女联合会的申请" in application
    assert "区教育局下属单位12个，已建立区教育局机关妇委会" in application
    assert "R-OR-06" in application
    plan = text_of(_paper(client, founding, "plan"))
    assert plan.index("提出执委候选人") < plan.index("产生妇女代表")  # CQ-XT 四
    _paper(client, founding, "results", status=404)  # not filed yet
    _paper(client, founding, "minutes", status=404)
    election = elections.election_open_system(actor=cadre, founding=founding)
    elections.candidates_replace(
        actor=cadre, election=election, stage="congress", candidates=[{"name": "王芳"}]
    )
    elections.delegates_replace(
        actor=cadre, election=election, delegates=[{"name": "周红", "workplace": "实验小学"}]
    )
    _elect(cadre, election)
    paper = _paper(client, founding, "candidates")
    listed = text_of(paper)
    assert "第一届执行委员会委员候选人及第一次妇女代表大会代表名单" in listed
    assert "周红" in listed and "实验小学" in listed and "赵丽" in listed
    headings = [
        p.text for p in Document(io.BytesIO(paper)).paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        "大会选举执委会候选人",
        "妇女代表",
        "执委会第一次会议选举主席、副主席候选人",
    ]
    method = text_of(_paper(client, founding, "method"))
    assert "赞成票超过应到会人数的半数" in method
    assert "执行委员会委员候选人建议名单经上级妇联同意" in method and "CQ-XT 四" in method
    assert "CQ-4X" not in method
    api = client.get(f"/api/v1/grassroots/system-foundings/{founding.pk}/documents/plan/")
    assert api.status_code == 200 and api["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_api(cadre, org_tree, client, make_user):
    committee = _committee(cadre, org_tree.district)
    client.force_login(cadre)
    body = {"organization": org_tree.district.pk, "agency": "区卫健委", "subordinate_units": 0}
    refused = client.post("/api/v1/grassroots/system-foundings/", body, "application/json")
    assert refused.status_code == 400
    assert "没有下属单位" in refused.content.decode() and not SystemFounding.objects.exists()
    created = client.post(
        "/api/v1/grassroots/system-foundings/",
        {**body, "subordinate_units": 8, "women_committee": committee.pk},
        "application/json",
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["women_committee_name"] == "区教育局机关妇委会" and data["election"] is None
    assert data["federation"] is None and data["founding_case"]
    pk = data["id"]
    opened = client.post(f"/api/v1/grassroots/system-foundings/{pk}/election/")
    assert opened.status_code == 201 and opened.json()["system_founding"] == pk
    assert (
        client.get(f"/api/v1/grassroots/system-foundings/{pk}/").json()["election"]
        == (opened.json()["id"])
    )
    client.force_login(make_user("xinhe", "cadre", org_tree.xinhe))
    assert client.get(f"/api/v1/grassroots/system-foundings/{pk}/").status_code == 404
    assert client.post(f"/api/v1/grassroots/system-foundings/{pk}/election/").status_code == 404


def test_lists_do_not_grow_with_rows(cadre, org_tree, client):
    client.force_login(cadre)

    def count():
        with CaptureQueriesContext(connection) as page:
            client.get(reverse("grassroots:system-foundings"), {"org": org_tree.district.pk})
        with CaptureQueriesContext(connection) as api:
            client.get("/api/v1/grassroots/system-foundings/")
        return len(page), len(api)

    count()  # the first page of a session fills the per-user navbar cache
    committee = _committee(cadre, org_tree.district)
    _start(cadre, org_tree, women_committee=committee)
    one = count()
    for n in range(2, 5):
        other = _committee(cadre, org_tree.district, code=f"JG-0{n}", name=f"机关{n}妇委会")
        _start(cadre, org_tree, agency=f"机关{n}", women_committee=other)
    assert count() == one


ELECTION_ORDER = {
    True: ["candidates", "delegates", "congress", "first_meeting"],  # CQ-XT 四
    False: ["delegates", "candidates", "congress", "first_meeting"],
}


@pytest.mark.parametrize("system", [True, False])
def test_election_steps_follow_the_kind(system):
    assert rules.election_steps(system_federation=system) == ELECTION_ORDER[system]


def _steps_on_page(client, election) -> list[str]:
    page = client.get(reverse("grassroots:election", args=[election.pk]))
    assert page.status_code == 200
    return re.findall(r'data-step="(\w+)"', page.content.decode())


def test_page_and_api_present_the_steps_in_the_kinds_order(cadre, org_tree, client):
    """A system founding's election page shows the candidate list before the delegates
    (CQ-XT 四), a 四新 founding's after them; the API lists the steps in the same order."""
    committee = _committee(cadre, org_tree.district)
    system = elections.election_open_system(
        actor=cadre, founding=_start(cadre, org_tree, women_committee=committee)
    )
    sixin = add_sixin(org_tree.district, "新河科技有限公司", 30, party=True)
    sixin_founding.founding_start(actor=cadre, sixin=sixin)
    local = elections.election_open_founding(actor=cadre, sixin=sixin)
    client.force_login(cadre)
    for election, kind in ((system, True), (local, False)):
        assert _steps_on_page(client, election) == ELECTION_ORDER[kind]
        api = client.get(f"/api/v1/grassroots/elections/{election.pk}/").json()
        assert [step["code"] for step in api["steps"]] == ELECTION_ORDER[kind]
    page = client.get(reverse("grassroots:election", args=[system.pk])).content.decode()
    # the congress's candidate form sits before the delegates' form on the page
    assert page.index('id="candidates-form-congress"') < page.index('id="delegates-form"')
    founding_api = client.get(f"/api/v1/grassroots/system-foundings/{system.system_founding_id}/")
    codes = [step["code"] for step in founding_api.json()["steps"]]
    assert codes.index("candidates") < codes.index("delegates")


def test_system_delegates_wait_for_the_candidate_list(cadre, org_tree, client):
    """CQ-XT 四: a system federation's delegates are refused (nothing written, 400 in the
    API, the form's error on the page) until its candidate list exists; a 四新 founding's
    delegates come first."""
    committee = _committee(cadre, org_tree.district)
    election = elections.election_open_system(
        actor=cadre, founding=_start(cadre, org_tree, women_committee=committee)
    )
    with pytest.raises(ValidationError, match="先提出执委候选人建议名单"):
        elections.delegates_replace(actor=cadre, election=election, delegates=[{"name": "周红"}])
    client.force_login(cadre)
    api = client.put(
        f"/api/v1/grassroots/elections/{election.pk}/delegates/",
        {"delegates": [{"name": "周红"}]},
        "application/json",
    )
    assert api.status_code == 400 and "CQ-XT 四" in api.content.decode()
    page = client.post(
        reverse("grassroots:election-delegates", args=[election.pk]), {"delegates": "周红"}
    )
    assert page.status_code == 400 and "先提出执委候选人建议名单" in page.content.decode()
    assert not election.delegates.exists()
    elections.candidates_replace(
        actor=cadre, election=election, stage="congress", candidates=[{"name": "王芳"}]
    )
    elections.delegates_replace(actor=cadre, election=election, delegates=[{"name": "周红"}])
    assert list(election.delegates.values_list("name", flat=True)) == ["周红"]

    sixin = add_sixin(org_tree.district, "新河科技有限公司", 30, party=True)
    sixin_founding.founding_start(actor=cadre, sixin=sixin)
    local = elections.election_open_founding(actor=cadre, sixin=sixin)
    elections.delegates_replace(actor=cadre, election=local, delegates=[{"name": "周红"}])
    assert local.delegates.count() == 1


def test_a_system_federations_renewal_follows_the_system_order(cadre, org_tree, client):
    federation = orgs.organization_create(
        actor=cadre,
        parent=org_tree.district,
        name="区教育系统妇女联合会",
        code="BH-JY",
        kind=Kind.SYSTEM_FEDERATION,
    )
    renewal = elections.election_open_renewal(actor=cadre, federation=federation)
    local = elections.election_open_renewal(actor=cadre, federation=org_tree.xinhe)
    client.force_login(cadre)
    assert _steps_on_page(client, renewal) == ELECTION_ORDER[True]
    assert _steps_on_page(client, local) == ELECTION_ORDER[False]
