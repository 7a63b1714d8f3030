"""The admin's "Create an office" page: a superuser onboards a KPU office (agencies.onboarding)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Region
from agencies.onboarding import office_create, office_errors


class OfficeCreateForm(forms.Form):
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.order_by("code"),
        help_text=gettext_lazy("The province, regency or city the office serves."),
    )
    admin_email = forms.EmailField(
        label=gettext_lazy("First administrator's email"),
        help_text=gettext_lazy("They receive a link to set their password; the address is their username."),
    )
    name = forms.CharField(
        label=gettext_lazy("Official name"),
        max_length=255,
        required=False,
        help_text=gettext_lazy(
            "Leave empty for the usual name, e.g. Komisi Pemilihan Umum Kabupaten Bantul."
        ),
    )
    short_name = forms.CharField(
        label=gettext_lazy("Short name"),
        max_length=64,
        required=False,
        help_text=gettext_lazy("Leave empty for the usual one, e.g. KPU Kabupaten Bantul."),
    )
    slug = forms.SlugField(label=gettext_lazy("Slug"), max_length=80, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Regencies of different provinces may share a name: the code tells them apart.
        self.fields["region"].label_from_instance = lambda region: f"{region.code} {region.name}"

    def clean(self):
        cleaned = super().clean()
        if "region" in cleaned:
            errors = office_errors(
                region=cleaned["region"], admin_email=cleaned.get("admin_email"), slug=cleaned.get("slug")
            )
            for field, message in errors.items():
                self.add_error(field, message)
        return cleaned

    def add_validation_error(self, error):
        """Errors of the service (the office's own checks) on the field they name, else on the form."""
        for field, messages_ in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages_)


def office_create_view(model_admin, request):
    # Where an office sits decides who oversees whom: only those who run the installation create one.
    if not request.user.is_superuser:
        raise PermissionDenied
    form = OfficeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            office = office_create(
                region=data["region"],
                admin_email=data["admin_email"],
                base_url=request.build_absolute_uri("/").rstrip("/"),
                name=data["name"],
                short_name=data["short_name"],
                slug=data["slug"],
            )
        except ValidationError as error:
            form.add_validation_error(error)
        else:
            model_admin.log_addition(request, office, [{"added": {}}])
            model_admin.message_user(
                request,
                _("%(office)s was created; an invitation to set a password was sent to %(email)s.")
                % {"office": office.short_name, "email": data["admin_email"]},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:agencies_organisation_change", args=[office.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Create a KPU office"),
        "opts": model_admin.opts,
        "form": form,
    }
    return TemplateResponse(request, "admin/agencies/organisation/office_create.html", context)
