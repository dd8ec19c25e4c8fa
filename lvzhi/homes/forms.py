"""Forms check shapes; the services apply the rules and their Chinese messages show on
the form. Edit forms are bound to a copy of the row: the service writes the fresh one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.orgs.forms import DateInput
from lvzhi.orgs.models import Person

from .models import Board, BoardUpdate, Home, Item, Loan, OpeningException, RotaEntry
from .services import HOME_FIELDS, ITEM_FIELDS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.Field):
    """Several photos in one input; each is checked (content, size, pixels) by the service."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(**kwargs)

    def to_python(self, data):
        if not data:
            return []
        if isinstance(data, list | tuple):
            return [f for f in data if f]
        return [data]

    def bound_data(self, data, initial):
        return initial


class HomeForm(forms.ModelForm):
    class Meta:
        model = Home
        fields = list(HOME_FIELDS)

    def __init__(self, *args, user=None, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        organization = organization or self.instance.organization
        self.fields["administrator"].queryset = (
            Person.objects.restrict(user, "view").filter(organization=organization).order_by("name")
        )

    def validate_unique(self):
        pass  # the service names a duplicate

    def _post_clean(self):
        pass  # the service validates the row (the form's instance is not the one written)

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)


class ExceptionForm(forms.ModelForm):
    class Meta:
        model = OpeningException
        fields = ["date", "is_open", "reason"]
        widgets = {"date": DateInput()}

    def _post_clean(self):
        pass


class BoardUpdateForm(forms.ModelForm):
    photos = MultipleFileField(label=_("照片"))

    class Meta:
        model = BoardUpdate
        fields = ["board", "date", "title"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].choices = Board.choices

    def _post_clean(self):
        pass


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = list(ITEM_FIELDS)

    def _post_clean(self):
        pass


class LoanForm(forms.ModelForm):
    class Meta:
        model = Loan
        fields = ["item", "borrower_name", "lent_on", "due_date", "note"]
        widgets = {"lent_on": DateInput(), "due_date": DateInput()}

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items if items is not None else Item.objects.none()

    def _post_clean(self):
        pass


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("归还日期"), widget=DateInput())


class RotaForm(forms.ModelForm):
    class Meta:
        model = RotaEntry
        fields = ["weekday", "session", "role", "person", "name"]

    def __init__(self, *args, user=None, home=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.restrict(user, "view")
            .filter(organization=home.organization_id)
            .order_by("name")
            if home is not None
            else Person.objects.none()
        )
        self.fields["name"].required = False
        self.fields["name"].help_text = _("选择人员时可不填")

    def _post_clean(self):
        pass
