"""The one normaliser, applied alike to every text the archive indexes and to every query.

``normalise(text)`` makes spellings that readers treat as the same word compare equal:

- Unicode NFKC (Arabic presentation forms and ligatures become plain letters, full-width
  Latin becomes ASCII, no-break spaces become spaces);
- Latin case-folding, and Latin diacritics dropped (Erdoğan ~ erdogan, Türkiye ~ turkiye);
- Arabic diacritics dropped: harakat (fatha, damma, kasra, tanwin), shadda, sukun,
  superscript alef and the Quranic annotation marks; tatweel (ـ) dropped;
- hamza and madda on alef folded: أ إ آ ٱ to ا (the hamza above/below any seat is dropped,
  so ؤ becomes و and ئ becomes ي as well);
- ة to ه, ى to ي;
- Persian and Urdu letters folded to the Arabic ones: ی to ي, ک to ك, ۀ and ہ to ه; and the
  four Persian-only consonants to the letters Arabic writers use for them in Persian names
  (پ to ب, چ to ج, ژ to ز, گ to ك), so پزشکیان and بزشكيان are one spelling;
- zero-width non-joiner and joiner, soft hyphens and bidirectional marks dropped;
- Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII digits.

``word_forms(word)`` then gives the forms a normalised word is indexed or searched under:
the word itself and light stems with Arabic/Persian clitics (و ف ب ل ك ال لل) and plural,
feminine and pronoun suffixes (ات ون ين ان ها هم ...) removed; for Latin words, a light
plural/tense stem. Documents are indexed under every form a word could have; a query word
is searched under its forms with a stricter rule for one-letter clitics (see ``query_forms``).
"""

import re
import unicodedata

# Combining marks removed after canonical decomposition: Latin/Greek/Cyrillic accents, and
# the Arabic harakat, tanwin, shadda, sukun, hamza and madda signs, superscript alef and
# Quranic annotation marks.
_MARKS = re.compile("[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
# Tatweel, zero-width (non-)joiners, soft hyphen, byte-order mark, and bidirectional marks,
# embeddings, overrides and isolates.
_INVISIBLE = re.compile("[\u0640\u00ad\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")

_LETTERS = str.maketrans(
    {
        "\u0671": "\u0627",  # ٱ alef wasla
        "\u0672": "\u0627",  # ٲ
        "\u0673": "\u0627",  # ٳ
        "\u0629": "\u0647",  # ة taa marbuta -> ه
        "\u0649": "\u064a",  # ى alef maqsura -> ي
        "\u06cc": "\u064a",  # ی Persian ye
        "\u06d0": "\u064a",  # ې
        "\u06a9": "\u0643",  # ک Persian kaf (keheh)
        "\u06aa": "\u0643",  # ڪ swash kaf
        "\u06c0": "\u0647",  # ۀ heh with yeh above
        "\u06c1": "\u0647",  # ہ heh goal
        "\u06d5": "\u0647",  # ە ae
        "\u067e": "\u0628",  # پ pe -> ب
        "\u0686": "\u062c",  # چ che -> ج
        "\u0698": "\u0632",  # ژ zhe -> ز
        "\u06af": "\u0643",  # گ gaf -> ك
    }
    | {chr(0x0660 + d): str(d) for d in range(10)}
    | {chr(0x06F0 + d): str(d) for d in range(10)}
)

_WORD = re.compile(r"[^\W_]+")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")


def normalise(text):
    """The search form of ``text``: see the module docstring for each step."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = _MARKS.sub("", unicodedata.normalize("NFD", text))
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text).translate(_LETTERS)
    return text.replace("\x00", " ")


def tokens(text):
    """The words of ``text`` after normalisation, in order."""
    return _WORD.findall(normalise(text))


# Words too common to narrow a search; dropped from queries (not from documents) unless a
# query has nothing else. Written in normalised form.
STOPWORDS = frozenset(
    normalise(word)
    for word in (
        "a an and are as at be by for from has have in is it its of on or that the this to was were with "
        "و في من على الى عن مع ان او ثم هذا هذه ذلك تلك التي الذي الذين كان قد لقد ما لا كما بين "
        "حول عند بعد قبل كل "
        "در به از که را با این آن است برای تا هم"
    ).split()
)

# One-letter proclitics: conjunctions (و ف) and prepositions (ب ل ك).
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
_ARTICLE = "ال"
# Suffixes removed from Arabic and Persian words, longest first: plural and dual endings,
# feminine and nisba endings (after ة -> ه), attached pronouns, Persian plural هاي.
_SUFFIXES = (
    "هاي",
    "هما",
    "كما",
    "ات",
    "ون",
    "ين",
    "ان",
    "ها",
    "هم",
    "كم",
    "نا",
    "يه",
    "ه",
    "ي",
)
_MIN_STEM = 3


def _strip_suffixes(word):
    """Remove up to two suffixes, keeping at least three letters."""
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


def _bases(word, conjunction_min):
    """The word with each possible run of proclitics removed: (و|ف)? (ب|ل|ك)? (ال)?.

    A run ending in the article (وال، بال، لل ...) is always removed, and a one-letter
    preposition when three letters remain; a bare conjunction only when ``conjunction_min``
    letters remain, since without a dictionary وحدة (unity) could be و + حدة."""
    bases = {word}
    # لل is ل + ال with the alef dropped.
    if word.startswith("لل") and len(word) - 2 >= _MIN_STEM:
        bases.add(word[2:])
    for first in ("", *_CONJUNCTIONS):
        if first and not word.startswith(first):
            continue
        rest = word[len(first) :]
        for second in ("", *_PREPOSITIONS):
            if second and not rest.startswith(second):
                continue
            after = rest[len(second) :]
            if after.startswith(_ARTICLE) and len(after) - 2 >= _MIN_STEM - 1:
                bases.add(after[2:])
            elif second == "ل" and after.startswith("ل") and len(after) - 1 >= _MIN_STEM:
                bases.add(after[1:])  # ولل، فلل
            if (second and len(after) >= _MIN_STEM) or (first and len(after) >= conjunction_min):
                bases.add(after)
    return bases


def _latin_stem(word):
    """A light English stem: plural -s/-ies and -ed/-ing endings."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_arabic_script(word):
    return bool(_ARABIC_LETTER.search(word))


def word_forms(word, conjunction_min=_MIN_STEM):
    """Every form a normalised ``word`` is indexed under: itself and its light stems."""
    if not is_arabic_script(word):
        return {word, _latin_stem(word)}
    forms = {word}
    for base in _bases(word, conjunction_min):
        forms.add(base)
        forms.add(_strip_suffixes(base))
    return forms


def query_forms(word):
    """The forms a query word is searched under: as ``word_forms``, but a bare conjunction
    (و ف) is split off only when four letters remain, so وحدة (unity) does not also search
    for حدة (sharpness). Documents are indexed under both readings."""
    return word_forms(word, conjunction_min=_MIN_STEM + 1)


MAX_QUERY_WORDS = 20


def query_words(query):
    """The normalised words of a query (the first 20 distinct ones), without stopwords unless
    nothing else is left."""
    words = list(dict.fromkeys(tokens(query)))[:MAX_QUERY_WORDS]
    content = [word for word in words if word not in STOPWORDS]
    return content or words
