"""Template helpers: text direction for a language, query strings for pagination, and the rows
of a call list."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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


def record_links(css_class, records):
    """Links to country or topic pages, each named in the reader's language, escaped."""
    return "".join(
        f'<a class="{css_class}" href="{escape(record.get_absolute_url())}">{escape(record.display_name)}</a>'
        for record in records
    )


def call_row(call, media):
    """The list row of ``call`` (an ``archive.rows.CallRow``, or a call fetched with
    ``for_list()``), escaped; ``media`` maps each medium to its label."""
    if isinstance(call, CallRow):
        countries, topics = call.countries, call.topics
    else:  # a Call fetched with for_list()
        countries = [cp.country for cp in call.participants.all() if cp.country]
        topics = call.topics.all()
    return CALL_ROW.format(
        date=call.date.isoformat() if call.date else "",
        date_display=escape(call.date_display),
        url=escape(call.get_absolute_url()),
        title=escape(call.title),
        medium=escape(media.get(call.medium, call.medium)),
        countries=record_links("country", countries),
        topics=record_links("topic", topics),
    )


@register.simple_tag
def call_rows(calls):
    """``{% call_rows page_obj.object_list %}``: the rows of a call list."""
    media = {value: str(label) for value, label in Medium.choices}
    return mark_safe("".join(call_row(call, media) for call in calls))  # noqa: S308 (every value escaped above)


# The statements of a call page, written out in Python for the same reason as the rows: a
# call has ten statements on average, each with its speaker, kind, topics and translations.
STATEMENT = (
    "\n"
    '      <li class="statement" id="s-{identifier}">\n'
    '        <div class="statement-head">\n'
    '          <a class="anchor" href="#s-{identifier}" aria-label="{anchor_label}">§{order}</a>\n'
    '          <a class="statement-permalink" href="{permalink}">{permalink_label}</a>\n'
    "          <strong>{speaker}</strong>\n"
    '          <span class="badge kind-{kind}">{kind_label}</span>\n'
    "          {topics}\n"
    "        </div>\n"
    '        <div class="statement-body">\n'
    '          <blockquote class="original" lang="{language}" dir="{direction}"{quote}>{text}</blockquote>\n'
    "          {translations}\n"
    "        </div>\n"
    "        {source}\n"
    "      </li>\n"
    "      "
)
TRANSLATION = (
    "\n"
    '          <div class="translation" lang="{language}" dir="{direction}">\n'
    "            <p>{text}</p>\n"
    '            <p class="credit">{language_label} · {translator}</p>\n'
    "          </div>\n"
    "          "
)


def statement_item(call, statement, labels):
    """One statement of ``call``'s page (loaded with ``snapshot_queryset``), escaped."""
    translations = "".join(
        TRANSLATION.format(
            language=escape(translation.language),
            direction=escape(translation.direction),
            text=linebreaksbr(translation.text, autoescape=True),
            language_label=escape(translation.get_language_display()),
            translator=escape(translation.translator),
        )
        for translation in statement.translations.all()
    )
    source = statement.source
    return STATEMENT.format(
        identifier=escape(statement.identifier),
        anchor_label=labels["anchor"],
        order=escape(statement.order),
        permalink=escape(reverse("statement-detail", args=[call.identifier, statement.identifier])),
        permalink_label=labels["permalink"],
        speaker=escape(statement.speaker.display_name) if statement.speaker else labels["report"],
        kind=escape(statement.kind),
        kind_label=escape(statement.get_kind_display()),
        topics=record_links("topic small", statement.topics.all()),
        language=escape(statement.language),
        direction=escape(statement.direction),
        quote=" data-quote" if statement.kind == "quote" else "",
        text=linebreaksbr(statement.text, autoescape=True),
        translations=translations,
        source=f'<p class="credit">{labels["source"]} {escape(source.outlet)}</p>' if source else "",
    )


@register.simple_tag
def statement_items(call, statements):
    """``{% statement_items call statements %}``: the items of a call page's statement list."""
    labels = {
        "anchor": escape(gettext("Link to this statement")),
        "permalink": escape(gettext("permalink")),
        "report": escape(gettext("Report")),
        "source": escape(gettext("Source:")),
    }
    return mark_safe("".join(statement_item(call, statement, labels) for statement in statements))  # noqa: S308 (every value escaped above)
