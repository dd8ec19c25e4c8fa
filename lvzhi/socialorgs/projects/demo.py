"""Demo social projects in the demo district (滨海新区妇联, BH-FL), written through the
services after the demo organizations are filed:

- three organization accounts (demo logins ``so_user``, ``so_user2``, ``so_user3``, password
  the demo's): the district's 妇女儿童家庭服务协会 and the first two townships' 调解队;
- a batch published early this year, closed: one project finished (its results in the
  organization's ledger), one funded and under way (midterm report due), one not funded
  with its reason;
- this year's open batch: one application waiting to be accepted (``so_user``'s), one under
  review, and the refused hotline applied for again and returned for revision (退回修改)
  with its reason, waiting for ``so_user3`` to resubmit.
Moves on the case are made by ``bh_cadre`` when she exists (else ``admin``). Idempotent:
nothing is added once the district has a batch."""

import datetime as dt
import io
import secrets

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.periods import today_local
from lvzhi.orgs.demo.data import DEMO_PASSWORD
from lvzhi.orgs.models import Organization

from ..models import SocialOrganization
from . import services
from .models import ProjectBatch

DISTRICT = "BH-FL"
ACCOUNTS = (
    ("so_user", "滨海新区妇女儿童家庭服务协会"),
    ("so_user2", "巾帼调解队", 0),
    ("so_user3", "巾帼调解队", 1),
)


def _plan(name: str) -> SimpleUploadedFile:
    """A small Word document (the plan), made with python-docx."""
    import docx

    document = docx.Document()
    document.add_heading(name, level=1)
    document.add_paragraph("一、项目背景\n二、服务对象\n三、实施计划\n四、预期成效")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(f"{name}.docx", buffer.getvalue())


def _budget() -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    for row in (["科目", "金额（元）"], ["人员劳务", 12000], ["活动物料", 8000]):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("预算表.xlsx", buffer.getvalue())


def _organizations(district) -> list[SocialOrganization]:
    rows = SocialOrganization.objects.filter(
        org_path__gte=district.path, org_path__lt=district.path + "~", status="active"
    ).order_by("org_path", "id")
    found = []
    for spec in ACCOUNTS:
        name, index = spec[1], spec[2] if len(spec) > 2 else 0
        matches = [o for o in rows if o.name.endswith(name)]
        found.append(matches[index] if len(matches) > index else None)
    return found


def load_projects_demo(admin=None) -> dict:
    counts = {"project_batches": 0, "project_applications": 0, "accounts": []}
    district = Organization.objects.filter(code=DISTRICT).first()
    User = get_user_model()
    admin = admin or User.objects.filter(username="admin").first()
    if district is None or admin is None:
        return counts
    if ProjectBatch.objects.filter(federation=district).exists():
        return counts
    cadre = User.objects.filter(username="bh_cadre").first() or admin
    today = today_local()
    start = dt.date(today.year, 1, 1)

    def day(days_ago: int) -> dt.date:
        return max(today - dt.timedelta(days=days_ago), start)

    organizations = _organizations(district)
    users = []
    for (username, *_rest), organization in zip(ACCOUNTS, organizations, strict=True):
        if organization is None or User.objects.filter(username=username).exists():
            users.append(None)
            continue
        account = services.account_create(
            actor=admin,
            organization=organization,
            username=username,
            password=secrets.token_urlsafe(18) + "-Aa1",
            display_name=organization.name,
        )
        # the demo's published password, which the service's policy refuses, set as the
        # other demo accounts' is
        account.user.set_password(DEMO_PASSWORD)
        account.user.save(update_fields=["password"])
        users.append(account.user)
        counts["accounts"].append(
            {
                "username": username,
                "role": "社会组织用户",
                "role_code": "social_org_user",
                "organization": organization.name,
                "organization_code": district.code,
                "include_descendants": False,
                "department": "",
                "password": DEMO_PASSWORD,
                "created": True,
            }
        )

    def apply(user, batch, title, budget, when):
        application = services.application_submit(
            actor=user,
            batch=batch,
            title=title,
            budget=budget,
            plan=_plan(title),
            budget_file=_budget(),
            summary=f"{title}：面向辖区妇女儿童和家庭提供服务。",
            today=when,
        )
        counts["project_applications"] += 1
        return application

    def refresh(application):
        return (
            type(application)
            .objects.select_related("batch__federation", "case__current_step")
            .get(pk=application.pk)
        )

    closed = services.batch_create(
        actor=cadre,
        federation=district,
        title=f"{today.year}年上半年妇女儿童关爱社会化项目",
        content="面向留守儿童、困难妇女和家庭开展关爱服务、家庭教育指导和心理疏导。",
        budget="150000",
        eligibility="在滨海新区妇联及所属街镇妇联备案、状态活跃的社会组织",
        deadline=day(170),
        publish=True,
        today=day(200),
    )
    counts["project_batches"] += 1
    first, second, third = users[:3]
    if first is not None:
        done = apply(first, closed, "四点半课堂", "50000", day(180))
        done = services.application_accept(actor=cadre, application=done, today=day(165))
        services.application_review(
            actor=cadre, application=refresh(done), approve=True, note="方案完整", today=day(160)
        )
        services.application_decide(
            actor=cadre,
            application=refresh(done),
            approve=True,
            funded_amount="45000",
            today=day(155),
        )
        services.contract_record(
            actor=cadre, application=refresh(done), signed_on=day(150), today=day(150)
        )
        services.report_submit(
            actor=first, application=refresh(done), text="已开展课堂 40 次，服务 60 名儿童。"
        )
        services.report_accept(actor=cadre, application=refresh(done), today=day(60))
        services.report_submit(
            actor=first,
            application=refresh(done),
            text="开展课堂 86 次，服务儿童 72 名、家长 120 人次，家长满意度 96%。",
        )
        services.report_accept(actor=cadre, application=refresh(done), note="同意结项")
    if second is not None:
        going = apply(second, closed, "邻里调解进社区", "40000", day(178))
        going = services.application_accept(actor=cadre, application=going, today=day(165))
        services.application_review(
            actor=cadre, application=refresh(going), approve=True, today=day(160)
        )
        services.application_decide(
            actor=cadre,
            application=refresh(going),
            approve=True,
            funded_amount="36000",
            today=day(155),
        )
        services.contract_record(
            actor=cadre, application=refresh(going), signed_on=day(100), today=day(100)
        )
    if third is not None:
        refused = apply(third, closed, "妇女维权热线", "80000", day(175))
        refused = services.application_accept(actor=cadre, application=refused, today=day(165))
        services.application_review(
            actor=cadre,
            application=refresh(refused),
            approve=False,
            note="预算测算依据不足，请完善后参加下一批次",
        )
    current = services.batch_create(
        actor=cadre,
        federation=district,
        title=f"{today.year}年下半年家庭教育指导服务项目",
        content="在各街镇开展家庭教育讲座、亲子活动和个案指导。",
        budget="200000",
        eligibility="在滨海新区备案、状态活跃的社会组织；上年度第三方评估合格",
        deadline=today + dt.timedelta(days=30),
        publish=True,
        today=day(10),
    )
    counts["project_batches"] += 1
    if first is not None:
        apply(first, current, "亲子共读计划", "30000", today)
    if second is not None:
        reviewing = apply(second, current, "家庭教育讲师团", "60000", today)
        services.application_accept(actor=cadre, application=reviewing)
    if third is not None:
        again = apply(third, current, "妇女维权热线（第二期）", "60000", day(3))
        again = services.application_accept(actor=cadre, application=again, today=day(2))
        services.application_return(
            actor=cadre,
            application=refresh(again),
            reason="请补充分月预算测算依据和热线值守人员安排",
            today=day(1),
        )
    return counts
