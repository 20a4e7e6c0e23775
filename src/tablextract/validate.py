"""Domain checks on extracted Documents, reported as Issues with locations.

Checks: task amounts vs 项目支出; 基本支出 + 项目支出 vs 财政拨款 (+其他资金) and
本级使用资金 (+对下转移支付); 当年度金额 vs 总金额; a value's unit vs the unit in
its indicator name; unparsed values; duplicated indicators; and for
self-evaluation tables whether ``actual`` meets the target and scores stay
within their weight.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .errors import TablextractError
from .models import Document, Indicator, Issue, Location, Table, Value
from .normalizers.units import canonical_unit
from .normalizers.values import unit_from_name
from .options import ExtractOptions

_TOL = Decimal("0.5")  # 元: rounding of 万元 amounts with two decimals


def _budget(table: Table, item: str) -> Optional[Decimal]:
    for b in table.budget:
        if b.item == item and b.amount.kind == "number" and b.amount.unit == "元":
            return b.amount.value
    return None


def _sum(values: Iterable[Optional[Decimal]]) -> Optional[Decimal]:
    vals = [v for v in values if v is not None]
    return sum(vals, Decimal(0)) if vals else None


def _fmt(x: Decimal) -> str:
    return f"{x / 10000:.2f}万元"


def check_table(ti: int, t: Table) -> list[Issue]:
    out: list[Issue] = []

    def add(code: str, msg: str, severity: str = "warning", row: Optional[int] = None) -> None:
        out.append(Issue(code=code, severity=severity, message=msg, location=Location(table_index=ti, row=row)))

    proj = _budget(t, "项目支出")
    task_sum = _sum(k.amount.value for k in t.tasks if k.amount is not None and k.amount.unit == "元")
    if proj is not None and task_sum is not None and abs(task_sum - proj) > _TOL:
        add("sum_mismatch", f"年度重点工作任务 amounts add up to {_fmt(task_sum)}, 项目支出 is {_fmt(proj)}")
    base = _budget(t, "基本支出")
    if base is not None and proj is not None:
        spend = base + proj
        for total_item, extra_item in (("财政拨款", "其他资金"), ("本级使用资金", "拟用于对下转移支付资金")):
            total = _budget(t, total_item)
            if total is None:
                continue
            total += _budget(t, extra_item) or 0
            if abs(total - spend) > _TOL:
                add("sum_mismatch", f"基本支出 + 项目支出 = {_fmt(spend)} but {total_item} (+{extra_item}) = {_fmt(total)}")
    total, annual = _budget(t, "总金额"), _budget(t, "当年度金额")
    if total is not None and annual is not None and annual > total + _TOL:
        add("sum_mismatch", f"当年度金额 {_fmt(annual)} exceeds 总金额 {_fmt(total)}")
    seen: dict[tuple[str, str, str], int] = {}
    for ind in t.indicators:
        row = ind.provenance.row
        k = (ind.level1, ind.level2, ind.name)
        if ind.name and k in seen:
            add("duplicate_indicator", f"indicator “{ind.name}” appears twice (rows {seen[k]} and {row})", row=row)
        seen.setdefault(k, row or 0)
        for field in ("value", "annual_value", "actual"):
            v: Optional[Value] = getattr(ind, field)
            if v is None:
                continue
            if v.kind == "unparsed":
                add("unparsed_value", f"{field} “{v.raw}” of “{ind.name}” could not be typed", row=row)
            name_unit = unit_from_name(ind.name)
            if name_unit and v.unit and v.kind in ("number", "change", "range"):
                canon, _ = canonical_unit(name_unit)
                if canon and canon != v.unit and not (canon in ("个", "家", "间") and v.unit in ("个", "家", "间")):
                    add("unit_mismatch", f"“{ind.name}” names unit {name_unit} but {field} “{v.raw}” is in {v.unit}",
                        row=row)
        if t.kind == "self_evaluation":
            out.extend(_self_eval(ti, ind))
    return out


def target_met(target: Value, actual: Value, direction: Optional[str] = None) -> Optional[bool]:
    """Whether ``actual`` meets ``target`` (typed comparator, unit, direction); None when not comparable."""
    if actual.kind in ("qualitative",) and actual.text:
        if actual.text in ("达成", "已完成", "完成", "达标", "合格", "是"):
            return True
        if actual.text in ("未达成", "部分达成", "未完成", "不合格"):
            return False
    if target.kind == "boolean" and actual.kind == "boolean":
        return target.boolean == actual.boolean
    if actual.kind != "number" or actual.value is None:
        return None
    if target.kind in ("number", "change") and target.value is not None:
        if target.unit and actual.unit and target.unit != actual.unit:
            return None
        a, t = actual.value, target.value
        op = target.op or "="
        if op == "=":
            op = "<=" if direction == "negative" else ">="
        return {">": a > t, ">=": a >= t, "<": a < t, "<=": a <= t, "~": abs(a - t) <= abs(t) * Decimal("0.05"),
                "between": a >= t}.get(op)
    if target.kind == "range" and target.value is not None and target.upper is not None:
        return target.value <= actual.value <= target.upper
    return None


def _self_eval(ti: int, ind: Indicator) -> list[Issue]:
    out = []
    loc = Location(table_index=ti, row=ind.provenance.row)
    if ind.value is not None and ind.actual is not None and ind.actual.kind != "empty":
        met = target_met(ind.value, ind.actual, ind.direction)
        if met is not None:
            out.append(Issue(code="target_met" if met else "target_missed", severity="info" if met else "warning",
                             message=f"“{ind.name}”: actual “{ind.actual.raw}” {'meets' if met else 'misses'} "
                                     f"target “{ind.value.raw}”", location=loc))
    if ind.weight is not None and ind.score is not None and ind.score > ind.weight:
        out.append(Issue(code="score_exceeds_weight", severity="error",
                         message=f"“{ind.name}”: score {ind.score} exceeds weight {ind.weight}", location=loc))
    return out


def check_document(doc: Document) -> list[Issue]:
    return [i for ti, t in enumerate(doc.tables) for i in check_table(ti, t)]


def load_or_extract(path: str, options: ExtractOptions) -> Document:
    """An output JSON is loaded; any other file is extracted first."""
    p = Path(path)
    if p.suffix.lower() == ".json" and p.is_file():
        try:
            return Document.model_validate_json(p.read_bytes())
        except ValueError:
            pass
    from .api import extract

    return extract(path, options)


def validate_paths(paths: Sequence[str], options: ExtractOptions) -> tuple[list[tuple[str, list[Issue]]], bool]:
    findings = []
    failed = False
    for p in paths:
        try:
            doc = load_or_extract(p, options)
        except TablextractError as e:
            import logging

            logging.getLogger("tablextract").error("%s", e)
            failed = True
            continue
        findings.append((p, check_document(doc)))
    return findings, failed


def print_findings(findings: list[tuple[str, list[Issue]]]) -> None:
    from rich.console import Console
    from rich.table import Table as RTable

    console = Console(stderr=False, width=160)
    for path, issues in findings:
        rt = RTable(title=f"{path}: {len(issues)} finding(s)", show_lines=False)
        for col in ("table", "row", "severity", "code", "message"):
            rt.add_column(col)
        for i in issues:
            rt.add_row(str(i.location.table_index), str(i.location.row or ""), i.severity, i.code, i.message)
        console.print(rt)
