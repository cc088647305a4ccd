"""What search indexes and answers: a record (`Document`), a hit and the result of one query."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field



KINDS = ("paragraph", "document", "resolution", "topic", "meeting")


@dataclass(frozen=True, slots=True)
class Document:
    """One thing to search: `kind` is one of `KINDS`; `document` is the symbol of the meeting document the
    record is or belongs to ("CWG-Internet-18/3"), None if none; `references` are the resolution references
    in it, as `Reference.as_json()` dicts; `context` is text that is searched but not shown (labels of
    what the record is tied to)."""

    iri: str
    kind: str
    label: str
    text: str
    document: str | None = None
    references: tuple[dict, ...] = ()
    context: str = ""

    def to_json(self) -> dict:
        out = asdict(self)
        out["references"] = list(self.references)
        return out

    @classmethod
    def from_json(cls, data: dict) -> "Document":
        return cls(data["iri"], data["kind"], data["label"], data["text"], data.get("document"),
                   tuple(data.get("references") or ()), data.get("context") or "")


@dataclass(frozen=True, slots=True)
class Hit:
    iri: str
    kind: str
    label: str
    score: float
    snippet: str
    document: str | None
    references: list[dict]

    def as_json(self) -> dict:
        return {"iri": self.iri, "kind": self.kind, "label": self.label, "score": self.score,
                "snippet": self.snippet, "document": self.document, "references": self.references}


@dataclass(slots=True)
class Result:
    """The answer to one query: the hits, best first, and how they were found."""

    query: str
    mode: str
    dense: bool
    hits: list[Hit]
    expansions: list[dict] = field(default_factory=list)
    references: list[dict] = field(default_factory=list)
    note: str | None = None

    def as_json(self) -> dict:
        return {"query": self.query, "mode": self.mode, "dense": self.dense, "note": self.note,
                "references": self.references, "expansions": self.expansions,
                "hits": [h.as_json() for h in self.hits]}


__all__ = ["Document", "Hit", "Result", "KINDS"]
