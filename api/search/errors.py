"""The search layer's errors (under `itukg.loader.errors.ItukgError`).

    QueryError                        (itukg.loader.errors)
    └── SearchError                   a query the search cannot run (empty, too long, unknown kind or mode, bad limit)
        ├── DenseUnavailableError     dense search asked for without the optional embedding extra      (HTTP 501)
        └── DenseNotReadyError        dense search asked for while the embeddings are being computed   (HTTP 503)
    EncoderUnavailableError           the optional embedding extra (onnxruntime and the model) is not installed
"""

from __future__ import annotations

from ...loader.errors import ItukgError, QueryError


class SearchError(QueryError):
    """A query the search cannot run (empty, too long, unknown kind or mode, bad limit)."""


class DenseUnavailableError(SearchError):
    """Dense (embedding) search was asked for, but the optional embedding extra is not installed."""


class DenseNotReadyError(SearchError):
    """Dense search was asked for while the index's embeddings are still being computed."""


class EncoderUnavailableError(ItukgError):
    """The optional embedding extra (onnxruntime and the model package) is not installed, or its model is not
    the one itukg was tested with (`encoder.Encoder.installed`)."""


__all__ = ["EncoderUnavailableError", "SearchError", "DenseUnavailableError", "DenseNotReadyError"]
