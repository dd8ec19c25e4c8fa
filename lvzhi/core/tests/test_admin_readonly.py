"""Issue 9: nothing in the Django admin changes data without an audit event. Catalogs,
their versions, items, import findings, legal documents, regions and permission groups
are read-only there (their writes go through services that audit), even for a superuser."""

import pytest
from django.contrib import admin as django_admin
from django.contrib.auth.models import Group
from django.urls import reverse

from lvzhi.catalog.models import Catalog, CatalogVersion, DutyItem, ImportFinding, LegalDocument
from lvzhi.core.models import AuditEvent
from lvzhi.orgs.models import Region

READ_ONLY = (Catalog, CatalogVersion, DutyItem, ImportFinding, LegalDocument, Region, Group)


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_read_only_in_the_admin_even_for_a_superuser(rf, admin_user, model):
    request = rf.get("/")
    request.user = admin_user
    model_admin = django_admin.site._registry[model]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.fixture
def rows(org_tree):
    catalog = Catalog.objects.create(
        organization=org_tree.district,
        org_path=org_tree.district.path,
        title="滨海新区妇联职责目录",
    )
    document = LegalDocument.objects.create(
        key="妇女权益保障法", title="中华人民共和国妇女权益保障法"
    )
    region = Region.objects.get(code="120116")
    group = Group.objects.create(name="编辑")
    return catalog, document, region, group


def test_admin_posts_change_nothing(client, admin_user, rows):
    catalog, document, region, group = rows
    client.force_login(admin_user)
    events = AuditEvent.objects.count()
    cases = [
        ("catalog_catalog", catalog, {"title": "改名"}),
        ("catalog_legaldocument", document, {"key": "x", "title": "改名", "doc_number": ""}),
        ("orgs_region", region, {"code": "999999", "name": "改名", "level": region.level}),
        ("auth_group", group, {"name": "改名"}),
    ]
    for name, obj, data in cases:
        # the change page only shows (view permission): a POST saves nothing
        page = client.get(reverse(f"admin:{name}_change", args=[obj.pk]))
        assert page.status_code == 200, name
        client.post(reverse(f"admin:{name}_change", args=[obj.pk]), data)
        deleted = client.post(reverse(f"admin:{name}_delete", args=[obj.pk]), {"post": "yes"})
        assert deleted.status_code == 403, name
        assert client.get(reverse(f"admin:{name}_add")).status_code == 403, name
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    catalog.refresh_from_db()
    document.refresh_from_db()
    region.refresh_from_db()
    group.refresh_from_db()
    assert group.name == "编辑"
    assert catalog.title == "滨海新区妇联职责目录"
    assert document.title == "中华人民共和国妇女权益保障法"
    assert (region.code, region.name) == ("120116", "滨海新区")
    assert AuditEvent.objects.count() == events
