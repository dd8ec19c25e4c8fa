"""需求转办 (issue 15, point 3): a need found on a visit becomes the member's 建议 or a case
at her community's federation; the answer or the case's result comes back to her entry.
Nothing of hers (name, ID number, phone, address) leaves the ledger: not in the suggestion,
not in the case, not in an audit record."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.ledger import services_grids, services_needs
from lvzhi.ledger.models import Need
from lvzhi.members.activities import services as activity_services
from lvzhi.members.models import Activity, ActivityKind
from lvzhi.orgs.models import Position, Term, Title
from lvzhi.processes import services as process_services
from lvzhi.processes.models import Case, ProcessTemplate

from .conftest import id_number

pytestmark = pytest.mark.django_db
BASE = "/api/v1/ledger/needs"
NAME, ADDRESS, PHONE = "李桂芳", "幸福里3号楼", "13812345678"


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def seated(ledger):
    """The grid worker sits on 新河一社区妇联's committee since 2024."""
    community = ledger.community
    term = Term.objects.create(
        organization=community,
        org_path=community.path,
        number=1,
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2028, 12, 31),
    )
    Position.objects.create(
        person=ledger.worker_person,
        organization=community,
        org_path=community.path,
        term=term,
        title=Title.MEMBER,
        start_date=dt.date(2024, 1, 1),
    )
    return ledger.worker_person


@pytest.fixture
def woman(make_entry, ledger):
    return make_entry(NAME, grid=ledger.grid, id_number=id_number(), phone=PHONE, address=ADDRESS)


@pytest.fixture
def visit(ledger, woman, today):
    return services_grids.visit_create(
        actor=ledger.worker,
        entry=woman,
        date=today,
        findings="丈夫外出务工，本人在家照顾老人",
        needs="希望就近就业",
        today=today,
    )


@pytest.fixture
def template(org_tree, make_user):
    """A published 帮扶 process of the district: one step, done by the community's cadre."""
    district_cadre = make_user("district_cadre", "cadre", org_tree.district)
    template = process_services.template_create(
        actor=district_cadre, organization=org_tree.district, name="困难妇女帮扶"
    )
    version = template.versions.get()
    process_services.steps_replace(
        actor=district_cadre,
        version=version,
        steps=[{"name": "走访核实并帮扶", "actor_kind": "org_role", "role_code": "cadre"}],
    )
    process_services.version_publish(actor=district_cadre, version=version)
    return ProcessTemplate.objects.get(pk=template.pk)


def _no_pii(text: str, entry) -> None:
    for secret in (NAME, ADDRESS, PHONE, entry.id_number, entry.id_number[-6:]):
        assert secret not in text, secret


def _audit_text(**where) -> str:
    return " ".join(str(e.changes) for e in AuditEvent.objects.filter(**where))


def test_a_need_becomes_her_visitors_suggestion_and_the_answer_comes_back(
    ledger, seated, woman, visit, today, client
):
    answer = _client(ledger.worker).post(
        f"{BASE}/",
        {
            "entry": woman.pk,
            "visit": visit.pk,
            "kind": "employment",
            "description": "希望参加家政技能培训，就近就业",
        },
        format="json",
    )
    assert answer.status_code == 201, answer.content
    need = answer.json()
    assert need["outcome"]["status"] == "not_referred"
    answer = _client(ledger.worker).post(
        f"{BASE}/{need['id']}/refer/", {"referred_as": "suggestion"}, format="json"
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["referred_as"] == "suggestion"
    assert body["outcome"]["status"] == "waiting"
    suggestion = Activity.objects.get(pk=body["suggestion"])
    assert suggestion.kind == ActivityKind.SUGGESTION
    assert suggestion.person == seated
    assert suggestion.organization == ledger.community
    assert "家政技能培训" in suggestion.note
    _no_pii(" ".join([suggestion.note, suggestion.women, suggestion.place]), woman)
    # the federation answers it in members; the answer shows on her entry
    activity_services.suggestion_answer(
        actor=ledger.cadre, activity=suggestion, answer="已对接街道就业服务站，下周培训"
    )
    body = _client(ledger.cadre).get(f"{BASE}/{need['id']}/").json()
    assert body["outcome"]["status"] == "answered"
    assert body["outcome"]["done"] is True
    assert body["outcome"]["result"] == "已对接街道就业服务站，下周培训"
    assert body["outcome"]["on"] is not None
    client.force_login(ledger.cadre)
    page = client.get(f"/ledger/{woman.pk}/").content.decode()
    assert "已答复" in page and "已对接街道就业服务站" in page
    # no audit record of the need or of the suggestion names her
    _no_pii(_audit_text(object_type="ledger.need"), woman)
    _no_pii(_audit_text(object_type="members.activity", object_id=str(suggestion.pk)), woman)


def test_a_need_becomes_a_case_and_its_result_comes_back(
    ledger, woman, visit, template, today, client
):
    need = services_needs.need_create(
        actor=ledger.worker,
        entry=woman,
        visit=visit,
        kind="hardship",
        description="家中老人卧病，生活困难，申请帮扶",
        today=today,
    )
    # a grid worker does not start cases: 404, nothing written
    refused = _client(ledger.worker).post(
        f"{BASE}/{need.pk}/refer/",
        {"referred_as": "case", "template": template.pk},
        format="json",
    )
    assert refused.status_code == 404
    assert not Case.objects.exists()
    client.force_login(ledger.cadre)
    assert "转为办件" in client.get(f"/ledger/{woman.pk}/").content.decode()
    response = client.post(
        f"/ledger/needs/{need.pk}/refer/", {"referred_as": "case", "template": template.pk}
    )
    assert response.status_code == 302
    need.refresh_from_db()
    case = need.case
    assert need.referred_as == "case" and case is not None
    assert case.organization == ledger.community
    assert case.is_public is False
    assert "家中老人卧病" in case.title
    _no_pii(case.title, woman)
    body = _client(ledger.cadre).get(f"{BASE}/{need.pk}/").json()
    assert body["outcome"]["status"] == "open"
    assert body["case"] == case.pk
    # the case finishes with its result: it shows on her entry
    step = case.steps.get()
    process_services.step_transition(
        actor=ledger.cadre,
        case=case,
        step_id=step.pk,
        action="complete",
        comment="已落实临时救助2000元",
        today=today,
    )
    body = _client(ledger.cadre).get(f"{BASE}/{need.pk}/").json()
    assert body["outcome"]["status"] == "finished"
    assert body["outcome"]["result"] == "已落实临时救助2000元"
    assert body["outcome"]["on"] is not None
    page = client.get(f"/ledger/{woman.pk}/").content.decode()
    assert "已办结" in page and "已落实临时救助2000元" in page
    _no_pii(_audit_text(object_type="ledger.need"), woman)
    _no_pii(_audit_text(object_type="processes.case", object_id=str(case.pk)), woman)


@pytest.mark.parametrize(
    "description",
    [
        f"{NAME}需要法律援助",
        f"住{ADDRESS}，需要帮扶",
        f"电话{PHONE}",
        "联系电话 139 1234 5678",
        "身份证 " + "120116198503120028",
    ],
)
def test_a_description_naming_her_is_refused_and_nothing_written(ledger, woman, description):
    events = AuditEvent.objects.count()
    answer = _client(ledger.cadre).post(
        f"{BASE}/",
        {"entry": woman.pk, "kind": "legal_aid", "description": description},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["description"] == [
        "需求说明会转给建议或办件，不能写入姓名、身份证号、电话或住址等个人信息"
    ]
    assert not Need.objects.exists()
    assert AuditEvent.objects.count() == events


def test_refusals_answer_in_chinese_and_write_nothing(ledger, woman, visit, template, today):
    # the visitor sits on no committee: her need cannot be her 建议
    need = services_needs.need_create(
        actor=ledger.worker,
        entry=woman,
        visit=visit,
        kind="employment",
        description="求职",
        today=today,
    )
    cadre = _client(ledger.cadre)
    answer = cadre.post(f"{BASE}/{need.pk}/refer/", {"referred_as": "suggestion"}, format="json")
    assert answer.status_code == 400
    assert answer.json()["referred_as"] == [
        "王网格不是执委，不能以执委建议转办，请由妇联干部转为办件"
    ]
    assert not Activity.objects.filter(kind=ActivityKind.SUGGESTION).exists()
    # a case needs its process
    answer = cadre.post(f"{BASE}/{need.pk}/refer/", {"referred_as": "case"}, format="json")
    assert answer.status_code == 400
    assert answer.json()["template"] == ["请选择办理流程"]
    # referred once only
    assert (
        cadre.post(
            f"{BASE}/{need.pk}/refer/",
            {"referred_as": "case", "template": template.pk},
            format="json",
        ).status_code
        == 200
    )
    answer = cadre.post(
        f"{BASE}/{need.pk}/refer/", {"referred_as": "case", "template": template.pk}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["referred_as"] == ["该需求已转办，不能重复转办"]
    assert Case.objects.count() == 1
    need.refresh_from_db()
    assert need.referred_as == "case"


def test_a_process_of_another_street_is_refused(ledger, woman, org_tree, make_user, today):
    dagu_cadre = make_user("dagu_owner", "cadre", org_tree.dagu)
    other = process_services.template_create(
        actor=dagu_cadre, organization=org_tree.dagu, name="大沽帮扶"
    )
    version = other.versions.get()
    process_services.steps_replace(
        actor=dagu_cadre,
        version=version,
        steps=[{"name": "办理", "actor_kind": "org_role", "role_code": "cadre"}],
    )
    process_services.version_publish(actor=dagu_cadre, version=version)
    need = services_needs.need_create(
        actor=ledger.cadre,
        entry=woman,
        kind="legal_aid",
        description="咨询离婚财产分割",
        today=today,
    )
    answer = _client(ledger.cadre).post(
        f"{BASE}/{need.pk}/refer/", {"referred_as": "case", "template": other.pk}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["template"] == ["该流程不能在她所在的社区妇联发起"]
    assert not Case.objects.exists()


def test_out_of_scope_needs_are_404(ledger, woman, today):
    need = services_needs.need_create(
        actor=ledger.cadre, entry=woman, kind="health", description="慢性病用药", today=today
    )
    for user in (ledger.other_cadre, ledger.staff):
        client = _client(user)
        assert client.get(f"{BASE}/{need.pk}/").status_code == 404
        assert client.get(f"{BASE}/").json()["count"] == 0
        assert (
            client.post(
                f"{BASE}/{need.pk}/refer/", {"referred_as": "suggestion"}, format="json"
            ).status_code
            == 404
        )
        assert (
            client.post(
                f"{BASE}/",
                {"entry": woman.pk, "kind": "health", "description": "复诊"},
                format="json",
            ).status_code
            == 404
        )
    # the worker of her grid reads it
    assert _client(ledger.worker).get(f"{BASE}/{need.pk}/").status_code == 200
    assert Need.objects.count() == 1


def test_the_suggestion_a_need_went_to_is_guarded_on_the_activity_pages(
    ledger, seated, woman, visit, today
):
    need = services_needs.need_create(
        actor=ledger.worker,
        entry=woman,
        visit=visit,
        kind="children",
        description="孩子辍学",
        today=today,
    )
    need = services_needs.need_refer(
        actor=ledger.worker, need=need, referred_as="suggestion", today=today
    )
    suggestion = Activity.objects.get(pk=need.suggestion_id)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        activity_services.activity_delete(actor=ledger.cadre, activity=suggestion, today=today)
    assert "需求转办" in str(refused.value)
    assert Activity.objects.filter(pk=suggestion.pk).exists()


def test_her_needs_are_in_her_report_and_anonymised_with_her_entry(ledger, woman, today, client):
    from lvzhi.ledger import services_privacy

    services_needs.need_create(
        actor=ledger.cadre, entry=woman, kind="family", description="婚姻纠纷调解", today=today
    )
    report = services_privacy.person_report(actor=ledger.cadre, entry=woman, purpose="本人申请")
    assert [n.description for n in report["needs"]] == ["婚姻纠纷调解"]
    answer = _client(ledger.cadre).post(
        f"/api/v1/ledger/entries/{woman.pk}/report/", {"purpose": "本人申请"}, format="json"
    )
    assert answer.status_code == 200
    assert answer.json()["needs"][0]["description"] == "婚姻纠纷调解"
    services_privacy.entry_anonymise(entry=woman, reason="deceased")
    need = Need.objects.get(entry=woman)
    assert need.description == "（已匿名）" and need.kind == "family"
