"""Assessment pages: the flow through the forms, evidence served only in scope, refusals
answered 400 with the message and nothing changed, a step not hers answered 403."""

import pytest
from django.urls import reverse

from lvzhi.homes import rules
from lvzhi.homes.assessments import services
from lvzhi.homes.models import Assessment, AssessmentStatus, Designation, Evidence, Home

from .test_assessments import fill_all, people, reload  # noqa: F401
from .test_services import jpeg

pytestmark = pytest.mark.django_db


def test_flow_through_the_pages(client, people, homes):  # noqa: F811
    home = homes["xinhe_1"]
    client.force_login(people["village"])
    page = client.get(reverse("homes:assessments", args=[home.pk]))
    assert 'id="assessment-start"' in page.content.decode()
    response = client.post(reverse("homes:assessment-start", args=[home.pk]))
    a = Assessment.objects.get()
    assert response.url == reverse("homes:assessment", args=[a.pk])
    for code in rules.part_codes():
        response = client.post(
            reverse("homes:assessment-part", args=[a.pk, code]),
            {"met": "yes", "note": "已落实", "evidence": [jpeg(f"{code}.jpg")]},
        )
        assert response.status_code == 302
    assert Evidence.objects.count() == len(rules.part_codes())
    client.post(reverse("homes:assessment-submit", args=[a.pk]))
    assert reload(a).status == AssessmentStatus.TOWNSHIP

    client.force_login(people["township"])
    data = {f"review_{c}": "agreed" for c in rules.part_codes()}
    data["review_rota"] = "returned"
    response = client.post(reverse("homes:assessment-review", args=[a.pk]), data)
    assert response.status_code == 400 and "退回需填写理由" in response.content.decode()
    assert reload(a).status == AssessmentStatus.TOWNSHIP
    data["reason_rota"] = "值班表照片看不清"
    client.post(reverse("homes:assessment-review", args=[a.pk]), data)
    assert reload(a).status == AssessmentStatus.SELF

    client.force_login(people["village"])
    body = client.get(reverse("homes:assessment", args=[a.pk])).content.decode()
    assert "值班表照片看不清" in body and 'id="part-form-rota"' in body
    client.post(
        reverse("homes:assessment-part", args=[a.pk, "rota"]),
        {"met": "yes", "note": "已重拍", "evidence": [jpeg("rota2.jpg")]},
    )
    client.post(reverse("homes:assessment-submit", args=[a.pk]))
    client.force_login(people["township"])
    data = {f"review_{c}": "agreed" for c in rules.part_codes()}
    client.post(reverse("homes:assessment-review", args=[a.pk]), data)
    client.force_login(people["district"])
    response = client.post(reverse("homes:assessment-decide", args=[a.pk]), {"decision": "return"})
    assert response.status_code == 400
    response = client.post(
        reverse("homes:assessment-decide", args=[a.pk]), {"decision": "designate"}
    )
    assert response.status_code == 302
    assert Home.objects.get(pk=home.pk).designation == Designation.DESIGNATED
    body = client.get(reverse("homes:assessment", args=[a.pk])).content.decode()
    assert "R-HM-02" in body and "已命名" in body


def test_submit_refusal_is_400_with_the_rule(client, people, homes):  # noqa: F811
    a = services.assessment_start(actor=people["village"], home=homes["xinhe_1"])
    client.force_login(people["village"])
    response = client.post(reverse("homes:assessment-submit", args=[a.pk]))
    assert response.status_code == 400
    assert "R-HM-01" in response.content.decode()
    assert reload(a).status == AssessmentStatus.SELF


def test_not_her_step_is_403_and_other_subtree_404(client, people, homes):  # noqa: F811
    a = services.assessment_start(actor=people["village"], home=homes["xinhe_1"])
    fill_all(a, people["village"])
    evidence = Evidence.objects.first()
    services.assessment_submit(actor=people["village"], assessment=reload(a))
    services.assessment_review(
        actor=people["township"],
        assessment=reload(a),
        reviews={c: ("agreed", "") for c in rules.part_codes()},
    )
    client.force_login(people["township"])  # the district's step is not hers
    response = client.post(
        reverse("homes:assessment-decide", args=[a.pk]), {"decision": "designate"}
    )
    assert response.status_code == 403
    assert reload(a).status == AssessmentStatus.DISTRICT
    client.force_login(people["other"])
    assert client.get(reverse("homes:assessment", args=[a.pk])).status_code == 404
    assert client.get(reverse("homes:evidence", args=[evidence.pk])).status_code == 404
    assert client.post(reverse("homes:assessment-submit", args=[a.pk])).status_code == 404
    client.force_login(people["township"])
    response = client.get(reverse("homes:evidence", args=[evidence.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    client.logout()
    assert client.get(reverse("homes:evidence", args=[evidence.pk])).status_code == 404


def test_recheck_page_is_the_districts(client, people, homes):  # noqa: F811
    home = homes["xinhe_1"]
    Home.objects.filter(pk=home.pk).update(designation=Designation.DESIGNATED)
    client.force_login(people["township"])
    assert client.get(reverse("homes:recheck", args=[home.pk])).status_code == 404
    client.force_login(people["district"])
    data = {f"met_{c}": "yes" for c in rules.part_codes()}
    data["met_rota"] = "no"
    response = client.post(reverse("homes:recheck", args=[home.pk]), data)
    assert response.status_code == 400 and "未达到的项目需写明情况" in response.content.decode()
    data["note_rota"] = "无人值班"
    response = client.post(reverse("homes:recheck", args=[home.pk]), data)
    assert response.status_code == 302
    assert Home.objects.get(pk=home.pk).designation == Designation.WITHDRAWN


def test_pending_list_and_query_count(
    client,
    people,  # noqa: F811
    homes,
    org_tree,
    django_assert_max_num_queries,
):
    services.assessment_start(actor=people["village"], home=homes["xinhe_1"])
    client.force_login(people["district"])
    url = (
        reverse("homes:assessments-pending")
        + f"?org={people['district'].role_assignments.first().organization_id}"
    )
    with django_assert_max_num_queries(15):
        body = client.get(url).content.decode()
    assert "新河一社区妇女之家" in body and "R-HM-02" in body
