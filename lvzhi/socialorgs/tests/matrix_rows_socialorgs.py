"""Authorization matrix rows of social organizations: pages, the duty document, public
pages and /api/v1/socialorgs/.

Each target federation gets, the first time a row asks, one organization filed at its
tier (with a key member), an adviser and a yearly duty with a document, written with the
ORM (no audit). The database, an organization's page, advisers, duties and the
disclosure gap are read like the federation (``readers``: the cadre her subtree, the other
roles their own organization); writes need the cadre's scope; the public pages answer
everyone."""

import datetime as dt

from django.urls import reverse

from lvzhi.core.tests.matrix import (
    CADRE_CREATES,
    CADRE_WRITES,
    CADRES,
    NOT_FOUND,
    OK,
    REFUSED_SUBTREE,
    SIGNED_IN,
    VIEWERS,
    api_read,
    api_write,
    by_relation,
    cadres,
    everyone,
    page,
    page_submit,
    readers,
    signed_in,
)

API = "/api/v1/socialorgs"
TIERS = {"village": "village", "township": "township", "county": "county"}
DELETED_SUBTREE = by_relation(204, NOT_FOUND, NOT_FOUND, 204)


def tier_of(o) -> str:
    return TIERS.get(o.level, "county")


def profile_of(o) -> dict:
    """A profile whose proposed tier is the target's own level (no reason needed)."""
    tier = tier_of(o)
    if tier == "village":
        return {"size": 20}
    if tier == "township":
        return {"size": 40, "notable_influence": True}
    return {"size": 80, "active": True}


def organization_of(o):
    if getattr(o, "_socialorg", None) is None:
        from lvzhi.socialorgs.models import KeyMember, SocialOrganization

        o._socialorg = SocialOrganization.objects.create(
            federation=o,
            org_path=o.path,
            name=f"{o.code}社会组织",
            kind="womens",
            service_field="volunteer",
            proposed_tier=tier_of(o),
            filed_tier=tier_of(o),
            filed_on=dt.date(2026, 3, 1),
            **profile_of(o),
        )
        o._key_member = KeyMember.objects.create(
            organization=o._socialorg,
            org_path=o.path,
            name="骨干成员",
            role="负责人",
            phone="13900001111",
        )
    return o._socialorg


def key_member_of(o):
    organization_of(o)
    return o._key_member


def adviser_of(o):
    if getattr(o, "_adviser", None) is None:
        from lvzhi.socialorgs.models import Adviser

        o._adviser = Adviser.objects.create(
            federation=o,
            org_path=o.path,
            name="顾问",
            kind="expert",
            expertise="社会工作",
            term_start=dt.date(2026, 1, 1),
        )
    return o._adviser


def duty_of(o):
    if getattr(o, "_duty", None) is None:
        import uuid

        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        from lvzhi.socialorgs.models import YearlyDuty

        name = default_storage.save(
            f"socialorgs/2026/{uuid.uuid4().hex}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n")
        )
        o._duty = YearlyDuty.objects.create(
            federation=o,
            org_path=o.path,
            kind="joint_meeting",
            year=2026,
            date=dt.date(2026, 4, 1),
            title="联席会议",
            document=name,
            document_name="纪要.pdf",
        )
    return o._duty


def _org_url(name, extra=""):
    return lambda o: reverse(name) + f"?org={o.pk}{extra}"


def _row_url(name, of=organization_of):
    return lambda o: reverse(name, args=[of(o).pk])


def filing(o) -> dict:
    flags = {k: "on" for k, v in profile_of(o).items() if v is True}
    return {
        "name": "矩阵新建组织",
        "kind": "self_formed",
        "service_field": "culture",
        "size": profile_of(o)["size"],
        "status": "active",
        **flags,
    }


def edit(o) -> dict:
    flags = {k: "on" for k, v in profile_of(o).items() if v is True}
    return {
        "name": f"{o.code}社会组织",
        "kind": "womens",
        "service_field": "family",
        "size": profile_of(o)["size"],
        "status": "dormant",
        **flags,
    }


def _page(name, *args, **kwargs):
    return page(f"socialorgs {name}", *args, **kwargs)


def _submit(name, *args, **kwargs):
    return page_submit(f"socialorgs {name}", *args, **kwargs)


def _api_read(name, *args, **kwargs):
    return api_read(f"socialorgs api {name}", *args, **kwargs)


def _api_write(name, *args, **kwargs):
    return api_write(f"socialorgs api {name}", *args, **kwargs)


SOCIALORGS_ROWS = [
    _page("database", _org_url("socialorgs:list"), VIEWERS),
    _page("database export", _org_url("socialorgs:list", "&format=xlsx"), VIEWERS),
    _page("filing page", _org_url("socialorgs:file"), CADRES),
    _submit("filing submit", _org_url("socialorgs:file"), CADRE_WRITES, data=filing),
    _submit(
        "filing preview",
        _org_url("socialorgs:file"),
        CADRES,
        data=lambda o: {**filing(o), "preview": "1"},
        writes=False,
    ),
    _page("detail", _row_url("socialorgs:detail"), VIEWERS),
    _page("yearly update page", _row_url("socialorgs:edit"), CADRES),
    _submit("yearly update submit", _row_url("socialorgs:edit"), CADRE_WRITES, data=edit),
    _page("refile page", _row_url("socialorgs:refile"), CADRES),
    _submit(
        "key member add",
        _row_url("socialorgs:member-add"),
        CADRE_WRITES,
        data=lambda o: {"name": "李娜", "role": "秘书长", "phone": "13700001234"},
    ),
    _submit("key member remove", _row_url("socialorgs:member-remove", key_member_of), CADRE_WRITES),
    _submit(
        "ledger add",
        _row_url("socialorgs:ledger-add"),
        CADRE_WRITES,
        data=lambda o: {"kind": "disclosure", "date": "2026-11-01", "title": "年度公示"},
    ),
    _page("advisers", _org_url("socialorgs:advisers"), VIEWERS),
    _submit(
        "adviser add",
        _org_url("socialorgs:advisers"),
        CADRE_WRITES,
        data=lambda o: {
            "name": "公益顾问",
            "kind": "public_benefit",
            "expertise": "法律",
            "term_start": "2026-01-01",
        },
    ),
    _page("duties", _org_url("socialorgs:duties", "&year=2026"), VIEWERS),
    _submit(
        "duty record",
        _org_url("socialorgs:duties", "&year=2026"),
        CADRE_WRITES,
        data=lambda o: {
            "kind": "joint_meeting",
            "date": "2026-11-02",
            "title": "社会组织联席会议",
            "participants": "12",
        },
    ),
    _page(
        "duty document",
        _row_url("socialorgs:duty-document", duty_of),
        readers(anonymous=NOT_FOUND),
    ),
    _page("disclosure gaps", _org_url("socialorgs:gaps"), VIEWERS),
    _page("civil affairs sync page", _org_url("socialorgs:sync"), CADRES),
    _submit(
        "civil affairs sync without a file",
        _org_url("socialorgs:sync"),
        cadres(REFUSED_SUBTREE),
        writes=False,
    ),
    _page("tier trial", lambda o: reverse("socialorgs:proposal") + "?size=30", SIGNED_IN),
    _page("public list", lambda o: reverse("socialorgs:public-list"), everyone(OK)),
    _page(
        "public list by area",
        lambda o: reverse("socialorgs:public-list") + f"?area={o.pk}",
        everyone(OK),
    ),
    _page("public organization", _row_url("socialorgs:public-detail"), everyone(OK)),
    _api_read("organizations", lambda o: f"{API}/organizations/?ancestor={o.pk}", SIGNED_IN),
    _api_read("organization", lambda o: f"{API}/organizations/{organization_of(o).pk}/", VIEWERS),
    _api_write(
        "organization file",
        "POST",
        lambda o: f"{API}/organizations/",
        CADRE_CREATES,
        data=lambda o: {
            "federation": o.pk,
            "name": "接口新建组织",
            "kind": "serving",
            "service_field": "family",
            **profile_of(o),
        },
    ),
    _api_write(
        "organization update",
        "PATCH",
        lambda o: f"{API}/organizations/{organization_of(o).pk}/",
        CADRES,
        data=lambda o: {"address": "新地址", "has_party_organization": True},
    ),
    _api_write(
        "organization refile unchanged",
        "POST",
        lambda o: f"{API}/organizations/{organization_of(o).pk}/refile/",
        cadres(REFUSED_SUBTREE),
        data=lambda o: {"federation": o.pk, "filed_tier": tier_of(o), "tier_reason": "核对"},
        writes=False,
    ),
    _api_write(
        "civil affairs sync without a file",
        "POST",
        lambda o: f"{API}/organizations/civil-affairs-sync/",
        cadres(REFUSED_SUBTREE),
        data=lambda o: {"federation": o.pk},
        writes=False,
    ),
    _api_read(
        "without disclosure",
        lambda o: f"{API}/organizations/without-disclosure/?federation={o.pk}",
        VIEWERS,
    ),
    _api_write(
        "proposal",
        "POST",
        lambda o: f"{API}/proposal/",
        signed_in(OK),
        data=lambda o: {"size": 50, "notable_influence": True, "active": True},
        writes=False,
    ),
    _api_read(
        "key members",
        lambda o: f"{API}/key-members/?organization={organization_of(o).pk}",
        SIGNED_IN,
    ),
    _api_write(
        "key member add",
        "POST",
        lambda o: f"{API}/key-members/",
        CADRE_CREATES,
        data=lambda o: {"organization": organization_of(o).pk, "name": "周敏", "role": "理事"},
    ),
    _api_write(
        "key member delete",
        "DELETE",
        lambda o: f"{API}/key-members/{key_member_of(o).pk}/",
        cadres(DELETED_SUBTREE),
    ),
    _api_read("ledger", lambda o: f"{API}/ledger/?ancestor={o.pk}", SIGNED_IN),
    _api_write(
        "ledger add",
        "POST",
        lambda o: f"{API}/ledger/",
        CADRE_CREATES,
        data=lambda o: {
            "organization": organization_of(o).pk,
            "kind": "major_event",
            "date": "2026-11-03",
            "title": "负责人变更",
        },
    ),
    _api_read("advisers", lambda o: f"{API}/advisers/?ancestor={o.pk}", SIGNED_IN),
    _api_read("adviser", lambda o: f"{API}/advisers/{adviser_of(o).pk}/", VIEWERS),
    _api_write(
        "adviser add",
        "POST",
        lambda o: f"{API}/advisers/",
        CADRE_CREATES,
        data=lambda o: {
            "federation": o.pk,
            "name": "专家",
            "kind": "expert",
            "expertise": "评估",
            "term_start": "2026-02-01",
        },
    ),
    _api_write(
        "adviser update",
        "PATCH",
        lambda o: f"{API}/advisers/{adviser_of(o).pk}/",
        CADRES,
        data=lambda o: {"affiliation": "某大学"},
    ),
    _api_read("duties", lambda o: f"{API}/duties/?ancestor={o.pk}", SIGNED_IN),
    _api_read("duty", lambda o: f"{API}/duties/{duty_of(o).pk}/", VIEWERS),
    _api_write(
        "duty record",
        "POST",
        lambda o: f"{API}/duties/",
        CADRE_CREATES,
        data=lambda o: {
            "federation": o.pk,
            "kind": "innovation_training",
            "date": "2026-11-04",
            "title": "创新培训",
            "participants": 30,
        },
    ),
    _api_read(
        "duty checklist",
        lambda o: f"{API}/duties/checklist/?federation={o.pk}&year=2026",
        VIEWERS,
    ),
    _api_read("public list", lambda o: f"{API}/public/?area={o.pk}", everyone(OK)),
    _api_read(
        "public organization",
        lambda o: f"{API}/public/{organization_of(o).pk}/",
        everyone(OK),
    ),
]
