"""The import of the Office of the Historian's visits by foreign leaders to the United States."""

import datetime
import re
import xml.etree.ElementTree as ET
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from archive.importers.hsg_countries import page_code, visit_code
from archive.importers.hsg_names import parse_visitors
from archive.models import Call, CallParticipant, Participant, ParticipantName, Source
from archive.vocabularies import Medium, ParticipantRole, Status

DATA = Path(settings.BASE_DIR) / "fixtures" / "hsg-visits" / "data"
IMPORTED = {"external_id__startswith": "hsg-visits:"}


def visit_elements():
    for path in sorted(DATA.glob("*.xml")):
        yield from ET.parse(path).getroot().iter("visit")  # noqa: S314 - the shipped data


def run_import(*args):
    out = StringIO()
    call_command("import_hsg_visits", *args, stdout=out)
    return out.getvalue()


def row_counts():
    models = (Call, CallParticipant, Source, Participant, ParticipantName)
    return {m.__name__: (m.objects.count(), m.history.count()) for m in models}


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """The whole data set, imported once for the module's tests and removed afterwards."""
    with django_db_blocker.unblock():
        output = run_import()
        yield output
        # Removing test data is not an edit worth a revision.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            Call.objects.filter(**IMPORTED).delete()
            Participant.objects.filter(call_roles__isnull=True).delete()
        for model in (Call, CallParticipant, Source, Participant, ParticipantName):
            model.history.all().delete()


def visit(hsg_id):
    return Call.objects.get(identifier=f"hsg-{hsg_id}")


def visitors(call):
    return list(call.participants.filter(role=ParticipantRole.VISITOR).select_related("participant"))


# The whole data set ------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_visit_in_the_files_becomes_one_published_call(imported):
    ids = [element.findtext("id").strip() for element in visit_elements()]
    calls = Call.objects.filter(**IMPORTED)
    assert calls.count() == len(ids) == 3264
    assert set(calls.values_list("external_id", flat=True)) == {f"hsg-visits:{i}" for i in ids}
    assert set(calls.values_list("status", "medium", "date_precision", "place_country")) == {
        (Status.PUBLISHED, Medium.VISIT, "day", "US")
    }
    assert all(re.fullmatch(r"[a-z][a-z0-9-]{2,39}", i) for i in calls.values_list("identifier", flat=True))
    assert f"{len(ids)} visits imported, 0 already in the archive skipped" in imported


@pytest.mark.django_db
def test_a_second_run_adds_and_changes_nothing(imported):
    before = row_counts()
    last_change = Call.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    output = run_import()
    assert row_counts() == before
    assert Call.objects.order_by("-updated_at").values_list("updated_at", flat=True).first() == last_change
    assert "0 visits imported, 3264 already in the archive skipped, 0 people created." in output


@pytest.mark.django_db
def test_every_call_has_a_visitor_with_a_country_and_the_united_states_as_host(imported):
    calls = Call.objects.filter(**IMPORTED)
    hosts = CallParticipant.objects.filter(call__in=calls, role=ParticipantRole.HOST)
    assert hosts.count() == calls.count()
    assert set(hosts.values_list("country", "participant")) == {("US", None)}
    visiting = CallParticipant.objects.filter(call__in=calls, role=ParticipantRole.VISITOR)
    assert visiting.values("call").distinct().count() == calls.count()
    assert not visiting.filter(country__isnull=True).exists()
    assert not visiting.filter(participant__isnull=True).exists()


@pytest.mark.django_db
def test_every_call_has_its_record_as_a_source(imported):
    assert Source.objects.filter(call__in=Call.objects.filter(**IMPORTED)).count() == 3264
    source = visit(2991).sources.get()
    assert source.outlet == "Office of the Historian, U.S. Department of State"
    assert source.kind == "record"
    assert source.title == "Visits by Foreign Leaders to the United States"
    assert source.url == "https://history.state.gov/departmenthistory/visits/greece"
    assert source.licence == "Public domain (CC0 1.0)"
    assert source.licence_url == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert source.attribution == "Office of the Historian, U.S. Department of State"
    # last-modified-datetime is empty, so the record dates from its creation.
    assert source.published_on == datetime.date(2021, 6, 3)
    assert "Visitor: Prime Minister Kyriakos Mitsotakis" in source.full_text
    assert "Description: Official Working Visit." in source.full_text
    assert "Last modified datetime:" in source.full_text


# Real records ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_record_becomes_a_call_with_its_title_dates_and_summary(imported):
    call = visit(2991)
    assert call.title == "Visit of Prime Minister Kyriakos Mitsotakis of Greece to the United States"
    assert call.summary == "Official Working Visit."
    assert call.date == datetime.date(2020, 1, 7)
    assert call.end_date is None
    [mitsotakis] = visitors(call)
    assert (mitsotakis.office_title, mitsotakis.country_id) == ("Prime Minister", "GR")
    assert mitsotakis.participant.name == "Kyriakos Mitsotakis"


@pytest.mark.django_db
def test_a_multi_day_visit_keeps_its_end_date(imported):
    call = visit(2795)
    assert (call.date, call.end_date) == (datetime.date(2015, 5, 13), datetime.date(2015, 5, 15))


@pytest.mark.django_db
def test_tamim_is_one_person_across_his_visits_with_the_names_as_written(imported):
    tamim = Participant.objects.get(slug="tamim-bin-hamad-al-thani")
    assert tamim.name == "Tamim bin Hamad Al Thani"
    roles = tamim.call_roles.order_by("call__date")
    assert [r.call.identifier for r in roles] == ["hsg-2784", "hsg-2908", "hsg-2931", "hsg-3043"]
    assert {(r.office_title, r.country_id) for r in roles} == {("Amir", "QA")}
    latest = roles.last()
    assert latest.name_as_written == "Amir Sheikh Tamim bin Hamad Al Thani"
    assert latest.call.title == "Visit of Amir Sheikh Tamim bin Hamad Al Thani of Qatar to the United States"
    assert "Sheikh Tamim bin Hamad Al Thani" in set(tamim.names.values_list("name", flat=True))


@pytest.mark.django_db
def test_soviet_visits_are_filed_under_the_soviet_union_and_later_ones_under_russia(imported):
    [khrushchev] = visitors(visit(2385))
    assert (khrushchev.country_id, khrushchev.office_title) == ("SU", "Premier")
    assert "of the U.S.S.R. to the United States" in visit(2385).title
    gorbachev = {v.participant_id for c in (671, 697, 779) for v in visitors(visit(c))}
    assert len(gorbachev) == 1
    assert {v.country_id for c in (671, 697, 779) for v in visitors(visit(c))} == {"SU"}
    assert (
        CallParticipant.objects.filter(call__in=Call.objects.filter(**IMPORTED), country="RU")
        .exclude(call__date__lt=datetime.date(1992, 1, 1))
        .exists()
    )
    soviet_era = datetime.date(1991, 12, 26)
    assert not CallParticipant.objects.filter(country="RU", call__date__lt=soviet_era).exists()


@pytest.mark.django_db
def test_non_ascii_names_survive_intact(imported):
    erdogan = Participant.objects.get(name="Recep Tayyip Erdoğan")
    assert erdogan.slug == "recep-tayyip-erdogan"
    # Spelled with and without the diacritic, under the Turkey and Türkiye pages: one person.
    assert {r.call.identifier for r in erdogan.call_roles.all()} >= {"hsg-1784", "hsg-2116", "hsg-3312"}
    assert {r.country_id for r in erdogan.call_roles.all()} == {"TR"}
    assert visitors(visit(2673))[0].name_as_written == "Prime Minister Shinzō Abe"


@pytest.mark.django_db
def test_two_leaders_in_one_record_are_two_participants(imported):
    call = visit(3246)
    assert [(v.office_title, v.participant.name) for v in visitors(call)] == [
        ("President", "Andrzej Duda"),
        ("Prime Minister", "Donald Tusk"),
    ]
    assert call.participants.get(role=ParticipantRole.HOST).order == 2


@pytest.mark.django_db
def test_a_leader_of_a_dissolved_state_stays_one_person(imported):
    havel = Participant.objects.get(slug="vaclav-havel")
    assert {r.country_id for r in havel.call_roles.all()} == {"CS", "CZ"}


@pytest.mark.django_db
def test_people_slugs_are_unique_and_imported_history_exists(imported):
    slugs = list(Participant.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    assert Call.history.filter(identifier="hsg-2991", history_type="+").count() == 1


# Countries ---------------------------------------------------------------------------------


def test_every_country_page_in_the_data_maps_to_a_country():
    pages = {}
    for element in visit_elements():
        origin = element.find("from")
        start = datetime.date.fromisoformat(element.findtext("start-date").strip())
        pages.setdefault(origin.get("id"), set()).add(visit_code(origin.get("id"), origin.text or "", start))
    assert len(pages) == 203
    codes = set().union(*pages.values())
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", code) for code in codes)


@pytest.mark.parametrize(
    ("slug", "name", "on", "code"),
    [
        ("russia", "U.S.S.R.", "1959-09-15", "SU"),
        ("russia", "Russia", "1992-02-01", "RU"),
        ("yugoslavia", "Yugoslavia", "1963-10-17", "YU"),
        ("czechoslovakia", "Czechoslovakia", "1990-02-19", "CS"),
        ("german-democratic-republic", "German Democratic Republic", "1990-06-11", "DD"),
        ("germany", "Germany, Federal Republic of", "1953-04-07", "DE"),
        ("hawaii", "Hawaii", "1874-12-12", "XH"),
        ("vietnam", "Vietnam", "1957-05-08", "XV"),
        ("vietnam", "Vietnam", "2024-09-25", "VN"),
        ("egypt", "Egypt", "1960-09-26", "XU"),
        ("egypt", "Egypt", "1975-10-27", "EG"),
        ("yemen", "Yemen Arab Republic", "1990-01-23", "XY"),
        ("tanzania", "Tanganyika", "1961-07-17", "XT"),
        ("thailand", "Siam (Thailand)", "1931-04-28", "XS"),
        ("zimbabwe", "Zimbabwe Rhodesia", "1979-07-09", "XM"),
        ("malaysia", "Malaya", "1960-10-25", "MY"),
        ("china", "China, People’s Republic of", "2023-11-12", "CN"),
        ("taiwan", "China, Republic of", "1961-07-31", "TW"),
        ("korea", "Korea, South", "2017-06-29", "KR"),
        ("somoa", "Somoa", "2022-09-28", "WS"),
        ("turkiye", "Türkiye", "2024-07-10", "TR"),
        ("benin", "Dahomey (Benin)", "1969-03-05", "BJ"),
    ],
)
def test_country_pages_map_to_the_state_of_the_day(slug, name, on, code):
    assert visit_code(slug, name, datetime.date.fromisoformat(on)) == code


def test_an_unknown_country_page_is_an_error_naming_it():
    with pytest.raises(LookupError, match="atlantis"):
        page_code("atlantis", "Atlantis")


# Names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Amir Sheikh Tamim bin Hamad Al Thani", [("Amir", "Tamim bin Hamad Al Thani")]),
        ("Prime Minster Mackenzie King", [("Prime Minister", "Mackenzie King")]),
        ("Prime MinisterHaidar al- Abadi", [("Prime Minister", "Haidar al- Abadi")]),
        ("President- elect Ernesto Zedillo", [("President-elect", "Ernesto Zedillo")]),
        ("Crown Prince Mohammed bin Salman", [("Crown Prince", "Mohammed bin Salman")]),
        ("Queen Elizabeth II", [("Queen", "Elizabeth II")]),
        ("Prime Minister Sheikh Hasina", [("Prime Minister", "Sheikh Hasina")]),
        ("Emperor Dom Pedro II", [("Emperor", "Pedro II")]),
        ("Premier and Prince Sihanouk", [("Premier", "Sihanouk")]),
        ("President Benigno S. Aquino, 3rd", [("President", "Benigno S. Aquino, 3rd")]),
        ("Valdas Adamkus", [("", "Valdas Adamkus")]),
        (
            "King Abdullah and Crown Prince Hussein",
            [("King", "Abdullah"), ("Crown Prince", "Hussein")],
        ),
        (
            "President Anwar Sadat, Prime Minister Mustafa Khalil",
            [("President", "Anwar Sadat"), ("Prime Minister", "Mustafa Khalil")],
        ),
    ],
)
def test_visitor_strings_give_offices_and_names(written, expected):
    assert [(v.office_title, v.name) for v in parse_visitors(written)] == expected


# Small files -------------------------------------------------------------------------------

VISIT = """
    <visit>
        <id>{id}</id>
        <start-date>{start}</start-date>
        <end-date>{end}</end-date>
        <visitor>{visitor}</visitor>
        <from id="{slug}">{country}</from>
        <description>{description}</description>
        <created-by>editor</created-by>
        <created-datetime>2021-06-03T09:30:59-04:00</created-datetime>
        <last-modified-by>editor</last-modified-by>
        <last-modified-datetime>{modified}</last-modified-datetime>
    </visit>"""


def write_file(directory, name, *visits):
    directory.mkdir(exist_ok=True)
    body = "".join(VISIT.format(**{"modified": "", "description": "Working visit.", **v}) for v in visits)
    (directory / name).write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<visits>{body}\n</visits>\n')
    return directory


# Made-up people, so that the records cannot match anyone in the real data.
SOVIET = {
    "id": "900001",
    "start": "1959-09-15",
    "end": "1959-09-27",
    "visitor": "Premier Pyotr  Ivanovich Sidorov",
    "slug": "russia",
    "country": "U.S.S.R.",
    "description": "Official visit at <em>Camp David</em>, Maryland.",
    "modified": "2020-11-19T16:46:26.258-04:00",
}
TURKISH = {
    "id": "900002",
    "start": "2013-05-16",
    "end": "2013-05-16",
    "visitor": "President Ayşe Doğan and Prime Minister Mehmet Öztürk",
    "slug": "turkey",
    "country": "Turkey",
}
TURKISH_AGAIN = {**TURKISH, "id": "900003", "start": "2017-05-16", "end": "2017-05-16"}
TURKISH_LATER = {**TURKISH_AGAIN, "id": "900004", "visitor": "President Ayse Dogan"}


@pytest.mark.django_db
def test_a_small_file_is_imported_with_its_quirks(tmp_path):
    directory = write_file(tmp_path / "data", "visits.xml", SOVIET, TURKISH, TURKISH_AGAIN)
    people_before = Participant.objects.count()
    output = run_import("--path", str(directory))
    assert "3 visits imported, 0 already in the archive skipped, 3 people created." in output
    assert Participant.objects.count() == people_before + 3

    soviet = Call.objects.get(identifier="hsg-900001")
    assert soviet.summary == "Official visit at Camp David, Maryland."
    assert soviet.end_date == datetime.date(1959, 9, 27)
    assert soviet.title == "Visit of Premier Pyotr Ivanovich Sidorov of the U.S.S.R. to the United States"
    [premier] = visitors(soviet)
    assert (premier.country_id, premier.participant.name) == ("SU", "Pyotr Ivanovich Sidorov")
    assert soviet.sources.get().published_on == datetime.date(2020, 11, 19)
    assert "Description: Official visit at Camp David, Maryland." in soviet.sources.get().full_text

    first, second = Call.objects.get(identifier="hsg-900002"), Call.objects.get(identifier="hsg-900003")
    assert first.end_date is None
    assert [v.participant.name for v in visitors(first)] == ["Ayşe Doğan", "Mehmet Öztürk"]
    assert visitors(first)[0].participant_id == visitors(second)[0].participant_id


@pytest.mark.django_db
def test_a_later_import_links_new_visits_to_people_already_in_the_archive(tmp_path):
    run_import("--path", str(write_file(tmp_path / "first", "a.xml", TURKISH)))
    output = run_import("--path", str(write_file(tmp_path / "second", "a.xml", TURKISH, TURKISH_LATER)))
    assert "1 visits imported, 1 already in the archive skipped, 0 people created." in output
    [earlier], [later] = (
        visitors(Call.objects.get(identifier="hsg-900002"))[:1],
        visitors(Call.objects.get(identifier="hsg-900004")),
    )
    assert later.participant_id == earlier.participant_id
    assert later.name_as_written == "President Ayse Dogan"


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(tmp_path):
    before = row_counts()
    output = run_import("--path", str(write_file(tmp_path / "data", "a.xml", SOVIET)), "--dry-run")
    assert "1 visits imported" in output and "Dry run: nothing was written." in output
    assert row_counts() == before


@pytest.mark.django_db
def test_a_malformed_file_is_rejected_and_nothing_is_written(tmp_path):
    directory = write_file(tmp_path / "data", "1950.xml", SOVIET)
    (directory / "2010.xml").write_text("<visits><visit><id>900009</id></visit>")
    before = row_counts()
    with pytest.raises(CommandError, match=r"Nothing was imported\. 2010\.xml: not well-formed XML"):
        run_import("--path", str(directory))
    assert row_counts() == before


@pytest.mark.django_db
def test_an_unknown_country_page_is_rejected_by_name_and_nothing_is_written(tmp_path):
    atlantis = {**TURKISH, "id": "900010", "slug": "atlantis", "country": "Atlantis"}
    directory = write_file(tmp_path / "data", "a.xml", SOVIET, atlantis)
    before = row_counts()
    with pytest.raises(CommandError, match="visit 900010: No country for <from id='atlantis'>Atlantis"):
        run_import("--path", str(directory))
    assert row_counts() == before


@pytest.mark.django_db
def test_a_visit_ending_before_it_starts_is_rejected(tmp_path):
    backwards = {**TURKISH, "start": "2013-05-16", "end": "2013-05-15"}
    with pytest.raises(CommandError, match="visit 900002: it ends"):
        run_import("--path", str(write_file(tmp_path / "data", "a.xml", backwards)))
