"""Pages of social organizations: the database with its filters (400 on bad input) and
Excel export, scope (404 outside), the filing form with its proposal, key members' masked
phones, the ledger, advisers, the yearly checklist with documents, the disclosure gap,
the public pages (no login, public fields only) and query counts."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.socialorgs.models import KeyMember, LedgerEntry, SocialOrganization, YearlyDuty

from .conftest import add_org

pytestmark = pytest.mark.django_db


def list_url(org, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("socialorgs:list") + f"?org={org.pk}" + (f"&{query}" if query else "")


def test_database_lists_the_subtree_with_filters(client, cadre, orgs, org_tree):
    party = add_org(org_tree.xinhe, "新河街道妇女创业协会", has_party_organization=True)
    dormant = add_org(org_tree.xinhe_1, "新河一社区合唱团", status="dormant")
    client.force_login(cadre)
    response = client.get(list_url(org_tree.xinhe))
    assert response.status_code == 200
    names = {o.name for o in response.context["page"].object_list}
    assert names == {"新河一社区巾帼志愿队", party.name, dormant.name}
    body = response.content.decode()
    assert "大沽一社区舞蹈队" not in body and "R-SO-01" in body
    rows = client.get(list_url(org_tree.xinhe, party="false")).context["page"].object_list
    assert party.pk not in {o.pk for o in rows}
    rows = client.get(list_url(org_tree.xinhe, status="dormant")).context["page"].object_list
    assert [o.pk for o in rows] == [dormant.pk]
    rows = client.get(list_url(org_tree.xinhe, q="合唱")).context["page"].object_list
    assert [o.pk for o in rows] == [dormant.pk]
    assert client.get(list_url(org_tree.xinhe, status="nonsense")).status_code == 400
    response = client.get(list_url(org_tree.xinhe, colour="red"))
    assert response.status_code == 400 and "colour" in response.content.decode()


def test_excel_export_of_the_database_masks_phones(client, cadre, orgs, org_tree):
    client.force_login(cadre)
    response = client.get(list_url(org_tree.xinhe, format="xlsx"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "名称" and "备案层级" in rows[0]
    assert [r[0] for r in rows[1:]] == ["新河一社区巾帼志愿队"]
    assert "138****5678" in rows[1] and "13812345678" not in str(rows)
    assert "R-SO-01 CQ-SO 第五条" in rows[1]


def test_other_subtree_is_404(client, cadre, orgs, org_tree):
    client.force_login(cadre)
    assert client.get(reverse("socialorgs:detail", args=[orgs["dagu_1"].pk])).status_code == 404
    assert client.get(list_url(org_tree.dagu)).status_code == 404
    assert client.get(reverse("socialorgs:edit", args=[orgs["dagu_1"].pk])).status_code == 404
    response = client.post(
        reverse("socialorgs:ledger-add", args=[orgs["dagu_1"].pk]),
        {"kind": "disclosure", "date": "2026-11-01", "title": "x"},
    )
    assert response.status_code == 404 and not LedgerEntry.objects.exists()


def test_filing_form_previews_the_proposal_then_files(client, cadre, org_tree, clock):
    client.force_login(cadre)
    url = reverse("socialorgs:file") + f"?org={org_tree.xinhe.pk}"
    data = {
        "name": "新河街道巾帼调解队",
        "kind": "womens",
        "service_field": "rights",
        "size": "50",
        "notable_influence": "on",
        "active": "on",
        "status": "active",
    }
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200 and not SocialOrganization.objects.exists()
    body = preview.content.decode()
    assert "两档交界" in body and "街道（镇乡）妇联" in body
    refused = client.post(url, data)
    assert refused.status_code == 400 and "交界" in refused.content.decode()
    assert not SocialOrganization.objects.exists() and not AuditEvent.objects.exists()
    saved = client.post(url, {**data, "tier_reason": "恰为50人，活动限于本街道"})
    row = SocialOrganization.objects.get()
    assert saved.status_code == 302 and saved["Location"].endswith(f"/{row.pk}/")
    assert (row.filed_tier, row.at_boundary) == ("township", True)


def test_detail_masks_key_member_phones_and_adds_ledger(client, cadre, orgs, clock):
    row = orgs["xinhe_1"]
    client.force_login(cadre)
    response = client.post(
        reverse("socialorgs:member-add", args=[row.pk]),
        {"name": "王芳", "role": "负责人", "phone": "13900001111"},
    )
    assert response.status_code == 302
    body = client.get(reverse("socialorgs:detail", args=[row.pk])).content.decode()
    assert "王芳" in body and "139****1111" in body and "13900001111" not in body
    assert "13812345678" not in body and "138****5678" in body
    bad = client.post(
        reverse("socialorgs:ledger-add", args=[row.pk]),
        {"kind": "disclosure", "date": "2026-12-01", "title": "未来"},
    )
    assert bad.status_code == 400 and "不能晚于今天" in bad.content.decode()
    client.post(
        reverse("socialorgs:ledger-add", args=[row.pk]),
        {"kind": "disclosure", "date": "2026-06-30", "title": "年度公示"},
    )
    assert LedgerEntry.objects.get().title == "年度公示"
    member = KeyMember.objects.get()
    client.post(reverse("socialorgs:member-remove", args=[member.pk]))
    assert not KeyMember.objects.exists()


def test_yearly_update_shows_the_retiering_and_refile(client, cadre, orgs, org_tree):
    row = orgs["xinhe_1"]
    client.force_login(cadre)
    response = client.post(
        reverse("socialorgs:edit", args=[row.pk]),
        {
            "name": row.name,
            "kind": "self_formed",
            "service_field": "volunteer",
            "size": "40",
            "notable_influence": "on",
            "status": "active",
            "contact_phone": "13812345678",
        },
    )
    assert response.status_code == 302
    body = client.get(reverse("socialorgs:detail", args=[row.pk])).content.decode()
    assert "建议由村（社区）妇联调整至街道（镇乡）妇联" in body
    response = client.post(
        reverse("socialorgs:refile", args=[row.pk]),
        {"federation": org_tree.xinhe.pk, "filed_tier": "township", "tier_reason": "规模扩大"},
    )
    assert response.status_code == 302
    assert SocialOrganization.objects.get(pk=row.pk).org_path == org_tree.xinhe.path


def test_advisers_page(client, cadre, org_tree, make_user):
    client.force_login(cadre)
    url = reverse("socialorgs:advisers") + f"?org={org_tree.xinhe.pk}"
    response = client.post(
        url,
        {"name": "张教授", "kind": "expert", "expertise": "社会工作", "term_start": "2026-01-01"},
    )
    assert response.status_code == 302
    assert "张教授" in client.get(url).content.decode()
    member = make_user("m1", "member", org_tree.xinhe, include_descendants=False)
    client.force_login(member)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"name": "x", "kind": "expert", "expertise": "y", "term_start": "2026-01-01"}
    )
    assert response.status_code == 404


def test_duties_checklist_with_clause_and_document(client, cadre, org_tree, clock):
    client.force_login(cadre)
    url = reverse("socialorgs:duties") + f"?org={org_tree.xinhe.pk}&year=2026"
    body = client.get(url).content.decode()
    assert "第十三条" in body and "第十七条" in body and "待开展" in body
    response = client.post(
        url,
        {
            "kind": "party_training",
            "date": "2026-05-10",
            "title": "社会组织党建培训",
            "participants": "30",
            "instructor": "刘书记",
            "document": SimpleUploadedFile("纪要.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    duty = YearlyDuty.objects.get()
    items = client.get(url).context["items"]
    assert [i.status for i in items] == ["done", "due", "due", "due", "due"]
    document = client.get(reverse("socialorgs:duty-document", args=[duty.pk]))
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"
    client.logout()
    assert client.get(reverse("socialorgs:duty-document", args=[duty.pk])).status_code == 404
    client.force_login(cadre)
    past = client.get(reverse("socialorgs:duties") + f"?org={org_tree.xinhe.pk}&year=2025")
    assert [i.status for i in past.context["items"]] == ["overdue"] * 5
    assert client.get(reverse("socialorgs:duties") + "?year=abc").status_code == 404
    district = client.get(reverse("socialorgs:duties") + f"?org={org_tree.district.pk}")
    assert district.status_code == 404  # the street cadre cannot read the district


def test_duties_rollup_shows_the_federations_below(client, district_cadre, org_tree, orgs):
    YearlyDuty.objects.create(
        federation=org_tree.xinhe,
        org_path=org_tree.xinhe.path,
        kind="joint_meeting",
        year=2026,
        date=dt.date(2026, 4, 1),
        title="联席会议",
    )
    client.force_login(district_cadre)
    response = client.get(reverse("socialorgs:duties") + f"?org={org_tree.district.pk}&year=2026")
    rollup = {o.name: [i.status for i in items] for o, items in response.context["rollup"]}
    assert rollup["新河街道妇女联合会"][3] == "done"
    assert "新河一社区妇女联合会" in rollup and "大沽一社区妇女联合会" in rollup


def test_disclosure_gaps(client, cadre, orgs, org_tree):
    other = add_org(org_tree.xinhe, "新河街道读书会")
    LedgerEntry.objects.create(
        organization=other,
        org_path=other.org_path,
        kind="disclosure",
        date=dt.date(2026, 3, 1),
        title="公示",
    )
    LedgerEntry.objects.create(
        organization=orgs["xinhe_1"],
        org_path=orgs["xinhe_1"].org_path,
        kind="disclosure",
        date=dt.date(2025, 3, 1),
        title="去年的公示",
    )
    client.force_login(cadre)
    response = client.get(reverse("socialorgs:gaps") + f"?org={org_tree.xinhe.pk}&year=2026")
    assert [o.name for o in response.context["page"].object_list] == ["新河一社区巾帼志愿队"]


def test_public_pages_show_public_fields_only(client, orgs, org_tree):
    KeyMember.objects.create(
        organization=orgs["xinhe_1"],
        org_path=orgs["xinhe_1"].org_path,
        name="赵负责人",
        role="负责人",
        phone="13900002222",
    )
    SocialOrganization.objects.filter(pk=orgs["xinhe_1"].pk).update(contact_name="钱联系人")
    response = client.get(reverse("socialorgs:public-detail", args=[orgs["xinhe_1"].pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "新河一社区巾帼志愿队" in body and "新河一路1号" in body
    for secret in ("赵负责人", "13900002222", "钱联系人", "13812345678", "138****5678"):
        assert secret not in body
    listing = client.get(reverse("socialorgs:public-list") + f"?area={org_tree.xinhe.pk}")
    assert [o.name for o in listing.context["page"].object_list] == ["新河一社区巾帼志愿队"]
    assert client.get(reverse("socialorgs:public-list") + "?area=abc").status_code == 404
    SocialOrganization.objects.filter(pk=orgs["dagu_1"].pk).update(status="deregistered")
    assert (
        client.get(reverse("socialorgs:public-detail", args=[orgs["dagu_1"].pk])).status_code == 404
    )


def test_proposal_page(client, cadre):
    client.force_login(cadre)
    body = client.get(reverse("socialorgs:proposal") + "?size=30&notable_influence=on").content
    assert "两档交界".encode() in body
    assert client.get(reverse("socialorgs:proposal") + "?size=abc").status_code == 400


def test_list_reads_in_a_fixed_number_of_queries(
    client, cadre, org_tree, django_assert_max_num_queries
):
    for index in range(30):
        add_org(org_tree.xinhe_1 if index % 2 else org_tree.xinhe, f"组织{index:02d}")
    client.force_login(cadre)
    client.get(list_url(org_tree.xinhe))  # warm the session and the switcher
    with django_assert_max_num_queries(12) as captured:
        assert client.get(list_url(org_tree.xinhe)).status_code == 200
    many = len(captured)
    add_org(org_tree.xinhe, "再加一个")
    with django_assert_max_num_queries(many):
        client.get(list_url(org_tree.xinhe))
    with django_assert_max_num_queries(12):
        client.get(reverse("socialorgs:gaps") + f"?org={org_tree.xinhe.pk}")
    with django_assert_max_num_queries(14):
        client.get(reverse("socialorgs:duties") + f"?org={org_tree.xinhe.pk}")


def test_navbar_links_the_database_and_visitors_the_public_list(client, cadre, orgs):
    client.force_login(cadre)
    body = client.get(reverse("socialorgs:detail", args=[orgs["xinhe_1"].pk])).content.decode()
    assert 'id="nav-socialorgs"' in body
    client.logout()
    body = client.get(reverse("socialorgs:public-list")).content.decode()
    assert 'id="nav-public-socialorgs"' in body


def test_public_directory_leads_to_the_project_batches_and_results(client, orgs):
    """Point 8: a visitor finds, from the directory, the published project batches and the
    evaluation results, each open without signing in."""
    body = client.get(reverse("socialorgs:public-list")).content.decode()
    for name in ("socialorg_projects:public-list", "socialorgs_evaluations:public"):
        assert f'href="{reverse(name)}"' in body, name
        assert client.get(reverse(name)).status_code == 200, name
