"""The interface in English and Arabic: chosen by the browser or the switcher, never by the URL;
right-to-left in Arabic; every interface string and vocabulary label translated."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from archive import vocabularies

from .factories import ParticipantFactory, StatementFactory, TopicFactory, make_call

LOCALE = Path(settings.BASE_DIR) / "archive" / "locale"
TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.fixture
def call():
    gaza = TopicFactory(name="Gaza", slug="gaza", name_ar="غزة")
    person = ParticipantFactory(name="Masoud Pezeshkian", slug="masoud-pezeshkian")
    call = make_call(people=[person, None], topics=[gaza], title="Telephone call about Gaza")
    StatementFactory(call=call, text="أكد الرئيس ضرورة وقف الحرب على غزة.", language="ar")
    return call


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group()


@pytest.mark.django_db
def test_english_left_to_right_by_default(client, call):
    response = client.get("/")
    assert html_tag(response) == '<html lang="en" dir="ltr">'
    assert "Diplomatic communications archive" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/calls/", "/search/?q=غزة", "/countries/", "/topics/", "/people/"])
def test_accept_language_arabic_gives_a_right_to_left_arabic_page_at_the_same_url(client, call, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert html_tag(response) == '<html lang="ar" dir="rtl">'
    assert "أرشيف الاتصالات الدبلوماسية" in response.content.decode()
    assert response.request["PATH_INFO"] == path.split("?")[0]


@pytest.mark.django_db
def test_call_page_in_arabic_shows_translated_labels_and_country_names(client, call):
    response = client.get(call.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()
    assert html_tag(response) == '<html lang="ar" dir="rtl">'
    assert "اتصال هاتفي" in html  # the medium's label
    assert "إيران" in html  # Country.name_ar
    assert "غزة" in html  # Topic.name_ar
    assert "ديسمبر" in html  # the date's month
    assert 'lang="ar" dir="rtl"' in html  # the statement keeps its own language


@pytest.mark.django_db
def test_the_switcher_changes_the_language_not_the_url(client, call):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/calls/?q=gaza"})
    assert response.status_code == 302
    assert response["Location"] == "/calls/?q=gaza"
    arabic = client.get("/calls/", {"q": "gaza"})
    assert html_tag(arabic) == '<html lang="ar" dir="rtl">'
    assert "الاتصالات" in arabic.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/calls/"})
    assert html_tag(client.get("/calls/")) == '<html lang="en" dir="ltr">'


@pytest.mark.django_db
def test_switcher_marks_the_current_language(client, call):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert re.search(r'value="ar" lang="ar" aria-current="true">العربي', html)
    assert re.search(r'value="en" lang="en">English<', html)


def arabic_catalogue():
    with (LOCALE / "ar" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        return gettext.GNUTranslations(mo)


def po_entries():
    text = (LOCALE / "ar" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n")[1:]:
        msgid = "".join(re.findall(r'"(.*)"', block.split("msgid_plural")[0].split("msgstr")[0]))
        msgstrs = re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', block)
        entries.append((msgid, ["".join(re.findall(r'"(.*)"', s)) for s in msgstrs]))
    return entries


def test_every_message_in_the_catalogue_is_translated_and_compiled():
    entries = po_entries()
    assert len(entries) > 100
    untranslated = [msgid for msgid, msgstrs in entries if not all(msgstrs)]
    assert not untranslated
    compiled = arabic_catalogue()
    for msgid, msgstrs in entries:
        msgid = msgid.replace('\\"', '"').replace("\\n", "\n")
        assert compiled.gettext(msgid) != msgid or msgstrs[0] == msgid, f"not compiled: {msgid}"


def template_strings():
    pattern = re.compile(r"""\{%\s*translate\s+(["'])(.+?)\1\s*%\}""")
    for template in TEMPLATES.rglob("*.html"):
        for match in pattern.finditer(template.read_text(encoding="utf-8")):
            yield template.relative_to(TEMPLATES), match.group(2)


def test_every_interface_string_in_the_templates_has_an_arabic_translation():
    strings = list(template_strings())
    assert strings
    with translation.override("ar"):
        missing = [f"{where}: {text}" for where, text in strings if translation.gettext(text) == text]
    assert not missing, "run makemessages -l ar, translate, and compilemessages: " + "; ".join(missing)


@pytest.mark.parametrize(
    "choices",
    [
        vocabularies.Medium,
        vocabularies.Status,
        vocabularies.DatePrecision,
        vocabularies.StatementKind,
        vocabularies.SourceKind,
        vocabularies.ParticipantRole,
        vocabularies.EntityKind,
        vocabularies.NameKind,
        vocabularies.TranslatorKind,
    ],
)
def test_vocabulary_labels_are_translated(choices):
    with translation.override("ar"):
        labels = {value: str(label) for value, label in choices.choices}
    with translation.override("en"):
        english = {value: str(label) for value, label in choices.choices}
    assert all(labels[value] != english[value] for value in labels)
    assert all(re.search("[\u0600-\u06ff]", label) for label in labels.values())


def test_language_names_are_translated():
    with translation.override("ar"):
        names = [str(name) for _, name in vocabularies.LANGUAGES]
    assert all(re.search("[\u0600-\u06ff]", name) for name in names)


@pytest.mark.django_db
def test_filter_errors_are_explained_in_arabic(client, call):
    response = client.get("/calls/", {"country": "ZZ", "date_after": "2024-13-01"}, HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()
    assert response.status_code == 400
    assert "ليس رمز بلد يعرفه الأرشيف" in html
    assert "أدخل تاريخًا صحيحًا" in html


@pytest.mark.django_db
def test_pages_say_they_vary_by_language_so_caches_keep_both(client, call):
    response = client.get("/calls/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response["Content-Language"] == "ar"
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary
