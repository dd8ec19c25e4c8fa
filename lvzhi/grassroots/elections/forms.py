"""Forms of the election page: lists typed one person a line, a round's counts with one row
per candidate, the filing. Shapes only; the services apply the rules."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import ElectionMethod, Seat, Stage

SPLIT = re.compile(r"[\t,，]+|\s+")
SEAT_BY_LABEL = {str(label): value for value, label in Seat.choices} | {v: v for v in Seat.values}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class MethodForm(forms.Form):
    method = forms.ChoiceField(label=gettext_lazy("选举办法"), choices=ElectionMethod.choices)


class DelegatesForm(forms.Form):
    delegates = forms.CharField(
        label=gettext_lazy("妇女代表（或参加大会的妇女）"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("每行一人：姓名，工作单位及职务"),
    )

    def rows(self) -> list[dict]:
        rows = []
        for line in _lines(self.cleaned_data["delegates"]):
            parts = SPLIT.split(line, maxsplit=1)
            rows.append({"name": parts[0], "workplace": parts[1] if len(parts) > 1 else ""})
        return rows


class CandidatesForm(forms.Form):
    candidates = forms.CharField(
        label=gettext_lazy("候选人名单"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, stage: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.fields["candidates"].help_text = (
            _("每行一人：姓名，工作单位及职务")
            if stage == Stage.CONGRESS
            else _("每行一人：姓名，主席或副主席（从当选执委中提出）")
        )

    def clean_candidates(self):
        rows = []
        for number, line in enumerate(_lines(self.cleaned_data["candidates"]), start=1):
            parts = [p.strip() for p in SPLIT.split(line, maxsplit=2)]
            if self.stage == Stage.CONGRESS:
                rows.append(
                    {"name": parts[0], "seat": Seat.MEMBER, "workplace": " ".join(parts[1:])}
                )
                continue
            seat = SEAT_BY_LABEL.get(parts[1]) if len(parts) > 1 else None
            if seat not in (Seat.CHAIR, Seat.VICE_CHAIR):
                raise forms.ValidationError(
                    _("第%(n)d行：请在姓名后写明“主席”或“副主席”") % {"n": number}
                )
            rows.append({"name": parts[0], "seat": seat, "workplace": " ".join(parts[2:])})
        return rows


class BallotsForm(forms.Form):
    """A round's counts; one set of four numbers per listed candidate."""

    held_on = forms.DateField(
        label=gettext_lazy("投票日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    expected = forms.IntegerField(label=gettext_lazy("应到人数"), min_value=0)
    present = forms.IntegerField(label=gettext_lazy("实到人数"), min_value=0)
    ballots_issued = forms.IntegerField(label=gettext_lazy("发出选票"), min_value=0)
    ballots_returned = forms.IntegerField(label=gettext_lazy("收回选票"), min_value=0)

    COUNTS = (
        ("votes_for", gettext_lazy("赞成")),
        ("votes_against", gettext_lazy("反对")),
        ("votes_abstain", gettext_lazy("弃权")),
        ("votes_invalid", gettext_lazy("废票")),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for candidate in self.candidates:
            for field, label in self.COUNTS:
                self.fields[f"c{candidate.pk}_{field}"] = forms.IntegerField(
                    label=f"{candidate.name} {label}",
                    min_value=0,
                    required=field == "votes_for",
                    initial=getattr(candidate, field),
                )

    ROUND_FIELDS = ("held_on", "expected", "present", "ballots_issued", "ballots_returned")

    def round_fields(self):
        return [self[name] for name in self.ROUND_FIELDS]

    def candidate_rows(self):
        """(candidate, [bound fields]) for the template's table."""
        return [
            (c, [self[f"c{c.pk}_{field}"] for field, _label in self.COUNTS])
            for c in self.candidates
        ]

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.ROUND_FIELDS}
        data["votes"] = [
            {
                "candidate": c.pk,
                **{
                    field: self.cleaned_data.get(f"c{c.pk}_{field}") or 0
                    for field, _label in self.COUNTS
                },
            }
            for c in self.candidates
        ]
        return data


class FileForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("新妇联名称"), max_length=200)
    code = forms.CharField(label=gettext_lazy("组织代码"), max_length=40)
    term_start = forms.DateField(
        label=gettext_lazy("本届起始日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    term_end = forms.DateField(
        label=gettext_lazy("本届届满日期"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, founding: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not founding:
            del self.fields["name"]
            del self.fields["code"]
