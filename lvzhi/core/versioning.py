"""One version lifecycle for every versioned thing (duty catalogs, process templates, and
the rule sets and indicator sets of the modules to come): draft → published →
superseded, numbered within a series, one published version per series, publishing with
an audit event, and the differences between two versions.

- ``VersionedModel``: the abstract model (``number``, ``status``, ``published_at``,
  ``published_by``); a concrete model names its series in ``SERIES_FIELD`` (the foreign
  key whose versions form one series, e.g. ``"catalog"``) and keeps its own partial
  unique constraint "one published version per series".
- ``publish(actor=, version=, organization=)``: inside the caller's transaction, the
  series' published version becomes superseded and the draft published, each by a
  conditional UPDATE (``WHERE status = …``): a second publish of the same draft, or a
  publish racing another one, changes nothing and answers a clear message. Both steps
  are audited. The caller validates its own content first (findings, steps).
- ``diff_rows(old, new)``: added, removed and changed rows between two versions given as
  ``{key: {field: value}}`` (a pure function).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.services import audit


class VersionStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("草稿")
    PUBLISHED = "published", gettext_lazy("已发布")
    SUPERSEDED = "superseded", gettext_lazy("已替代")


class VersionedModel(models.Model):
    """Number, status and publication of one version in a series (``SERIES_FIELD``)."""

    SERIES_FIELD = ""

    number = models.PositiveIntegerField(gettext_lazy("版本号"))
    status = models.CharField(
        gettext_lazy("状态"),
        max_length=20,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
    )
    published_at = models.DateTimeField(gettext_lazy("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("发布人"),
    )

    class Meta:
        abstract = True

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def series_filter(self) -> dict:
        """The lookup of this version's series: ``{"catalog_id": 7}``."""
        field = self._meta.get_field(self.SERIES_FIELD)
        return {field.attname: getattr(self, field.attname)}


def next_number(versions) -> int:
    """The number of a new version in a series (``versions``: the series' queryset)."""
    return (versions.aggregate(n=Max("number"))["n"] or 0) + 1


# The audit records the statuses in Chinese whatever the request's language, as it always has.
_AUDIT_LABELS = {"draft": "草稿", "published": "已发布", "superseded": "已替代"}


def _labels(*statuses) -> list[str]:
    return [_AUDIT_LABELS[status] for status in statuses]


def publish(*, actor, version: VersionedModel, organization, changes: dict | None = None):
    """Publish the draft ``version`` and supersede the series' published version, audited.

    ``changes`` adds to the publish event's changes (e.g. the item count). Raises
    ValidationError, changing nothing, when ``version`` is no longer a draft in the
    database (published meanwhile by someone else) or the published version moved."""
    model = type(version)
    now = timezone.now()
    user = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        previous = (
            model.objects.filter(**version.series_filter(), status=VersionStatus.PUBLISHED)
            .exclude(pk=version.pk)
            .first()
        )
        if previous is not None:
            moved = model.objects.filter(pk=previous.pk, status=VersionStatus.PUBLISHED).update(
                status=VersionStatus.SUPERSEDED, updated_at=now
            )
            if moved != 1:
                raise ValidationError(_("已发布版本刚被他人更新，请刷新后重试"))
            previous.status, previous.updated_at = VersionStatus.SUPERSEDED, now
            audit(
                actor=actor,
                action="supersede",
                obj=previous,
                organization=organization,
                changes={"status": _labels(VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)},
            )
        published = model.objects.filter(pk=version.pk, status=VersionStatus.DRAFT).update(
            status=VersionStatus.PUBLISHED, published_at=now, published_by=user, updated_at=now
        )
        if published != 1:
            raise ValidationError(_("该版本已不是草稿（可能刚被他人发布），请刷新后查看"))
        version.status, version.published_at = VersionStatus.PUBLISHED, now
        version.published_by, version.updated_at = user, now
        audit(
            actor=actor,
            action="publish",
            obj=version,
            organization=organization,
            changes={
                "status": _labels(VersionStatus.DRAFT, VersionStatus.PUBLISHED),
                **(changes or {}),
            },
        )
    return version


def diff_rows(old: dict, new: dict) -> dict:
    """Differences between two versions given as {key: {field: value}}: keys added,
    removed, and changed fields (field → [old, new])."""
    added = [key for key in new if key not in old]
    removed = [key for key in old if key not in new]
    changed = {}
    for key, values in new.items():
        if key not in old:
            continue
        fields = {
            name: [old[key].get(name, ""), value]
            for name, value in values.items()
            if old[key].get(name, "") != value
        }
        if fields:
            changed[key] = fields
    return {"added": added, "removed": removed, "changed": changed}
