"""Path converters for the public URL contract."""

from .models.base import IDENTIFIER_PATTERN


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigits:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class Identifier:
    """A record identifier; starts with a letter, so it never looks like a year."""

    regex = IDENTIFIER_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class CountryCode:
    """A country or organisation code in either case; the views redirect to lower case."""

    regex = "[A-Za-z][A-Za-z0-9]{1,7}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value.lower()
