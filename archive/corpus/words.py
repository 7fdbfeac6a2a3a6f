"""Word lists for the synthetic scale corpus: names in several scripts and with variant
spellings, topics, outlets and sentence templates in English, Arabic and Persian.

Everything generated from these lists is fictional and is marked ``synthetic`` in the data.
"""

# Given names and family names common in Arabic- and Persian-speaking countries:
# (English transliterations, the first being the usual one; Arabic script; Persian script).
MIDDLE_EAST_GIVEN = [
    (["Mohammad", "Muhammad", "Mohammed"], "محمد", "محمد"),
    (["Ali"], "علي", "علی"),
    (["Hassan", "Hasan"], "حسن", "حسن"),
    (["Hossein", "Hussein", "Husayn"], "حسين", "حسین"),
    (["Abbas"], "عباس", "عباس"),
    (["Masoud", "Massoud", "Mas'ud"], "مسعود", "مسعود"),
    (["Javad", "Jawad"], "جواد", "جواد"),
    (["Abdullah", "Abdallah"], "عبد الله", "عبدالله"),
    (["Khalid", "Khaled"], "خالد", "خالد"),
    (["Tamim", "Tameem"], "تميم", "تمیم"),
    (["Faisal", "Faysal", "Feisal"], "فيصل", "فیصل"),
    (["Ahmad", "Ahmed"], "أحمد", "احمد"),
    (["Omar", "Umar"], "عمر", "عمر"),
    (["Youssef", "Yusuf", "Yousef"], "يوسف", "یوسف"),
    (["Ibrahim", "Ebrahim"], "إبراهيم", "ابراهیم"),
    (["Mahmoud", "Mahmud"], "محمود", "محمود"),
    (["Reza", "Rida"], "رضا", "رضا"),
    (["Mehdi", "Mahdi"], "مهدي", "مهدی"),
    (["Saeed", "Said", "Saeid"], "سعيد", "سعید"),
    (["Karim", "Kareem"], "كريم", "کریم"),
    (["Nasser", "Nasir"], "ناصر", "ناصر"),
    (["Salman"], "سلمان", "سلمان"),
    (["Hamad"], "حمد", "حمد"),
    (["Zayed", "Zayid"], "زايد", "زاید"),
    (["Fatemeh", "Fatima", "Fatma"], "فاطمة", "فاطمه"),
    (["Maryam", "Mariam"], "مريم", "مریم"),
    (["Leila", "Layla"], "ليلى", "لیلا"),
    (["Zahra"], "زهراء", "زهرا"),
    (["Amina", "Amineh"], "أمينة", "امینه"),
    (["Sara", "Sarah"], "سارة", "سارا"),
]
MIDDLE_EAST_FAMILY = [
    (["Pezeshkian", "Pezeshkiyan"], "بزشكيان", "پزشکیان"),
    (["Araghchi", "Araqchi"], "عراقجي", "عراقچی"),
    (["Al Thani", "Al-Thani"], "آل ثاني", "آل ثانی"),
    (["Al Saud", "Al-Saud"], "آل سعود", "آل سعود"),
    (["Al Nahyan", "Al-Nahyan"], "آل نهيان", "آل نهیان"),
    (["Al Sabah", "Al-Sabah"], "الصباح", "الصباح"),
    (["Al Khalifa", "Al-Khalifa"], "آل خليفة", "آل خلیفه"),
    (["Rouhani", "Rowhani"], "روحاني", "روحانی"),
    (["Zarif"], "ظريف", "ظریف"),
    (["Larijani"], "لاريجاني", "لاریجانی"),
    (["Velayati"], "ولايتي", "ولایتی"),
    (["Tehrani"], "طهراني", "تهرانی"),
    (["Shirazi"], "الشيرازي", "شیرازی"),
    (["Hashemi", "Hashimi"], "الهاشمي", "هاشمی"),
    (["Mousavi", "Musavi", "Moussavi"], "الموسوي", "موسوی"),
    (["Hosseini", "Husseini"], "الحسيني", "حسینی"),
    (["Sadr"], "الصدر", "صدر"),
    (["Khatib", "Al-Khatib"], "الخطيب", "خطیب"),
    (["Haddad"], "الحداد", "حداد"),
    (["Mansour", "Mansur"], "منصور", "منصور"),
    (["Qasemi", "Ghasemi", "Kasemi"], "قاسمي", "قاسمی"),
    (["Najafi"], "النجفي", "نجفی"),
    (["Abbasi"], "العباسي", "عباسی"),
    (["Karimi"], "كريمي", "کریمی"),
    (["Rahimi"], "رحيمي", "رحیمی"),
    (["Al Busaidi", "Al-Busaidi"], "البوسعيدي", "البوسعیدی"),
    (["Shoukry", "Shukri"], "شكري", "شکری"),
    (["Safadi"], "الصفدي", "صفدی"),
    (["Mikati", "Miqati"], "ميقاتي", "میقاتی"),
    (["Sudani", "Al-Sudani"], "السوداني", "سودانی"),
]
# Given and family names elsewhere: (English, Arabic, Persian, Russian).
OTHER_GIVEN = [
    ("Emmanuel", "إيمانويل", "امانوئل", "Эммануэль"),
    ("Olaf", "أولاف", "اولاف", "Олаф"),
    ("Giorgia", "جورجيا", "جورجیا", "Джорджа"),
    ("Vladimir", "فلاديمير", "ولادیمیر", "Владимир"),
    ("Sergey", "سيرغي", "سرگئی", "Сергей"),
    ("Antony", "أنتوني", "آنتونی", "Энтони"),
    ("Josep", "جوزيب", "ژوزپ", "Жозеп"),
    ("Kaja", "كايا", "کایا", "Кая"),
    ("Narendra", "ناريندرا", "نارندرا", "Нарендра"),
    ("Shehbaz", "شهباز", "شهباز", "Шахбаз"),
    ("Recep", "رجب", "رجب", "Реджеп"),
    ("Hakan", "هاكان", "هاکان", "Хакан"),
    ("Wang", "وانغ", "وانگ", "Ван"),
    ("Fumio", "فوميو", "فومیو", "Фумио"),
    ("Luiz", "لويس", "لوئیس", "Луис"),
    ("Cyril", "سيريل", "سیریل", "Сирил"),
    ("Ursula", "أورسولا", "اورزولا", "Урсула"),
    ("Antonio", "أنطونيو", "آنتونیو", "Антониу"),
    ("Keir", "كير", "کی‌یر", "Кир"),
    ("Mark", "مارك", "مارک", "Марк"),
    ("Annalena", "أنالينا", "آنالنا", "Анналена"),
    ("Pedro", "بيدرو", "پدرو", "Педро"),
    ("Claudia", "كلوديا", "کلودیا", "Клаудия"),
    ("Ilham", "إلهام", "الهام", "Ильхам"),
    ("Nikol", "نيكول", "نیکول", "Никол"),
]
OTHER_FAMILY = [
    ("Macron", "ماكرون", "مکرون", "Макрон"),
    ("Scholz", "شولتس", "شولتس", "Шольц"),
    ("Meloni", "ميلوني", "ملونی", "Мелони"),
    ("Putin", "بوتين", "پوتین", "Путин"),
    ("Lavrov", "لافروف", "لاوروف", "Лавров"),
    ("Blinken", "بلينكن", "بلینکن", "Блинкен"),
    ("Borrell", "بوريل", "بورل", "Боррель"),
    ("Kallas", "كالاس", "کالاس", "Каллас"),
    ("Modi", "مودي", "مودی", "Моди"),
    ("Sharif", "شريف", "شریف", "Шариф"),
    ("Erdogan", "أردوغان", "اردوغان", "Эрдоган"),
    ("Fidan", "فيدان", "فیدان", "Фидан"),
    ("Kishida", "كيشيدا", "کیشیدا", "Кисида"),
    ("da Silva", "دا سيلفا", "داسیلوا", "да Силва"),
    ("Ramaphosa", "رامافوزا", "رامافوزا", "Рамафоса"),
    ("von der Leyen", "فون دير لاين", "فون در لاین", "фон дер Ляйен"),
    ("Guterres", "غوتيريش", "گوترش", "Гутерриш"),
    ("Starmer", "ستارمر", "استارمر", "Стармер"),
    ("Rutte", "روته", "روته", "Рютте"),
    ("Baerbock", "بيربوك", "بربوک", "Бербок"),
    ("Sanchez", "سانشيز", "سانچز", "Санчес"),
    ("Sheinbaum", "شينباوم", "شینباوم", "Шейнбаум"),
    ("Aliyev", "علييف", "علی‌اف", "Алиев"),
    ("Pashinyan", "باشينيان", "پاشینیان", "Пашинян"),
    ("Tokayev", "توكاييف", "توکایف", "Токаев"),
]

PERSIAN_COUNTRIES = {"IR", "AF", "TJ", "XP"}
ARAB_COUNTRIES = {
    "SA", "AE", "QA", "KW", "BH", "OM", "YE", "IQ", "SY", "JO", "LB", "PS", "EG", "LY", "TN",
    "DZ", "MA", "SD", "MR", "SO", "DJ", "KM", "YD", "XY", "XU", "GCC", "LAS",
}  # fmt: skip
# Countries that take part in more calls, first; the rest follow in code order.
FOCUS_COUNTRIES = [
    "IR", "QA", "SA", "US", "RU", "TR", "AE", "IQ", "CN", "FR", "DE", "GB", "OM", "EG", "KW",
    "PK", "IN", "JP", "IT", "JO", "LB", "SY", "UN", "EU", "AZ", "AM", "AF", "BH", "ES", "BR",
]  # fmt: skip

OFFICES = {
    "state": ["President", "Prime Minister", "Minister of Foreign Affairs", "Vice President"],
    "monarchy": ["King", "Emir", "Crown Prince", "Minister of Foreign Affairs", "Prime Minister"],
    "organisation": ["Secretary-General", "President", "High Representative", "Special Envoy"],
}
MONARCHIES = {"SA", "QA", "KW", "BH", "OM", "JO", "MA", "AE", "GB", "ES", "NL", "BE", "NO", "SE", "DK", "JP"}

# Topics: (English, Arabic, Persian) roots; aspects and regions make the hierarchy.
TOPIC_ROOTS = [
    ("Security", "الأمن", "امنیت"),
    ("Trade", "التجارة", "تجارت"),
    ("Energy", "الطاقة", "انرژی"),
    ("Health", "الصحة", "بهداشت"),
    ("Climate", "المناخ", "اقلیم"),
    ("Migration", "الهجرة", "مهاجرت"),
    ("Nuclear programme", "البرنامج النووي", "برنامه هسته‌ای"),
    ("Regional conflicts", "النزاعات الإقليمية", "منازعات منطقه‌ای"),
    ("Culture", "الثقافة", "فرهنگ"),
    ("Education", "التعليم", "آموزش"),
    ("Finance", "المالية", "امور مالی"),
    ("Transport", "النقل", "حمل و نقل"),
    ("Agriculture", "الزراعة", "کشاورزی"),
    ("Technology", "التكنولوجيا", "فناوری"),
    ("Human rights", "حقوق الإنسان", "حقوق بشر"),
]
TOPIC_ASPECTS = [
    ("cooperation", "التعاون في مجال", "همکاری در زمینه"),
    ("agreements", "اتفاقيات", "توافق‌های"),
    ("disputes", "الخلافات حول", "اختلافات"),
    ("investment", "الاستثمار في", "سرمایه‌گذاری در"),
    ("talks", "محادثات", "مذاکرات"),
]
TOPIC_REGIONS = [
    ("in the Gulf", "في الخليج", "در خلیج فارس"),
    ("in the Levant", "في بلاد الشام", "در شام"),
    ("in the Caucasus", "في القوقاز", "در قفقاز"),
    ("in Central Asia", "في آسيا الوسطى", "در آسیای مرکزی"),
    ("in the Horn of Africa", "في القرن الأفريقي", "در شاخ آفریقا"),
    ("in the Sahel", "في منطقة الساحل", "در ساحل"),
    ("in the Caspian region", "في منطقة بحر قزوين", "در منطقه خزر"),
    ("in South Asia", "في جنوب آسيا", "در جنوب آسیا"),
]

OUTLETS = {
    "en": ["Gulf Daily Wire", "Continental Press Service", "The Diplomatic Ledger", "Ministry readout"],
    "ar": ["وكالة الأنباء الخليجية", "صحيفة الشرق اليومية", "بيان وزارة الخارجية", "قناة المنطقة الإخبارية"],
    "fa": ["خبرگزاری پارس نو", "روزنامه همشهری نو", "بیانیه وزارت امور خارجه", "پایگاه خبری دیپلماسی"],
}

ACTIONS = [
    ("expand bilateral cooperation", "توسيع التعاون الثنائي", "گسترش همکاری‌های دوجانبه"),
    ("continue consultations", "مواصلة المشاورات", "ادامه رایزنی‌ها"),
    ("hold a joint commission meeting", "عقد اجتماع للجنة المشتركة", "برگزاری نشست کمیسیون مشترک"),
    ("reduce tensions in the region", "خفض التوتر في المنطقة", "کاهش تنش‌ها در منطقه"),
    ("sign a memorandum of understanding", "توقيع مذكرة تفاهم", "امضای یادداشت تفاهم"),
    ("exchange official visits", "تبادل الزيارات الرسمية", "تبادل سفرهای رسمی"),
    ("support a ceasefire", "دعم وقف إطلاق النار", "حمایت از آتش‌بس"),
    ("increase trade volume", "زيادة حجم التبادل التجاري", "افزایش حجم مبادلات تجاری"),
]

EN_TEMPLATES = [
    "{speaker} stressed the importance of {topic} between the two countries.",
    "{speaker} said that {country} is ready to {action}.",
    "The two sides discussed {topic} and agreed to {action}.",
    "{speaker} congratulated his counterpart and expressed the hope to {action}.",
    "{speaker} described the talks on {topic} as constructive and frank.",
    "According to {speaker}, the situation required efforts to {action}.",
    "{speaker} invited the other side to {action} before the end of the year.",
    '"We will {action}," {speaker} said.',
]
AR_TEMPLATES = [
    "أكد {speaker} على أهمية {topic} بين البلدين.",
    "قال {speaker} إن {country} مستعدة لـ{action}.",
    "بحث الجانبان {topic} واتفقا على {action}.",
    "أعرب {speaker} عن أمله في {action} في أقرب وقت.",
    "وصف {speaker} المباحثات حول {topic} بأنها بناءة وصريحة.",
    "دعا {speaker} الجانب الآخر إلى {action} قبل نهاية العام.",
    "وأضاف {speaker}: «سنعمل على {action}».",
]
FA_TEMPLATES = [
    "{speaker} بر اهمیت {topic} میان دو کشور تأکید کرد.",
    "{speaker} گفت {country} آماده {action} است.",
    "دو طرف درباره {topic} گفت‌وگو کردند و بر {action} توافق کردند.",
    "{speaker} ابراز امیدواری کرد که {action} هرچه زودتر انجام شود.",
    "{speaker} گفتگوها درباره {topic} را سازنده و صریح توصیف کرد.",
    "{speaker} از طرف مقابل برای {action} تا پایان سال دعوت کرد.",
]
WITHDRAWN_REASONS = [
    "The only source was retracted by its publisher.",
    "The call was found to be a duplicate of another record.",
]

# Spellings that differ between sources: Arabic-keyboard Persian, hamza and ta marbuta.
FA_VARIANTS = [("ی", "ي"), ("ک", "ك"), ("گفت‌وگو", "گفتگو")]
AR_VARIANTS = [("أ", "ا"), ("إ", "ا"), ("ة ", "ه "), ("ى", "ي")]
