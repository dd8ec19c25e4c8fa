"""The Django admin of social organizations, projects, evaluations and complaints: every
model is registered; for a superuser each changelist (with its search and a filter) and a
change page answer 200; the new models are read-only there (their writes go through the
audited services); phones, the complainant's contact and the ratings' one-time token are
never shown in clear."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin as django_admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.socialorgs.complaints import services as complaint_services
from lvzhi.socialorgs.complaints.models import Complaint
from lvzhi.socialorgs.evaluations.models import Evaluation, EvaluationPlan, Rating
from lvzhi.socialorgs.models import (
    Adviser,
    KeyMember,
    LedgerEntry,
    SocialOrganization,
    YearlyDuty,
)
from lvzhi.socialorgs.projects import services as project_services
from lvzhi.socialorgs.projects.models import (
    OrganizationAccount,
    ProjectApplication,
    ProjectBatch,
    ProjectDocument,
)

pytestmark = pytest.mark.django_db

MEMBER_PHONE = "13912345678"
COMPLAINT_PHONE = "13787654321"
NONCE = "f" * 64
APPS = ("socialorgs", "socialorgs_evaluations", "socialorgs_complaints")
READ_ONLY = (
    KeyMember,
    Adviser,
    LedgerEntry,
    YearlyDuty,
    OrganizationAccount,
    ProjectBatch,
    ProjectApplication,
    ProjectDocument,
    EvaluationPlan,
    Evaluation,
    Rating,
    Complaint,
)


@pytest.fixture
def rows(org_tree, district_cadre, plan, funded):
    xinhe = funded["xinhe"]
    KeyMember.objects.create(
        organization=xinhe, org_path=xinhe.org_path, name="王芳", role="负责人", phone=MEMBER_PHONE
    )
    Adviser.objects.create(
        federation=org_tree.district,
        org_path=org_tree.district.path,
        name="李教授",
        kind="expert",
        expertise="社会工作",
        term_start=dt.date(2026, 1, 1),
    )
    YearlyDuty.objects.create(
        federation=org_tree.district,
        org_path=org_tree.district.path,
        kind="joint_meeting",
        year=2026,
        date=dt.date(2026, 5, 1),
        title="联席会议",
    )
    project_services.account_create(
        actor=district_cadre,
        organization=xinhe,
        username="xh_org",
        password="Zuzhi-Shenbao-2026!",
    )
    ProjectDocument.objects.create(
        application=funded["xinhe_app"],
        org_path=funded["xinhe_app"].org_path,
        kind="plan",
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"),
        original_name="项目方案.pdf",
        size=15,
    )
    evaluation = Evaluation.objects.get(application=funded["xinhe_app"])
    Rating.objects.create(evaluation=evaluation, org_path=evaluation.org_path, score=5, nonce=NONCE)
    complaint_services.complaint_send(
        actor=None,
        organization=xinhe,
        text="活动收费不公开。",
        name="张女士",
        contact=COMPLAINT_PHONE,
    )
    return xinhe


def test_every_model_of_the_apps_is_registered():
    models = [model for label in APPS for model in apps.get_app_config(label).get_models()]
    missing = [model.__name__ for model in models if model not in django_admin.site._registry]
    assert missing == []


def test_changelists_and_change_pages_answer_200_for_a_superuser(client, admin_user, rows):
    client.force_login(admin_user)
    for model in (SocialOrganization, *READ_ONLY):
        meta = model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        changelist = reverse(f"{name}_changelist")
        response = client.get(changelist)
        assert response.status_code == 200, meta.model_name
        assert response.context["cl"].result_count >= 1, meta.model_name
        body = response.content.decode()
        assert MEMBER_PHONE not in body and COMPLAINT_PHONE not in body and NONCE not in body
        assert "张女士" not in body
        model_admin = django_admin.site._registry[model]
        if model_admin.search_fields:
            assert client.get(changelist + "?q=新河").status_code == 200, meta.model_name
        for spec in model_admin.list_filter:
            field = spec if isinstance(spec, str) else spec[0]
            value = model.objects.values_list(field, flat=True).first()
            filtered = client.get(changelist, {field: value if value is not None else ""})
            assert filtered.status_code == 200, (meta.model_name, field)
        change = client.get(reverse(f"{name}_change", args=[model.objects.first().pk]))
        assert change.status_code == 200, meta.model_name
        page = change.content.decode()
        assert MEMBER_PHONE not in page and COMPLAINT_PHONE not in page and NONCE not in page
        assert "张女士" not in page
    members = client.get(reverse("admin:socialorgs_keymember_changelist")).content.decode()
    assert "139****5678" in members


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_read_only_even_for_a_superuser(rf, admin_user, model):
    request = rf.get("/")
    request.user = admin_user
    model_admin = django_admin.site._registry[model]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_a_cadre_admin_list_is_her_scope(client, rows, org_tree, make_user):
    """The admin's rows are the user's scope: a cadre of 大沽街道 finds none of 新河's, the
    district's cadre all of them."""
    request = type("Request", (), {})()
    for model in (KeyMember, ProjectApplication, Evaluation, Complaint):
        model_admin = django_admin.site._registry[model]
        request.user = make_user(f"dg_{model._meta.model_name}", "cadre", org_tree.dagu)
        assert (
            not model_admin.get_queryset(request)
            .filter(org_path__startswith=org_tree.xinhe.path)
            .exists()
        )
        request.user = make_user(f"bh_{model._meta.model_name}", "cadre", org_tree.district)
        assert model_admin.get_queryset(request).exists()
