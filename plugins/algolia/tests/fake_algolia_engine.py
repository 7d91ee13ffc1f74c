"""The query side of the fake Algolia: simple but real matching, synonyms, facets, highlights.

What it does, on purpose close to Algolia's documented behaviour:
- words are the runs of letters and digits, compared without case or diacritics;
- every query word must match (no `removeWordsIfNoResults`), in a `searchableAttributes`
  attribute (all attributes when unset); `queryType` prefixLast (default), prefixAll or
  prefixNone decides which words may match as prefixes; a phrase must match consecutive words;
- synonyms apply at query time: a multi-way set makes every member an alternative of the
  others, a one-way set makes its `synonyms` alternatives of its `input`, never the reverse;
- `facetFilters` is an AND of OR-groups of `attribute:value`, exact values (no case), `-value`
  negates, a leading backslash escapes; attributes not declared for faceting match nothing;
- ranking: best attribute, then exact (non-prefix) matches, then `customRanking`, then insertion
  order; `_highlightResult` wraps matches in the highlight tags, HTML-escaping the rest.
What it does not do (named so nobody relies on it): typo tolerance, proximity, plurals, stop
words, the `filters` string, numeric/tag/optional filters, geo, rules, distinct, replicas.
Requests using a parameter that is not implemented are refused with 400, never ignored.
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

WORD = re.compile(r"[^\W_]+")


class BadRequest(Exception):
    """A request Algolia would refuse; answered 400 (or `status`) with `message`."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


# Search parameters: implemented ones, and real ones the fake refuses rather than ignores.
IMPLEMENTED_PARAMS = {
    "query", "page", "hitsPerPage", "facets", "facetFilters", "attributesToRetrieve",
    "attributesToHighlight", "restrictSearchableAttributes", "maxValuesPerFacet", "queryType",
    "highlightPreTag", "highlightPostTag", "analytics", "clickAnalytics", "getRankingInfo",
    "cursor", "synonyms", "advancedSyntax",
}
NOT_IMPLEMENTED_PARAMS = {
    "filters", "numericFilters", "tagFilters", "optionalFilters", "sumOrFiltersScores",
    "aroundLatLng", "aroundRadius", "insideBoundingBox", "insidePolygon", "typoTolerance",
    "distinct", "ruleContexts", "offset", "length", "similarQuery", "optionalWords",
    "removeWordsIfNoResults", "attributesToSnippet", "naturalLanguages", "facetingAfterDistinct",
    "sortFacetValuesBy", "enableRules", "enablePersonalization", "userToken", "analyticsTags",
    "ignorePlurals", "removeStopWords", "queryLanguages", "minWordSizefor1Typo", "mode",
    "responseFields", "exactOnSingleWordQuery", "alternativesAsExact", "enableABTest",
}


def normalize(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    return [normalize(w) for w in WORD.findall(text)]


def strip_modifier(entry: str) -> str:
    match = re.fullmatch(r"(\w+)\((.+)\)", entry.strip())
    return strip_modifier(match.group(2)) if match else entry.strip()


def searchable_attributes(settings: dict[str, Any], record_keys: list[str]) -> list[list[str]]:
    """Attribute groups in order of importance (`"a,b"` is one group of equal weight)."""
    entries = settings.get("searchableAttributes")
    if not entries:
        return [[key] for key in record_keys if key != "objectID" and not key.startswith("_")]
    return [[strip_modifier(part) for part in entry.split(",")] for entry in entries]


def faceting(settings: dict[str, Any]) -> dict[str, bool]:
    """Faceted attribute -> whether it is counted (False for filterOnly)."""
    result = {}
    for entry in settings.get("attributesForFaceting") or []:
        result[strip_modifier(entry)] = not entry.strip().startswith("filterOnly(")
    return result


def values_of(record: dict[str, Any], attribute: str) -> list[str]:
    value = record.get(attribute)
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, bool):
            out.append("true" if item else "false")
        elif isinstance(item, str | int | float):
            out.append(str(item))
    return out


# --------------------------------------------------------------------------- query words


@dataclass(frozen=True)
class Alternative:
    words: tuple[str, ...]
    prefix: bool  # the last word may match as a prefix


@dataclass
class Group:
    """One query word (or a phrase a synonym matched) and what may stand for it."""

    original: tuple[str, ...]
    alternatives: list[Alternative] = field(default_factory=list)


def synonym_rewrites(synonyms: dict[str, dict[str, Any]]) -> list[tuple[tuple[str, ...],
                                                                      list[tuple[str, ...]]]]:
    """(phrase in the query, its alternatives) for every synonym object."""
    rewrites = []
    for synonym in synonyms.values():
        kind = synonym["type"]
        if kind == "synonym":
            phrases = [tuple(words(s)) for s in synonym.get("synonyms", [])]
            for phrase in phrases:
                if phrase:
                    rewrites.append((phrase, [p for p in phrases if p and p != phrase]))
        elif kind in {"onewaysynonym", "oneWaySynonym"}:
            phrase = tuple(words(synonym.get("input", "")))
            if phrase:
                rewrites.append((phrase, [tuple(words(s)) for s in synonym.get("synonyms", [])
                                          if words(s)]))
        elif kind in {"altcorrection1", "altcorrection2", "altCorrection1", "altCorrection2"}:
            phrase = tuple(words(synonym.get("word", "")))
            if phrase:
                rewrites.append((phrase, [tuple(words(s)) for s in synonym.get("corrections", [])
                                          if words(s)]))
    return rewrites


def query_groups(query: str, synonyms: dict[str, dict[str, Any]], query_type: str,
                 use_synonyms: bool = True) -> list[Group]:
    tokens = words(query)
    rewrites = synonym_rewrites(synonyms) if use_synonyms else []
    groups: list[Group] = []
    i = 0
    while i < len(tokens):
        length, alternatives = 1, []
        for phrase, others in rewrites:
            if tuple(tokens[i:i + len(phrase)]) == phrase:
                if len(phrase) > length:
                    length, alternatives = len(phrase), []
                if len(phrase) == length:
                    alternatives += [o for o in others if o not in alternatives]
        original = tuple(tokens[i:i + length])
        last = i + length == len(tokens)
        prefix = query_type == "prefixAll" or (query_type == "prefixLast" and last)
        group = Group(original=original, alternatives=[Alternative(original, prefix)])
        group.alternatives += [Alternative(a, False) for a in alternatives if a != original]
        groups.append(group)
        i += length
    return groups


def find(alternative: Alternative, tokens: list[str]) -> list[tuple[int, int, bool]]:
    """Where the alternative matches: (first token, token count, exact) for each place."""
    n = len(alternative.words)
    found = []
    for start in range(len(tokens) - n + 1):
        if list(tokens[start:start + n - 1]) != list(alternative.words[:-1]):
            continue
        last_token, last_word = tokens[start + n - 1], alternative.words[-1]
        if last_token == last_word:
            found.append((start, n, True))
        elif alternative.prefix and last_token.startswith(last_word):
            found.append((start, n, False))
    return found


# --------------------------------------------------------------------------- matching


@dataclass
class Match:
    record: dict[str, Any]
    order: int
    best_attribute: int = 0
    exact: int = 0


def match_record(record: dict[str, Any], groups: list[Group],
                 attributes: list[list[str]]) -> Match | None:
    best_attribute, exact = math.inf, 0
    for group in groups:
        group_best, group_exact = math.inf, False
        for rank, names in enumerate(attributes):
            for name in names:
                for value in values_of(record, name):
                    tokens = words(value)
                    for alternative in group.alternatives:
                        places = find(alternative, tokens)
                        if places:
                            group_best = min(group_best, rank)
                            group_exact = group_exact or any(p[2] for p in places)
        if group_best == math.inf:
            return None
        best_attribute = min(best_attribute, group_best)
        exact += int(group_exact)
    return Match(record=record, order=0,
                 best_attribute=0 if best_attribute == math.inf else int(best_attribute),
                 exact=exact)


def parse_facet_filters(value: Any) -> list[list[tuple[str, str, bool]]]:
    """facetFilters -> AND of OR-groups of (attribute, value, negated)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise BadRequest("facetFilters must be a string or an array")
    groups = []
    for item in value:
        options = [item] if isinstance(item, str) else item
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            raise BadRequest("facetFilters: nested arrays may only contain strings")
        group = []
        for option in options:
            attribute, colon, raw = option.partition(":")
            if not colon or not attribute:
                raise BadRequest(f"facetFilters: invalid filter {option!r} (expected "
                                 "attribute:value)")
            negated = raw.startswith("-")
            if negated or raw.startswith("\\"):  # "-" negates, "\\" escapes what follows
                raw = raw[1:]
            group.append((attribute, raw, negated))
        groups.append(group)
    return groups


def passes(record: dict[str, Any], groups: list[list[tuple[str, str, bool]]],
           faceted: dict[str, bool]) -> bool:
    for group in groups:
        ok = False
        for attribute, value, negated in group:
            present = attribute in faceted and normalize(value) in {
                normalize(v) for v in values_of(record, attribute)}
            if present != negated:
                ok = True
                break
        if not ok:
            return False
    return True


def rank(matches: list[Match], settings: dict[str, Any], has_query: bool) -> list[Match]:
    ordered = sorted(matches, key=lambda m: m.order)
    for entry in reversed(settings.get("customRanking") or []):
        found = re.fullmatch(r"(asc|desc)\((.+)\)", entry)
        direction, attribute = found.group(1), found.group(2)
        present = [m for m in ordered if m.record.get(attribute) is not None]
        missing = [m for m in ordered if m.record.get(attribute) is None]
        present.sort(key=lambda m: m.record[attribute], reverse=direction == "desc")
        ordered = present + missing
    if has_query:
        ordered.sort(key=lambda m: -m.exact)
        ordered.sort(key=lambda m: m.best_attribute)
    return ordered


# --------------------------------------------------------------------------- highlighting


def highlight_value(value: str, groups: list[Group], pre: str, post: str) -> dict[str, Any]:
    spans: list[tuple[int, int]] = []  # character ranges to wrap
    matched_words: list[str] = []
    tokens = list(WORD.finditer(value))
    normalized = [normalize(t.group()) for t in tokens]
    for group in groups:
        hit = False
        for alternative in group.alternatives:
            for start, count, exact in find(alternative, normalized):
                hit = True
                first, last = tokens[start], tokens[start + count - 1]
                end = last.end() if exact else last.start() + len(alternative.words[-1])
                spans.append((first.start(), min(end, last.end())))
        if hit:
            matched_words.append(" ".join(group.original))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out += [html.escape(value[cursor:start]), pre, html.escape(value[start:end]), post]
        cursor = end
    out.append(html.escape(value[cursor:]))
    if not groups or not matched_words:
        level = "none"
    elif len(matched_words) == len(groups):
        level = "full"
    else:
        level = "partial"
    highlighted = sum(end - start for start, end in merged)
    result = {"value": "".join(out), "matchLevel": level, "matchedWords": matched_words}
    if level != "none":
        result["fullyHighlighted"] = highlighted >= sum(len(t.group()) for t in tokens)
    return result


def highlight(record: dict[str, Any], attributes: list[str], groups: list[Group], pre: str,
              post: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for attribute in attributes:
        value = record.get(attribute)
        if isinstance(value, list):
            result[attribute] = [highlight_value(str(v), groups, pre, post) for v in value
                                 if isinstance(v, str | int | float)]
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            result[attribute] = highlight_value(str(value), groups, pre, post)
    return result


# --------------------------------------------------------------------------- one search


def parse_params(body: dict[str, Any]) -> dict[str, Any]:
    """Search parameters from a JSON body, accepting the legacy `params` query string."""
    params = dict(body)
    legacy = params.pop("params", None)
    if legacy is not None:
        if not isinstance(legacy, str):
            raise BadRequest("params must be a string")
        for key, value in parse_qsl(legacy, keep_blank_values=True):
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
            if key == "query":
                params[key] = value
    for key in params:
        if key in NOT_IMPLEMENTED_PARAMS:
            raise BadRequest(f"fake_algolia: search parameter {key} is not implemented")
        if key not in IMPLEMENTED_PARAMS:
            raise BadRequest(f"Unknown parameter: {key}")
    return params


def _int(params: dict[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = params.get(key, default)
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise BadRequest(f"{key} must be an integer between {low} and {high}")
    return value


def _strings(params: dict[str, Any], key: str) -> list[str] | None:
    value = params.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        value = [v for v in value.split(",") if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadRequest(f"{key} must be an array of strings")
    return value


@dataclass
class Outcome:
    matches: list[Match]
    groups: list[Group]
    params: dict[str, Any]


def run(index: Any, params: dict[str, Any]) -> Outcome:
    """Filter and rank every record of `index` (a FakeIndex) for these parameters."""
    query = params.get("query", "")
    if not isinstance(query, str):
        raise BadRequest("query must be a string")
    query_type = params.get("queryType", index.settings.get("queryType", "prefixLast"))
    if query_type not in {"prefixLast", "prefixAll", "prefixNone"}:
        raise BadRequest(f"queryType: invalid value {query_type!r}")
    groups = query_groups(query, index.synonyms, query_type, params.get("synonyms", True))
    restrict = _strings(params, "restrictSearchableAttributes")
    filters = parse_facet_filters(params["facetFilters"]) if "facetFilters" in params else []
    faceted = faceting(index.settings)
    matches = []
    for order, record in enumerate(index.records.values()):
        attributes = searchable_attributes(index.settings, list(record))
        if restrict is not None:
            attributes = [[a for a in names if a in restrict] for names in attributes]
            attributes = [names for names in attributes if names]
        if filters and not passes(record, filters, faceted):
            continue
        found = match_record(record, groups, attributes)
        if found is not None:
            found.order = order
            matches.append(found)
    return Outcome(rank(matches, index.settings, bool(groups)), groups, params)


def facet_counts(index: Any, matches: list[Match], requested: list[str],
                 limit: int) -> dict[str, dict[str, int]]:
    faceted = faceting(index.settings)
    names = [n for n, counted in faceted.items() if counted] if "*" in requested else [
        n for n in requested if faceted.get(n)]
    result = {}
    for name in names:
        counts: dict[str, int] = {}
        for match in matches:
            for value in dict.fromkeys(values_of(match.record, name)):
                counts[value] = counts.get(value, 0) + 1
        top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
        result[name] = dict(top)
    return result


def visible(record: dict[str, Any], hidden: set[str], retrieve: list[str] | None) -> dict:
    out = {}
    for key, value in record.items():
        if key in hidden and key != "objectID":
            continue
        if retrieve is not None and "*" not in retrieve and key not in retrieve \
                and key != "objectID":
            continue
        out[key] = value
    return out


def search_response(index: Any, params: dict[str, Any], hidden: set[str]) -> dict[str, Any]:
    """The body of a query answer, as Algolia shapes it."""
    outcome = run(index, params)
    settings = index.settings
    per_page = _int(params, "hitsPerPage", settings.get("hitsPerPage", 20), 0, 1000)
    page = _int(params, "page", 0, 0, 10**6)
    limit = settings.get("paginationLimitedTo", 1000)
    total = len(outcome.matches)
    reachable = outcome.matches[:limit]
    pages = math.ceil(len(reachable) / per_page) if per_page else 0
    window = reachable[page * per_page:(page + 1) * per_page] if per_page else []
    pre = params.get("highlightPreTag", settings.get("highlightPreTag", "<em>"))
    post = params.get("highlightPostTag", settings.get("highlightPostTag", "</em>"))
    to_highlight = _strings(params, "attributesToHighlight")
    if to_highlight is None:
        to_highlight = settings.get("attributesToHighlight")
    retrieve = _strings(params, "attributesToRetrieve") or settings.get("attributesToRetrieve")
    hits = []
    for match in window:
        record = match.record
        names = to_highlight
        if names is None or "*" in names:
            names = [n for group in searchable_attributes(settings, list(record))
                     for n in group]
        names = [n for n in names if n not in hidden]
        hit = visible(record, hidden, retrieve)
        hit["_highlightResult"] = highlight(record, names, outcome.groups, pre, post)
        hits.append(hit)
    body: dict[str, Any] = {
        "hits": hits,
        "nbHits": total,
        "page": page,
        "nbPages": pages,
        "hitsPerPage": per_page,
        "exhaustiveNbHits": True,
        "exhaustiveFacetsCount": True,
        "query": params.get("query", ""),
        "params": urlencode({k: v if isinstance(v, str) else json.dumps(v)
                             for k, v in params.items()}),
        "processingTimeMS": 1,
    }
    requested = _strings(params, "facets")
    if requested:
        limit_values = _int(params, "maxValuesPerFacet",
                            settings.get("maxValuesPerFacet", 100), 1, 1000)
        body["facets"] = facet_counts(index, outcome.matches, requested, limit_values)
    return body
