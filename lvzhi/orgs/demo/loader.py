"""``load_demo()``: writes the demo district through the services, idempotently."""

import random
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from lvzhi.core.models import AuditEvent, Role, RoleAssignment
from lvzhi.core.roles import ensure_default_roles
from lvzhi.core.services import audit

from ..models import (
    Department,
    Kind,
    Level,
    Organization,
    PartyOrganization,
    Person,
    Position,
    Region,
    System,
    Term,
    Title,
)
from ..services import (
    department_create,
    organization_create,
    organization_update,
    party_organization_create,
    person_update,
    term_create,
)
from .data import (
    ACCOUNTS,
    BINHAI_TOWNSHIPS,
    DEMO_PASSWORD,
    DEMO_URL,
    FL_DEPARTMENTS,
    GH_DEPARTMENTS,
    SEED,
)
from .people import add_committees
from .tree import Node, party_name, term_plan, tree


@dataclass
class Summary:
    accounts: list = field(default_factory=list)
    created: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0

    def bump(self, name: str, by: int = 1) -> None:
        self.created[name] = self.created.get(name, 0) + by

    def as_dict(self) -> dict:
        return {
            "url": DEMO_URL,
            "password": DEMO_PASSWORD,
            "accounts": self.accounts,
            "created": self.created,
            "counts": self.counts,
            "seconds": round(self.seconds, 2),
        }


def _regions(summary: Summary) -> dict[str, Region]:
    specs = [
        ("120000", "天津市", Level.PROVINCE, None),
        ("120116", "滨海新区", Level.COUNTY, "120000"),
    ]
    specs += [(code[:9], name, Level.TOWNSHIP, "120116") for name, code in BINHAI_TOWNSHIPS]
    regions = {r.code: r for r in Region.objects.filter(code__in=[s[0] for s in specs])}
    for code, name, level, parent in specs:
        if code not in regions:
            regions[code] = Region.objects.create(
                code=code, name=name, level=level, parent=regions.get(parent)
            )
            summary.bump("regions")
    return regions


def _organizations(actor, nodes, regions, summary) -> dict[str, Organization]:
    existing = {o.code: o for o in Organization.objects.filter(code__in=[n.code for n in nodes])}
    # Siblings are added in name order, so they list in a stable, readable order.
    order = {n.code: (n.parent is not None, n.name) for n in nodes}
    by_parent: dict[str | None, list[Node]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent, []).append(node)

    def add(parent_code):
        for node in sorted(by_parent.get(parent_code, []), key=lambda n: order[n.code]):
            if node.code not in existing:
                parent = existing[node.parent] if node.parent else None
                if parent is not None:
                    parent.refresh_from_db()
                existing[node.code] = organization_create(
                    actor=actor,
                    parent=parent,
                    name=node.name,
                    short_name=node.short_name,
                    code=node.code,
                    kind=node.kind,
                    level=node.level,
                    region=regions.get(node.region) if node.region else None,
                    address=node.address,
                    phone=node.phone,
                    established_on=node.established_on,
                )
                summary.bump("organizations")
            add(node.code)

    add(None)
    # Read the paths back from the database before copying them into org_path anywhere.
    return {o.code: o for o in Organization.objects.filter(code__in=[n.code for n in nodes])}


def _departments(actor, orgs, summary) -> None:
    for code, specs in (("BH-FL", FL_DEPARTMENTS), ("BH-GH", GH_DEPARTMENTS)):
        org = orgs[code]
        have = set(Department.objects.filter(organization=org).values_list("name", flat=True))
        for order, (name, duties) in enumerate(specs, start=1):
            if name not in have:
                department_create(
                    actor=actor,
                    organization=org,
                    name=name,
                    responsibilities=duties,
                    sort_order=order,
                )
                summary.bump("departments")


def _party_organizations(actor, nodes, orgs, summary) -> dict[str, PartyOrganization]:
    existing = {
        (p.organization_id, p.name): p
        for p in PartyOrganization.objects.filter(organization__in=list(orgs.values()))
    }
    parties = {}
    for node in nodes:
        name = party_name(node)
        if name is None:
            continue
        org = orgs[node.code]
        party = existing.get((org.pk, name))
        if party is None:
            party = party_organization_create(actor=actor, organization=org, name=name)
            summary.bump("party_organizations")
        parties[node.code] = party
        if org.party_organization_id is None:
            orgs[node.code] = organization_update(
                actor=actor, organization=org, party_organization=party
            )
    return parties


def _terms(actor, nodes, orgs, summary) -> dict[str, Term]:
    existing = {
        (t.organization_id, t.number): t
        for t in Term.objects.filter(organization__in=list(orgs.values()))
    }
    current = {}
    for node in nodes:
        rng = random.Random(f"{SEED}-term-{node.code}")
        org = orgs[node.code]
        for number, start, end in term_plan(node, rng):
            term = existing.get((org.pk, number))
            if term is None:
                term = term_create(
                    actor=actor, organization=org, number=number, start_date=start, end_date=end
                )
                summary.bump("terms")
            current[node.code] = term
    return current


def _accounts(admin, admin_created, orgs, parties, summary) -> None:
    User = get_user_model()
    roles = {r.code: r for r in Role.objects.all()}
    password = None  # hashed once, and only if needed: PBKDF2 is slow on purpose
    for username, display, role_code, org_code, descendants, dept_name in ACCOUNTS:
        org = orgs[org_code]
        if username == "admin":
            user, created = admin, admin_created
        else:
            user, created = User.objects.get_or_create(username=username)
        if created:
            password = password or make_password(DEMO_PASSWORD)
            user.password = password
            user.first_name = display
            user.is_staff = username == "admin"
            user.is_superuser = username == "admin"
            user.save()
            summary.bump("users")
        department = Department.objects.get(organization=org, name=dept_name) if dept_name else None
        assignment, made = RoleAssignment.objects.get_or_create(
            user=user,
            role=roles[role_code],
            organization=org,
            defaults={"include_descendants": descendants, "department": department},
        )
        if made:
            audit(
                actor=admin,
                action="create",
                obj=assignment,
                organization=org,
                changes={
                    "user": [None, username],
                    "role": [None, roles[role_code].name],
                    "include_descendants": [None, descendants],
                    "department": [None, dept_name],
                },
            )
            summary.bump("role_assignments")
        village_chair = role_code == Role.CADRE and org.level == Level.VILLAGE
        if (role_code == Role.MEMBER or village_chair) and not hasattr(user, "person"):
            people = Person.objects.filter(organization=org, user__isnull=True)
            if village_chair:  # the chair of her community's committee
                people = people.filter(positions__organization=org, positions__title=Title.CHAIR)
            else:
                people = people.filter(positions__title=Title.MEMBER)
            person = people.order_by("id").first()
            if person is not None:
                person_update(actor=admin, person=person, user=user)
                if not user.first_name:
                    user.first_name = person.name
                    user.save(update_fields=["first_name"])
        if role_code == Role.PARTY_APPROVER:
            party = parties.get(org_code)
            if party is not None and not party.approvers.filter(pk=user.pk).exists():
                party.approvers.add(user)
                audit(
                    actor=admin,
                    action="update",
                    obj=party,
                    organization=org,
                    changes={"approvers": [None, username]},
                )
        summary.accounts.append(
            {
                "username": username,
                "role": roles[role_code].name,
                "role_code": role_code,
                "organization": org.name if role_code != Role.PLATFORM_ADMIN else "全平台",
                "organization_code": org.code,
                "include_descendants": descendants,
                "department": dept_name or "",
                "password": DEMO_PASSWORD,
                "created": created,
            }
        )


def _admin_user():
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "first_name": "平台管理员"},
    )
    if not created and not admin.is_superuser:
        raise RuntimeError("账号 admin 已存在但不是超级管理员，无法以其身份加载演示数据")
    return admin, created


def _counts(nodes) -> dict:
    codes = [n.code for n in nodes]
    orgs = Organization.objects.filter(code__in=codes)
    org_ids = list(orgs.values_list("id", flat=True))
    return {
        "organizations": len(org_ids),
        "townships": orgs.filter(level=Level.TOWNSHIP, system=System.WOMEN).count(),
        "villages": orgs.filter(level=Level.VILLAGE, system=System.WOMEN).count(),
        "small_units": orgs.filter(kind__in=[Kind.WOMEN_GROUP, Kind.MICRO_HOME]).count(),
        "unions": orgs.filter(system=System.UNION).count(),
        "departments": Department.objects.filter(organization_id__in=org_ids).count(),
        "party_organizations": PartyOrganization.objects.filter(
            organization_id__in=org_ids
        ).count(),
        "terms": Term.objects.filter(organization_id__in=org_ids).count(),
        "people": Person.objects.filter(organization_id__in=org_ids).count(),
        "positions": Position.objects.filter(organization_id__in=org_ids).count(),
        "regions": Region.objects.filter(code__startswith="120").count(),
        "audit_events": AuditEvent.objects.count(),
    }


def load_demo() -> Summary:
    """Create (or complete) the demo district and its accounts; returns what it did."""
    started = time.perf_counter()
    summary = Summary()
    with transaction.atomic():
        ensure_default_roles(Role)
        admin, admin_created = _admin_user()
        nodes = tree()
        regions = _regions(summary)
        orgs = _organizations(admin, nodes, regions, summary)
        _departments(admin, orgs, summary)
        parties = _party_organizations(admin, nodes, orgs, summary)
        terms = _terms(admin, nodes, orgs, summary)
        add_committees(admin, nodes, orgs, terms, summary)
        _accounts(admin, admin_created, orgs, parties, summary)
        summary.counts = _counts(nodes)
    summary.seconds = time.perf_counter() - started
    return summary
