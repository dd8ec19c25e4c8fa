"""Template pages: review of a derived draft, step edits, settings, publish, new draft;
who may edit; the catalog pages showing each item's template and this year's cases.

Over 400 lines on purpose: the review of one derived draft, edit by edit, on one set of
helpers; the API and service tests of the same edits are split by area."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.core.periods import today_local
from lvzhi.processes import services
from lvzhi.processes.models import ProcessTemplate, VersionStatus

from .conftest import item_of, template_of

pytestmark = pytest.mark.django_db

NAMES_32 = [
    "发放通知",
    "各开发区、街镇妇联和各系统有关部门组织推报",
    "审核评选",
    "表彰公布",
    "事迹宣传",
]


def _draft(template):
    return template.versions.get(status=VersionStatus.DRAFT)


def _names(version):
    return list(version.steps.order_by("order").values_list("name", flat=True))


def _step_data(step, **changes):
    data = {
        "name": step.name,
        "kind": step.kind,
        "actor_kind": step.actor_kind,
        "department": step.department_id or "",
        "role_code": step.role_code,
        "levels_up": step.levels_up,
        "duration_workdays": step.duration_workdays,
        "notice_workdays": step.notice_workdays,
        "documents": "\n".join(d["name"] for d in step.documents),
    }
    data.update(changes)
    return data


def _audits(action, obj):
    return AuditEvent.objects.filter(
        action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).count()


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_review_page_of_women_32(client, seeded, people):
    template = template_of(seeded.district, "3.2")
    client.force_login(people.cadre)
    page = client.get(reverse("processes:template", args=[template.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    positions = [html.index(f'<td class="step-name">{name}</td>') for name in NAMES_32]
    assert positions == sorted(positions)
    assert "拆分方式" in html and ">箭头<" in html and "按箭头拆分为 5 步" in html
    assert "发放通知→" in html  # the source 运行流程 text
    assert '<td class="step-actor">宣传部</td>' in html
    assert "候选人登记表" in html and "必需" in html
    assert "第1版草稿（待审核）" in html
    step = _draft(template).steps.get(order=1)
    assert reverse("processes:template-step-edit", args=[step.pk]) in html
    assert reverse("processes:template-publish", args=[_draft(template).pk]) in html


def test_review_page_shows_references_and_how_documents_were_placed(client, seeded, people):
    template = template_of(seeded.district, "8.1")
    client.force_login(people.cadre)
    html = client.get(reverse("processes:template", args=[template.pk])).content.decode()
    assert "<div data-reference>《滨海新区困难妇女儿童专项救助实施细则》" in html
    assert "是依据，显示在第1步，无需上传" in html  # the derivation's note
    assert "材料“申请救助登记审批表”：第1步的文字要求提交" in html


def test_template_list_of_current_and_other_organization(client, seeded, people, make_user):
    client.force_login(people.cadre)
    page = client.get(reverse("processes:templates"))
    html = page.content.decode()
    template = template_of(seeded.district, "3.2")
    assert page.status_code == 200
    assert reverse("processes:template", args=[template.pk]) in html
    assert 'data-item="3.2"' in html and "第1版草稿待审核" in html and "新建流程模板" in html
    assert html.index('data-item="3.1"') < html.index('data-item="3.2"')
    services.template_create(actor=people.cadre, organization=seeded.xinhe, name="街道巾帼志愿服务")
    other = client.get(reverse("processes:templates"), {"org": seeded.xinhe.pk}).content.decode()
    assert "街道巾帼志愿服务" in other and 'data-item="3.2"' not in other
    assert client.get(reverse("processes:templates"), {"org": seeded.union.pk}).status_code == 404
    client.force_login(people.propaganda)
    staff = client.get(reverse("processes:templates")).content.decode()
    assert 'data-item="3.2"' in staff and "新建流程模板" not in staff


def test_step_edits_through_the_pages(client, seeded, people):
    template = template_of(seeded.district, "3.2")
    draft = _draft(template)
    client.force_login(people.cadre)
    detail = reverse("processes:template", args=[template.pk])

    # rename and re-route the review to the parent organization, with two documents
    review = draft.steps.get(order=3)
    url = reverse("processes:template-step-edit", args=[review.pk])
    assert "审核评选" in client.get(url).content.decode()
    response = client.post(
        url,
        _step_data(
            review,
            name="市妇联审核评选",
            kind="review",
            actor_kind="parent_role",
            role_code="cadre",
            levels_up=1,
            duration_workdays=10,
            documents="评审意见表\n评审照片（可选）",
        ),
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.name == "市妇联审核评选" and review.actor_kind == "parent_role"
    assert review.duration_workdays == 10
    assert review.documents == [
        {"name": "评审意见表", "required": True},
        {"name": "评审照片", "required": False},
    ]
    assert _audits("change", review) == 1
    html = client.get(detail).content.decode()
    assert '<td class="step-actor">上1级组织 · 妇联干部</td>' in html and "可选" in html

    # a bad value stays on the form, in Chinese
    bad = client.post(url, _step_data(review, name="", duration_workdays="x"))
    assert bad.status_code == 200 and "field-error" in bad.content.decode()

    # move the last step up
    last = draft.steps.get(order=5)
    client.post(reverse("processes:template-step-move", args=[last.pk]), {"direction": "up"})
    assert _names(draft)[3:] == ["事迹宣传", "表彰公布"]
    assert _audits("step_move", draft) == 1
    # moving the first step up is refused with a message
    first = draft.steps.get(order=1)
    refused = client.post(
        reverse("processes:template-step-move", args=[first.pk]), {"direction": "up"}, follow=True
    )
    assert "该环节不能再移动" in _messages(refused)

    # merge the first two steps
    client.post(reverse("processes:template-step-merge", args=[first.pk]))
    assert _names(draft)[0] == "发放通知，各开发区、街镇妇联和各系统有关部门组织推报"
    assert len(_names(draft)) == 4 and _audits("step_merge", draft) == 1

    # split it back
    split_url = reverse("processes:template-step-split", args=[first.pk])
    assert client.get(split_url).status_code == 200
    client.post(split_url, {"first_name": "发放通知", "second_name": "组织推报"})
    assert _names(draft)[:2] == ["发放通知", "组织推报"] and _audits("step_split", draft) == 1

    # delete the second
    second = draft.steps.get(order=2)
    client.post(reverse("processes:template-step-delete", args=[second.pk]))
    assert "组织推报" not in _names(draft) and _audits("step_delete", draft) == 1

    # add a step after the first, from the short form on the review page
    add_url = reverse("processes:template-step-add", args=[draft.pk])
    response = client.post(
        add_url,
        {
            "name": "组织推报",
            "after": "1",
            "kind": "action",
            "actor_kind": "department",
            "levels_up": 1,
            "duration_workdays": 5,
            "notice_workdays": 0,
        },
    )
    assert response.status_code == 302
    assert _names(draft) == ["发放通知", "组织推报", "市妇联审核评选", "事迹宣传", "表彰公布"]
    assert _audits("step_add", draft) == 1
    assert client.get(add_url).status_code == 200
    missing = client.post(add_url, {"name": ""})
    assert missing.status_code == 200 and len(_names(draft)) == 5

    # template settings
    settings_url = reverse("processes:template-settings", args=[template.pk])
    assert client.get(settings_url).status_code == 200
    response = client.post(
        settings_url,
        {
            "name": "三八红旗手评选表彰",
            "department": seeded.propaganda.pk,
            "recurring": "on",
            "is_public": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.name == "三八红旗手评选表彰" and template.recurring and template.is_public
    assert _audits("change", template) == 1

    # publish
    published = client.post(reverse("processes:template-publish", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED and "已发布第1版" in _messages(published)
    assert _audits("publish", draft) == 1
    html = published.content.decode()
    assert "已发布第1版" in html and "新建草稿版本" in html
    # a published version cannot be edited any more
    step = draft.steps.get(order=1)
    refused = client.post(
        reverse("processes:template-step-edit", args=[step.pk]),
        _step_data(step, name="改名"),
        follow=True,
    )
    assert "只有草稿版本可以修改" in _messages(refused)
    step.refresh_from_db()
    assert step.name == "发放通知"


def test_publish_refused_when_a_department_step_has_no_department(client, seeded, people):
    template = template_of(seeded.district, "3.2")
    draft = _draft(template)
    client.force_login(people.cadre)
    settings_url = reverse("processes:template-settings", args=[template.pk])
    client.post(settings_url, {"name": template.name, "department": "", "is_active": "on"})
    template.refresh_from_db()
    assert template.department is None
    page = client.get(reverse("processes:template", args=[template.pk])).content.decode()
    assert 'id="publish-errors"' in page and "由部门办理，但模板和环节都没有指定部门" in page
    assert '<td class="step-actor">部门（未指定）</td>' in page
    response = client.post(reverse("processes:template-publish", args=[draft.pk]), follow=True)
    assert "未能发布" in _messages(response)
    assert "第1个环节由部门办理，但模板和环节都没有指定部门" in _messages(response)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert _audits("publish", draft) == 0
    # giving the steps a department (here: one step, the template's back) lets it publish
    client.post(
        settings_url,
        {"name": template.name, "department": seeded.propaganda.pk, "is_active": "on"},
    )
    client.post(reverse("processes:template-publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED


def test_new_draft_after_publish(client, seeded, people):
    template = template_of(seeded.district, "11.1")
    services.template_update(actor=people.cadre, template=template, department=seeded.rights)
    first = _draft(template)
    services.version_publish(actor=people.cadre, version=first)
    client.force_login(people.cadre)
    detail = client.get(reverse("processes:template", args=[template.pk])).content.decode()
    assert 'id="new-draft-form"' in detail and 'id="draft-version"' not in detail
    response = client.post(reverse("processes:template-new-draft", args=[template.pk]), follow=True)
    second = _draft(template)
    assert second.number == 2 and _names(second) == _names(first)
    assert _audits("new_draft", second) == 1
    html = response.content.decode()
    assert 'id="draft-version"' in html and 'id="published-version"' in html
    assert "第2版草稿（待审核）" in html and "已发布第1版" in html
    # editing the new draft leaves the published version alone
    step = second.steps.get(order=1)
    client.post(
        reverse("processes:template-step-edit", args=[step.pk]), _step_data(step, name="新名")
    )
    assert _names(second)[0] == "新名" and _names(first)[0] != "新名"


def test_new_template_for_work_outside_the_catalog(client, seeded, people):
    client.force_login(people.cadre)
    url = reverse("processes:template-new")
    assert client.get(url).status_code == 200
    refused = client.post(url, {"name": " "})
    assert refused.status_code == 200 and "field-error" in refused.content.decode()
    response = client.post(
        url + f"?org={seeded.xinhe.pk}", {"name": "巾帼志愿服务活动", "recurring": "on"}
    )
    template = ProcessTemplate.objects.get(name="巾帼志愿服务活动")
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("processes:template", args=[template.pk])
    )
    assert template.organization == seeded.xinhe and template.recurring
    assert _audits("create", template) == 1
    html = client.get(response["Location"]).content.decode()
    assert ">手工<" in html and '<td class="step-name">办理</td>' in html
    client.force_login(people.propaganda)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "部门人员建的"}).status_code == 404
    client.force_login(people.xinhe_cadre)
    assert client.get(url + f"?org={seeded.district.pk}").status_code == 404


def test_others_cannot_edit(client, seeded, people):
    template = template_of(seeded.district, "3.2")
    draft = _draft(template)
    step = draft.steps.get(order=2)
    posts = [
        (reverse("processes:template-step-edit", args=[step.pk]), _step_data(step, name="改")),
        (reverse("processes:template-step-move", args=[step.pk]), {"direction": "up"}),
        (reverse("processes:template-step-merge", args=[step.pk]), {}),
        (
            reverse("processes:template-step-split", args=[step.pk]),
            {"first_name": "a", "second_name": "b"},
        ),
        (reverse("processes:template-step-delete", args=[step.pk]), {}),
        (reverse("processes:template-step-add", args=[draft.pk]), _step_data(step, name="新")),
        (reverse("processes:template-publish", args=[draft.pk]), {}),
        (reverse("processes:template-settings", args=[template.pk]), {"name": "改"}),
        (reverse("processes:template-new-draft", args=[template.pk]), {}),
    ]
    detail = reverse("processes:template", args=[template.pk])

    # department staff of the district: reads the template, no buttons, every write 404
    client.force_login(people.propaganda)
    page = client.get(detail)
    html = page.content.decode()
    assert page.status_code == 200 and "发放通知" in html
    assert "/processes/templates/steps/" not in html and 'id="publish-form"' not in html
    assert 'id="settings-link"' not in html
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert client.get(posts[0][0]).status_code == 404

    # a cadre of a township below and the city's cadre (without subtree): not even read
    for user in (people.xinhe_cadre, people.city_cadre):
        client.force_login(user)
        assert client.get(detail).status_code == 404
        for url, data in posts:
            assert client.post(url, data).status_code == 404, url

    assert _names(draft) == NAMES_32
    template.refresh_from_db()
    assert template.name != "改" and draft.status == VersionStatus.DRAFT
    assert not AuditEvent.objects.filter(object_type__startswith="processes.", action="change")


def _one_step_published(template, actor):
    draft = _draft(template)
    services.steps_replace(
        actor=actor,
        version=draft,
        steps=[{"name": "组织实施", "kind": "action", "actor_kind": "department"}],
    )
    services.version_publish(actor=actor, version=draft)
    return draft


def _catalog_version_url(org):
    item = item_of(org, "3.2")
    return reverse("catalog:version", args=[item.version_id])


def test_catalog_version_page_shows_template_and_year_work(client, seeded, people):
    template = template_of(seeded.district, "3.2")
    client.force_login(people.cadre)
    url = _catalog_version_url(seeded.district)

    with CaptureQueriesContext(connection) as before:
        html = client.get(url).content.decode()
    link = reverse("processes:template", args=[template.pk])
    assert f'href="{link}"' in html
    item_block = html[html.index('id="item-3.2"') : html.index('id="work-3.2"')]
    assert link in item_block
    work = html[html.index('id="work-3.2"') :][:3000]
    assert "本年度尚无办件" in work
    assert item_of(seeded.district, "3.2").responsibilities.strip()[:10] in work

    _one_step_published(template, people.cadre)
    year = today_local().year
    case = services.case_start(
        actor=people.cadre,
        template=template,
        organization=seeded.district,
        title=f"{year}年度三八红旗手评选",
        year=year,
    )
    with CaptureQueriesContext(connection) as during:
        html = client.get(url).content.decode()
    work = html[html.index('id="work-3.2"') :][:3000]
    assert "办件 1 件，已办结 0 件" in work and f"{year}年度三八红旗手评选" in work
    assert 'work-stage">组织实施<' in work

    services.step_transition(
        actor=people.propaganda,
        case=case,
        step_id=case.steps.get().pk,
        action="complete",
    )
    with CaptureQueriesContext(connection) as after:
        html = client.get(url).content.decode()
    work = html[html.index('id="work-3.2"') :][:3000]
    assert "办件 1 件，已办结 1 件" in work and "已办结</span>" in work
    other = html[html.index('id="work-3.1"') :][:3000]
    assert "本年度尚无办件" in other
    assert len(before) == len(during) == len(after)


def test_public_item_page_shows_progress_without_private_cases(client, seeded, people):
    template = template_of(seeded.district, "3.2")
    _one_step_published(template, people.cadre)
    year = today_local().year

    def start(title, is_public):
        return services.case_start(
            actor=people.cadre,
            template=template,
            organization=seeded.district,
            title=title,
            year=year,
            is_public=is_public,
        )

    finished = start("已办完的一件", True)
    services.step_transition(
        actor=people.propaganda,
        case=finished,
        step_id=finished.steps.get().pk,
        action="complete",
    )
    start("公开评选进行中", True)
    start("内部办件张某某", False)
    url = reverse("catalog:public-item", args=[item_of(seeded.district, "3.2").pk])
    html = client.get(url).content.decode()
    assert "本年度已办结 1 件" in html
    assert "公开评选进行中" in html and "组织实施" in html
    assert "内部办件张某某" not in html and "张某某" not in html
    assert "已办完的一件" not in html
    other = client.get(
        reverse("catalog:public-item", args=[item_of(seeded.district, "3.1").pk])
    ).content.decode()
    assert "本年度已办结 0 件" in other and "公开评选进行中" not in other


@pytest.mark.parametrize("first, second", [(5, 20)])
def test_template_list_constant_queries(client, seeded, people, first, second):
    client.force_login(people.cadre)
    url = reverse("processes:templates")
    counts = []
    made = 0
    for total in (first, second):
        while made < total:
            made += 1
            template = services.template_create(
                actor=people.cadre,
                organization=seeded.dagu,
                name=f"工作{made}",
                department=seeded.rights.pk,
            )
            if made % 2:
                services.version_publish(actor=people.cadre, version=_draft(template))
            if made % 4 == 1:
                services.version_new_draft(actor=people.cadre, template=template)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"org": seeded.dagu.pk})
        assert response.content.decode().count('<tr id="template-') == total
        counts.append(len(queries))
    assert counts[0] == counts[1]
