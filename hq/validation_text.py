"""A wire-schema refusal (pydantic's ValidationError) in plain words, Vietnamese then English,
field by field, for the pages that show it to a person: the catalogue import's list of every
row's problems and the product edit form. Pydantic's own messages are English only and repeat
the allowed values twice."""

from pydantic import ValidationError

_PLAIN = {
    "literal_error": "{input!r} không phải một trong / is not one of {expected}",
    "string_too_long": "dài quá {max_length} ký tự / is longer than {max_length} characters",
    "string_too_short": "không được để trống / must not be empty",
    "missing": "thiếu / is missing",
    "greater_than_equal": "phải từ {ge} trở lên / must be at least {ge}",
    "greater_than": "phải lớn hơn {gt} / must be more than {gt}",
    "less_than_equal": "không được quá {le} / must be at most {le}",
    "less_than": "phải nhỏ hơn {lt} / must be less than {lt}",
    "int_type": "không phải số nguyên / is not a whole number",
    "int_parsing": "không phải số nguyên / is not a whole number",
}


def field_problems(
    exc: ValidationError, names: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """(field, ``field: what is wrong``) for each error of ``exc``, without pydantic's links;
    ``names`` renames fields as the person knows them (a file's columns)."""
    found = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "?"
        where = (names or {}).get(where, where)
        text = _PLAIN.get(error["type"])
        try:
            ctx = dict(error.get("ctx", {}))
            if "expected" in ctx:  # pydantic's "'a', 'b' or 'c'": one list in both languages
                ctx["expected"] = ctx["expected"].replace(" or ", ", ")
            said = text.format(input=error.get("input"), **ctx) if text else None
        except (KeyError, IndexError):
            said = None
        if said is None:  # anything rarer: pydantic's English words after ours
            said = f"không hợp lệ / is not valid ({error['msg']})"
        found.append((where, f"{where}: {said}"))
    return found


def plain(exc: ValidationError) -> str:
    return "; ".join(text for _, text in field_problems(exc))
