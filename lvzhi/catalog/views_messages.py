"""Supervision messages: the public form and tracking page, the department inbox and its
answer form, (the API is ``api_messages.py``). Thin: rules, writes and
reads live in ``messages.py``."""

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.exports import Column, wants_xlsx, xlsx_response
from lvzhi.core.forms import errors_to_form
from lvzhi.core.http import client_ip
from lvzhi.core.periods import today_local
from lvzhi.orgs.selectors import display_names

from . import messages as msg
from . import selectors
from .models import MessageStatus

SESSION_CODE = "catalog_message_sent"


def client_address(request) -> str:
    """The real client behind the trusted proxies (``LVZHI_TRUSTED_PROXIES``)."""
    return client_ip(request)


# 表单 -----------------------------------------------------------------------


class MessageForm(forms.Form):
    """Lengths and emptiness are checked by the service, so its messages show."""

    name = forms.CharField(
        label=gettext_lazy("姓名（可不填）"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": msg.NAME_MAX}),
    )
    contact = forms.CharField(
        label=gettext_lazy("联系电话或电子邮箱（可不填）"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": msg.CONTACT_MAX}),
    )
    text = forms.CharField(
        label=gettext_lazy("留言内容"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": msg.TEXT_MAX}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("答复内容"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class TrackForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("追踪码"),
        max_length=40,
        error_messages={"required": gettext_lazy("请输入追踪码")},
    )


# 公开页面 -------------------------------------------------------------------


def message_send(request, pk):
    item = selectors.public_item(pk)
    form = MessageForm(request.POST or None)
    answer_status = 200
    if request.method == "POST" and form.is_valid():
        try:
            message, code = msg.message_send(
                actor=request.user,
                item=item,
                client_address=client_address(request),
                **form.cleaned_data,
            )
        except msg.RateLimited as exc:
            form.add_error(None, str(exc))
            answer_status = 429
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            request.session[SESSION_CODE] = {
                "code": msg.format_tracking_code(code),
                "message": message.pk,
                "due_on": message.due_on.isoformat(),
                "department": message.department.name if message.department else "",
                "item": f"{message.item_number} {message.item_name}",
            }
            return redirect("catalog:message-sent")
    return render(
        request,
        "catalog/message_form.html",
        {
            "item": item,
            "org": item.version.catalog.organization,
            "form": form,
            "text_max": msg.TEXT_MAX,
            "reply_workdays": msg.reply_workdays(),
        },
        status=answer_status,
    )


def message_sent(request):
    """Shows the tracking code once: it is popped from the session."""
    sent = request.session.pop(SESSION_CODE, None)
    return render(request, "catalog/message_sent.html", {"sent": sent})


def message_track(request):
    form = TrackForm(request.POST or None)
    message = None
    searched = False
    if request.method == "POST" and form.is_valid():
        searched = True
        message = msg.track(form.cleaned_data["code"])
        if message is None:
            form.add_error("code", _("没有找到与该追踪码对应的留言，请核对后重新输入"))
    return render(
        request,
        "catalog/message_track.html",
        {"form": form, "message": message, "searched": searched},
    )


# 部门收件箱 -----------------------------------------------------------------


def _overdue_label(message) -> str:
    if message.overdue:
        return _("逾期")
    return _("逾期答复") if message.late else ""


INBOX_COLUMNS = (
    Column(gettext_lazy("收到日期"), "received_on", width=12),
    Column(
        gettext_lazy("事项"),
        lambda m: f"{m.item_number} {m.item_name}".strip(),
        fields=("item_number", "item_name"),
    ),
    Column(gettext_lazy("组织"), "organization.name"),
    Column(gettext_lazy("承办部门"), "department.name"),
    Column(gettext_lazy("留言人"), lambda m: m.name or _("匿名"), width=10, fields=("name",)),
    # masked as on the page (138****5678): the export never holds a full phone or e-mail
    Column(gettext_lazy("联系方式"), lambda m: m.contact_masked, width=14, fields=("contact",)),
    Column(gettext_lazy("内容"), "text", width=40),
    Column.choice(gettext_lazy("状态"), "status", MessageStatus.choices, width=8),
    Column(
        gettext_lazy("逾期"), _overdue_label, width=10, fields=("status", "due_on", "answered_at")
    ),
    Column(gettext_lazy("答复期限"), "due_on", width=12),
    Column(
        gettext_lazy("答复日期"),
        lambda m: m.answered_at and today_local(m.answered_at),
        width=12,
        fields=("answered_at",),
    ),
    Column(
        gettext_lazy("答复人"),
        lambda m: m.answered_by_display,
        fields=("answered_by_id",),
    ),
    Column(gettext_lazy("答复内容"), "answer", width=40),
)


def _inbox_prepare(viewer, today):
    """``prepare`` for the export: overdue flags, masked contacts and the answerers' names
    (never logins) of a batch at once."""

    def prepare(batch):
        msg.decorate(batch, today)
        names = display_names([m.answered_by_id for m in batch], viewer)
        for message in batch:
            message.answered_by_display = names.get(message.answered_by_id, "")

    return prepare


@login_required
def message_inbox(request):
    status_filter = request.GET.get("status", "")
    overdue = request.GET.get("overdue") == "1"
    department = request.GET.get("department", "")
    department = int(department) if department.isdigit() else None
    today = today_local()
    queryset = msg.inbox_list(
        request.user, status=status_filter, overdue=overdue, department=department, today=today
    )
    if wants_xlsx(request):
        return xlsx_response(
            queryset.select_related(None).select_related("organization", "department"),
            INBOX_COLUMNS,
            filename=_("监督留言"),
            prepare=_inbox_prepare(request.user, today),
        )
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    msg.decorate(page.object_list, today)
    return render(
        request,
        "catalog/message_inbox.html",
        {
            "page": page,
            "status_filter": status_filter,
            "overdue": overdue,
            "department": department,
            "departments": msg.inbox_departments(request.user),
            "statuses": MessageStatus.choices,
            "today": today,
        },
    )


def _detail(request, message, form, answer_status=200):
    msg.decorate([message])
    return render(
        request,
        "catalog/message_detail.html",
        {
            "message": message,
            "form": form,
            "can_answer": msg.can_answer(request.user, message),
        },
        status=answer_status,
    )


@login_required
def message_detail(request, pk):
    message = msg.get_message(request.user, pk)
    return _detail(request, message, AnswerForm(initial={"answer": message.answer}))


@login_required
@require_POST
def message_answer(request, pk):
    message = msg.get_message(request.user, pk, "answer")
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            msg.message_answer(
                actor=request.user, message=message, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            flash.success(request, _("已答复，留言人可凭追踪码查看"))
            return redirect("catalog:message-detail", pk=message.pk)
    return _detail(request, message, form)
