"""The shared version lifecycle (lvzhi.core.versioning), on both of its series: catalog
versions and process template versions."""

import pytest
from django.core.exceptions import ValidationError

from lvzhi.catalog.models import Catalog, CatalogVersion
from lvzhi.core import versioning
from lvzhi.core.models import AuditEvent
from lvzhi.core.versioning import VersionStatus
from lvzhi.processes.models import ProcessTemplate, ProcessTemplateVersion


def _catalog_series(org):
    catalog = Catalog.objects.create(organization=org, org_path=org.path, title="职责目录")

    def new_version():
        return CatalogVersion.objects.create(
            catalog=catalog, org_path=org.path, number=versioning.next_number(catalog.versions)
        )

    return new_version


def _template_series(org):
    template = ProcessTemplate.objects.create(organization=org, org_path=org.path, name="流程")

    def new_version():
        return ProcessTemplateVersion.objects.create(
            template=template, org_path=org.path, number=versioning.next_number(template.versions)
        )

    return new_version


SERIES = pytest.mark.parametrize("series", [_catalog_series, _template_series])


def _events(version, action):
    return AuditEvent.objects.filter(
        object_type=version._meta.label_lower, object_id=str(version.pk), action=action
    )


@SERIES
def test_publishing_twice_supersedes_the_first(series, org_tree, make_user):
    cadre = make_user("cadre", "cadre", org_tree.district)
    new_version = series(org_tree.district)
    first = new_version()
    versioning.publish(actor=cadre, version=first, organization=org_tree.district)
    second = new_version()
    assert (first.number, second.number) == (1, 2)
    versioning.publish(
        actor=cadre, version=second, organization=org_tree.district, changes={"items": [None, 3]}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (VersionStatus.SUPERSEDED, VersionStatus.PUBLISHED)
    assert second.published_by == cadre and second.published_at >= first.published_at
    assert type(first).objects.filter(status=VersionStatus.PUBLISHED).count() == 1
    published = _events(second, "publish").get()
    assert published.changes == {"status": ["草稿", "已发布"], "items": [None, 3]}
    assert published.org_path == org_tree.district.path and published.actor == cadre
    assert _events(first, "supersede").get().changes == {"status": ["已发布", "已替代"]}


@SERIES
def test_a_stale_second_publish_is_refused_and_changes_nothing(series, org_tree, make_user):
    """Two people press 发布 on the same draft: the second one's UPDATE finds no draft."""
    cadre = make_user("cadre", "cadre", org_tree.district)
    other = make_user("other", "cadre", org_tree.district)
    draft = series(org_tree.district)()
    mine = type(draft).objects.get(pk=draft.pk)
    theirs = type(draft).objects.get(pk=draft.pk)  # read before mine is published
    versioning.publish(actor=cadre, version=mine, organization=org_tree.district)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="已不是草稿"):
        versioning.publish(actor=other, version=theirs, organization=org_tree.district)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED and draft.published_by == cadre
    assert draft.published_at == mine.published_at
    assert AuditEvent.objects.count() == before


@SERIES
def test_a_superseded_version_stays_readable(series, org_tree, make_user):
    cadre = make_user("cadre", "cadre", org_tree.district)
    new_version = series(org_tree.district)
    first = new_version()
    versioning.publish(actor=cadre, version=first, organization=org_tree.district)
    published_at = first.published_at
    versioning.publish(actor=cadre, version=new_version(), organization=org_tree.district)
    readable = type(first).objects.restrict(cadre, "view").get(pk=first.pk)
    assert readable.status == VersionStatus.SUPERSEDED and not readable.is_draft
    assert readable.published_at == published_at and readable.published_by == cadre
    assert readable.number == 1


@SERIES
def test_a_version_that_is_not_a_draft_cannot_be_published(series, org_tree, make_user):
    cadre = make_user("cadre", "cadre", org_tree.district)
    new_version = series(org_tree.district)
    old = new_version()
    versioning.publish(actor=cadre, version=old, organization=org_tree.district)
    versioning.publish(actor=cadre, version=new_version(), organization=org_tree.district)
    old.refresh_from_db()
    with pytest.raises(ValidationError):
        versioning.publish(actor=cadre, version=old, organization=org_tree.district)
    old.refresh_from_db()
    assert old.status == VersionStatus.SUPERSEDED


def test_diff_rows_lists_added_removed_and_changed_fields():
    old = {"1.1": {"text": "甲", "basis": "法"}, "1.2": {"text": "乙"}}
    new = {"1.1": {"text": "甲", "basis": "新法"}, "1.3": {"text": "丙"}}
    assert versioning.diff_rows(old, new) == {
        "added": ["1.3"],
        "removed": ["1.2"],
        "changed": {"1.1": {"basis": ["法", "新法"]}},
    }
    assert versioning.diff_rows(new, new) == {"added": [], "removed": [], "changed": {}}
