"""The demo loader's social projects: organization accounts (demo logins), a closed batch
with a finished project in the ledger, one under way and one refused with its reason, and
an open batch with applications waiting and one returned for revision (退回修改) with its
reason; written through the services; a second run adds nothing."""

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
    assert result["project_batches"] == 2 and result["project_applications"] == 6
    assert [a["username"] for a in result["accounts"]] == ["so_user", "so_user2", "so_user3"]
    statuses = sorted(ProjectApplication.objects.values_list("status", flat=True))
    assert statuses == ["completed", "midterm", "rejected", "returned", "review", "submitted"]
    returned = ProjectApplication.objects.get(status="returned")
    assert returned.return_reason == "请补充分月预算测算依据和热线值守人员安排"
    assert returned.organization.accounts.filter(user__username="so_user3").exists()
    assert returned.verdicts[-1]["outcome"] == "returned"
    assert returned.case.status == "open" and returned.case.events.filter(kind="returned").exists()
    done = ProjectApplication.objects.get(status="completed")
    entry = LedgerEntry.objects.get(pk=done.ledger_entry_id)
    assert entry.kind == "project_result" and "满意度" in entry.content
    assert ProjectDocument.objects.filter(kind="plan").count() == 6
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
