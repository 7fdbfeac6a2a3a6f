"""People the desk and intake tests use, with their names in several scripts and their offices."""

import datetime

from archive.models import Office, Participant, ParticipantName

PEOPLE = {
    "masoud-pezeshkian": (
        "Masoud Pezeshkian",
        "مسعود پزشکیان",
        "fa",
        [("بزشكيان", "ar"), ("مسعود بزشكيان", "ar"), ("Pezeshkian", "en"), ("Pezeshkiyan", "en"),
         ("پزشکیان", "fa")],
        ("President of Iran", "IR", datetime.date(2024, 7, 28)),
    ),
    "tamim-bin-hamad-al-thani": (
        "Tamim bin Hamad Al Thani",
        "تميم بن حمد آل ثاني",
        "ar",
        [("الشيخ تميم بن حمد آل ثاني", "ar"), ("Sheikh Tamim bin Hamad Al Thani", "en"),
         ("Tamim bin Hamad", "en"), ("تمیم بن حمد آل ثانی", "fa")],
        ("Emir of Qatar", "QA", datetime.date(2013, 6, 25)),
    ),
    "abbas-araghchi": (
        "Abbas Araghchi",
        "عباس عراقچی",
        "fa",
        [("عراقجي", "ar"), ("Araghchi", "en"), ("Araqchi", "en"), ("عراقچی", "fa")],
        ("Foreign Minister of Iran", "IR", datetime.date(2024, 8, 21)),
    ),
    "hakan-fidan": (
        "Hakan Fidan",
        "Hakan Fidan",
        "tr",
        [("Fidan", "en"), ("هاکان فیدان", "fa"), ("فیدان", "fa"), ("هاكان فيدان", "ar")],
        ("Foreign Minister of Turkey", "TR", datetime.date(2023, 6, 4)),
    ),
}  # fmt: skip


def make_people(*slugs):
    made = {}
    for slug in slugs or PEOPLE:
        name, native, language, names, (title, country, start) = PEOPLE[slug]
        person = Participant.objects.create(
            slug=slug, name=name, native_name=native, native_language=language
        )
        for spelling, lang in names:
            ParticipantName.objects.create(participant=person, name=spelling, language=lang)
        Office.objects.create(participant=person, title=title, country_id=country, start=start)
        made[slug] = person
    return made
