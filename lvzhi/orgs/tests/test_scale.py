"""`lvzhi generate_scale`: bulk-built trees whose treebeard fields, regions, scopes and
members are as correct as those the services write."""

import io
import json
import random

import pytest
from django.core.management import call_command

from lvzhi.core.models import AuditEvent
from lvzhi.core.pii import blind_index
from lvzhi.orgs import rules, scale, services
from lvzhi.orgs.models import Kind, Level, Organization, Person, Position, Region, Term, Title

NO_PROBLEMS = ([], [], [], [], [])


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def tree_problems():
    """find_problems()'s checks in one query (it runs two per node)."""
    rows = list(Organization.objects.values_list("path", "depth", "numchild"))
    paths = {path for path, _, _ in rows}
    children = {}
    for path, _, _ in rows:
        children[path[:-4]] = children.get(path[:-4], 0) + 1
    return [
        path
        for path, depth, numchild in rows
        if len(path) % 4
        or depth != len(path) // 4
        or numchild != children.get(path, 0)
        or (depth > 1 and path[:-4] not in paths)
    ]


def subtree_ids(org):
    return {org.pk} | set(Organization.objects.get_descendants(org).values_list("pk", flat=True))


def test_split_shares_the_total():
    rng = random.Random(5)
    counts = scale.split(25_000, 1_500, rng)
    assert sum(counts) == 25_000 and len(counts) == 1_500
    assert min(counts) >= 1 and max(counts) < 3 * 25_000 / 1_500
    assert scale.split(3, 5, rng) == [1, 1, 1, 1, 1]  # at least one each


@pytest.mark.django_db
def test_district_preset_builds_a_sound_tree():
    result = scale.generate("district", seed=3)
    assert result.counts["organizations"] == 321
    assert (result.counts["county"], result.counts["township"], result.counts["village"]) == (
        1,
        20,
        300,
    )
    root = Organization.objects.get(code=result.root_code)
    assert root.code == "SCALE-district-1" and root.depth == 1 and root.level == Level.COUNTY
    assert Organization.objects.find_problems() == NO_PROBLEMS
    assert tree_problems() == []
    townships = list(Organization.objects.get_children(root))
    assert len(townships) == 20 == root.numchild
    assert [t.name for t in townships] == sorted(t.name for t in townships)
    assert Organization.objects.get_descendants(root).count() == 320
    township = townships[0]
    villages = list(Organization.objects.get_children(township))
    assert len(villages) == township.numchild > 0
    assert Organization.objects.get_parent(villages[0]) == township
    assert {v.level for v in villages} == {Level.VILLAGE}
    assert all(v.region.parent_id == township.region_id for v in villages)
    assert len(township.region.code) == 9 and len(villages[0].region.code) == 12
    org = Organization.objects.filter(level=Level.VILLAGE).first()
    assert org.search_text == services.organization_search_text(org)
    assert not Organization.objects.filter(region__isnull=True).exists()
    assert AuditEvent.objects.get(action="generate_scale").changes["counts"]["village"] == 300


@pytest.mark.django_db
def test_treebeard_and_services_keep_working(make_user):
    result = scale.generate("district", seed=4)
    root = Organization.objects.get(code=result.root_code)
    township = Organization.objects.get_children(root).last()
    admin = make_user("root", is_superuser=True)
    added = services.organization_create(
        actor=admin,
        parent=township,
        name="阿新村妇女联合会",
        code="SCALE-extra-1",
        kind=Kind.LOCAL_FEDERATION,
    )
    assert added.depth == township.depth + 1 and added.path.startswith(township.path)
    assert added.level == Level.VILLAGE
    fresh_root = Organization.objects.add_root(
        instance=Organization(
            name="另一棵树",
            code="OTHER-ROOT",
            system="fl",
            kind=Kind.LOCAL_FEDERATION,
            level=Level.PROVINCE,
        )
    )
    assert fresh_root.depth == 1
    assert tree_problems() == []
    assert Organization.objects.get_descendants(Organization.objects.get(pk=root.pk)).count() == 321


@pytest.mark.django_db
def test_restrict_on_a_county_is_exactly_its_subtree(org_tree, make_user):
    first = Organization.objects.get(code=scale.generate("district", seed=5).root_code)
    second = Organization.objects.get(code=scale.generate("district", seed=6).root_code)
    assert second.code == "SCALE-district-2"
    county_cadre = make_user("county", "cadre", first)
    visible = set(Organization.objects.restrict(county_cadre, "view").values_list("pk", flat=True))
    assert visible == subtree_ids(first) and len(visible) == 321
    township = Organization.objects.get_children(second)[3]
    township_cadre = make_user("township", "cadre", township)
    visible = set(
        Organization.objects.restrict(township_cadre, "view").values_list("pk", flat=True)
    )
    assert visible == subtree_ids(township)
    assert tree_problems() == []


@pytest.mark.django_db
def test_townships_file_gives_real_names(tmp_path):
    data = {
        "120116000000": {
            "county": "滨海新区",
            "townships": {
                "杭州道街道": "120116005000",
                "新河街道": "120116006000",
                "中塘镇": "120116107000",
            },
        },
        "130102000000": {"county": "长安区", "townships": {"建北街道": "130102001000"}},
    }
    path = tmp_path / "townships.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command(
        "generate_scale",
        "--preset",
        "district",
        "--townships",
        str(path),
        "--county",
        "120116",
        "--json",
        stdout=out,
    )
    summary = json.loads(out.getvalue())
    assert summary["counts"]["township"] == 3
    root = Organization.objects.get(code=summary["root_code"])
    assert root.name == "滨海新区妇女联合会（规模测试1）" and root.region.code == "120116"
    names = set(Organization.objects.get_children(root).values_list("name", flat=True))
    assert names == {"杭州道街道妇女联合会", "新河街道妇女联合会", "中塘镇妇女联合会"}
    assert Region.objects.get(code="120116006").name == "新河街道"
    assert Region.objects.get(code="120116").parent.code == "120100"
    xinhe = Organization.objects.get(code=f"{root.code}-120116006")
    assert all(
        name.endswith("社区妇女联合会")
        for name in Organization.objects.get_children(xinhe).values_list("name", flat=True)
    )

    out = io.StringIO()
    call_command("generate_scale", "--preset", "province", "--townships", str(path), stdout=out)
    assert "SCALE-province-1" in out.getvalue()
    province = Organization.objects.get(code="SCALE-province-1")
    assert province.name.startswith("天津市妇女联合会")
    cities = Organization.objects.get_children(province)
    assert [c.level for c in cities] == [Level.CITY]
    county = Organization.objects.get_children(cities[0]).get()
    assert county.name == "滨海新区妇女联合会" and county.numchild == 3
    assert tree_problems() == []


@pytest.mark.django_db
def test_members_are_valid_and_unique():
    result = scale.generate("district", seed=7, members=3)
    assert result.counts["people"] == 900 and result.counts["positions"] == 900
    assert result.counts["terms"] == 300
    people = list(Person.objects.all())
    assert len({p.id_number_hash for p in people}) == 900
    for person in people[::37]:
        assert rules.normalize_id_number(person.id_number) == person.id_number
        assert person.id_number_hash == blind_index(person.id_number)
        assert rules.check_person_identity(person.id_number, person.birth_date, person.gender) == {}
        assert rules.normalize_phone(person.phone) == person.phone
        assert person.org_path == person.organization.path
    village = Organization.objects.filter(level=Level.VILLAGE).first()
    titles = sorted(Position.objects.filter(organization=village).values_list("title", flat=True))
    assert titles == sorted([Title.CHAIR, Title.VICE_CHAIR, Title.MEMBER])
    assert Term.objects.get(organization=village).positions.count() == 3
    again = scale.generate("district", seed=7, members=1)  # a second run: new IDs, no clash
    assert again.counts["regions_created"] == 0
    assert Person.objects.exclude(id_number_hash="").count() == 1200
