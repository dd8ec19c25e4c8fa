"""/api/v1/processes/ templates and versions: lists and detail, create and update, steps
replaced all or nothing, publish (and its refusal), new drafts, the template of a duty
item; bad input answers its Chinese message and writes nothing."""

import pytest
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent

from .api_kit import (
    API,
    as_user,
    counts,
    media_root,  # noqa: F401 (a fixture, used by pytestmark)
    text,
)
from .conftest import item_of, template_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def test_anonymous_is_refused(seeded):
    client = APIClient()
    for url in ("templates/", "template-versions/", "cases/", "inbox/"):
        assert client.get(f"{API}/{url}").status_code == 401
    assert client.post(f"{API}/year-plan/", {}, format="json").status_code == 401
    assert client.post(f"{API}/cases/1/transitions/", {}, format="json").status_code == 401


# 模板 ----------------------------------------------------------------------


def test_template_list_filters_and_detail(seeded, people):
    api = as_user(people.cadre)
    listed = api.get(f"{API}/templates/", {"organization": seeded.district.pk, "page_size": 200})
    assert listed.status_code == 200
    assert listed.json()["count"] == 23  # the women's catalog: every item has a template
    only = api.get(f"{API}/templates/", {"item_number": "3.2"}).json()["results"]
    assert [t["name"] for t in only] == ["评选表彰三八红旗手（集体）"]
    assert only[0]["department_name"] == "宣传部"
    assert only[0]["published_version"] is None and only[0]["draft_version"]
    assert api.get(f"{API}/templates/", {"recurring": "true"}).json()["count"] == 0
    detail = api.get(f"{API}/templates/{only[0]['id']}/").json()
    assert [v["status"] for v in detail["versions"]] == ["draft"]
    # the union's templates are outside the women's district cadre's scope
    union = template_of(seeded.union, "1.1")
    assert api.get(f"{API}/templates/{union.pk}/").status_code == 404


def test_template_create_and_update(seeded, people):
    api = as_user(people.cadre)
    created = api.post(
        f"{API}/templates/",
        {
            "organization": seeded.district.pk,
            "name": "巾帼志愿服务",
            "department": seeded.rights.pk,
            "recurring": True,
        },
        format="json",
    )
    assert created.status_code == 201, text(created)
    body = created.json()
    assert body["recurring"] is True and body["department_name"] == "权益部"
    assert body["draft_version"] and body["item_number"] == ""
    assert AuditEvent.objects.filter(action="create", object_id=str(body["id"])).exists()

    changed = api.patch(
        f"{API}/templates/{body['id']}/", {"name": "巾帼志愿服务（改）", "is_public": True}
    )
    assert changed.status_code == 200 and changed.json()["name"] == "巾帼志愿服务（改）"
    assert changed.json()["is_public"] is True
    assert api.get(f"{API}/templates/", {"recurring": "true"}).json()["count"] == 1


def test_template_bad_input_writes_nothing(seeded, people):
    api = as_user(people.cadre)
    before = counts()
    blank = api.post(
        f"{API}/templates/", {"organization": seeded.district.pk, "name": " "}, format="json"
    )
    assert blank.status_code == 400 and "请填写流程名称" in text(blank)
    foreign = api.post(
        f"{API}/templates/",
        {"organization": seeded.xinhe.pk, "name": "x", "department": 999999},
        format="json",
    )
    assert foreign.status_code == 400 and "部门不存在" in text(foreign)
    outside = api.post(
        f"{API}/templates/", {"organization": seeded.union.pk, "name": "x"}, format="json"
    )
    assert outside.status_code == 404
    template = template_of(seeded.district, "3.2")
    renamed = api.patch(f"{API}/templates/{template.pk}/", {"name": ""}, format="json")
    assert renamed.status_code == 400 and "请填写流程名称" in text(renamed)
    staff = as_user(people.propaganda).patch(
        f"{API}/templates/{template.pk}/", {"recurring": True}, format="json"
    )
    assert staff.status_code == 404  # staff read templates but do not change them
    assert counts() == before


def test_versions_steps_replace_publish_and_new_draft(seeded, people):
    api = as_user(people.cadre)
    template = template_of(seeded.district, "3.2")
    draft = template.versions.get()
    listed = api.get(f"{API}/template-versions/", {"template": template.pk, "status": "draft"})
    assert [v["id"] for v in listed.json()["results"]] == [draft.pk]
    detail = api.get(f"{API}/template-versions/{draft.pk}/").json()
    assert len(detail["steps"]) == 5 and detail["method"] == "arrows"
    assert detail["steps"][1]["documents"][0] == {
        "name": "候选人登记表",
        "required": True,
        "reference": False,
    }
    assert detail["publish_errors"] == []

    steps = [
        {"name": "发放通知", "duration_workdays": 3},
        {
            "name": "推报",
            "documents": [
                {"name": "候选人登记表"},
                {"name": "事迹材料", "required": False},
            ],
        },
        {
            "name": "审核评选",
            "kind": "review",
            "actor_kind": "parent_role",
            "role_code": "cadre",
            "levels_up": 1,
        },
    ]
    replaced = api.put(
        f"{API}/template-versions/{draft.pk}/steps/", {"steps": steps}, format="json"
    )
    assert replaced.status_code == 200, text(replaced)
    names = [s["name"] for s in replaced.json()["steps"]]
    assert names == ["发放通知", "推报", "审核评选"]
    assert replaced.json()["steps"][1]["documents"][1] == {
        "name": "事迹材料",
        "required": False,
        "reference": False,
    }

    published = api.post(f"{API}/template-versions/{draft.pk}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    locked = api.put(f"{API}/template-versions/{draft.pk}/steps/", {"steps": steps}, format="json")
    assert locked.status_code == 400 and "只有草稿版本可以修改" in text(locked)

    new_draft = api.post(f"{API}/templates/{template.pk}/new-draft/")
    assert new_draft.status_code == 201
    created = AuditEvent.objects.filter(action="new_draft", object_id=str(new_draft.json()["id"]))
    assert created.count() == 1
    assert new_draft.json()["status"] == "draft" and new_draft.json()["number"] == 2
    assert [s["name"] for s in new_draft.json()["steps"]] == names
    again = api.post(f"{API}/templates/{template.pk}/new-draft/")
    assert again.status_code == 200  # one draft at a time: the existing one, not audited again
    assert again.json()["id"] == new_draft.json()["id"] and created.count() == 1
    shown = api.get(f"{API}/templates/{template.pk}/").json()
    assert shown["published_version"] == draft.pk
    assert shown["draft_version"] == new_draft.json()["id"]


def test_new_draft_beside_an_existing_draft_answers_it_with_200_and_writes_nothing(seeded, people):
    template = template_of(seeded.district, "3.2")
    draft = template.versions.get()  # derived as a draft, never published
    before = counts()
    answer = as_user(people.cadre).post(f"{API}/templates/{template.pk}/new-draft/")
    assert answer.status_code == 200, text(answer)
    assert answer.json()["id"] == draft.pk and answer.json()["status"] == "draft"
    assert counts() == before
    assert not AuditEvent.objects.filter(action="new_draft").exists()


def test_steps_replace_is_all_or_nothing_with_errors_per_step(seeded, people):
    api = as_user(people.cadre)
    draft = template_of(seeded.district, "3.2").versions.get()
    url = f"{API}/template-versions/{draft.pk}/steps/"
    before = counts()
    names = list(draft.steps.order_by("order").values_list("name", flat=True))

    shapes = api.put(
        url, {"steps": [{"name": "甲"}, {"name": "乙", "kind": "party"}]}, format="json"
    )
    assert shapes.status_code == 400
    assert list(shapes.json()) == ["steps[2]"]
    assert shapes.json()["steps[2]"][0].startswith("环节类型：")

    rules = api.put(
        url,
        {"steps": [{"name": ""}, {"name": "乙"}, {"name": "丙", "duration_workdays": 999}]},
        format="json",
    )
    assert rules.status_code == 400
    assert rules.json() == {"steps[1]": ["请填写环节名称"], "steps[3]": ["应在0至250之间"]}
    empty = api.put(url, {"steps": []}, format="json")
    assert empty.status_code == 400 and "流程至少需要一个环节" in text(empty)
    assert counts() == before
    assert list(draft.steps.order_by("order").values_list("name", flat=True)) == names


def test_publish_refused_lists_the_problems(seeded, people):
    api = as_user(people.cadre)
    template = template_of(seeded.district, "2.1")  # no department in the catalog
    draft = template.versions.get()
    before = counts()
    refused = api.post(f"{API}/template-versions/{draft.pk}/publish/")
    assert refused.status_code == 400
    body = refused.json()
    assert body["detail"] == "该版本不能发布"
    assert len(body["publish_errors"]) == 6
    assert body["publish_errors"][0] == "第1个环节由部门办理，但模板和环节都没有指定部门"
    assert counts() == before
    outsider = as_user(people.xinhe_cadre).post(f"{API}/template-versions/{draft.pk}/publish/")
    assert outsider.status_code == 404


def test_item_template(seeded, people):
    item = item_of(seeded.district, "3.2")
    answer = as_user(people.cadre).post(f"{API}/items/{item.pk}/template/")
    assert answer.status_code == 200
    assert answer.json()["id"] == template_of(seeded.district, "3.2").pk
    assert answer.json()["duty_item"] == item.pk
    # a published item is readable by all, but its template is made by its organization
    before = counts()
    assert as_user(people.xinhe_cadre).post(f"{API}/items/{item.pk}/template/").status_code == 404
    assert as_user(people.cadre).post(f"{API}/items/999999/template/").status_code == 404
    assert counts() == before
