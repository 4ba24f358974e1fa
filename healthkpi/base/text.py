"""Vietnamese text as it arrives in real workbooks, and the keys used to match it.

Three levels, from strict to loose:

- `clean` — what we show: NFC, invisible characters removed, runs of whitespace
  (line breaks, no-break spaces) collapsed to one space.
- `unit_key` — how units are identified: case-, Unicode-form- and
  tone-placement-insensitive ("Hoá" = "Hóa", "THỦY" = "thuỷ"), and blind to
  the two standard spellings of a syllable-final i/y ("Mỹ" = "Mĩ", "sỹ" =
  "sĩ", "quý" = "quí"), but accents still count, because two real communes
  can differ only by a tone ("Tân Hòa" and "Tân Hóa").
- `loose_key` — how headers are matched and spelling variants are found:
  every diacritic and đ folded away ("Số bác sỹ" = "so bac sy").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# Characters that are invisible in Excel but break naive comparison.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f\u3000]+")

# The five Vietnamese tone marks as combining characters (NFD). Vowel-quality
# marks (circumflex, breve, horn) are not tones and are kept in place.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


# Anything `clean` would change: an invisible character, whitespace other than one space between words.
_UNCLEAN = re.compile(r"^\s|\s$|\s\s|[^\S ]|[\u200b\u200c\u200d\u2060\ufeff\u00ad\u2007\u2009\u202f\u3000\u00a0]")


# C0 and C1 control characters but tab and line feed: on a terminal ESC, CSI (U+009B) and OSC
# sequences move the cursor, erase lines, retitle the window; BEL rings, CR overwrites.
_CONTROLS = dict.fromkeys([*range(0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)], None)


def printable(text: str) -> str:
    """`text` without control characters (tab and line feed kept): safe to show on a terminal."""
    return text.translate(_CONTROLS)


def clean(value: object) -> str:
    """Display form: NFC, no invisible characters, single spaces, stripped."""
    text = value if type(value) is str else str(value)
    if unicodedata.is_normalized("NFC", text) and not _UNCLEAN.search(text):
        return text  # nearly every name and header: already clean (a million unit names read fast)
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return _SPACES.sub(" ", text).strip()


def _move_tones_to_word_end(text: str) -> str:
    """Rewrite each word with its tone mark at the end, so placement stops mattering.

    "Hoá" and "Hóa" carry the same tone on different vowels; both become
    "hoa" + acute. The result is a key, never shown to anyone.
    """
    return " ".join(map(_word_with_tone_at_end, text.split(" ")))


@functools.lru_cache(maxsize=1 << 16)  # words recur far more than names do ("xã", "phường", numbers)
def _word_with_tone_at_end(word: str) -> str:
    if word.isascii():
        return word
    word = unicodedata.normalize("NFD", word)
    tones = [ch for ch in word if ch in _TONES]
    if tones:
        word = "".join(ch for ch in word if ch not in _TONES) + "".join(tones)
    return word


# Both spellings of a syllable-final i after a consonant are standard Vietnamese: sĩ/sỹ, kĩ/kỹ,
# lí/lý, mĩ/mỹ, hi/hy, ti/ty, and after "qu" quí/quý. Keys write it i. Only there: after a vowel
# y and i are different sounds ("tay" hand, "tai" ear; "tuy" although, "tui" bag), and a lone y
# ("y tế") or a y that opens a syllable ("yên") stays.
_FINAL_Y = re.compile(
    r"""
    (?: (?<= (?<![^\W\d_]) [bcdđghklmnprstvx] )   # after a single consonant that opens the word
      | (?<= (?<![^\W\d_]) qu ) )                 # or after "qu"
    y
    (?= [\u0300\u0301\u0303\u0309\u0323]* (?!\w) )   # its tone marks (moved to the word's end), then the end
    """,
    re.VERBOSE,
)


def _spelling_key(text: str) -> str:
    """Tones at the end of each word and a syllable-final i/y as i: the forms of one spelling."""
    return _FINAL_Y.sub("i", _move_tones_to_word_end(text))


def unit_key(value: object) -> str:
    """Identity of a unit name: accents count; case, spacing, tone placement and final i/y do not."""
    return _unit_key(value if isinstance(value, str) else str(value))


@functools.lru_cache(maxsize=1 << 17)  # unit names recur in every period and every check
def _unit_key(value: str) -> str:
    return _spelling_key(clean(value).casefold())


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


def loose_key(value: object) -> str:
    """Accent-, case-, form- and whitespace-insensitive key for headers and look-alikes."""
    return " ".join(map(_loose_word, clean(value).split(" ")))


@functools.lru_cache(maxsize=1 << 16)  # words recur ("xã", "phường"); a national list has 10,000 names
def _loose_word(word: str) -> str:
    # Word by word is the whole text's key: a space is a starter (combining class 0), so neither
    # the decomposition nor the reordering of marks reaches across it, and casefold has no context.
    return strip_accents(word).casefold()


_TRAILING_NOTE = re.compile(r"\s*(\([^()]*\)|\[[^\[\]]*\]|[:*]+)\s*$")
_PUNCTUATION = re.compile(r"[^\w\u0300-\u036f]+")  # combining marks are part of words


@dataclass(frozen=True)
class HeaderKey:
    """A header (or alias) as a key: `exact` keeps the accents, `loose` does not."""

    exact: str
    loose: str

    @property
    def unaccented(self) -> bool:
        return self.exact == self.loose

    def matches(self, alias: HeaderKey) -> bool:
        """Equal ignoring accents, when the header was typed without them; else equal with them.

        "Dan so" (typed without accents) matches the alias "Dân số", but the
        header "Năm" (year) never matches the alias "Nam" (male).
        """
        return self.loose == alias.loose and (self.exact == alias.exact or self.unaccented)


def header_keys(value: object) -> tuple[HeaderKey, ...]:
    return _header_keys(value if isinstance(value, str) else str(value))


@functools.lru_cache(maxsize=1 << 16)  # forms repeat the same headers sheet after sheet
def _header_keys(value: str) -> tuple[HeaderKey, ...]:
    """The keys under which a header cell may match an alias.

    Case, Unicode form, tone placement, whitespace and punctuation never
    matter. Forms add units and footnote marks to headers ("Dân số (người)",
    "Số giường bệnh*:"), so the key without such trailing notes is tried too.
    """
    variants = [clean(value).casefold()]
    while True:
        shorter = _TRAILING_NOTE.sub("", variants[-1])
        if shorter == variants[-1] or not shorter:
            break
        variants.append(shorter)
    keys = []
    for variant in variants:
        spaced = _PUNCTUATION.sub(" ", unicodedata.normalize("NFD", variant)).strip()
        if spaced:
            exact = _spelling_key(spaced)
            keys.append(HeaderKey(exact, strip_accents(exact).casefold()))
    return tuple(dict.fromkeys(keys))
