"""The demo loader's social projects: organization accounts (demo logins), a closed batch
with a finished project in the ledger, one under way and one refused with its reason, and
an open batch with applications waiting; written through the services; a second run adds
nothing."""

from lvzhi.socialorgs.demo import load_socialorgs_demo
from lvzhi.socialorgs.models import LedgerEntry
from lvzhi.socialorgs.projects import selectors
from lvzhi.socialorgs.projects.models import (
    OrganizationAccount,
    ProjectApplication,
    ProjectBatch,
    ProjectDocument,
)


def test_demo_projects(org_tree, admin_user):
    result = load_socialorgs_demo()
    assert result["project_batches"] == 2 and result["project_applications"] == 5
    assert [a["username"] for a in result["accounts"]] == ["so_user", "so_user2", "so_user3"]
    statuses = sorted(ProjectApplication.objects.values_list("status", flat=True))
    assert statuses == ["completed", "midterm", "rejected", "review", "submitted"]
    done = ProjectApplication.objects.get(status="completed")
    entry = LedgerEntry.objects.get(pk=done.ledger_entry_id)
    assert entry.kind == "project_result" and "满意度" in entry.content
    assert ProjectDocument.objects.filter(kind="plan").count() == 5
    so_user = OrganizationAccount.objects.get(user__username="so_user").user
    assert so_user.check_password("lvzhi-demo-2026")
    mine = selectors.own_applications(so_user)
    assert {a.organization_id for a in mine} == {
        OrganizationAccount.objects.get(user=so_user).organization_id
    }
    assert [b.title for b in selectors.open_batches_for(so_user)] == [
        ProjectBatch.objects.order_by("-id").first().title
    ]
    again = load_socialorgs_demo()
    assert again.get("project_batches", 0) == 0 and ProjectBatch.objects.count() == 2
