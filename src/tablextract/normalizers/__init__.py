"""Normalizers: pure functions from cell text to typed values."""
from .values import ValueContext, parse_value, parse_value_checked, unit_from_name

__all__ = ["ValueContext", "parse_value", "parse_value_checked", "unit_from_name"]
