"""Pydantic models of the output contract (``shared/spec/records.md``).

Everything tablextract emits is one of these models; writers and the CLI only
serialise them.  Numbers are kept as :class:`~decimal.Decimal` so that money is
exact, and serialise to JSON numbers (integral values without a fraction).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

SCHEMA_VERSION = "1.1"


def number_out(x: Decimal | None) -> int | float | None:
    """JSON form of a number: ints stay ints, others the shortest exact decimal."""
    if x is None:
        return None
    if x == x.to_integral_value():
        return int(x)
    return float(x)


Number = Annotated[
    Decimal,
    PlainSerializer(number_out, return_type=Optional[Union[int, float]], when_used="json"),
]

ValueKind = Literal[
    "number", "range", "change", "trend", "period", "date", "deadline",
    "boolean", "qualitative", "empty", "unparsed",
]
Op = Literal["=", ">", ">=", "<", "<=", "between", "~"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Location(_Model):
    """Where an issue was found; any part may be unknown."""

    table_index: Optional[int] = None
    page: Optional[int] = None
    row: Optional[int] = None
    col: Optional[int] = None


class Issue(_Model):
    """A warning or finding: something the extractor was unsure of."""

    code: str
    severity: Literal["info", "warning", "error"] = "warning"
    message: str
    location: Location = Field(default_factory=Location)


class Cell(_Model):
    """One cell of a source grid (also a paragraph outside any table)."""

    text: str
    page: Optional[int] = None
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    bbox: Optional[list[float]] = None
    confidence: Optional[float] = None


class Value(_Model):
    """A normalized 指标值 or amount; ``raw`` is always the cell text unchanged."""

    raw: str
    kind: ValueKind
    op: Optional[Op] = None
    value: Optional[Number] = None
    upper: Optional[Number] = None
    unit: Optional[str] = None
    period: Optional[str] = None
    date: Optional[str] = None
    date_end: Optional[str] = None
    direction: Optional[Literal["increase", "decrease", "improve", "maintain"]] = None
    baseline: Optional[Literal["previous_year"]] = None
    boolean: Optional[bool] = None
    text: Optional[str] = None
    basis: Optional[str] = None

    def __repr_args__(self):
        # The repr names only what is set: Value(raw='大于0%', kind='number', op='>', value=Decimal('0'), unit='%').
        return [(k, v) for k, v in super().__repr_args__() if v is not None]


class RecordProvenance(_Model):
    """Source cells of a budget line or task: pages, first row, and each cell's position."""

    pages: list[int] = Field(default_factory=list)
    row: Optional[int] = None
    cells: list[list[int]] = Field(default_factory=list)
    confidence: Optional[float] = None  # lowest OCR confidence of the cells (scans only)


class BudgetLine(_Model):
    group: str
    item: str
    amount: Value
    provenance: RecordProvenance = Field(default_factory=RecordProvenance)


class Task(_Model):
    name: str
    content: str = ""
    amount: Optional[Value] = None
    expected: str = ""
    extra: dict[str, str] = Field(default_factory=dict)  # other columns (部门职能 …) keyed by header
    provenance: RecordProvenance = Field(default_factory=RecordProvenance)


class IndicatorProvenance(_Model):
    pages: list[int] = Field(default_factory=list)
    row: Optional[int] = None
    cells: dict[str, list[list[int]]] = Field(default_factory=dict)
    realigned: bool = False
    confidence: Optional[float] = None  # lowest OCR confidence of the row's cells (scans only)


class Indicator(_Model):
    level1: str = ""
    level2: str = ""
    level1_canonical: Optional[str] = None
    level2_canonical: Optional[str] = None
    name: str
    number: Optional[int] = None
    value: Optional[Value] = None
    annual_value: Optional[Value] = None
    actual: Optional[Value] = None
    weight: Optional[Number] = None
    score: Optional[Number] = None
    direction: Optional[Literal["positive", "negative"]] = None
    extra: dict[str, str] = Field(default_factory=dict)
    provenance: IndicatorProvenance = Field(default_factory=IndicatorProvenance)


class TableProvenance(_Model):
    pages: list[int] = Field(default_factory=list)
    first_row: Optional[int] = None
    last_row: Optional[int] = None
    title_row: Optional[int] = None
    note_rows: list[int] = Field(default_factory=list)


class Table(_Model):
    kind: Literal["department", "project", "self_evaluation", "unknown"]
    title: str = ""
    fields: dict[str, str] = Field(default_factory=dict)
    budget: list[BudgetLine] = Field(default_factory=list)
    goals: dict[str, str] = Field(default_factory=dict)
    tasks: list[Task] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    provenance: TableProvenance = Field(default_factory=TableProvenance)

    @property
    def project_name(self) -> str:
        return self.fields.get("项目名称", "")

    @property
    def department_name(self) -> str:
        for key in ("部门名称", "部门(单位)名称", "单位名称", "主管部门", "预算单位"):
            if key in self.fields:
                return self.fields[key]
        return ""


class Source(_Model):
    path: str
    format: Literal["text", "csv", "docx", "xlsx", "html", "pdf", "image"]
    sha256: str
    pages: Optional[int] = None
    ocr: bool = False
    converted_from: Optional[str] = None


class Document(_Model):
    """One extracted input file."""

    schema_version: str = SCHEMA_VERSION
    source: Source
    tables: list[Table] = Field(default_factory=list)
    warnings: list[Issue] = Field(default_factory=list)
    unplaced: list[Cell] = Field(default_factory=list)

    def to_json(self, indent: int | None = 2) -> str:
        """The contract's JSON form (``model_dump(mode="json")``)."""
        return self.model_dump_json(indent=indent)

    def to_frames(self) -> dict[str, Any]:
        """Flat tables as pandas DataFrames: indicators, tables, tasks, budget."""
        from .writers.frames import document_frames

        return document_frames(self)

    def review(self) -> Any:
        """The review page (source beside records, linked cell by cell); shows inline in notebooks."""
        from .review import document_review

        return document_review(self)

    def _repr_html_(self) -> str:
        from .writers.html_repr import document_html

        return document_html(self)
