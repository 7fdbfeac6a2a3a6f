"""Template helpers: text direction for a language, query strings for pagination, and the rows
of a call list."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..rows import CallRow
from ..vocabularies import Medium, text_direction

register = template.Library()


@register.filter
def direction(language):
    """``{{ statement.language|direction }}`` gives "rtl" or "ltr"."""
    return text_direction(language)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL's query string with ``page`` set to ``number``."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


# One row of a call list, written out in Python: a list page shows 25 of them, and the template
# language would spend most of the page's rendering time looking up their variables.
CALL_ROW = (
    '<li class="call-row">\n'
    '  <div class="call-date"><time datetime="{date}">{date_display}</time></div>\n'
    '  <div class="call-main">\n'
    '    <a class="call-title" href="{url}">{title}</a>\n'
    '    <div class="call-meta">\n'
    '      <span class="medium">{medium}</span>\n'
    "      {countries}\n"
    "      {topics}\n"
    "    </div>\n"
    "  </div>\n"
    "</li>\n"
)


def call_row(call, media):
    """The list row of ``call`` (an ``archive.rows.CallRow``, or a call fetched with
    ``for_list()``), escaped; ``media`` maps each medium to its label."""
    if isinstance(call, CallRow):
        countries, topics = call.countries, call.topics
    else:  # a Call fetched with for_list()
        countries = [cp.country for cp in call.participants.all() if cp.country]
        topics = call.topics.all()
    countries = "".join(
        f'<a class="country" href="{escape(country.get_absolute_url())}">{escape(country.display_name)}</a>'
        for country in countries
    )
    topics = "".join(
        f'<a class="topic" href="{escape(topic.get_absolute_url())}">{escape(topic.display_name)}</a>'
        for topic in topics
    )
    return CALL_ROW.format(
        date=call.date.isoformat() if call.date else "",
        date_display=escape(call.date_display),
        url=escape(call.get_absolute_url()),
        title=escape(call.title),
        medium=escape(media.get(call.medium, call.medium)),
        countries=countries,
        topics=topics,
    )


@register.simple_tag
def call_rows(calls):
    """``{% call_rows page_obj.object_list %}``: the rows of a call list."""
    media = {value: str(label) for value, label in Medium.choices}
    return mark_safe("".join(call_row(call, media) for call in calls))  # noqa: S308 (every value escaped above)
