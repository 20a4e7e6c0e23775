"""The one home of domain knowledge: every word list the readers, the layout interpreter and the
normalizers recognise cells with is a data file in ``data/`` read through this module.

``data/vocab.json`` holds level-1/level-2 indicator names and their variants;
``data/layout.json`` the section labels, field keys and column-header synonyms.
Users extend the names with their own JSON files of the same shape
(``ExtractOptions.vocab_files`` / ``--vocab`` / ``TABLEXTRACT_VOCAB``).
Vocabularies recognise cells; they never rewrite them.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

import regex

_SCORE_SUFFIX = re.compile(r"\(\d+(?:\.\d+)?分\)$|\d+(?:\.\d+)?分$")
_MARKS = str.maketrans("", "", "*＊★?\ufffd")  # required-field marks; ? and U+FFFD where a page lost a character
# Web mirrors print a pinyin reading after characters (績(jì)效, 指標(biāo)): a parenthesis of
# Latin letters with at least one tone mark is no part of a label.
_PINYIN_ECHO = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ][a-zü]*[)）]")

try:  # Traditional → simplified for matching only (績效目標表 reads as 绩效目标表); text stays as written.
    from opencc import OpenCC as _OpenCC  # type: ignore

    _T2S = _OpenCC("t2s")
except Exception:  # pragma: no cover - a broken OpenCC install must not stop simplified input
    _T2S = None


def _load_json(name: str) -> dict:
    return json.loads(resources.files("tablextract.data").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=None)
def lexicon(name: str) -> dict:
    """The parsed data file ``data/<name>.json`` (cached; callers must not mutate it)."""
    return _load_json(f"{name}.json")


def _fold_table() -> dict[int, str]:
    """Punctuation from ``data/folding.json``; traditional → simplified characters from OpenCC's
    own table (one character at a time, so ``fold`` stays a single ``str.translate``)."""
    table = dict(lexicon("folding")["punctuation"])
    if _T2S is not None:
        cjk = "".join(map(chr, range(0x4E00, 0xA000)))
        simple = _T2S.convert(cjk)
        if len(simple) == len(cjk):  # a phrase conversion would shift the pairs: then keep punctuation only
            table.update((a, b) for a, b in zip(cjk, simple) if a != b)
    return str.maketrans(table)


_FOLD = _fold_table()


def fold(text: str) -> str:
    """NFKC, no whitespace, full-width and traditional forms folded (matching form of a value)."""
    s = unicodedata.normalize("NFKC", text)
    s = "".join(s.split())
    return s.translate(_FOLD)


@lru_cache(maxsize=None)
def pattern(file: str, name: str) -> re.Pattern:
    """The regular expression ``name`` of ``data/<file>.json``, compiled once."""
    return re.compile(lexicon(file)[name])


def strip_echoes(text: str) -> str:
    """Text without web-mirror pinyin echoes (績(jī)效 → 績效); characters otherwise as written."""
    return _PINYIN_ECHO.sub("", unicodedata.normalize("NFC", text)) if "(" in text or "（" in text else text


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """Matching form of a label: NFKC, no whitespace or * marks, simplified characters."""
    k = strip_echoes(fold(text)).translate(_MARKS)
    if _T2S is not None and not k.isascii():
        k = _T2S.convert(k)
    return k


@dataclass
class Vocabulary:
    """Name tables for recognising labels; build with :meth:`load`."""

    level1: dict[str, str] = field(default_factory=dict)
    level2: dict[str, str] = field(default_factory=dict)
    level2_parent: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    field_groups: set[str] = field(default_factory=set)
    field_keys: set[str] = field(default_factory=set)
    money_keys: set[str] = field(default_factory=set)
    task_columns: dict[str, str] = field(default_factory=dict)
    indicator_columns: dict[str, str] = field(default_factory=dict)
    amount_header: Optional[re.Pattern] = None
    block: dict = field(default_factory=dict)          # layout.json "indicator_block"
    _patterns: dict[str, re.Pattern] = field(default_factory=dict, repr=False)

    def merge_names(self, data: dict) -> None:
        for level in ("level1", "level2"):
            table = getattr(self, level)
            for canon, variants in (data.get(level) or {}).items():
                for v in [canon, *variants]:
                    table[key(v)] = canon
        self.level2_parent.update(data.get("level2_parent") or {})
        for role, names in (data.get("indicator_columns") or {}).items():
            for n in names:
                self.indicator_columns[key(n)] = role

    @classmethod
    def load(cls, extra_files: Iterable[str | os.PathLike] = ()) -> "Vocabulary":
        extra = tuple(str(p) for p in extra_files)
        env = os.environ.get("TABLEXTRACT_VOCAB")
        if env:
            extra += tuple(p for p in env.split(os.pathsep) if p)
        return _load_cached(extra)

    def _strip_score(self, text: str) -> str:
        return _SCORE_SUFFIX.sub("", key(text))

    def level1_canonical(self, text: str) -> Optional[str]:
        return self.level1.get(self._strip_score(text)) if text else None

    def level2_canonical(self, text: str) -> Optional[str]:
        return self.level2.get(self._strip_score(text)) if text else None

    def is_level(self, text: str) -> bool:
        k = self._strip_score(text)
        return k in self.level1 or k in self.level2

    def section_of(self, text: str) -> Optional[str]:
        k = key(text)
        hit = self.sections.get(k)
        if hit is None and k.endswith(")"):
            hit = self.sections.get(re.sub(r"\([^()]*\)$", "", k))  # 项目资金(万元) → 项目资金
        if (hit is None and pattern("header", "unit_in_header").search(k)
                and pattern("header", "money_block").search(re.sub(r"\([^()]*\)$", "", k))):
            hit = "budget"  # 项目资金申请(万元): a money label with its unit is a budget block
        if hit is None and len(k) <= lexicon("header")["goal_label_max"] and pattern("header", "goal_label").search(k):
            hit = "goals"  # 当年绩效目标, 项目年度目标 …: any short label that names a goal
        return hit

    def indicator_role(self, text: str) -> Optional[str]:
        """Role of an indicator-block header cell, after undoing what real pages do to headers.

        Exact match first; then without a unit suffix (``指标值(及单位)``) or a year prefix
        (``2024年指标值``); then a label cut short (``一级``) that begins headers of one role only;
        then one typo or OCR slip (``三级指际``) when the nearest headers all share one role.
        """
        return _header_role(self, key(text)) if text else None

    def pattern(self, name: str) -> re.Pattern:
        """A compiled pattern of layout.json ``indicator_block.patterns`` (matched against key())."""
        p = self._patterns.get(name)
        if p is None:
            p = self._patterns[name] = re.compile(self.block["patterns"][name])
        return p

    def block_words(self, name: str) -> frozenset[str]:
        """A word list of layout.json ``indicator_block`` in matching form (key())."""
        return frozenset(key(w) for w in self.block.get(name, ()))

    def direction_of(self, text: str) -> Optional[str]:
        """``正向指标`` → positive, ``反向`` → negative, else None."""
        return {key(w): d for w, d in self.block["direction"].items()}.get(key(text))

    def table_kind(self, title: str, fields: Iterable[str]) -> Optional[str]:
        """Table kind from title words, then from the field keys present; None when neither says."""
        t = key(title)
        for kind, words in self.block["table_kinds"]:
            if any(key(w) in t for w in words):
                return kind
        keys = {key(f) for f in fields}
        for kind, words in self.block["kind_by_field"]:
            if any(key(w) in keys for w in words):
                return kind
        return None

    def task_role(self, text: str) -> Optional[str]:
        k = re.sub(r"\(.*?\)$", "", key(text))
        return self.task_columns.get(k) or self.task_columns.get(key(text))

    def header_pattern(self, name: str) -> re.Pattern:
        """A pattern of ``data/header.json`` (fields, goals and budget lines)."""
        return pattern("header", name)

    def is_amount_header(self, text: str) -> bool:
        return bool(self.amount_header and self.amount_header.search(key(text))) and not any(ch.isdigit() for ch in text)


def _header_role(v: Vocabulary, k: str) -> Optional[str]:
    cols = v.indicator_columns
    role = cols.get(k)
    if role is not None:
        return role
    stripped = k
    for _ in range(3):  # 2024年度指标值(及单位)(%) → 指标值
        nxt = v.pattern("header_year_prefix").sub("", v.pattern("header_unit_suffix").sub("", stripped))
        if nxt == stripped or not nxt:
            break
        stripped = nxt
        if stripped in cols:
            return cols[stripped]
    if k in v.sections or stripped in v.sections:
        return None  # a section label (年度绩效指标) is no cut or misspelt header
    if len(stripped) >= 2:  # cut short: 一级 → 一级指标
        roles = {r for h, r in cols.items() if h.startswith(stripped) and len(h) > len(stripped)}
        if len(roles) == 1 and not any(s.startswith(stripped) for s in v.sections):
            return roles.pop()
    return _fuzzy_role(v, stripped) if 3 <= len(stripped) <= 12 else None


def _fuzzy_role(v: Vocabulary, k: str) -> Optional[str]:
    """The role of the headers one edit away from ``k`` when they all agree (OCR slips, typos)."""
    roles = set()
    chars = set(k)
    for h, r in v.indicator_columns.items():
        if len(h) < 4 or abs(len(h) - len(k)) > 1 or len(set(h) - chars) > 1:
            continue  # cheap filter before the fuzzy match
        if _fuzzy(h).fullmatch(k):
            roles.add(r)
    return roles.pop() if len(roles) == 1 else None


@lru_cache(maxsize=1024)
def _fuzzy(header: str) -> "regex.Pattern":
    return regex.compile(f"(?:{regex.escape(header)}){{e<=1}}")


@lru_cache(maxsize=16)
def _load_cached(extra: tuple[str, ...]) -> Vocabulary:
    v = Vocabulary()
    v.merge_names(_load_json("vocab.json"))
    lay = _load_json("layout.json")
    for section, labels in lay["sections"].items():
        for lab in labels:
            v.sections[key(lab)] = section
    v.field_groups = {key(x) for x in lay["field_groups"]}
    v.field_keys = {key(x) for x in lay["field_keys"]}
    v.money_keys = {key(x) for x in lay["money_keys"]}
    for role, names in lay["task_columns"].items():
        for n in names:
            v.task_columns[key(n)] = role
    v.merge_names({"indicator_columns": lay["indicator_columns"]})
    v.amount_header = re.compile(lay["amount_header"])
    v.block = lay["indicator_block"]
    for path in extra:
        p = Path(path)
        try:
            data = json.loads(p.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise ValueError(f"vocabulary file {path}: {e}") from None
        problem = _shape_problem(data)
        if problem:
            raise ValueError(f"vocabulary file {path}: {problem}")
        v.merge_names(data)
    return v


@dataclass(frozen=True)
class BlockPatterns:
    """Title and note lines (``data/blocks.json``), compiled once for every reader and the segmenter."""

    title: re.Pattern        # a table title: 绩效…表, 预算…表, or any line ending in 表
    note_start: re.Pattern   # 备注： / 说明： (a bullet before it allowed)
    note_item: re.Pattern    # a numbered note item: 1. 一、 (2) （3）
    paragraph_start: re.Pattern  # a line that starts a new paragraph on a page (note label or item number)
    confusable_colon: re.Pattern  # a ；/： that is not the colon ending a label prefix (指标1：, 备注：)
    heading_style: re.Pattern  # a Word paragraph style naming a heading level (Heading 2, 标题 2)

    def is_title(self, text: str) -> bool:
        return bool(self.title.search(text))

    def is_note_start(self, text: str) -> bool:
        return bool(self.note_start.match(text))

    def is_note_item(self, text: str) -> bool:
        return bool(self.note_item.match(text))

    def starts_paragraph(self, text: str) -> bool:
        return bool(self.paragraph_start.match(text))


@lru_cache(maxsize=None)
def blocks() -> BlockPatterns:
    """The title and note patterns built from ``data/blocks.json``."""
    data = lexicon("blocks")
    words = "|".join(map(re.escape, data["title_words"]))
    suffix = re.escape(data["title_suffix"])
    labels = "|".join(map(re.escape, sorted(data["note_labels"], key=len, reverse=True)))
    item = rf"(?:(?:\d+|[{data['item_numerals']}]+)\s*[.．、)）]|[(（]\d+[)）])"
    return BlockPatterns(
        title=re.compile(rf"(?:{words}).*{suffix}|{suffix}$"),
        note_start=re.compile(rf"^\s*[-*•]?\s*(?:{labels})\s*[:：]"),
        note_item=re.compile(rf"^\s*{item}"),
        paragraph_start=re.compile(rf"^\s*(?:(?:{labels})|{item})"),
        confusable_colon=re.compile("".join(
            [rf"(?<!^{re.escape(w)}\d)(?<!^{re.escape(w)}\d\d)" for w in data["colon_labels"]["numbered"]]
            + [rf"(?<!^{re.escape(w)})" for w in data["colon_labels"]["plain"]]) + "[：:；;]"),
        heading_style=re.compile(rf"(?:{'|'.join(map(re.escape, data['heading_styles']))})\s*(\d)", re.I),
    )


# What an extra vocabulary file may hold: name → list of variants, or (level2_parent) name → name.
_EXTRA_SHAPE = {"level1": list, "level2": list, "indicator_columns": list, "level2_parent": str}


def _shape_problem(data) -> Optional[str]:
    """Why ``data`` is not an extra vocabulary (same shape as data/vocab.json), or None."""
    if not isinstance(data, dict):
        return f"must be a JSON object with {', '.join(_EXTRA_SHAPE)}, not {type(data).__name__}"
    for k, table in data.items():
        if k not in _EXTRA_SHAPE:
            return f"unknown key {k!r} (known: {', '.join(_EXTRA_SHAPE)})"
        if not isinstance(table, dict):
            return f"{k!r} must be an object of name → {'list of names' if _EXTRA_SHAPE[k] is list else 'name'}"
        for name, val in table.items():
            ok = (isinstance(val, list) and all(isinstance(x, str) for x in val)) if _EXTRA_SHAPE[k] is list \
                else isinstance(val, str)
            if not ok:
                return f"{k}[{name!r}] must be {'a list of strings' if _EXTRA_SHAPE[k] is list else 'a string'}"
    return None
