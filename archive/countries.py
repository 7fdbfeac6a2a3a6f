"""The list of countries, historic states and international organisations.

Current states come from django-countries (ISO 3166-1, with its English and Arabic names).
Historic states keep their former ISO 3166-1 code (SU, YU, CS, DD) or, where they never had
one, a code from the user-assigned X? range; organisations use the code they are known by.
Add an entry here and run ``manage.py sync_countries`` (migrations also run it) to extend it.
"""

from django.utils import translation
from django_countries import countries as iso_countries

from .vocabularies import EntityKind

# code: (English name, Arabic name, kind, Wikidata id)
EXTRA_ENTITIES = {
    "XK": ("Kosovo", "كوسوفو", EntityKind.STATE, "Q1246"),
    "SU": ("Soviet Union", "الاتحاد السوفيتي", EntityKind.HISTORIC, "Q15180"),
    "YU": ("Yugoslavia", "يوغوسلافيا", EntityKind.HISTORIC, "Q36704"),
    "CS": ("Czechoslovakia", "تشيكوسلوفاكيا", EntityKind.HISTORIC, "Q33946"),
    "DD": ("East Germany", "ألمانيا الشرقية", EntityKind.HISTORIC, "Q16957"),
    "XH": ("Kingdom of Hawaii", "مملكة هاواي", EntityKind.HISTORIC, "Q156012"),
    "XO": ("Ottoman Empire", "الدولة العثمانية", EntityKind.HISTORIC, "Q12560"),
    "XR": ("Russian Empire", "الإمبراطورية الروسية", EntityKind.HISTORIC, "Q34266"),
    "XA": ("Austria-Hungary", "الإمبراطورية النمساوية المجرية", EntityKind.HISTORIC, "Q28513"),
    "XS": ("Siam", "سيام", EntityKind.HISTORIC, "Q1054923"),
    "XP": ("Persia", "بلاد فارس", EntityKind.HISTORIC, "Q1537016"),
    "YD": ("South Yemen", "اليمن الجنوبي", EntityKind.HISTORIC, "Q199841"),
    "XV": ("South Vietnam", "فيتنام الجنوبية", EntityKind.HISTORIC, "Q180573"),
    "XY": ("North Yemen", "اليمن الشمالي", EntityKind.HISTORIC, "Q267584"),
    "XZ": ("Zanzibar", "زنجبار", EntityKind.HISTORIC, "Q1066177"),
    "XT": ("Tanganyika", "تنجانيقا", EntityKind.HISTORIC, ""),
    "XN": ("Newfoundland", "نيوفاوندلاند", EntityKind.HISTORIC, "Q1052398"),
    "XM": ("Rhodesia", "روديسيا", EntityKind.HISTORIC, "Q217169"),
    "XU": ("United Arab Republic", "الجمهورية العربية المتحدة", EntityKind.HISTORIC, "Q170461"),
    "UN": ("United Nations", "الأمم المتحدة", EntityKind.ORGANISATION, "Q1065"),
    "EU": ("European Union", "الاتحاد الأوروبي", EntityKind.ORGANISATION, "Q458"),
    "GCC": ("Gulf Cooperation Council", "مجلس التعاون الخليجي", EntityKind.ORGANISATION, "Q191870"),
    "NATO": ("NATO", "حلف شمال الأطلسي", EntityKind.ORGANISATION, "Q7184"),
    "OIC": (
        "Organisation of Islamic Cooperation",
        "منظمة التعاون الإسلامي",
        EntityKind.ORGANISATION,
        "Q166864",
    ),
    "LAS": ("Arab League", "جامعة الدول العربية", EntityKind.ORGANISATION, "Q7172"),
    "AFRU": ("African Union", "الاتحاد الأفريقي", EntityKind.ORGANISATION, "Q7159"),
    "ASEAN": ("ASEAN", "رابطة دول جنوب شرق آسيا", EntityKind.ORGANISATION, "Q7768"),
    "OAS": ("Organization of American States", "منظمة الدول الأمريكية", EntityKind.ORGANISATION, "Q123759"),
}

# Wikidata ids of the states the shipped records name most; others can be added in the admin.
STATE_WIKIDATA = {"IR": "Q794", "QA": "Q846", "US": "Q30"}


def all_entities():
    """Yield (code, name, name_ar, kind, wikidata) for every entity the archive knows."""
    for code, name in iso_countries:
        with translation.override("ar"):
            name_ar = str(iso_countries.name(code))
        yield code, str(name), name_ar, EntityKind.STATE, STATE_WIKIDATA.get(code, "")
    for code, (name, name_ar, kind, wikidata) in EXTRA_ENTITIES.items():
        yield code, name, name_ar, kind, wikidata


def sync_countries(country_model):
    """Create the missing entities; never overwrite what editors changed."""
    existing = set(country_model.objects.values_list("code", flat=True))
    country_model.objects.bulk_create(
        country_model(code=code, name=name, name_ar=name_ar, kind=kind, wikidata=wikidata)
        for code, name, name_ar, kind, wikidata in all_entities()
        if code not in existing
    )
