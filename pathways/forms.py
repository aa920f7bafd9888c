from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.models import Location

from .codes import (
    PUBLISHABLE_FIELDS,
    PUBLISHED_BY_DEFAULT,
    Accessibility,
    Language,
    ServiceType,
    Topic,
)
from .models import InfoWindow, ServicePoint
from .selectors import location_choices


class ServicePointForm(forms.ModelForm):
    locations = forms.ModelMultipleChoiceField(
        label=_("Locations covered"),
        queryset=Location.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A province covers every district and site in it."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility"),
        choices=Accessibility.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    published_fields = forms.MultipleChoiceField(
        label=_("Fields shown on the public pages"),
        choices=PUBLISHABLE_FIELDS,
        initial=PUBLISHED_BY_DEFAULT,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ServicePoint
        fields = [
            "organisation",
            "service",
            "name",
            "locations",
            "address",
            "hours",
            "languages",
            "ages_served",
            "sexes_served",
            "accessibility",
            "accessibility_note",
            "cost",
            "contact_phone",
            "contact_email",
            "is_published",
            "published_fields",
        ]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["locations"].queryset = location_choices()
        if self.instance.pk is None and organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
        if self.instance.pk is not None:
            # The organisation is chosen once: a keeper could otherwise move a point away.
            self.fields["organisation"].disabled = True


class ServiceFilterForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Service"), choices=[("", _("All services")), *ServiceType.choices], required=False
    )
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("All locations"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = location_choices()


class InfoWindowForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = InfoWindow
        fields = ["slug", "location", "route", "topics", "hotline", "is_published", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = location_choices()


class InfoWindowTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "HTML: paragraphs <p>, line breaks <br>, <strong>, <em>, lists <ul> <ol> <li>, "
            "headings <h2> <h3> and links <a href> (web, e-mail, tel:). Anything else is "
            "removed when you save."
        ),
    )


LANGUAGE_NAMES = dict(settings.LANGUAGES)
