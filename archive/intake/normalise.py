"""Folding text for matching, not for storing: Arabic and Persian letter variants, diacritics,
tatweel, zero-width characters, digits and Latin case. Stored text is never changed.

``fold_with_map`` also returns, for each folded character, its position in the original, so a
match in folded text can be cut back out of the report exactly as written.
"""

import unicodedata

LETTERS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ئ": "ي",
    "ة": "ه", "ۀ": "ه", "ە": "ه",
    "ك": "ك", "ک": "ك", "گ": "ك",
    "پ": "ب", "چ": "ج", "ژ": "ز", "ؤ": "و",
}  # fmt: skip
DIGITS = {**{chr(0x660 + i): str(i) for i in range(10)}, **{chr(0x6F0 + i): str(i) for i in range(10)}}
DROPPED = {"\u0640", "\u200c", "\u200d", "\u200e", "\u200f", "\u00ad", "\u061c"}
SPACES = {"\u00a0", "\u202f", "\u2009"}


def fold_char(char):
    if char in DROPPED:
        return ""
    if char in SPACES:
        return " "
    if char in LETTERS:
        return LETTERS[char]
    if char in DIGITS:
        return DIGITS[char]
    category = unicodedata.category(char)
    if category == "Mn":  # harakat, shadda, Latin combining accents
        return ""
    if char.isascii():
        return char.lower()
    decomposed = unicodedata.normalize("NFD", char)
    if decomposed != char and decomposed[0].isascii():
        return decomposed[0].lower()
    return char.lower()


def fold_with_map(text):
    folded, positions = [], []
    for index, char in enumerate(text):
        for out in fold_char(char):
            folded.append(out)
            positions.append(index)
    return "".join(folded), positions


def fold(text):
    return fold_with_map(text or "")[0]
