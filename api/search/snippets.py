"""Snippets: the window of a record's text where the query's words are densest, matched words marked «like this»."""

from __future__ import annotations

import re
from itertools import islice


from .analyser import STOPWORDS, analyse, stem


SNIPPET_WORDS = 40
_TOKEN = re.compile(r"\w+(?:['’]\w+)*")


def snippet(text: str, weights: dict[str, float], *, size: int = SNIPPET_WORDS,
            gains_of: dict[str, float] | None = None) -> str:
    """A window of about `size` words of `text` where the query's terms are densest, with the matched
    words marked «like this». `gains_of`: the weight found for each word, kept between the snippets of one
    query (a word is weighed once).

    >>> snippet("Promoting the deployment of IPv6 in all regions", {"deploy": 1.0, "ipv6": 1.0})
    'Promoting the «deployment» of «IPv6» in all regions'
    """
    found = _TOKEN.findall(text)  # the words (strings: cheaper than match objects, which only the window needs)
    if not found:
        return text[:300]
    if gains_of is None:
        gains_of = {}
    gains = [gains_of.get(word) for word in found]
    if None in gains:
        for position, word in enumerate(found):
            if gains[position] is not None:
                continue
            gain = gains_of.get(word)  # weighed meanwhile, at an earlier place of this text
            if gain is None:
                if word.isascii() and word.isalnum():  # the common case, as `analyse` would treat it, faster
                    lower = word.lower()
                    gain = 0.0 if lower in STOPWORDS else weights.get(stem(lower), 0.0)
                else:
                    gain = max((weights.get(t, 0.0) for t in analyse(word)), default=0.0)
                gains_of[word] = gain
            gains[position] = gain
    count = len(found)
    best, start = -1.0, 0
    running = sum(gains[:size])
    if count <= size:
        best = running
    else:
        for i in range(0, count - size + 1):
            if i:
                running += gains[i + size - 1] - gains[i - 1]
            if running > best + 1e-9:
                best, start = running, i
    matched = [i for i in range(start, min(start + size, count)) if gains[i] > 0]
    if matched and count > size:  # the first match a quarter into the window, not at its edge
        start = max(0, min(matched[0] - size // 4, count - size))
    window = list(islice(_TOKEN.finditer(text), start, start + size))
    begin = window[0].start() if start else 0
    end = window[-1].end() if start + size < count else len(text)
    pieces, cursor = [], begin
    for token, gain in zip(window, gains[start: start + size]):
        if gain > 0:
            pieces.append(text[cursor: token.start()])
            pieces.append(f"«{token.group(0)}»")
            cursor = token.end()
    pieces.append(text[cursor: end])
    out = " ".join("".join(pieces).split())
    return ("… " if begin > 0 else "") + out + (" …" if end < len(text) else "")


__all__ = ["snippet", "SNIPPET_WORDS"]
