"""The search form: a query of at most 300 characters, without NUL characters."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 300


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words or names, in any script"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _(
                "A search can be at most %(limit_value)d characters long (this one has %(show_value)d)."
            )
        },
    )
