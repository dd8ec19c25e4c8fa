"""Shapes of the /api/v1/processes/ resources.

Read serializers only read what the views loaded (``select_related`` / ``prefetch_related``),
so a list costs the same number of queries for 3 rows as for 50. Write serializers only
check shapes; scope, rules and the Chinese messages of bad input come from
``lvzhi.processes.services``.

One module per resource: ``templates`` (templates, versions, steps) and ``cases``
(cases, timeline, inbox, year plan).
"""

from .cases import (
    AssignSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CaseDetailSerializer,
    CaseEventSerializer,
    CaseSerializer,
    CaseStartSerializer,
    CaseStepSerializer,
    InboxStepSerializer,
    ReasonSerializer,
    StepConflictSerializer,
    TransitionSerializer,
    YearPlanResultSerializer,
    YearPlanSerializer,
)
from .templates import (
    DocumentSlotSerializer,
    ProcessTemplateSerializer,
    PublishRefusedSerializer,
    StepDefinitionSerializer,
    StepsReplaceSerializer,
    StepWriteSerializer,
    TemplateCreateSerializer,
    TemplateUpdateSerializer,
    TemplateVersionDetailSerializer,
    TemplateVersionSerializer,
    VersionBriefSerializer,
)

__all__ = [
    "AssignSerializer",
    "AttachmentSerializer",
    "AttachmentUploadSerializer",
    "CaseDetailSerializer",
    "CaseEventSerializer",
    "CaseSerializer",
    "CaseStartSerializer",
    "CaseStepSerializer",
    "DocumentSlotSerializer",
    "InboxStepSerializer",
    "ProcessTemplateSerializer",
    "PublishRefusedSerializer",
    "ReasonSerializer",
    "StepConflictSerializer",
    "StepDefinitionSerializer",
    "StepWriteSerializer",
    "StepsReplaceSerializer",
    "TemplateCreateSerializer",
    "TemplateUpdateSerializer",
    "TemplateVersionDetailSerializer",
    "TemplateVersionSerializer",
    "TransitionSerializer",
    "VersionBriefSerializer",
    "YearPlanResultSerializer",
    "YearPlanSerializer",
]
