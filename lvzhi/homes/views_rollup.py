"""The 妇女之家 roll-up of a subtree (issue 16 point 11): a table per organization one level
down with its chart, and its Excel export. ``?org=`` out of scope answers 404."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.exports import Column, wants_xlsx, xlsx_response
from lvzhi.core.periods import today_local

from . import rollup as rollups
from .models import Theme
from .views import _org_from_request

CHART_LABELS = {
    "designated": gettext_lazy("规范化妇女之家"),
    "undesignated": gettext_lazy("未命名"),
    "withdrawn": gettext_lazy("已撤销命名"),
    "stale": gettext_lazy("展板逾期"),
    "ratings": gettext_lazy("群众评价（平均分）"),
}


def rollup_columns() -> tuple:
    rating = lambda r: round(r.rating_avg, 2) if r.rating_avg is not None else ""  # noqa: E731
    return (
        Column(gettext_lazy("组织"), lambda r: r.name, width=28, fields=()),
        Column(gettext_lazy("妇女之家"), lambda r: r.homes, fields=()),
        Column(gettext_lazy("运行中"), lambda r: r.active, fields=()),
        Column(gettext_lazy("暂停开放"), lambda r: r.suspended, fields=()),
        Column(gettext_lazy("规范化妇女之家"), lambda r: r.designated, fields=()),
        Column(gettext_lazy("已撤销命名"), lambda r: r.withdrawn, fields=()),
        Column(gettext_lazy("待审评估"), lambda r: r.pending, fields=()),
        Column(gettext_lazy("展板逾期"), lambda r: r.stale, fields=()),
        Column(gettext_lazy("本季度活动"), lambda r: r.activities, fields=()),
        *(
            Column(label, lambda r, code=code: r.themes.get(code, 0), fields=())
            for code, label in Theme.choices
        ),
        Column(gettext_lazy("评价人次"), lambda r: r.ratings, fields=()),
        Column(gettext_lazy("平均分"), rating, fields=()),
    )


@login_required
def rollup(request):
    org = _org_from_request(request)
    data = rollups.rollup(request.user, org, today_local())
    if wants_xlsx(request):
        return xlsx_response(
            [*data["rows"], data["total"]],
            rollup_columns(),
            filename=_("妇女之家汇总（%(org)s）") % {"org": org.name},
        )
    chart = rollups.chart_data(data, CHART_LABELS)
    return render(request, "homes/rollup.html", {**data, "chart": chart})


@login_required
def rollup_chart(request):
    """The chart's data as JSON (the workbench fetches it after the page, so the page's own
    queries stay what they were)."""
    org = _org_from_request(request)
    data = rollups.rollup(request.user, org, today_local())
    return JsonResponse(
        {**rollups.chart_data(data, CHART_LABELS), "homes": data["total"].homes},
        json_dumps_params={"ensure_ascii": False},
    )
