"""Full-text search of the catalogue: what the clerk typed as FTS5 queries, and their ranking.

:class:`kiosk.core.catalogue.lookup.Catalogue` turns typed text into tiers of queries with
:func:`fts_tiers`, then takes the best document numbers with :func:`rank`; it fetches the
products' details itself.
"""

import sqlite3

from kiosk.core import errors
from kiosk.core.textfold import words

MAX_SEARCH_CHARS = 100
MAX_SEARCH_WORDS = 8
RANK_LIMIT = 500  # matches of one tier ranked by bm25 at most; see rank
# bm25 column weights: a word found in the product's names counts ten times one found in its
# producer's name or province.
NAME_WEIGHT, PLACE_WEIGHT = 10.0, 1.0

# Search runs in two steps: rank document numbers on the full-text index (see rank), then
# fetch the details of the few best, in rank order (Catalogue.search).
_PROBE = (
    "SELECT count(*) FROM (SELECT 1 FROM product_search WHERE product_search MATCH :q LIMIT :n)"
)
_GROUP_JOIN = (
    " JOIN product_search_keys AS k ON k.docid = product_search.rowid"
    " JOIN products AS p ON p.id = k.product_id AND p.group_code = :group"
)
_RANKED = (
    "SELECT product_search.rowid FROM product_search{join}"
    " WHERE product_search MATCH :q"
    " ORDER BY bm25(product_search, :w_name, :w_place) LIMIT :limit"
)
_UNRANKED = (
    "SELECT product_search.rowid FROM product_search{join}"
    " WHERE product_search MATCH :q LIMIT :limit"
)


def fts_query(text_: str) -> str | None:
    """The FTS5 query for what the clerk typed, or None when there is nothing to search.

    Input is folded to ``[a-z0-9 ]`` words before anything reaches FTS5, so quotes, ``*``,
    ``NEAR``, ``AND`` or column filters in the input are just words. Each word is a prefix;
    ``"w" OR "w"*`` makes a whole-word match count twice in bm25, ranking it above a row where
    the word is only the start of a longer one.
    """
    if len(text_) > MAX_SEARCH_CHARS:
        raise errors.InvalidSearch(reason="too_long", length=len(text_))
    terms = list(dict.fromkeys(words(text_)))
    if not terms:
        if text_.strip():
            raise errors.InvalidSearch(reason="no_words", text=text_)
        return None
    if len(terms) > MAX_SEARCH_WORDS:
        raise errors.InvalidSearch(reason="too_many_words", words=len(terms))
    return " AND ".join(f'("{t}" OR "{t}"*)' for t in terms)


def fts_tiers(text_: str) -> list[str]:
    """FTS5 queries from the broadest to the narrowest: all words anywhere; all words in the
    names; names starting with the typed words (the last one a prefix); names starting with
    the typed words, whole."""
    everywhere = fts_query(text_)
    if everywhere is None:
        return []
    phrase = " ".join(dict.fromkeys(words(text_)))
    return [
        everywhere,
        f"name : ({everywhere})",
        f'name : ^ "{phrase}" *',
        f'name : ^ "{phrase}"',
    ]


def rank(db: sqlite3.Connection, tiers: list[str], limit: int, group: str | None) -> list[int]:
    """The best ``limit`` document numbers, best first.

    Tiers are taken from the narrowest (names starting with the typed words) to the
    broadest (the words anywhere, producer and province included), each adding what the
    ones before did not find, until ``limit`` are found. Within a tier, matches are ranked
    by bm25 (names weigh more; a whole word counts more than a prefix) if there are at
    most RANK_LIMIT of them. bm25 costs a few microseconds for every match, and "ca"
    matches half of 100,000 products; a tier that broad is taken in index order instead,
    which costs nothing more and is fair: its matches are alike for what was typed.
    """
    join = _GROUP_JOIN if group is not None else ""
    found: list[int] = []
    seen: set[int] = set()
    for query in reversed(tiers):
        if len(found) >= limit:
            break
        matches = db.execute(_PROBE, {"q": query, "n": RANK_LIMIT + 1}).fetchone()[0]
        if not matches:
            continue
        sql = _RANKED if matches <= RANK_LIMIT else _UNRANKED
        # Broader tiers contain the narrower ones: ask for enough to skip those.
        params = {
            "q": query,
            "limit": limit + len(found),
            "group": group,
            "w_name": NAME_WEIGHT,
            "w_place": PLACE_WEIGHT,
        }
        for (docid,) in db.execute(sql.format(join=join), params):
            if docid not in seen and len(found) < limit:
                seen.add(docid)
                found.append(docid)
    return found
