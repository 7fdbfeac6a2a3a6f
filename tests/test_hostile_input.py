"""Hostile input: generated query strings against every public URL, and hostile text through the
admin forms. No server error, a readable message for every refusal, text saved byte for byte,
and nothing unescaped on a public page."""

import html
import math
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.test.client import ClientHandler, RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Call, Participant, Topic
from tests.crawl import route_urls
from tests.factories import make_sample_archive

MIN_QUERY_CASES = 2000
ADMIN_EXAMPLES = 25
FUZZ_SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Characters that have broken web applications before.
RLM, LRM, RLO, PDF, ZWJ, ZWNJ, BOM = "\u200f", "\u200e", "\u202e", "\u202c", "\u200d", "\u200c", "\ufeff"
ARABIC = "أَكَّدَ الجانبانِ على أهمّيّة تعزيز العلاقات"
PERSIAN = "گفت‌وگوی تلفنی پزشکیان"
NASTY = [
    "",
    "IR",
    "qa",
    "ir,qa",
    "2024-12-02",
    "2024-02-30",
    "2023-13-01",
    "0000-00-00",
    "9999-99-99",
    "-0001-01-01",
    "99999-01-01",
    "20241202",
    "2024-12-02T10:00:00",
    "1e309",
    "-1",
    "0",
    "99999999999999999999999",
    "NaN",
    "regional-security",
    "masoud-pezeshkian",
    "telephone",
    "\x00",
    "a\x00b",
    "\x01\x1f\x7f",
    RLM + "IR",
    RLO + "evil" + PDF,
    ZWJ,
    ZWNJ,
    BOM,
    "\uffff",
    "\U0010ffff",
    "👩‍👩‍👧 🇮🇷",
    ARABIC,
    PERSIAN,
    "' OR '1'='1",
    "1; DROP TABLE archive_call; --",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "%",
    "_",
    "\\",
    "%%",
    "{{ 7|add:1 }}",
    "{% debug %}",
    "${7*7}",
    "../../../../etc/passwd",
    "A" * 10240,
    "ع" * 5120,
    "x " * 5000,
]
KNOWN_KEYS = ["country", "participant", "topic", "medium", "date_after", "date_before", "q", "page"]
OTHER_KEYS = ["format", "sort", "order", "lang", "callback", "page_size", "cursor", "__proto__", "", "q[]"]

# Percent-escapes of byte strings that are not UTF-8: lone surrogates (as CESU-8), overlong
# forms, stray continuation bytes, and escapes that are not escapes.
RAW_ESCAPES = [
    "%ED%A0%80",
    "%ED%BF%BF",
    "%C0%80",
    "%C0%AF",
    "%FF",
    "%FE%FF",
    "%80",
    "%F4%90%80%80",
    "%E2%80",
    "%zz",
    "%",
    "%0",
    "%u202E",
    "%00",
]


def encode(text):
    return quote(text, safe="")


texts = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=400),
)
values = st.one_of(
    texts.map(encode),
    st.binary(max_size=30).map(lambda raw: "".join(f"%{byte:02X}" for byte in raw)),
    st.sampled_from(RAW_ESCAPES),
    st.lists(st.sampled_from(RAW_ESCAPES + ["a", "1", "-"]), max_size=6).map("".join),
    texts.map(lambda t: quote(t, safe="/?:@!$'()*,;=+<>\"{}|^`[]")),  # barely encoded
)
known_keys = st.sampled_from(KNOWN_KEYS)
keys = st.one_of(known_keys, known_keys, known_keys, st.sampled_from(OTHER_KEYS), texts.map(encode))
pairs = st.one_of(
    st.tuples(keys, values).map(lambda kv: f"{kv[0]}={kv[1]}"),
    keys,  # a key without a value
    st.tuples(keys, values, values).map(lambda kv: f"{kv[0]}={kv[1]}={kv[2]}"),
    st.sampled_from(["", "&", "=", "==", ";", "+", "&&&", "%26", "#"]),
)


@st.composite
def query_strings(draw):
    parts = draw(st.lists(pairs, max_size=12))
    if draw(st.booleans()):
        # The same key repeated, as browsers send for multiple choices.
        key = draw(st.sampled_from(KNOWN_KEYS))
        parts += [f"{key}={draw(values)}" for _ in range(draw(st.integers(2, 30)))]
    return "&".join(draw(st.permutations(parts)))


class TextOf(HTMLParser):
    """The visible text of an element (by id or tag), for reading what a page says."""

    def __init__(self, tag):
        super().__init__()
        self.tag, self.depth, self.chunks = tag, 0, []

    def handle_starttag(self, tag, attrs):
        if tag == self.tag or self.depth:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.chunks.append(data)

    @classmethod
    def read(cls, page, tag):
        parser = cls(tag)
        parser.feed(page)
        return " ".join(" ".join(parser.chunks).split())


def readable_message(response):
    """What a refusal says to a person: the text of the page's main content, or a JSON message."""
    body = response.content.decode("utf-8")  # must be valid UTF-8 whatever was sent
    content_type = response.get("Content-Type", "")
    if "json" in content_type:
        return body
    if "html" in content_type:
        return TextOf.read(body, "main")
    return body


def check_response(response, url):
    assert response.status_code < 500, f"{response.status_code} for {url!r}"
    if 400 <= response.status_code < 500:
        message = readable_message(response)
        assert len(re.findall(r"\w", message)) >= 15, f"no readable message for {url!r}: {message!r}"
        assert "Traceback" not in message


# Pages that are not lists read no parameters; they get a few cases each, the lists the rest.
NOT_LISTS = {"/", "/countries/"}
CASES_PER_OTHER_PAGE = 25


def serve(path, query):
    """A GET through the test client's own handler, in process, without the client's recording of
    every template context (which would double the cost of each of these thousands of requests)."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD="GET")
    return ClientHandler()(environ)


@pytest.mark.django_db
def test_generated_query_strings_never_cause_a_server_error(measured):
    data = make_sample_archive()
    paths = route_urls(data)
    assert {"/calls/", "/search/", "/calls/2024/12/02/", "/countries/ir/qa/"} <= set(paths)
    others = [path for path in paths if path in NOT_LISTS or path.startswith(data["call"].get_absolute_url())]
    lists = [path for path in paths if path not in others]
    budget = {path: CASES_PER_OTHER_PAGE for path in others}
    budget |= {
        path: math.ceil((MIN_QUERY_CASES - len(others) * CASES_PER_OTHER_PAGE) / len(lists)) for path in lists
    }
    sent, statuses = [], {}

    for path in paths:

        @settings(FUZZ_SETTINGS, max_examples=budget[path])
        @given(path=st.just(path), query=query_strings())
        def fuzz(path, query):
            url = f"{path}?{query}"
            response = serve(path, query)
            sent.append(url)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            check_response(response, url)

        fuzz()

    measured(
        f"hostile query strings: {len(sent)} requests to {len(paths)} URLs "
        f"({len(lists)} lists), statuses {sorted(statuses.items())}, 0 server errors"
    )
    assert len(sent) >= MIN_QUERY_CASES
    assert not [code for code in statuses if code >= 500]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "q=" + "%ED%A0%80",  # a lone surrogate
        "country=%00",
        "country=IR%00",
        "participant=%00",
        "topic=a%00",
        "medium=%00",
        "date_after=2024-02-30",
        "date_before=99999-01-01",
        "page=%00",
        "page=99999999999999999999",
        "q=" + "A" * 10240,
        "country=" + "&country=".join(["IR"] * 200),
    ],
)
def test_known_hostile_values_get_a_clear_answer(client, query):
    make_sample_archive()
    for path in ["/calls/", "/search/"]:
        response = client.get(f"{path}?{query}")
        check_response(response, query)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/no-such-page/", "/calls/%00/", "/countries/zz/", "/people/%E2%80%AE/"])
def test_an_unknown_address_says_so(client, path):
    """Django names the exception of an unmatched address "Resolver404"; the page says what it means."""
    response = client.get(path)
    assert response.status_code == 404
    message = readable_message(response)
    assert "Resolver404" not in message
    check_response(response, path)


# Admin forms --------------------------------------------------------------------------------

HOSTILE_ALPHABET = st.one_of(
    st.sampled_from(list(ARABIC + PERSIAN + "ًٌٍَُِّْٰ" + RLM + LRM + RLO + PDF + ZWJ + ZWNJ + "\u2066\u2067\u2069")),
    st.sampled_from(
        ["👩‍👩‍👧", "🇮🇷", "🏳️‍🌈", "😀", "<script>", "</textarea>", "&amp;", "&", "<", ">", '"', "'"]
    ),
    st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]),
)
hostile_text = st.lists(HOSTILE_ALPHABET, min_size=1, max_size=40).map("".join).filter(lambda s: s.strip())


class FormFields(HTMLParser):
    """The fields of the first POST form on an admin page, with the values a browser would
    submit for it untouched."""

    def __init__(self):
        super().__init__()
        self.fields, self.textarea, self.select, self.in_form = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "checkbox", "file"}:
            self.fields[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.fields[name] = attrs.get("value") or "on"
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self.select = (name, "multiple" in attrs)
            if "multiple" not in attrs:
                self.fields.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            name, multiple = self.select
            value = attrs.get("value") or ""
            self.fields[name] = [*self.fields.get(name, []), value] if multiple else value

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea:
            # Browsers drop the newline that starts a textarea's content.
            self.fields[self.textarea] = self.fields[self.textarea].removeprefix("\n")
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    @classmethod
    def of(cls, page):
        parser = cls()
        parser.feed(page)
        return parser.fields


def blank_admin_form(client, url):
    return FormFields.of(client.get(url).content.decode())


def fill(blank, rows=None, **values):
    """A blank admin form with ``values`` filled in, and inline rows only as given in ``rows``
    ({prefix: [{field: value}, ...]})."""
    rows = rows or {}
    fields = {name: value for name, value in blank.items() if not re.search(r"-(\d+|__prefix__)-", name)}
    for name in fields:
        if name.endswith("-TOTAL_FORMS"):
            fields[name] = str(len(rows.get(name.removesuffix("-TOTAL_FORMS"), [])))
    for prefix, entries in rows.items():
        template = {
            name.split("-__prefix__-", 1)[1]: value
            for name, value in blank.items()
            if name.startswith(f"{prefix}-__prefix__-")
        }
        for index, entry in enumerate(entries):
            for field, value in {**template, **entry}.items():
                fields[f"{prefix}-{index}-{field}"] = value
    fields.update(values)
    return fields


def form_errors(response):
    """The errors an admin form answered with, to say why a save failed."""
    context = response.context
    errors = [context["adminform"].form.errors] if "adminform" in context else []
    for inline in context.get("inline_admin_formsets", []):
        errors += [inline.formset.non_form_errors(), inline.formset.errors]
    return errors


def assert_escaped_on(page, text):
    """``text`` appears escaped in ``page`` and no markup from it got through."""
    assert html.escape(text, quote=False) in page or html.escape(text) in page
    for dangerous in ["<script>", "</textarea>", "<img"]:
        if dangerous in text:
            assert dangerous not in page


@pytest.mark.django_db
def test_admin_call_text_is_saved_byte_for_byte_and_shown_escaped(staff_client, client, measured):
    data = make_sample_archive()
    blank = blank_admin_form(staff_client, "/admin/archive/call/add/")
    sides = [
        {"participant": str(data["person"].pk), "country": "IR", "order": "0"},
        {"participant": str(data["counterpart"].pk), "country": "QA", "order": "1"},
    ]
    counter = iter(range(10**6))
    saved = []

    @settings(FUZZ_SETTINGS, max_examples=ADMIN_EXAMPLES)
    @given(title=hostile_text, summary=hostile_text)
    def fuzz(title, summary):
        form = fill(
            blank,
            rows={"participants": sides},
            title=title,
            summary=summary,
            status="published",
            date="2024-12-02",
            external_id=f"fuzz-{next(counter)}",
        )
        response = staff_client.post("/admin/archive/call/add/", form)
        assert response.status_code == 302, form_errors(response)
        call = Call.objects.get(external_id=form["external_id"])
        # Django strips surrounding whitespace from form text; everything else is kept as sent.
        assert call.title == title.strip()
        assert call.summary == summary.strip()
        values = FormFields.of(staff_client.get(f"/admin/archive/call/{call.pk}/change/").content.decode())
        assert (values["title"], values["summary"]) == (call.title, call.summary)
        page = client.get(call.get_absolute_url())
        assert page.status_code == 200
        assert_escaped_on(page.content.decode(), call.title)
        assert_escaped_on(page.content.decode(), call.summary)
        saved.append(call.pk)

    fuzz()
    assert len(saved) == ADMIN_EXAMPLES
    measured(f"admin call form: {len(saved)} hostile titles and summaries saved, read back and shown escaped")


@pytest.mark.django_db
def test_admin_names_are_saved_byte_for_byte_and_shown_escaped(staff_client, client, measured):
    data = make_sample_archive()
    person_form = blank_admin_form(staff_client, "/admin/archive/participant/add/")
    topic_form = blank_admin_form(staff_client, "/admin/archive/topic/add/")
    statement_form = blank_admin_form(staff_client, "/admin/archive/statement/add/")
    counter = iter(range(10**6))
    checked = []

    @settings(FUZZ_SETTINGS, max_examples=ADMIN_EXAMPLES)
    @given(name=hostile_text, native=hostile_text, text=hostile_text)
    def fuzz(name, native, text):
        n = next(counter)
        response = staff_client.post(
            "/admin/archive/participant/add/",
            # Generated names repeat; the editors' duplicate warning is not what is tested here.
            fill(person_form, name=name, native_name=native, slug=f"fuzz-{n}", not_a_duplicate="on"),
        )
        assert response.status_code == 302, form_errors(response)
        person = Participant.objects.get(slug=f"fuzz-{n}")
        assert (person.name, person.native_name) == (name.strip(), native.strip())
        data["call"].participants.create(participant=person, country_id="QA", order=10 + n)

        response = staff_client.post(
            "/admin/archive/topic/add/", fill(topic_form, name=name[:200], slug=f"fuzz-{n}")
        )
        assert response.status_code == 302, form_errors(response)
        topic = Topic.objects.get(slug=f"fuzz-{n}")
        assert topic.name == name[:200].strip()
        data["call"].topics.add(topic)

        response = staff_client.post(
            "/admin/archive/statement/add/",
            fill(statement_form, call=str(data["call"].pk), order=str(100 + n), language="ar", text=text),
        )
        assert response.status_code == 302, form_errors(response)
        statement = data["call"].statements.get(order=100 + n)
        assert statement.text == text.strip()

        call_page = client.get(data["call"].get_absolute_url()).content.decode()
        for shown in [person.name, topic.name, statement.text]:
            assert_escaped_on(call_page, shown)
        for url, shown in [(person.get_absolute_url(), person.name), (topic.get_absolute_url(), topic.name)]:
            page = client.get(url)
            assert page.status_code == 200, url
            assert_escaped_on(page.content.decode(), shown)
        checked.append(n)

    fuzz()
    assert len(checked) == ADMIN_EXAMPLES
    measured(f"admin person, topic and statement forms: {len(checked)} hostile texts saved and shown escaped")
