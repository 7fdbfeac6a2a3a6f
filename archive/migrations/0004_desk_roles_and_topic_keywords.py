"""The editors' desk: the Editor, Reviewer and Administrator groups with their permissions, and a
first lexicon of topic keywords (Arabic, Persian, English) for report intake. No accounts, and
no topics: a keyword names its topic by slug, and intake creates the topic when it first finds it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITING = ["call", "callparticipant", "statement", "translation", "source", "participant",
           "participantname", "office", "topic", "topickeyword"]
REMOVABLE_BY_EDITORS = ["callparticipant", "statement", "translation", "source", "participantname",
                        "office", "topickeyword"]


def editor_codenames():
    codes = {f"{action}_{model}" for model in EDITING for action in ("add", "change", "view")}
    codes |= {f"delete_{model}" for model in REMOVABLE_BY_EDITORS}
    codes |= {"view_country", "view_intakeguess", "submit_call"}
    return codes


def reviewer_codenames():
    return editor_codenames() | {"publish_call", "withdraw_call", "delete_call", "delete_participant",
                                 "delete_topic"}


TOPICS = {
    # slug: (name, name in Arabic, keywords by language)
    "gaza": ("Gaza", "غزة", {"ar": ["غزة", "قطاع غزة"], "fa": ["غزه"], "en": ["Gaza"]}),
    "lebanon": ("Lebanon", "لبنان", {"ar": ["لبنان"], "fa": ["لبنان"], "en": ["Lebanon", "Lebanese"]}),
    "syria": ("Syria", "سوريا", {"ar": ["سوريا", "سورية", "السوري"], "fa": ["سوریه"], "en": ["Syria", "Syrian"]}),
    "israel": ("Israel", "إسرائيل", {
        "ar": ["إسرائيل", "الإسرائيلي", "الكيان الصهيوني"],
        "fa": ["اسرائیل", "رژیم صهیونیستی", "رژیم اشغالگر"],
        "en": ["Israel", "Israeli", "Zionist regime"]}),
    "regional-security": ("Regional security", "الأمن الإقليمي", {
        "ar": ["الأمن الإقليمي", "أمن المنطقة", "الأمن في المنطقة", "الانفلات الأمني", "منطقة آمنة",
               "الاستقرار في المنطقة"],
        "fa": ["امنیت منطقه", "امنیت منطقه‌ای", "ثبات منطقه"],
        "en": ["regional security", "regional stability", "security of the region"]}),
    "terrorism": ("Terrorism", "الإرهاب", {
        "ar": ["الإرهاب", "إرهابية", "الإرهابي"], "fa": ["تروریسم", "تروریستی"],
        "en": ["terrorism", "terrorist"]}),
    "islamic-unity": ("Islamic unity", "الوحدة الإسلامية", {
        "ar": ["الوحدة الإسلامية", "الأمة الإسلامية", "وحدة المسلمين", "الدول الإسلامية"],
        "fa": ["وحدت اسلامی", "جهان اسلام", "کشورهای اسلامی", "امت اسلامی"],
        "en": ["Islamic unity", "Muslim unity", "Islamic countries", "Muslim world"]}),
    "bilateral-relations": ("Bilateral relations", "العلاقات الثنائية", {
        "ar": ["العلاقات الثنائية", "العلاقات بين البلدين", "التعاون بين البلدين"],
        "fa": ["روابط دوجانبه", "روابط دو کشور", "مناسبات دوجانبه", "همکاری‌های دوجانبه"],
        "en": ["bilateral relations", "bilateral ties", "relations between the two countries",
               "bilateral cooperation"]}),
    "bilateral-agreements": ("Bilateral agreements", "الاتفاقيات الثنائية", {
        "ar": ["التوافقات", "الاتفاقيات", "الاتفاقات"], "fa": ["توافقات", "تفاهم‌نامه", "موافقت‌نامه"],
        "en": ["agreements", "memorandum of understanding", "memoranda of understanding"]}),
    "joint-economic-committee": ("Joint economic committee", "اللجنة الاقتصادية المشتركة", {
        "ar": ["اللجنة الاقتصادية المشتركة", "اللجنة المشتركة"],
        "fa": ["کمیسیون مشترک اقتصادی", "کمیسیون اقتصادی مشترک", "کمیسیون مشترک"],
        "en": ["joint economic committee", "joint economic commission", "joint commission"]}),
    "qatar-mediation": ("Qatari mediation", "الوساطة القطرية", {
        "ar": ["وسيط", "الوساطة"], "fa": ["میانجی", "میانجیگری"], "en": ["mediator", "mediation"]}),
    "syria-armed-groups": ("Armed groups' advance in northern Syria", "تقدم المجموعات المسلحة في شمال سوريا", {
        "ar": ["الشمال السوري", "شمال سوريا", "المجموعات المسلحة", "الجماعات المسلحة"],
        "fa": ["شمال سوریه", "گروه‌های مسلح", "گروه‌های تروریستی"],
        "en": ["northern Syria", "armed groups"]}),
    "nuclear-programme": ("Nuclear programme", "البرنامج النووي", {
        "ar": ["النووي", "النووية"], "fa": ["هسته‌ای", "برجام"],
        "en": ["nuclear", "JCPOA", "enrichment"]}),
    "ukraine": ("Ukraine", "أوكرانيا", {"ar": ["أوكرانيا", "الأوكرانية"], "fa": ["اوکراین"], "en": ["Ukraine", "Ukrainian"]}),
    "trade": ("Trade and economic cooperation", "التجارة والتعاون الاقتصادي", {
        "ar": ["التبادل التجاري", "التعاون الاقتصادي", "الاستثمار"],
        "fa": ["تجارت", "همکاری اقتصادی", "مبادلات تجاری", "سرمایه‌گذاری"],
        "en": ["trade", "economic cooperation", "investment"]}),
    "energy": ("Energy", "الطاقة", {"ar": ["الطاقة", "الغاز", "النفط"], "fa": ["انرژی", "گاز", "نفت"],
                                    "en": ["energy", "gas", "oil"]}),
}


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    archive = Permission.objects.filter(content_type__app_label="archive")
    groups = {
        "Editor": archive.filter(codename__in=editor_codenames()),
        "Reviewer": archive.filter(codename__in=reviewer_codenames()),
        "Administrator": Permission.objects.filter(content_type__app_label__in=["archive", "auth"]),
    }
    for name, permissions in groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)

    TopicKeyword = apps.get_model("archive", "TopicKeyword")
    for slug, (name, name_ar, keywords) in TOPICS.items():
        for language, words in keywords.items():
            for word in words:
                TopicKeyword.objects.get_or_create(
                    keyword=word,
                    language=language,
                    topic_slug=slug,
                    defaults={"topic_name": name, "topic_name_ar": name_ar},
                )


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_desk_workflow_and_intake"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
