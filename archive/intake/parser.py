"""Reading a report: who took part, when, how, about what, and who said what.

Everything here is a guess from the words of the report, and each guess keeps its evidence
(the words it went by) so the editor can check it. Matching is done on folded text
(:mod:`archive.intake.normalise`); what is stored is cut from the report exactly as written.
"""

import bisect
import re
from dataclasses import dataclass, field

from ..vocabularies import Medium, StatementKind
from .dates import find_dates
from .normalise import fold, fold_with_map

B, E = r"(?<!\w)", r"(?!\w)"
ARABIC_CLITICS = r"(?:و|ف|ب|ل|ك)?"

MEDIUM_WORDS = {
    Medium.TELEPHONE: [
        "اتصال هاتفي", "اتصالا هاتفيا", "اتصالاً هاتفياً", "مكالمة هاتفية", "الاتصال الهاتفي", "هاتفيا",
        "تماس تلفنی", "گفتگوی تلفنی", "گفت‌وگوی تلفنی", "تلفنی", "phone call", "telephone call",
        "telephone conversation", "phone conversation", "by phone", "by telephone", "phoned", "telephoned",
    ],
    Medium.VIDEO: [
        "اتصال مرئي", "عبر الفيديو", "الفيديو كونفرانس", "تماس ویدئویی", "ویدئوکنفرانس", "ویدیوکنفرانس",
        "video call", "videoconference", "video conference", "video link",
    ],
    Medium.MESSAGE: ["رسالة", "برقية", "پیام", "نامه", "message", "letter"],
    Medium.VISIT: ["زيارة", "زار", "سفر", "visit", "visited", "state visit"],
    Medium.MEETING: [
        "لقاء", "التقى", "اجتمع", "استقبل", "دیدار", "ملاقات", "met with", "meeting", "received",
    ],
}  # fmt: skip

# Phrases that open a paragraph in which the other side speaks.
OTHER_SIDE = [
    "من جانبه", "من جانبها", "من جهته", "من جهتها", "بدوره", "بدورها", "من ناحيته", "في المقابل",
    "در مقابل", "در پاسخ", "وی نیز", "for his part", "for her part", "in turn", "in response", "responding",
]  # fmt: skip
SPEECH_COLON = [
    "قال", "وقال", "أضاف", "وأضاف", "تابع", "وتابع", "أكد", "وأكد", "صرح", "وصرح", "أوضح", "وأوضح",
    "گفت", "افزود", "تصریح کرد", "تاکید کرد", "اظهار داشت", "said", "added", "stated", "told",
]  # fmt: skip
QUOTE_PAIRS = [("“", "”"), ('"', '"'), ("«", "»"), ("„", "“")]
END_MARKER = re.compile(r"^\W*(انتهى|انتهای پیام|end|ends|پایان|ادامه دارد|\d+/?)\W*$", re.IGNORECASE)
# Paragraphs about both sides at once: a summary, no single speaker.
BOTH_SIDES = [
    "الجانبان", "الطرفان", "الجانبين", "الطرفين", "دو طرف", "طرفین", "both sides", "the two sides",
    "the two leaders", "the two ministers", "both leaders", "they also",
]  # fmt: skip
INITIATOR_CUES = [
    "تلقى اتصالا", "تلقى اتصال", "تلقى مكالمة", "received a phone call", "received a telephone call",
    "received a call", "received a video call",
]  # fmt: skip

# Titles, most specific first, with the word an office title in English would contain.
TITLES = [
    (
        "prime minister",
        ["رئيس الوزراء", "رئيس الحكومة", "نخست وزیر", "نخست‌وزیر", "prime minister", "premier"],
    ),
    ("foreign minister", ["وزير الخارجية", "وزیر امور خارجه", "وزیر خارجه", "foreign minister"]),
    ("crown prince", ["ولي العهد", "ولیعهد", "crown prince"]),
    ("president", ["رئيس الجمهورية", "رئیس‌جمهور", "رئیس جمهور", "رئیس‌جمهوری", "الرئيس", "رئيس", "president"]),
    ("emir", ["أمير", "امير", "امیر", "emir", "amir"]),
    ("king", ["الملك", "ملك", "پادشاه", "king"]),
    ("sultan", ["السلطان", "سلطان", "sultan"]),
    ("chancellor", ["المستشار", "صدراعظم", "chancellor"]),
]


def is_arabic_script(text):
    return any("\u0600" <= char <= "\u06ff" for char in text)


def phrase_pattern(words, suffix_ok=False):
    """A regex for any of ``words`` (folded) as whole words; Arabic-script ones may carry a
    one-letter proclitic (و ف ب ل ك), and with ``suffix_ok`` any ending."""
    parts = []
    for word in sorted({fold(w) for w in words if w.strip()}, key=len, reverse=True):
        if is_arabic_script(word):
            end = "" if suffix_ok else E
            parts.append(f"{ARABIC_CLITICS}{re.escape(word)}{end}")
        else:
            parts.append(f"{re.escape(word)}{'(?:s|es)?' if suffix_ok else ''}{E}")
    return re.compile(f"{B}(?:{'|'.join(parts)})") if parts else None


@dataclass
class Mention:
    person: object  # a Participant
    start: int
    end: int
    text: str  # as written in the report
    how: str  # "name" or "title"


@dataclass
class Paragraph:
    text: str  # exactly as in the report
    start: int  # offset in the folded report
    folded: str
    mentions: list = field(default_factory=list)


@dataclass
class Report:
    text: str
    published: object
    language: str

    def __post_init__(self):
        self.folded, self.positions = fold_with_map(self.text)

    def original(self, start, end):
        """The report's own text for the folded span [start, end)."""
        if start >= end:
            return ""
        return self.text[self.positions[start] : self.positions[end - 1] + 1]

    def paragraphs(self):
        found = []
        for match in re.finditer(r"[^\n]+", self.text):
            raw = match.group(0).strip()
            if not raw or END_MARKER.match(raw):
                continue
            offset = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
            start = bisect.bisect_left(self.positions, offset)
            found.append(Paragraph(raw, start, fold(raw)))
        return found


def people_names(people):
    """(folded name, person) for every name of every person, longest first."""
    names = []
    for person in people:
        spellings = {person.name, person.native_name} | {n.name for n in person.names.all()}
        for spelling in spellings:
            folded = fold(spelling or "").strip()
            if len(folded) >= 3:
                names.append((folded, person))
    return sorted(names, key=lambda item: len(item[0]), reverse=True)


def find_people(report, people):
    """Mentions of known people by any of their names, without overlaps."""
    mentions, taken = [], []
    for folded, person in people_names(people):
        prefix = ARABIC_CLITICS if is_arabic_script(folded) else ""
        for match in re.finditer(f"{B}{prefix}({re.escape(folded)}){E}", report.folded):
            start, end = match.span(1)
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            mentions.append(Mention(person, start, end, report.original(start, end), "name"))
    return sorted(mentions, key=lambda m: m.start)


def _country_words(country):
    words = []
    for name in (country.name, country.name_ar):
        folded = fold(name or "")
        if folded.startswith("ال") and len(folded) > 4:
            folded = folded[2:]
        if len(folded) >= 3:
            words.append(folded)
    return words


def find_titles(report, people_by_country, offices):
    """Mentions such as "أمير قطر", "الرئيس الإيراني", "Iranian President": a title followed or
    preceded (within a few words) by the name or adjective of a participant's country, where the
    participant's office on the day fits the title."""
    mentions, taken = [], []
    for canonical, words in TITLES:
        for match in phrase_pattern(words).finditer(report.folded):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            after = [
                (m.start() + end, m.end() + end) for m in re.finditer(r"\S+", report.folded[end : end + 60])
            ]
            origin = max(0, start - 30)
            before = [
                (m.start() + origin, m.end() + origin)
                for m in re.finditer(r"\S+", report.folded[origin:start])
            ]
            spans = after[:4] + before[-2:]
            found = _title_holder(
                canonical, [report.folded[a:b] for a, b in spans], people_by_country, offices
            )
            if found is not None:
                person, index = found
                left, right = min(start, spans[index][0]), max(end, spans[index][1])
                mentions.append(
                    Mention(person, start, end, report.original(left, right).strip(" ،,.:'’"), "title")
                )
    return mentions


def _title_holder(canonical, tokens, people_by_country, offices):
    for index, token in enumerate(tokens):
        token = re.sub(r"^(?:و|ب|ل)?(?:ال|لل)", "", token)
        for country_words, person in people_by_country:
            office = offices.get(person.pk, "")
            if office and canonical not in office:
                continue
            if any(token.startswith(word) for word in country_words):
                return person, index
    return None


def medium(report):
    """The first medium the report names, with the words."""
    best = None
    for value, words in MEDIUM_WORDS.items():
        match = phrase_pattern(words, suffix_ok=False).search(report.folded)
        if match and (best is None or match.start() < best[1].start()):
            best = (value, match)
    if best is None:
        return None, ""
    return best[0], report.original(*best[1].span())


def call_date(report, paragraphs):
    """The date of the call: the first date stated in a paragraph that names the medium, else the
    first date stated, else the publication date. Dates after publication are ignored."""
    mentions = [m for m in find_dates(report.folded, report.published) if m.date <= report.published]
    if not mentions:
        return report.published, "", "no date in the report; the publication date is used"
    medium_pattern = phrase_pattern([w for words in MEDIUM_WORDS.values() for w in words])
    for paragraph in paragraphs:
        end = paragraph.start + len(paragraph.folded)
        said = [paragraph.start + m.start() for m in medium_pattern.finditer(paragraph.folded)]
        inside = [m for m in mentions if paragraph.start <= m.start < end]
        if said and inside:
            chosen = min(inside, key=lambda m: min(abs(m.start - at) for at in said))
            return chosen.date, report.original(chosen.start, chosen.end), "stated with the call"
    chosen = mentions[0]
    return chosen.date, report.original(chosen.start, chosen.end), "first date stated in the report"


def topics(text, keywords, resolve=lambda keyword: keyword.topic):
    """{topic: [words of ``text`` that matched]} for the lexicon ``keywords`` (TopicKeyword rows);
    ``resolve`` gives a matched keyword's topic."""
    folded, positions = fold_with_map(text)
    found = {}
    for keyword in keywords:
        word = fold(keyword.keyword).strip()
        if not word:
            continue
        if is_arabic_script(word):
            core = word[2:] if word.startswith("ال") and len(word) > 4 else word
            pattern = f"{B}{ARABIC_CLITICS}(?:ال|لل)?{re.escape(core)}"
        else:
            pattern = f"{B}{re.escape(word)}(?:s|es)?{E}"
        match = re.search(pattern, folded)
        if match:
            words = found.setdefault(resolve(keyword), [])
            start, end = match.span()
            while end < len(folded) and folded[end].isalnum() and is_arabic_script(folded[end]):
                end += 1  # the whole word, suffix included
            written = text[positions[start] : positions[end - 1] + 1]
            if written not in words:
                words.append(written)
    return found


def quote_share(text):
    quoted = 0
    for opening, closing in QUOTE_PAIRS:
        pattern = re.escape(opening) + r"([^" + re.escape(closing) + r"]{3,})" + re.escape(closing)
        quoted += sum(len(m.group(1)) for m in re.finditer(pattern, text))
    return quoted / max(len(text), 1)


SPEECH_COLON_PATTERN = re.compile(rf"^(?:{'|'.join(re.escape(fold(w)) for w in SPEECH_COLON)})\s*:")
SPEECH_COLON_ANYWHERE = re.compile(rf"{B}(?:{'|'.join(re.escape(fold(w)) for w in SPEECH_COLON)})\s*:")
OTHER_SIDE_PATTERN = phrase_pattern(OTHER_SIDE)
BOTH_SIDES_PATTERN = phrase_pattern(BOTH_SIDES)
INITIATOR_PATTERN = phrase_pattern(INITIATOR_CUES, suffix_ok=True)


def is_headline(text):
    return len(text) <= 150 and not text.rstrip().endswith((".", "。", "؟", "?", "!", ":"))


def initiator(report, mentions):
    """The person a report says the call came from ("received a phone call from X"), if any."""
    match = INITIATOR_PATTERN.search(report.folded)
    if not match:
        return None, ""
    window = report.folded[match.end() : match.end() + 200]
    cue = re.search(rf"{B}(?:from|من|از){E}", window)
    if not cue:
        return None, ""
    after = match.end() + cue.end()
    for mention in mentions:
        if after <= mention.start <= after + 120:
            return mention.person, report.original(match.start(), mention.end)
    return None, ""


def statement_kind(paragraph):
    """Quote or paraphrase, with the reason."""
    share = quote_share(paragraph.text)
    if SPEECH_COLON_PATTERN.match(paragraph.folded):
        return StatementKind.QUOTE, "opens with a verb of saying and a colon"
    if share >= 0.4:
        return StatementKind.QUOTE, f"{round(share * 100)}% of it is in quotation marks"
    if share > 0:
        return StatementKind.PARAPHRASE, "reported speech with a shorter quotation inside"
    if SPEECH_COLON_ANYWHERE.search(paragraph.folded):
        return StatementKind.QUOTE, "a verb of saying followed by a colon"
    return StatementKind.PARAPHRASE, "no quotation marks"


@dataclass
class Attributed:
    paragraph: Paragraph
    speaker: object  # Participant or None
    kind: str
    evidence: str
    kind_reason: str
    is_lead: bool = False


def attribute(paragraphs, participants):
    """Who says each paragraph. Opening paragraphs that name two or more participants are the
    report's lead (a summary, no speaker); after that a paragraph is said by the first person it
    names, or by the other side after "من جانبه"/"for his part", or else by the last speaker."""
    result, last, in_lead = [], None, True
    for index, paragraph in enumerate(paragraphs):
        if index == 0 and is_headline(paragraph.text):
            result.append(
                Attributed(paragraph, None, "headline", "a short first line: the headline", "", True)
            )
            continue
        named = []
        for mention in paragraph.mentions:
            if mention.person not in named:
                named.append(mention.person)
        if in_lead and len(named) >= 2:
            result.append(Attributed(paragraph, None, StatementKind.SUMMARY, "names both sides", "", True))
            continue
        in_lead = False
        kind, reason = statement_kind(paragraph)
        opening = OTHER_SIDE_PATTERN.match(paragraph.folded)
        both = BOTH_SIDES_PATTERN.search(paragraph.folded)
        if both and len(named) != 1:
            speaker, evidence, kind = None, f"“{both.group(0).strip()}”: both sides", StatementKind.SUMMARY
            result.append(Attributed(paragraph, speaker, kind, evidence, ""))
            continue
        if named:
            first = paragraph.mentions[0]
            speaker, evidence = first.person, f"names “{first.text}”"
        elif opening and last is not None and len(participants) == 2:
            speaker = next(p for p in participants if p != last)
            evidence = f"“{paragraph.text[: opening.end() + 2].strip()}…”: the other side"
        elif last is not None:
            speaker, evidence = last, "names no one: the last speaker"
        else:
            speaker, evidence = None, "names no one"
            kind = StatementKind.SUMMARY
        if speaker is not None:
            last = speaker
        result.append(Attributed(paragraph, speaker, kind, evidence, reason))
    return result
