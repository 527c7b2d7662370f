"""Each row's source line: moved to :mod:`pmo_forecast.core.source_lines` (the schema's checks name lines too);
this import path is kept for code that used it."""

from __future__ import annotations

from ..core.source_lines import (
    MAX_ROWS_IN_MESSAGE,
    SourceLines,
    cause_first,
    lines_at,
    rows_text,
    source_rows,
)

__all__ = ["MAX_ROWS_IN_MESSAGE", "SourceLines", "cause_first", "lines_at", "rows_text", "source_rows"]
