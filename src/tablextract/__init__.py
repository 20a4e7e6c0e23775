"""tablextract: Chinese budget-performance target tables → clean, typed records."""
from .models import (BudgetLine, Cell, Document, Indicator, Issue, Location, RecordProvenance, Source, Table, Task,
                     Value, SCHEMA_VERSION)
from .normalizers import parse_value

__version__ = "0.1.0"

__all__ = ["BudgetLine", "Cell", "Document", "Indicator", "Issue", "Location", "RecordProvenance", "Source", "Table",
           "Task", "Value", "SCHEMA_VERSION", "parse_value", "extract", "extract_many", "ExtractOptions",
           "TablextractError", "__version__"]


def __getattr__(name: str):
    # Lazy: importing the pipeline pulls in the readers; parse_value alone should stay light.
    if name == "extract":
        from .api import extract
        return extract
    if name == "extract_many":
        from .batch import extract_many
        return extract_many
    if name == "ExtractOptions":
        from .options import ExtractOptions
        return ExtractOptions
    if name == "TablextractError":
        from .errors import TablextractError
        return TablextractError
    raise AttributeError(name)
