"""Pure rules of processes: what a template needs before it is published, what a step
needs before it is completed, returned or approved, who is routed, and what counts as
overdue. Plain values in, messages (Chinese) out; no database."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lvzhi.core.files import EXTENSION_KINDS, SIGNATURES

STEPLEN = 4  # treebeard's path step: an ancestor's path is a prefix shorter by 4 per level
MAX_WORKDAYS = 250
ACTIONS_BY_KIND = {
    "action": ("complete",),
    "notice": ("complete",),
    "meeting": ("complete",),
    "review": ("approve", "return"),
}
# an attachment's allowed extensions and the first bytes of each (shared with every upload)
ATTACHMENT_EXTENSIONS = {
    ext: SIGNATURES[EXTENSION_KINDS[ext]]
    for ext in (".pdf", ".doc", ".xls", ".docx", ".xlsx", ".jpg", ".jpeg", ".png", ".txt")
}
ROLE_ACTOR_KINDS = ("org_role", "parent_role", "party")


@dataclass(frozen=True)
class StepSpec:
    """What the publish check needs of a step definition."""

    name: str
    kind: str
    actor_kind: str
    role_code: str = ""
    levels_up: int = 1
    duration_workdays: int = 5
    notice_workdays: int = 0
    has_department: bool = True


def template_errors(steps: list[StepSpec], known_roles: set[str]) -> list[str]:
    """Why a template version cannot be published (empty: it can)."""
    if not steps:
        return [_("流程至少需要一个环节")]
    errors = []
    for number, step in enumerate(steps, start=1):
        label = _("第%(n)d个环节") % {"n": number}
        if not step.name.strip():
            errors.append(_("%(step)s没有名称") % {"step": label})
        if step.kind not in ACTIONS_BY_KIND:
            errors.append(_("%(step)s的类型无效") % {"step": label})
        if not 1 <= step.duration_workdays <= MAX_WORKDAYS:
            errors.append(
                _("%(step)s的办理时限应为1至%(max)d个工作日") % {"step": label, "max": MAX_WORKDAYS}
            )
        if step.kind == "notice" and not 1 <= step.notice_workdays <= MAX_WORKDAYS:
            errors.append(_("%(step)s是公示环节，需要填写公示期（工作日）") % {"step": label})
        if step.actor_kind == "department" and not step.has_department:
            errors.append(_("%(step)s由部门办理，但模板和环节都没有指定部门") % {"step": label})
        if step.actor_kind in ("org_role", "parent_role") and step.role_code not in known_roles:
            errors.append(_("%(step)s需要选择办理角色") % {"step": label})
        if step.actor_kind == "parent_role" and not 1 <= step.levels_up <= 5:
            errors.append(_("%(step)s的上溯层级应为1至5") % {"step": label})
    return errors


def ancestor_path(path: str, levels_up: int) -> str | None:
    """The path of the organization ``levels_up`` levels above ``path`` (None above the
    root): a village's parent is its township, its grandparent the district."""
    length = len(path) - STEPLEN * levels_up
    return path[:length] if length >= STEPLEN else None


def documents_missing(documents: list[dict], attached_slots: set[str]) -> list[str]:
    """Names of the required documents of a step that have no attachment yet."""
    return [
        slot["name"]
        for slot in documents
        if slot.get("required", True)
        and not slot.get("reference")
        and slot["name"] not in attached_slots
    ]


def transition_errors(
    *,
    case_status: str,
    step_status: str,
    kind: str,
    action: str,
    reason: str = "",
    missing_documents: list[str] = (),
    notice_ends_on: dt.date | None = None,
    today: dt.date | None = None,
) -> list[str]:
    """Why ``action`` cannot be taken on a step now (empty: it can)."""
    if case_status != "open":
        return [_("办件已办结或已撤销，不能再办理")]
    if step_status != "active":
        return [_("该环节当前不在办理中")]
    if action not in ACTIONS_BY_KIND.get(kind, ()):
        allowed = "、".join(ACTION_LABELS[a] for a in ACTIONS_BY_KIND.get(kind, ()))
        return [_("该环节只能%(allowed)s") % {"allowed": allowed}]
    errors = []
    if action == "return" and not reason.strip():
        errors.append(_("退回需要填写理由"))
    if action in ("complete", "approve") and missing_documents:
        errors.append(_("缺少必需材料：%(names)s") % {"names": "、".join(missing_documents)})
    if kind == "notice" and notice_ends_on and today and today <= notice_ends_on:
        # 公示期含最后一天: the notice still stands on its last day.
        errors.append(
            _("公示期至%(date)s（含当日）结束，结束后才能完成")
            % {"date": f"{notice_ends_on:%Y-%m-%d}"}
        )
    return errors


ACTION_LABELS = {"complete": "完成", "approve": "审核通过", "return": "退回"}


def return_target(orders_and_kinds: list[tuple[int, str]], order: int) -> int | None:
    """The step a review returns to: the nearest earlier step that is not a review."""
    earlier = [o for o, kind in orders_and_kinds if o < order and kind != "review"]
    return max(earlier) if earlier else None


def is_overdue(status: str, due_on: dt.date | None, today: dt.date) -> bool:
    return status == "active" and due_on is not None and due_on < today


def attachment_error(name: str, size: int, head: bytes, max_bytes: int) -> str | None:
    """Why an uploaded file is refused: its type (extension and first bytes) or size."""
    lowered = name.lower()
    extension = lowered[lowered.rfind(".") :] if "." in lowered else ""
    if extension not in ATTACHMENT_EXTENSIONS:
        return _("不支持的文件类型，请上传 PDF、Word、Excel、JPG、PNG 或 TXT 文件")
    if size <= 0:
        return _("文件是空的")
    if size > max_bytes:
        return _("文件不能超过 %(mb)d MB") % {"mb": max_bytes // (1024 * 1024)}
    signatures = ATTACHMENT_EXTENSIONS[extension]
    if signatures and not any(head.startswith(s) for s in signatures):
        return _("文件内容与扩展名 %(ext)s 不符") % {"ext": extension}
    return None


PARTY_WORDS = ("党组", "党委", "党支部", "党总支")


def guess_actor(name: str, kind: str) -> str:
    """A derived step's actor: the party organization when the step names a party body
    deciding, otherwise the template's department. The cadre checks it before use."""
    if any(word in name for word in PARTY_WORDS) and kind in ("meeting", "review"):
        return "party"
    return "department"
