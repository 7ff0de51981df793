"""Vietnamese legacy 8-bit encodings (TCVN3/ABC, VNI) and charset detection.

Before Unicode, Vietnamese offices typed with fonts that drew Vietnamese letters in
place of Latin-1 ones: ".VnTime" (TCVN3, also called ABC) and "VNI-Times" (VNI). A text
saved from such a document holds Windows-1252 bytes that read as "ViÖt Nam" (TCVN3) or
"Vieät Nam" (VNI). We decode the bytes with every plausible charset, score each result
by how Vietnamese it looks, and keep the best one.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

__all__ = [
    "TCVN3_TO_UNICODE",
    "VNI_COMBOS",
    "VNI_SINGLE",
    "tcvn3_to_unicode",
    "vni_to_unicode",
    "unicode_to_tcvn3",
    "unicode_to_vni",
    "vietnamese_score",
    "decode_text_bytes",
    "fix_legacy_text",
    "detect_legacy",
    "LEGACY_CONVERTERS",
]

# --- TCVN3 (TCVN 5712:1993, "ABC") ---------------------------------------------------
# One byte per letter. Only the seven toneless capitals (Ă Â Ê Ô Ơ Ư Đ) have codes of
# their own: toned capitals are typed with the companion "...H" fonts (.VnTimeH), which
# draw the lowercase codes as capitals, so a plain text only keeps the lowercase letter.
# Keys are the characters Windows-1252 shows for those bytes.
_TCVN3_BYTES = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
TCVN3_TO_UNICODE: dict[str, str] = {chr(b): u for b, u in _TCVN3_BYTES.items()}
_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)
_UNICODE_TO_TCVN3 = {u: chr(b) for b, u in _TCVN3_BYTES.items()}


def tcvn3_to_unicode(text: str, upper: bool = False) -> str:
    """Convert text typed in a TCVN3 font (as Latin-1 characters) to Unicode.

    `upper` is for the capital fonts (.VnTimeH): their lowercase codes show capitals.
    """
    out = text.translate(_TCVN3_TABLE)
    if upper:
        return out.upper()
    return tcvn3_to_unicode_post(out)


def tcvn3_to_unicode_post(out: str) -> str:
    # A capital word typed with the plain font ("TØNH" -> "TỉNH") keeps lowercase toned
    # letters: raise them when every other letter of the word is a capital.
    return _MIXED_CAPS.sub(_raise_word, out)


# Anchored at a word start so that each word is tried once: linear time.
_MIXED_CAPS = re.compile(r"(?<!\w)\w*[A-ZĂÂÊÔƠƯĐ]\w*")


def _raise_word(match: re.Match[str]) -> str:
    word = match.group(0)
    # Two capitals at least: "Tù" is "Tự", not "TỰ".
    if (
        sum(1 for c in word if c.isupper()) >= 2
        and not any(c.islower() and c.isascii() for c in word)
        and any(c.islower() for c in word)
    ):
        return word.upper()
    return word


def unicode_to_tcvn3(text: str) -> str:
    """The inverse, for tests: toned capitals have no code and are lowered."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _UNICODE_TO_TCVN3:
            out.append(_UNICODE_TO_TCVN3[ch])
        elif ch.lower() in _UNICODE_TO_TCVN3 and ch not in "ĂÂÊÔƠƯĐ":
            out.append(_UNICODE_TO_TCVN3[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


# --- VNI (VNI-Windows, fonts "VNI-Times") --------------------------------------------
# A base letter followed by one or two "mark" characters; a few letters have a single
# code of their own. Lowercase and capital marks differ (the font draws each).
_VNI_MARKS_LOWER = {
    "ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
}  # fmt: skip
_VNI_HAT_LOWER = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE_LOWER = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    combos: dict[str, str] = {}

    def add(base: str, marks: dict[str, str], extra: str = "") -> None:
        for mark, tone in marks.items():
            for b, m in ((base, mark), (base.upper(), mark.upper())):
                combos[b + m] = unicodedata.normalize("NFC", b + extra + tone)

    # Plain vowels with a tone.
    for v in "aeouy":
        add(v, _VNI_MARKS_LOWER)
    # Circumflex (â ê ô), with or without a tone.
    for v in "aeo":
        add(v, _VNI_HAT_LOWER, "\u0302")
    # Breve (ă).
    add("a", _VNI_BREVE_LOWER, "\u0306")
    # ơ and ư are single codes (ô, ö) that take the tone marks.
    for code, letter in (("ô", "ơ"), ("ö", "ư")):
        for mark, tone in _VNI_MARKS_LOWER.items():
            combos[code + mark] = unicodedata.normalize("NFC", letter + tone)
            combos[code.upper() + mark.upper()] = unicodedata.normalize("NFC", letter.upper() + tone)
    single = {
        "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
        "í": "í", "Í": "Í", "ì": "ì", "Ì": "Ì", "æ": "ỉ", "Æ": "Ỉ",
        "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
    }  # fmt: skip
    return combos, single


VNI_COMBOS, VNI_SINGLE = _build_vni()
_VNI_BASES = frozenset(k[0] for k in VNI_COMBOS)
_UNICODE_TO_VNI = {**{u: k for k, u in VNI_SINGLE.items() if k != u}, **{u: k for k, u in VNI_COMBOS.items()}}
_VNI_ALL = {**VNI_COMBOS, **{k: v for k, v in VNI_SINGLE.items() if k != v}}
# One pass, pairs before single codes: "oø" is "ò" while a lone "ò" is "ị", so a second
# pass over converted text would be wrong.


def _vni_pattern() -> re.Pattern[str]:
    # Group the pairs by base letter into character classes: one class per base is far
    # faster than a few hundred alternatives.
    by_base: dict[str, set[str]] = {}
    for pair in VNI_COMBOS:
        by_base.setdefault(pair[0], set()).add(pair[1])
    alternatives = [
        re.escape(b) + "[" + "".join(sorted(re.escape(m) for m in marks)) + "]"
        for b, marks in by_base.items()
    ]
    singles = "".join(re.escape(k) for k, v in VNI_SINGLE.items() if k != v)
    return re.compile("|".join(alternatives) + "|[" + singles + "]")


_VNI_PATTERN = _vni_pattern()


def vni_to_unicode(text: str) -> str:
    """Convert text typed in a VNI font (as Windows-1252 characters) to Unicode."""
    if not text:
        return text
    return _VNI_PATTERN.sub(lambda m: _VNI_ALL[m.group(0)], text)


def unicode_to_vni(text: str) -> str:
    """The inverse, for tests."""
    return "".join(_UNICODE_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


# --- scoring -------------------------------------------------------------------------

_VN_LETTERS = frozenset(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
)
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# One Vietnamese syllable without its tone: initial consonant, vowel nucleus, final.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx])?"
    r"(?:uyê|uya|uyu|uây|uôi|ươi|ươu|oai|oay|oeo|iêu|yêu|"
    r"ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê|"
    r"a|ă|â|e|ê|i|o|ô|ơ|u|ư|y)"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_WORD = re.compile(r"[^\s\d!-/:-@\[-`{-~“”‘’–—…«»]+")


@functools.lru_cache(maxsize=65536)
def _syllable_ok(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONES)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return len(base) <= 7 and _SYLLABLE.fullmatch(base) is not None


_BAD_CHARS = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f]")


def vietnamese_score(text: str) -> float:
    """How Vietnamese a text looks: +1 for each syllable with Vietnamese letters that is
    a well-formed syllable, -1 for each word with letters no Vietnamese text has or
    that is not a syllable, -3 for replacement and control characters."""
    score = 0.0
    for m in _WORD.finditer(text):
        word = m.group(0)
        if word.isascii():
            continue
        lower = word.lower()
        if all(c in _VN_LETTERS for c in lower) and _syllable_ok(lower):
            score += 1
        else:
            score -= 1
    bad = len(_BAD_CHARS.findall(text))
    return score - 3 * bad


# --- decoding bytes --------------------------------------------------------------------


# Windows-1252 leaves five bytes undefined; Latin-1 gives them a character so that
# decoding never fails. A 256-character table decodes in C.
_CP1252_TABLE = "".join(bytes([i]).decode("cp1252", errors="ignore") or chr(i) for i in range(256))
_TCVN3_DECODE_TABLE = "".join(TCVN3_TO_UNICODE.get(c, c) for c in _CP1252_TABLE)


def _cp1252(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", _CP1252_TABLE)[0]


def _tcvn3_bytes(data: bytes) -> str:
    return tcvn3_to_unicode_post(codecs.charmap_decode(data, "strict", _TCVN3_DECODE_TABLE)[0])


def _cp1258(data: bytes) -> str:
    # Windows-1258 types the tone as a combining mark after the letter: compose it.
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte is zero for ASCII characters."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_zero = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_zero > 0.25 and even_zero < 0.05:
        codec = "utf-16-le"
    elif even_zero > 0.25 and odd_zero < 0.05:
        codec = "utf-16-be"
    else:
        return None
    return data[: len(data) // 2 * 2].decode(codec, errors="replace")


def _sample(data: bytes, size: int = 65536) -> bytes:
    if len(data) <= size:
        return data
    cut = data.rfind(b" ", 0, size)
    return data[: cut if cut > 0 else size]


def decode_text_bytes(data: bytes) -> tuple[str, str]:
    """Decode a plain-text file. Returns (text, encoding name)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    guess = _utf16_guess(data)
    if guess is not None:
        return guess, "utf-16"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        fixed, name = fix_legacy_text(text)
        return fixed, "utf-8" if name == "unicode" else f"utf-8+{name}"
    # An 8-bit file: try each charset on a sample, keep the most Vietnamese-looking one.
    sample = _sample(data)
    latin = _cp1252(sample)
    candidates = {
        "cp1258": lambda d: _cp1258(d),
        "tcvn3": _tcvn3_bytes,
        "vni": lambda d: vni_to_unicode(_cp1252(d)),
        "cp1252": _cp1252,
    }
    scores = {
        "cp1258": vietnamese_score(_cp1258(sample)),
        "tcvn3": vietnamese_score(tcvn3_to_unicode(latin)),
        "vni": vietnamese_score(vni_to_unicode(latin)),
        "cp1252": vietnamese_score(latin) - 0.5,
    }
    best = max(scores, key=lambda k: scores[k])
    return candidates[best](data), best


_NOT_VIETNAMESE_LATIN1 = re.compile(
    "[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce-\u00d1\u00d6-\u00d8\u00db\u00dc\u00de\u00df\u00e4-\u00e7\u00eb\u00ee-\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff]"
)

# Counting with bytes methods is the same count as findall (every character of the
# class is Latin-1, so encoding with "ignore" keeps them all) at a fraction of the cost.
_NOT_ODD_BYTES = bytes(b for b in range(256) if not _NOT_VIETNAMESE_LATIN1.match(chr(b)))


def detect_legacy(sample: str, min_gain: int = 3) -> str:
    """ "unicode", or "tcvn3" / "vni" when Unicode text still holds the Latin-1
    look-alikes of a legacy font and converting it makes it clearly more Vietnamese."""
    sample = sample[:65536]
    if sample.isascii():
        return "unicode"
    # Cheap gate: TCVN3 and VNI text is full of Latin-1 characters that Vietnamese
    # never uses ("µ", "¸", "Ö", "ä", "ø"); proper Unicode Vietnamese has almost none.
    odd = len(sample.encode("latin-1", "ignore").translate(None, _NOT_ODD_BYTES))
    if odd < 3 or odd * 200 < len(sample):
        return "unicode"
    best, best_score = "unicode", vietnamese_score(sample) + min_gain
    for name, conv in LEGACY_CONVERTERS.items():
        score = vietnamese_score(conv(sample))
        if score > best_score:
            best, best_score = name, score
    return best


def fix_legacy_text(text: str, min_gain: int = 3) -> tuple[str, str]:
    """Text already in Unicode may still hold TCVN3 or VNI characters (a .docx typed
    with .VnTime, a PDF made from one, a file converted as Latin-1). Convert it when
    that makes it clearly more Vietnamese. Returns (text, "unicode" | "tcvn3" | "vni")."""
    name = detect_legacy(text, min_gain)
    if name == "unicode":
        return text, name
    return LEGACY_CONVERTERS[name](text), name


LEGACY_CONVERTERS = {"tcvn3": tcvn3_to_unicode, "vni": vni_to_unicode}
