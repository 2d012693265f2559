"""Searching by name: accents and đ ignored, prefixes, ranking, hostile input."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core import errors
from kiosk.core.catalogue.fulltext import fts_query
from kiosk.core.catalogue.lookup import Catalogue
from kiosk.core.textfold import fold

NOW = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)
LAM_DONG, AN_GIANG, THAI_NGUYEN, HA_NOI = 68, 91, 19, 1


@pytest.fixture
def catalogue(session_factory):
    cat = Catalogue(session_factory, clock=lambda: NOW)
    phu_quoc = cat.add_producer("Công ty TNHH Nước mắm Phú Quốc Khải Hoàn", "enterprise", AN_GIANG)
    da_lat = cat.add_producer("HTX Nông nghiệp Đà Lạt Xanh", "cooperative", LAM_DONG)
    tan_cuong = cat.add_producer("Hộ kinh doanh Chè Tân Cương", "household", THAI_NGUYEN)
    bat_trang = cat.add_producer("Tổ hợp tác gốm Bát Tràng", "coop_group", HA_NOI)
    rows = [
        (
            "FS-1",
            "Nước mắm Phú Quốc 40 độ đạm",
            "Phu Quoc fish sauce",
            "food",
            phu_quoc,
            AN_GIANG,
            "Kiên Giang",
            185_000,
        ),
        ("FS-2", "Mắm tôm Hậu Lộc", "Shrimp paste", "food", None, None, "", 35_000),
        (
            "DL-1",
            "Mứt dâu tây Đà Lạt",
            "Da Lat strawberry jam",
            "food",
            da_lat,
            LAM_DONG,
            "",
            65_000,
        ),
        (
            "DL-2",
            "Cà phê Arabica Cầu Đất",
            "Arabica coffee",
            "beverage",
            da_lat,
            LAM_DONG,
            "",
            220_000,
        ),
        (
            "TE-1",
            "Chè Tân Cương đặc biệt",
            "Tan Cuong green tea",
            "beverage",
            tan_cuong,
            THAI_NGUYEN,
            "",
            300_000,
        ),
        ("GO-1", "Chén gốm men lam", "Blue glaze cup", "handicraft", bat_trang, HA_NOI, "", 45_000),
        (
            "GO-2",
            "Bình gốm Bát Tràng",
            "Bat Trang vase",
            "handicraft",
            bat_trang,
            HA_NOI,
            "",
            450_000,
        ),
    ]
    for sku, vi, en, group, producer, province, former, price in rows:
        cat.add_product(
            sku=sku,
            name_vi=vi,
            name_en=en,
            group=group,
            producer_id=producer,
            province_code=province,
            former_province=former,
            price_vnd=price,
            price_valid_from=NOW - dt.timedelta(days=1),
        )
    return cat


def skus(results):
    return [r.sku for r in results]


def test_search_without_accents_finds_vietnamese_name(catalogue):
    results = catalogue.search("nuoc mam")
    assert skus(results) == ["FS-1"]
    assert results[0].name_vi == "Nước mắm Phú Quốc 40 độ đạm"
    assert results[0].price_vnd == 185_000
    assert results[0].on_hand == 0


def test_search_with_accents_and_capitals_finds_the_same(catalogue):
    assert skus(catalogue.search("NƯỚC MẮM")) == skus(catalogue.search("nuoc mam"))


def test_d_with_stroke_matches_plain_d(catalogue):
    assert skus(catalogue.search("dam")) == ["FS-1"]
    assert skus(catalogue.search("đạm")) == ["FS-1"]


def test_every_word_is_a_prefix(catalogue):
    assert skus(catalogue.search("nuo ma phu")) == ["FS-1"]
    assert catalogue.search("nuoc mamx") == []


def test_place_words_find_products_from_that_place(catalogue):
    assert set(skus(catalogue.search("da lat"))) == {"DL-1", "DL-2"}
    assert set(skus(catalogue.search("lam dong"))) == {"DL-1", "DL-2"}
    # The former province of a product is searchable too.
    assert skus(catalogue.search("kien giang")) == ["FS-1"]


def test_english_name_is_searchable(catalogue):
    assert skus(catalogue.search("fish sauce")) == ["FS-1"]


def test_whole_word_ranks_above_longer_word(catalogue):
    # "che" is a whole word in "Chè Tân Cương" but only the start of "chén".
    assert skus(catalogue.search("che"))[:2] == ["TE-1", "GO-1"]


def test_name_match_ranks_above_producer_match(catalogue):
    # "Bát Tràng" is the name of GO-2 and only the producer of GO-1.
    assert skus(catalogue.search("bat trang")) == ["GO-2", "GO-1"]
    # "phu quoc" names FS-1; nothing else mentions it.
    assert skus(catalogue.search("tan cuong")) == ["TE-1"]


def test_group_filter(catalogue):
    assert skus(catalogue.search("da lat", group="beverage")) == ["DL-2"]
    with pytest.raises(errors.InvalidSearch):
        catalogue.search("da lat", group="weapons")


def test_limit_is_respected(catalogue):
    assert len(catalogue.search("g", limit=1)) == 1


def test_inactive_products_are_not_found(catalogue, session_factory):
    from sqlalchemy import update

    from db.models import Product

    with session_factory.begin() as s:
        s.execute(update(Product).where(Product.sku == "FS-1").values(active=False))
    assert catalogue.search("nuoc mam") == []


def test_empty_search_gives_nothing(catalogue):
    assert catalogue.search("") == []
    assert catalogue.search("   ") == []


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        'nuoc" OR "1"="1',
        "mam*",
        "NEAR(nuoc mam)",
        "nuoc AND mam",
        "nuoc NOT mam",
        "name:nuoc",
        "nuoc'); DROP TABLE products; --",
        "^nuoc",
        "nuoc\x00mam",
        "{name place}: mam",
        "(((",
    ],
)
def test_fts_and_sql_syntax_in_input_is_only_text(catalogue, hostile):
    try:
        results = catalogue.search(hostile)
    except errors.InvalidSearch:
        return
    assert all(isinstance(r.sku, str) for r in results)
    assert catalogue.search("nuoc mam")  # the table is still there


def test_operator_words_are_searched_as_words(catalogue):
    assert skus(catalogue.search("nuoc AND mam")) == []  # no product contains "and"
    assert skus(catalogue.search("mam*")) == skus(catalogue.search("mam"))


def test_only_punctuation_is_invalid(catalogue):
    with pytest.raises(errors.InvalidSearch) as exc:
        catalogue.search("*** !!")
    assert exc.value.data["reason"] == "no_words"


def test_very_long_text_is_invalid(catalogue):
    with pytest.raises(errors.InvalidSearch) as exc:
        catalogue.search("nuoc mam " * 100)
    assert exc.value.data["reason"] == "too_long"
    with pytest.raises(errors.InvalidSearch):
        catalogue.search(" ".join(f"w{i}" for i in range(20)))


def test_fold_examples():
    assert fold("Nước mắm Phú Quốc") == "nuoc mam phu quoc"
    assert fold("ĐẶC SẢN Đà Lạt") == "dac san da lat"
    assert fold("  Chè\tThái-Nguyên, 100g!  ") == "che thai nguyen 100g"
    assert fold("Bưởi Diễn · Hà Nội") == "buoi dien ha noi"
    assert fold("Ỷ Ỹ ỵ ữ ằ ẫ ợ ề") == "y y y u a a o e"


VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
vi_text = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " ,.-!?'\"*()0123456789\t")


@given(st.text())
def test_fold_gives_lowercase_ascii_words(text):
    folded = fold(text)
    assert folded == folded.strip()
    assert "  " not in folded
    assert all(ch in "abcdefghijklmnopqrstuvwxyz0123456789 " for ch in folded)


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(vi_text)
def test_fold_keeps_one_letter_per_vietnamese_letter(text):
    letters = [ch for ch in text if ch.isalpha()]
    assert len(fold(text).replace(" ", "")) == len(letters) + sum(ch.isdigit() for ch in text)


@given(vi_text)
def test_fold_ignores_case(text):
    assert fold(text.upper()) == fold(text.lower()) == fold(text)


@given(st.text(max_size=100))
def test_query_builder_never_passes_syntax_through(text):
    try:
        query = fts_query(text)
    except errors.InvalidSearch:
        return
    if query is None:
        return
    for term in query.split(" AND "):
        assert term.startswith('("') and term.endswith('"*)')


def test_name_starting_with_typed_text_comes_first(catalogue):
    for sku, vi, en in [
        ("SAM-1", "Rượu sâm Ngọc Linh 500ml", "Ngoc Linh ginseng liquor"),
        ("SAM-2", "Sâm Ngọc Linh củ tươi loại 1", ""),
    ]:
        catalogue.add_product(
            sku=sku, name_vi=vi, name_en=en, group="herbal", price_vnd=1, price_valid_from=NOW
        )
    # SAM-1 says "ngoc linh" twice, but SAM-2's name starts with what was typed.
    assert skus(catalogue.search("sam ngoc linh")) == ["SAM-2", "SAM-1"]
    assert skus(catalogue.search("ruou sam")) == ["SAM-1"]


def test_active_product_found_when_better_matches_are_inactive(catalogue):
    for i in range(70):
        catalogue.add_product(sku=f"OLD-{i}", name_vi="Nước mắm", group="food", active=False)
    assert skus(catalogue.search("nuoc mam", limit=1)) == ["FS-1"]
    assert skus(catalogue.search("nuoc mam")) == ["FS-1"]


def test_broad_query_still_lists_name_starts_first(catalogue, monkeypatch):
    import kiosk.core.catalogue.fulltext as fulltext_module

    # As if the catalogue were huge: no tier is small enough to rank with bm25.
    monkeypatch.setattr(fulltext_module, "RANK_LIMIT", 0)
    results = skus(catalogue.search("che"))
    assert results[:2] == ["TE-1", "GO-1"]  # "Chè ..." then "Chén ..."
    assert len(results) == len(set(results))
    assert skus(catalogue.search("bat trang")) == ["GO-2", "GO-1"]
    assert len(catalogue.search("g", limit=2)) == 2
    assert skus(catalogue.search("da lat", group="beverage")) == ["DL-2"]


def test_every_result_has_every_word(catalogue, monkeypatch):
    import kiosk.core.catalogue.fulltext as fulltext_module

    for rank_limit in (0, 500):
        monkeypatch.setattr(fulltext_module, "RANK_LIMIT", rank_limit)
        for text in ("g", "da", "tan cuong", "ca phe", "m"):
            for result in catalogue.search(text, limit=50):
                haystack = fold(
                    " ".join(
                        [
                            result.name_vi,
                            result.name_en,
                            result.producer,
                            result.province,
                            result.former_province,
                        ]
                    )
                ).split()
                for word in fold(text).split():
                    assert any(w.startswith(word) for w in haystack), (text, result.sku)


def test_product_back_on_sale_is_found_again(catalogue, session_factory):
    from sqlalchemy import update

    from db.models import Product

    for active in (False, True):
        with session_factory.begin() as s:
            s.execute(update(Product).where(Product.sku == "FS-1").values(active=active))
        assert skus(catalogue.search("nuoc mam")) == (["FS-1"] if active else [])
