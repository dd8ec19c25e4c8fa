"""What a kind of job is: its label, the fields a user fills in to start it, how a start
is checked (``prepare``: scope, input; raises ``ValidationError`` or ``OutOfScope``) and
the Celery task that does the work. Each app declares its kinds in its ``tasks`` module;
``settings.LVZHI_JOB_KINDS`` names them (core imports no app)."""

import abc
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    choices: tuple = ()  # (value, label) pairs; none: a whole number


@dataclass(frozen=True)
class Prepared:
    """A checked start: the organization whose data the job reads (None: public data),
    the task's parameters and what the job list shows."""

    organization: object
    params: dict
    title: str


class JobKind(abc.ABC):
    name = ""
    label = ""
    fields: tuple[Field, ...] = ()
    task = ""  # dotted path of the Celery task, called with the job's id
    # offered on /jobs/ with a form; False: started only by the page that needs it (a
    # large list export, a confirmed roster import), whose ``prepare`` checks a signature
    startable = True

    @abc.abstractmethod
    def prepare(self, actor, data: dict) -> Prepared:
        """Check a start (scope, input) and say what the job will do."""


def kinds() -> dict[str, JobKind]:
    return {name: import_string(path)() for name, path in settings.LVZHI_JOB_KINDS.items()}


def kind_of(name) -> JobKind:
    found = kinds().get(name) if isinstance(name, str) else None
    if found is None:
        raise ValidationError(
            {
                "kind": _("没有这种后台任务：%(kind)s（可用：%(kinds)s）")
                % {"kind": name, "kinds": "、".join(kinds())}
            }
        )
    return found


def label_of(name: str) -> str:
    path = settings.LVZHI_JOB_KINDS.get(name)
    return str(import_string(path).label) if path else {"daily": _("每日任务")}.get(name, name)


def whole_number(data: dict, name: str, label: str, *, low: int = 1, high: int = 2**63 - 1):
    """``data[name]`` as an int within [low, high], else a ValidationError naming it."""
    value = data.get(name)
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise ValidationError(
            {
                name: _("%(label)s应为 %(low)d 至 %(high)d 之间的整数")
                % {"label": label, "low": low, "high": high}
            }
        )
    return number
