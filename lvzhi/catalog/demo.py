"""The seed catalogs for `lvzhi demo`: Binhai's women's federation (BH-FL) and federation
of trade unions (BH-GH), imported, their proposed repairs accepted, and published.
Idempotent: an organization that already has a published catalog is left alone. Process
templates are derived by lvzhi.processes.demo.load_process_demo (processes is above catalog)."""

from pathlib import Path

from lvzhi.orgs.models import Organization

from . import rules, services
from .models import CatalogVersion, Decision

SEEDS = Path(__file__).resolve().parent / "seeds"
SEED_CATALOGS = (("BH-FL", "binhai_fulian.txt"), ("BH-GH", "binhai_zonggonghui.txt"))


def load_seed_catalogs(actor, *, publish=None) -> dict[str, int]:
    """Item counts of the published seed catalogs, by organization code. ``publish`` is the
    service that publishes a draft (default: the catalog's own); processes passes its
    ``catalog_version_publish`` so the items' templates are derived too."""
    publish = publish or services.version_publish
    published = {}
    for code, filename in SEED_CATALOGS:
        organization = Organization.objects.filter(code=code).first()
        if organization is None:
            continue
        version = CatalogVersion.objects.filter(
            catalog__organization=organization, status="published"
        ).first()
        if version is None:
            version = services.catalog_import(
                actor=actor,
                organization=organization,
                data=(SEEDS / filename).read_bytes(),
                filename=filename,
            )
            # the proposed repairs, not the optional ones (whose default keeps the source:
            # the index name, both blocks of a field given twice)
            pending = version.findings.exclude(repair="").filter(decision=Decision.PENDING)
            for finding in pending.exclude(repair__in=rules.OPTIONAL_REPAIRS):
                services.finding_decide(actor=actor, finding=finding, accept=True)
            version = publish(actor=actor, version=version)
        published[code] = version.items.count()
        _messages(actor, version)
    return published


# (days ago it came in, text, answered): one answered, one within its deadline, one late
DEMO_MESSAGES = (
    (40, "去年申请的困难妇女救助，什么时候能有结果？", True),
    (30, "单位拖欠女职工产假工资，应该向哪个部门反映？", False),
    (1, "社区妇女之家周末能否开放？希望增加亲子活动。", False),
)


def _messages(actor, version) -> None:
    """Supervision messages about the first items of a published seed catalog (once)."""
    import datetime as dt

    from django.utils import timezone

    from . import messages
    from .models import SupervisionMessage

    organization = version.catalog.organization
    if SupervisionMessage.objects.filter(organization=organization).exists():
        return
    items = list(version.items.order_by("id")[: len(DEMO_MESSAGES)])
    for index, (item, (days, text, answered)) in enumerate(zip(items, DEMO_MESSAGES, strict=False)):
        message, _code = messages.message_send(
            actor=actor,
            item=item,
            text=text,
            client_address=f"demo-{organization.code}-{index}",
            now=timezone.now() - dt.timedelta(days=days),
        )
        if answered:
            messages.message_answer(
                actor=actor, message=message, answer="已转相关部门办理，本周内电话答复您。"
            )
