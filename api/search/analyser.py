"""The English analyser of search: text folded (lower case, accents, quotes, control characters), split into
words, stop words dropped and words stemmed (the Porter stemmer), with no download."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache




_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                         "‑": "-", "‐": "-"})
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
WORD = re.compile(r"[A-Za-z0-9]+")
# bm25s's English stopwords (Lucene's list) plus question words and auxiliaries, which questions are full of
STOPWORDS = frozenset("""a an and are as at be but by for if in into is it no not of on or such that the their then
there these they this to was will with what who whom whose which when where why how did do does done has have had
having can could would should shall may might must been being am were i me my we our us you your he she his her its
him them about any all some so than too very just also there's what's who's s""".split())


def fold(text: str) -> str:
    """Quotes, dashes and accents folded, control characters made spaces; case kept.

    >>> fold("Türkiye’s\tcôte")
    "Turkiye's cote"
    """
    text = CONTROL.sub(" ", text.translate(_QUOTES))
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def words(text: str) -> list[str]:
    """The words of a text, case and all ("IPv6", "CWG", "Internet"), possessive 's dropped."""
    return WORD.findall(re.sub(r"'s\b", "", fold(text)))


def analyse(text: str) -> list[str]:
    """The terms BM25 indexes: words lower-cased, stopwords dropped, stemmed.

    >>> analyse("Promoting the deployment of IPv6 in countries")
    ['promot', 'deploy', 'ipv6', 'countri']
    """
    out = []
    for word in words(text):
        lower = word.lower()
        if lower not in STOPWORDS:
            out.append(stem(lower))
    return out


# The Porter stemmer (M.F. Porter, "An algorithm for suffix stripping", 1980), as in his reference code.

def _cons(w: str, i: int) -> bool:
    c = w[i]
    if c in "aeiou":
        return False
    if c == "y":
        return i == 0 or not _cons(w, i - 1)
    return True


def _measure(w: str) -> int:
    forms = "".join("c" if _cons(w, i) else "v" for i in range(len(w)))
    return len(re.findall(r"v+c+", forms))


def _has_vowel(w: str) -> bool:
    return any(not _cons(w, i) for i in range(len(w)))


def _double_cons(w: str) -> bool:
    return len(w) >= 2 and w[-1] == w[-2] and _cons(w, len(w) - 1)


def _cvc(w: str) -> bool:
    return (len(w) >= 3 and _cons(w, len(w) - 3) and not _cons(w, len(w) - 2) and _cons(w, len(w) - 1)
            and w[-1] not in "wxy")


_STEP2 = (("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
          ("abli", "able"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"),
          ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"),
          ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"))
_STEP3 = (("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""),
          ("ness", ""))
_STEP4 = ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
          "iti", "ous", "ive", "ize")


def _replace(w: str, rules, minimum: int) -> str:
    for suffix, repl in rules:
        if w.endswith(suffix):
            base = w[: -len(suffix)]
            return base + repl if _measure(base) > minimum else w
    return w


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Porter stem of a lower-case word; words with digits and words of two letters are kept.

    >>> [stem(w) for w in ("regulating", "regulation", "countries", "deployment", "internationalized")]
    ['regul', 'regul', 'countri', 'deploy', 'internation']
    """
    w = word
    if len(w) <= 2 or not w.isalpha():
        return w
    # step 1a
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ies"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    # step 1b
    if w.endswith("eed"):
        if _measure(w[:-3]) > 0:
            w = w[:-1]
    else:
        for suffix in ("ed", "ing"):
            if w.endswith(suffix) and _has_vowel(w[: -len(suffix)]):
                w = w[: -len(suffix)]
                if w.endswith(("at", "bl", "iz")):
                    w += "e"
                elif _double_cons(w) and w[-1] not in "lsz":
                    w = w[:-1]
                elif _measure(w) == 1 and _cvc(w):
                    w += "e"
                break
    # step 1c
    if w.endswith("y") and _has_vowel(w[:-1]):
        w = w[:-1] + "i"
    w = _replace(w, _STEP2, 0)
    w = _replace(w, _STEP3, 0)
    # step 4
    for suffix in _STEP4:
        if w.endswith(suffix):
            base = w[: -len(suffix)]
            if suffix == "ion" and not base.endswith(("s", "t")):
                break
            if _measure(base) > 1:
                w = base
            break
    # step 5
    if w.endswith("e"):
        base = w[:-1]
        if _measure(base) > 1 or (_measure(base) == 1 and not _cvc(base)):
            w = base
    if w.endswith("ll") and _measure(w) > 1:
        w = w[:-1]
    return w


__all__ = ["fold", "words", "analyse", "stem", "STOPWORDS", "CONTROL", "WORD"]
