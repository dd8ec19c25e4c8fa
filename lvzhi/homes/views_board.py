"""The board 妇女工作情况介绍 (R-HM-08) printed: an A1 or A0 poster PDF of annex 6's text
with the home's figures, for whoever may view the home (out of scope: 404)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _

from . import poster, rules, selectors


@login_required
def board_poster(request, pk):
    """``?size=A1`` (default) or ``A0``; another size answers 400, a server without
    WeasyPrint or a CJK font 503 with a Chinese message."""
    home = selectors.get_home(request.user, pk)
    size = request.GET.get("size") or "A1"
    if size not in rules.POSTER_SIZES:
        return HttpResponse(
            _("纸张只能是 A1 或 A0"), status=400, content_type="text/plain; charset=utf-8"
        )
    if not poster.poster_available():
        return HttpResponse(
            _("PDF 不可用：服务器未安装 WeasyPrint 或中文（CJK）字体。"),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    pdf = poster.build_poster(
        org_name=home.organization.name,
        home_name=home.name,
        figures=selectors.board_figures(home),
        size=size,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="board-{home.pk}-{size}.pdf"'
    return response
