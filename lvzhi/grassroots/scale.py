"""四新 organizations at scale, for the blank-spot and coverage benchmark.

``generate_sixin(count=200_000)`` spreads 四新 organizations over an existing scale tree
(made by ``lvzhi.orgs.scale.generate``; the newest ``SCALE-<preset>-<run>`` root unless one
is given): each is registered at a women's federation of the county or township level,
with fixed staff and female staff drawn so that about a third call for a standalone
federation (R-OR-01, the rule-set threshold), half have a party organization, and about
40 % are already covered by a federation of the same subtree. ``expected_form`` is the
rule's answer, as the service stores it. Written with ``bulk_create`` in batches; one
audit event (the summary). Running again adds more under the same root.
"""

import random
import time

from django.db import transaction

from lvzhi.core.scopes import PATH_END
from lvzhi.core.services import audit
from lvzhi.orgs.models import Level, Organization, System

from .models import Category, SixinOrganization
from .rules import expected_form, param

BATCH = 5_000
CATEGORIES = list(Category.values)


def _root(root_code: str | None) -> Organization:
    roots = Organization.objects.filter(depth=1, code__startswith="SCALE-")
    if root_code:
        roots = roots.filter(code=root_code)
    root = roots.order_by("-path").first()
    if root is None:
        raise LookupError("没有规模测试组织树：先运行 lvzhi scale 或 benchmarks/run.py")
    return root


def generate_sixin(*, root_code: str | None = None, count: int, seed: int = 1, progress=None):
    """Add ``count`` 四新 organizations under the scale root; returns counts and seconds."""
    started = time.perf_counter()
    rng = random.Random(seed)
    root = _root(root_code)
    keepers = list(
        Organization.objects.filter(
            path__gte=root.path,
            path__lt=root.path + PATH_END,
            system=System.WOMEN,
            level__in=[Level.COUNTY, Level.TOWNSHIP],
        )
        .order_by("path")
        .values_list("pk", "path")
    )
    if not keepers:
        raise LookupError("规模测试组织树中没有县级或乡镇级妇联")
    # A covering federation is one of the keeper's own villages or the keeper itself.
    villages = {}
    for pk, path in Organization.objects.filter(
        path__gte=root.path,
        path__lt=root.path + PATH_END,
        system=System.WOMEN,
        level=Level.VILLAGE,
    ).values_list("pk", "path"):
        villages.setdefault(path[:-4], []).append(pk)
    minimum = param("R-OR-01", "female_staff_min")
    written = 0
    while written < count:
        rows = []
        for index in range(written, min(count, written + BATCH)):
            keeper_pk, keeper_path = rng.choice(keepers)
            female = rng.randrange(minimum // 3, minimum * 2)
            party = rng.random() < 0.5
            covered_by = None
            if rng.random() < 0.4:
                covered_by = rng.choice(villages.get(keeper_path) or [keeper_pk])
            rows.append(
                SixinOrganization(
                    organization_id=keeper_pk,
                    org_path=keeper_path,
                    name=f"规模四新组织{seed}-{index}",
                    category=rng.choice(CATEGORIES),
                    fixed_staff=female + rng.randrange(0, 80),
                    fixed_female_staff=female,
                    has_party_organization=party,
                    covered_by_id=covered_by,
                    expected_form=expected_form(
                        fixed_female_staff=female, has_party_organization=party
                    ),
                )
            )
        with transaction.atomic():
            SixinOrganization.objects.bulk_create(rows, batch_size=1000)
        written += len(rows)
        if progress:
            progress(f"  四新组织 {written:,} / {count:,}")
    seconds = round(time.perf_counter() - started, 1)
    audit(
        actor=None,
        action="generate_sixin",
        obj=root,
        organization=root,
        changes={"count": count, "seconds": seconds},
    )
    return {"count": count, "seconds": seconds, "root": root}
