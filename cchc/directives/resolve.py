"""Addressee phrases of a document → organisation units.

A phrase is a group ("các sở, ban, ngành tỉnh" → every department open on the document's date), a unit's name,
short name or alias (compared without diacritics, punctuation or a trailing "tỉnh Gia Lai"), a typing slip of one
("Bru điện tỉnh" → Bưu điện tỉnh), or several of these joined by ";", "," or " và " (split only where every side
resolves, so "Sở Kế hoạch và Đầu tư" stays whole).

Fuzzy matching is deliberately narrow: at most one edit for short names (two for long ones), a unique best
candidate, never the province itself, and never a unit that is closed on the date (a phrase that names a closed
unit exactly is not then matched to a similar open one: "Sở Ngoại vụ" never becomes Sở Nội vụ).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from cchc.lib import vn
from cchc.lib.vbhc.tables import split_names_run_together
from cchc.units import choices as kinds
from cchc.units.models import OrgUnit

__all__ = ["GROUP", "NAME", "ALIAS", "FUZZY", "Resolution", "Resolver", "match_key", "resolve_phrase"]

GROUP = "group"
NAME = "name"
ALIAS = "alias"
FUZZY = "fuzzy"
_HOW_ORDER = {NAME: 0, ALIAS: 1, GROUP: 2, FUZZY: 3}

FUZZY_MIN_RATIO = 85.0
FUZZY_MIN_LENGTH = 6  # shorter keys ("stp", "snv") only ever match exactly
MAX_SPLIT_PIECES = 8
MAX_PARTIAL_PIECES = 16
UNRESOLVED = "unresolved"
IGNORED = "ignored"  # a body outside the province, marked "not ours"
EMPTY_GROUP = "empty_group"

_NON_WORD = re.compile(r"[^0-9a-z]+")
_CANONICAL = [
    (re.compile(r"\buy ban nhan dan\b"), "ubnd"),
    (re.compile(r"\bu b n d\b"), "ubnd"),
]
# Leading words that say who inside a body acts, or ask it to: "Thủ trưởng các sở …", "Đề nghị Ủy ban MTTQ …".
_LEADING = re.compile(
    r"^(?:(?:de nghi|yeu cau|kinh gui|thu truong|lanh dao|chu tich|giam doc|cac dong chi)\s+)+"
)
_TRAILING_NOISE = re.compile(r"\s+(?:thuc hien|chu tri|phoi hop|theo doi|b cao|bao cao|t doi|de biet)$")

# Group phrases, on match keys (folded, punctuation as spaces, "ủy ban nhân dân" as "ubnd").
_SCOPE = r"(?: (?:tinh|cap tinh|thuoc tinh|truc thuoc tinh|thuoc ubnd tinh|tren dia ban tinh|trong tinh))?"
_DISTRICT_WORDS = r"(?:huyen|thi xa|thanh pho|quan)"
_COMMUNE_WORDS = r"(?:xa|phuong|thi tran)"
_MASS = r"(?:cac )?(?:to chuc )?doan the(?: chinh tri xa hoi)?(?: chinh tri)?"
_FRONT = r"(?:uy ban )?(?:mat tran|mttq)(?: to quoc)?(?: viet nam| vn)?" + _SCOPE
GROUP_PATTERNS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(rf"^(?:cac )?so ban nganh(?: doan the)?{_SCOPE}$"), (kinds.DEPARTMENT,)),
    (re.compile(rf"^cac so nganh{_SCOPE}$"), (kinds.DEPARTMENT,)),
    (re.compile(rf"^cac co quan chuyen mon{_SCOPE}$"), (kinds.DEPARTMENT,)),
    (re.compile(rf"^(?:ubnd )?cac {_DISTRICT_WORDS}(?: {_DISTRICT_WORDS})*{_SCOPE}$"), (kinds.DISTRICT,)),
    (re.compile(r"^ubnd cap huyen$"), (kinds.DISTRICT,)),
    (re.compile(rf"^(?:ubnd )?cac {_COMMUNE_WORDS}(?: {_COMMUNE_WORDS})*{_SCOPE}$"), (kinds.COMMUNE,)),
    (re.compile(r"^ubnd cap xa$"), (kinds.COMMUNE,)),
    (re.compile(rf"^{_FRONT}(?: va)? {_MASS}{_SCOPE}$"), (kinds.MASS_ORG, "+front")),
    (re.compile(rf"^{_MASS}{_SCOPE}$"), (kinds.MASS_ORG,)),
]
# "các sở, ban, ngành, đoàn thể tỉnh": the departments and the mass organisations.
_DEPARTMENTS_AND_MASS = re.compile(rf"^cac so ban nganh doan the{_SCOPE}$")
# First words that say what kind of body a name is: a slip never turns one into another ("Bộ Nội vụ" ≠ Sở Nội vụ).
TYPE_WORDS = frozenset({
    "bo", "so", "ban", "hoi", "bao", "dai", "ubnd", "cong", "trung", "vien", "chi", "cuc", "phong", "truong",
    "thanh", "tinh", "van", "lien", "uy", "mat", "toa", "kho", "doan", "hdnd", "huyen", "xa", "phuong", "thi", "quan",
})
_SEPARATORS = re.compile(r"\s*;\s*|\s*,\s*|\s+và\s+", re.IGNORECASE)


def match_key(text: str | None) -> str:
    """The form phrases and unit names are compared in: folded, punctuation as spaces, canonical abbreviations."""
    key = _NON_WORD.sub(" ", vn.fold(text)).strip()
    for pattern, replacement in _CANONICAL:
        key = pattern.sub(replacement, key)
    return key


def _province_suffixes() -> list[str]:
    province = match_key(getattr(settings, "CCHC_PROVINCE_NAME", "") or "")
    suffixes = [f" tinh {province}", f" {province}"] if province else []
    return [*suffixes, " tinh"]


def _variants(key: str, suffixes: Iterable[str]) -> list[str]:
    """``key`` and the same without a trailing "tỉnh Gia Lai" / "Gia Lai" / "tỉnh" (when two words remain)."""
    out = [key]
    for suffix in suffixes:
        if key.endswith(suffix):
            shorter = key[: -len(suffix)].strip()
            if len(shorter.split()) >= 2 and shorter not in out:
                out.append(shorter)
    return out


@dataclass
class Resolution:
    """What one phrase stands for: ``units`` (open on the date), ``how`` and ``score`` of the weakest match,
    ``unresolved`` parts nobody could match, and ``parts`` [(text, unit ids, how, score)] as split."""

    phrase: str
    units: list[OrgUnit] = field(default_factory=list)
    how: str = ""
    score: float = 0.0
    unresolved: list[str] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def unit_ids(self) -> list[int]:
        return [unit.pk for unit in self.units]

    @property
    def resolved(self) -> bool:
        return bool(self.units) and not self.unresolved


@dataclass
class _Match:
    text: str
    unit_ids: list[int]
    how: str
    score: float


class Resolver:
    """Resolves phrases against the units (loaded once); ``on`` limits results to units open on that day."""

    def __init__(self, on: date | None = None, units: Iterable[OrgUnit] | None = None,
                 ignored: Iterable[str] | None = None) -> None:
        self.on = on
        all_units = list(units) if units is not None else list(
            OrgUnit.objects.select_related("kind").prefetch_related("aliases"))
        self.units: dict[int, OrgUnit] = {unit.pk: unit for unit in all_units}
        self.open_ids = {unit.pk for unit in all_units if on is None or unit.is_open_on(on)}
        suffixes = _province_suffixes()
        # key → {unit id: (how, rank)}; rank 0 for the stored form, 1 for a shortened variant
        self.index: dict[str, dict[int, tuple[str, int]]] = {}
        for unit in all_units:
            forms = [(unit.name, NAME), (unit.short_name, NAME), *((alias, ALIAS) for alias in unit.alias_names())]
            for text, how in forms:
                key = match_key(text)
                if not key:
                    continue
                for rank, variant in enumerate(_variants(key, suffixes)):
                    entry = self.index.setdefault(variant, {})
                    known = entry.get(unit.pk)
                    if known is None or (min(rank, 1), _HOW_ORDER[how]) < (known[1], _HOW_ORDER[known[0]]):
                        entry[unit.pk] = (how, min(rank, 1))
        self.suffixes = suffixes
        self.ignored_keys: set[str] = set(ignored) if ignored is not None else _external_keys()
        province = match_key(getattr(settings, "CCHC_PROVINCE_NAME", "") or "")
        self.place_keys = {match_key(unit.name) for unit in all_units} | ({province} if province else set())
        self.fuzzy_keys = [key for key, entry in self.index.items()
                           if len(key) >= FUZZY_MIN_LENGTH
                           and any(self.units[pk].kind.code != kinds.PROVINCE for pk in entry)]

    # --- public -----------------------------------------------------------------------------------------------

    def resolve(self, phrase: str) -> Resolution:
        """The units of ``phrase``, part by part: a list whose parts do not all resolve keeps what does, and the
        rest is ``unresolved`` (a group without members too, with its reason in ``reasons``); remembered bodies
        outside the province are ``ignored``."""
        text = _strip_phrase(phrase)
        result = Resolution(phrase=vn.clean(phrase))
        if not text:
            return result
        matches: list[_Match] = []
        for raw in [p for p in re.split(r"\s*[;\n]\s*", text) if p.strip(" .,-–+")]:
            part = raw.strip(" .,-–+")
            found = self._resolve_part(part)
            if found is None:
                found = self._resolve_pieces(part)
            for match in found:
                if match.how == UNRESOLVED:
                    if not is_junk(match.text):
                        result.unresolved.append(match.text)
                else:
                    matches.append(match)
        seen: set[int] = set()
        for match in matches:
            if match.how == IGNORED:
                result.ignored.append(match.text)
            elif match.how == GROUP and not match.unit_ids:
                result.unresolved.append(match.text)
                result.reasons[match.text] = EMPTY_GROUP
                continue
            for pk in match.unit_ids:
                if pk not in seen:
                    seen.add(pk)
                    result.units.append(self.units[pk])
            result.parts.append({"text": match.text, "unit_ids": match.unit_ids, "how": match.how,
                                 "score": match.score})
        real = [m for m in matches if m.how in _HOW_ORDER and m.unit_ids]
        if real:
            weakest = max(real, key=lambda m: (_HOW_ORDER[m.how], -m.score))
            result.how = weakest.how
            result.score = min(m.score for m in real)
        result.unresolved = list(dict.fromkeys(result.unresolved))
        result.units.sort(key=lambda unit: (unit.kind.order, unit.sort_name))
        return result

    def is_outside(self, text: str) -> bool:
        """Whether ``text`` names a body outside the province: a ministry and its departments, the central
        government, another province's or city's body (a place no unit of the tree is named after)."""
        key = match_key(_strip_phrase(text))
        if not key:
            return False
        if _CENTRAL.match(key) and not _OURS_DESPITE_WORDS.match(key):
            return True
        printed = vn.clean(text)
        if printed.upper() == printed:
            printed = printed.title()  # "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK": the place is the words after "Tỉnh"
        for m in _PLACE_RE.finditer(printed):
            place = match_key(m.group(1))
            if place and not any(place in name for name in self.place_keys):
                return True
        return False

    def _resolve_pieces(self, text: str) -> list[_Match]:
        """``text`` cut into its list items (separators, names run together across a line) and the longest runs
        of items that resolve kept: what is left is unresolved, in order."""
        pieces, seps = _pieces(text)
        if len(pieces) < 2 or len(pieces) > MAX_PARTIAL_PIECES:
            return [_Match(text, [], UNRESOLVED, 0.0)]
        n = len(pieces)
        # best[i]: (resolved pieces, -segments, matches) for pieces[:i]
        best: list[tuple[int, int, list[_Match]] | None] = [None] * (n + 1)
        best[0] = (0, 0, [])
        for i in range(1, n + 1):
            for j in range(max(0, i - MAX_SPLIT_PIECES), i):
                prev = best[j]
                if prev is None:
                    continue
                segment = _join(pieces[j:i], seps[j:i - 1])
                found = self._resolve(segment, fuzzy=False, depth=3) or self._resolve(segment, fuzzy=True, depth=3)
                if found:
                    candidate = (prev[0] + (i - j), prev[1] - 1, prev[2] + found)
                elif i - j == 1:
                    candidate = (prev[0], prev[1] - 1, [*prev[2], _Match(segment, [], UNRESOLVED, 0.0)])
                else:
                    continue
                if best[i] is None or candidate[:2] > best[i][:2]:
                    best[i] = candidate
        final = best[n]
        if final is None or final[0] == 0:
            return [_Match(text, [], UNRESOLVED, 0.0)]
        merged: list[_Match] = []
        for match in final[2]:  # neighbouring unresolved items stay one phrase ("các doanh nghiệp, hợp tác xã")
            if match.how == UNRESOLVED and merged and merged[-1].how == UNRESOLVED:
                merged[-1] = _Match(f"{merged[-1].text}, {match.text}", [], UNRESOLVED, 0.0)
            else:
                merged.append(match)
        return merged

    def units_of_kind(self, kind_code: str) -> list[int]:
        return [pk for pk in self.open_ids if self.units[pk].kind.code == kind_code]

    # --- matching ---------------------------------------------------------------------------------------------

    def _resolve_part(self, text: str) -> list[_Match] | None:
        found = self._resolve(text, fuzzy=False, depth=0)
        if found is None:
            found = self._resolve(text, fuzzy=True, depth=0)
        return found

    def _resolve(self, text: str, *, fuzzy: bool, depth: int) -> list[_Match] | None:
        single = self._exact(text)
        if single is not None:
            return single or None  # [] means "names a closed unit": do not look further
        if fuzzy:
            close = self._fuzzy(text)
            if close is not None:
                return [close]
        if depth >= 3:
            return None
        pieces = _SEPARATORS.split(text)
        if len(pieces) < 2 or len(pieces) > MAX_SPLIT_PIECES:
            return None
        seps = _SEPARATORS.findall(text)
        # Try the longest left side first, so "Sở Văn hóa, Thể thao và Du lịch và Sở Y tế" splits once, right.
        for cut in range(len(pieces) - 1, 0, -1):
            left = _join(pieces[:cut], seps[: cut - 1])
            right = _join(pieces[cut:], seps[cut:])
            left_found = self._resolve(left, fuzzy=fuzzy, depth=depth + 1)
            if left_found is None:
                continue
            right_found = self._resolve(right, fuzzy=fuzzy, depth=depth + 1)
            if right_found is not None:
                return left_found + right_found
        return None

    def _exact(self, text: str) -> list[_Match] | None:
        """A group or exact name: a list of matches; [] when the phrase names only closed units; None if unknown."""
        key = match_key(text)
        if not key:
            return None
        if key in self.ignored_keys:
            return [_Match(text, [], IGNORED, 100.0)]
        group = self._group(key)
        if group is not None:
            return [_Match(text, group, GROUP, 100.0)]
        for variant in _variants(key, self.suffixes):
            entry = self.index.get(variant)
            if not entry:
                continue
            open_entry = {pk: v for pk, v in entry.items() if pk in self.open_ids}
            if not open_entry:
                return []
            best_rank = min(rank for _how, rank in open_entry.values())
            best = [pk for pk, (_how, rank) in open_entry.items() if rank == best_rank]
            if len(best) == 1:
                how = open_entry[best[0]][0]
                return [_Match(text, best, how, 100.0)]
            return None  # ambiguous: the coordinator chooses
        return None

    def _group(self, key: str) -> list[int] | None:
        if _DEPARTMENTS_AND_MASS.match(key):
            return self.units_of_kind(kinds.DEPARTMENT) + self._mass_orgs(front=False)
        for pattern, spec in GROUP_PATTERNS:
            if pattern.match(key):
                kind_code = spec[0]
                if kind_code == kinds.MASS_ORG:
                    return self._mass_orgs(front="+front" in spec)
                return self.units_of_kind(kind_code)
        return None

    def _mass_orgs(self, *, front: bool) -> list[int]:
        ids = self.units_of_kind(kinds.MASS_ORG)
        if front:
            return ids
        return [pk for pk in ids if not _is_front(self.units[pk])]

    def _fuzzy(self, text: str) -> _Match | None:
        key = match_key(text)
        if len(key) < FUZZY_MIN_LENGTH:
            return None
        scored: list[tuple[int, float, str]] = []
        for candidate in self.fuzzy_keys:
            if abs(len(candidate) - len(key)) > 3:
                continue
            distance = Levenshtein.distance(key, candidate, score_cutoff=3)
            if distance > 2:
                continue
            scored.append((distance, fuzz.ratio(key, candidate), candidate))
        if not scored:
            return None
        scored.sort(key=lambda item: (item[0], -item[1]))
        distance, ratio, candidate = scored[0]
        allowed = 1 if len(key) < 16 else 2
        if distance > allowed or ratio < FUZZY_MIN_RATIO:
            return None
        first, other_first = key.split()[0], candidate.split()[0]
        if first != other_first and first in TYPE_WORDS and other_first in TYPE_WORDS:
            return None
        best_units = {pk for pk in self.index[candidate] if self.units[pk].kind.code != kinds.PROVINCE}
        rivals = {pk for d, _r, other in scored[1:] if d <= distance for pk in self.index[other]} - best_units
        if len(best_units) != 1 or rivals:
            return None  # two units equally close: a guess would be wrong half the time
        pk = next(iter(best_units))
        if pk not in self.open_ids:
            return None
        return _Match(text, [pk], FUZZY, round(ratio, 1))


# Bodies of the central state: ministries and their departments, the government, the Party's central organs.
_CENTRAL = re.compile(
    r"^(?:cac )?(?:bo|cac bo|bo truong|thu truong|cuc|tong cuc|vu|cuc truong|vu truong|thu tuong|pho thu tuong"
    r"|chinh phu|van phong chinh phu|quoc hoi|van phong quoc hoi|ban chap hanh trung uong|trung uong|ban bi thu"
    r"|bo chinh tri|ban tuyen giao trung uong|ban tuyen giao va dan van trung uong|toa an nhan dan toi cao"
    r"|vien kiem sat nhan dan toi cao|kiem toan nha nuoc|ngan hang nha nuoc|thong tan xa viet nam"
    r"|dai truyen hinh viet nam|dai tieng noi viet nam|bao nhan dan|cong thong tin dien tu chinh phu)(?: |$)"
)
_OURS_DESPITE_WORDS = re.compile(r"^bo (?:chi huy|chqs|ch quan su|doi bien phong)")
_PLACE_RE = re.compile(
    r"(?:(?<=\s)|^)(?i:tỉnh|thành phố|tp\.?)\s+([A-ZĐÂÁÀẢÃẠ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})",
)
# What a list may hold that names nobody: a fragment left by a wrapped line, a lone word, a bare group word.
_JUNK = frozenset({
    "cac", "chanh", "co quan", "don vi", "cac co quan", "cac don vi", "va", "cac so", "so", "ban", "nganh",
    "lien quan", "co lien quan", "cac co quan lien quan", "cac don vi lien quan", "cac co quan don vi",
    "cac co quan don vi lien quan", "dia phuong", "cac dia phuong", "to chuc", "ca nhan", "thu truong", "lanh dao",
    "cac dong chi", "giam doc", "chu tich", "pho chu tich", "truong", "pho", "uy vien", "thanh vien", "luu",
})
# Slogans and headings that end up in a list of addressees.
_SLOGAN = re.compile(r"^(?:vi |hay |chung tay|tat ca vi|nhiet liet|quyet tam|toan dan|khau hieu)")


def is_junk(text: str) -> bool:
    """A fragment that names no body: kept out of the unresolved phrases (it would only ask a useless question)."""
    key = match_key(text)
    if not key or key in _JUNK or len(key) < 3:
        return True
    words = key.split()
    if len(words) == 1 and not text.strip()[:1].isupper():
        return True
    if _SLOGAN.match(key) or "!" in text or len(words) > 25:
        return True
    return bool(text.strip()[:1].islower() and len(words) <= 2)


def _pieces(text: str) -> tuple[list[str], list[str]]:
    """List items of ``text`` and the separators between them (a name run into the next one: a space)."""
    pieces: list[str] = []
    seps: list[str] = []
    chunks = _SEPARATORS.split(text)
    chunk_seps = _SEPARATORS.findall(text)
    for index, chunk in enumerate(chunks):
        sub = [c for c in split_names_run_together(chunk) if c.strip()]
        for k, piece in enumerate(sub):
            if pieces:
                seps.append(" " if k else chunk_seps[index - 1] if index - 1 < len(chunk_seps) else ", ")
            pieces.append(piece.strip())
    return pieces, seps


def _external_keys() -> set[str]:
    from .models import ExternalBody

    return set(ExternalBody.objects.values_list("key", flat=True))


def _is_front(unit: OrgUnit) -> bool:
    key = match_key(unit.name)
    return "mat tran" in key or key.startswith("mttq")


def _join(pieces: list[str], seps: list[str]) -> str:
    out = pieces[0]
    for piece, sep in zip(pieces[1:], seps, strict=False):
        out += sep + piece
    return out


def _strip_phrase(phrase: str) -> str:
    """The phrase without list marks, markdown, a leading "Đề nghị"/"Thủ trưởng" or a trailing "(b/cáo)"."""
    text = vn.clean(re.sub(r"[*_]+", "", phrase or ""))
    text = re.sub(r"\([^)]*\)", " ", text)
    text = vn.clean(text).strip(" .;:,-–+•")
    # Remove leading words by their folded form, keeping the original spelling of the rest.
    folded = vn.fold(text)
    head = _LEADING.match(folded)
    if head:
        words = len(head.group(0).split())
        text = " ".join(text.split()[words:])
    folded = vn.fold(text)
    tail = _TRAILING_NOISE.search(folded)
    if tail:
        words = len(tail.group(0).split())
        text = " ".join(text.split()[:-words])
    return text.strip(" .;:,-–")


def resolve_phrase(phrase: str, on: date | None) -> Resolution:
    """The units ``phrase`` stands for on ``on`` (all units if None). See :class:`Resolver` to resolve many."""
    return Resolver(on).resolve(phrase)
