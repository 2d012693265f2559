"""Translations: catalogues load from .po, receipts pick their language per call, the UI has a
current language with listeners, and scripts/i18n.py catches catalogues that lag the code."""

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import i18n
from kiosk.core.money import format_vnd
from kiosk.core.terms import TERMS, term

ROOT = Path(__file__).resolve().parents[1]

_spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(script)

VIETNAMESE = {
    "Total": "Tổng cộng",
    "Change": "Tiền thừa",
    "Cash": "Tiền mặt",
    "Bank transfer (VietQR)": "Chuyển khoản (VietQR)",
    "Card": "Thẻ",
    "VAT": "Thuế GTGT",
    "Discount": "Giảm giá",
    "Receipt": "Phiếu",
    "Thank you": "Cảm ơn quý khách",
    "Subtotal": "Tạm tính",
    "Items": "Số món",
    "Cash rounding": "Làm tròn tiền mặt",
    "Amount paid": "Khách trả",
}


@pytest.fixture
def ui_language():
    """Leave the UI language as found, whatever the test did."""
    before = i18n.get_language()
    yield
    i18n._listeners.clear()
    i18n.set_language(before)


@pytest.mark.parametrize(("english", "vietnamese"), VIETNAMESE.items())
def test_receipt_words_are_vietnamese_when_catalogue_is_vi(english, vietnamese):
    assert i18n.translations("vi").gettext(english) == vietnamese
    assert i18n.translations("en").gettext(english) == english


def test_every_term_is_translated_when_language_is_vi():
    assert {TERMS[k]: term(k, "vi") for k in TERMS} == VIETNAMESE


def test_unknown_message_falls_back_to_english_when_not_in_catalogue():
    assert i18n.translations("vi").gettext("Not a catalogued string") == "Not a catalogued string"


def test_plural_falls_back_to_english_forms_when_not_in_catalogue():
    tr = i18n.translations("en")
    assert tr.ngettext("%(n)d item", "%(n)d items", 1) == "%(n)d item"
    assert tr.ngettext("%(n)d item", "%(n)d items", 2) == "%(n)d items"


def test_language_is_refused_when_not_shipped():
    with pytest.raises(ValueError):
        i18n.translations("fr")
    with pytest.raises(ValueError):
        i18n.set_language("vi_VN")


def test_ui_text_follows_current_language_when_switched(ui_language):
    i18n.set_language("vi")
    assert i18n._("Total") == "Tổng cộng"
    i18n.set_language("en")
    assert i18n._("Total") == "Total"
    assert i18n.get_language() == "en"


def test_listeners_hear_the_new_language_when_it_changes(ui_language):
    i18n.set_language("vi")
    heard = []
    i18n.add_language_listener(heard.append)
    i18n.set_language("en")
    i18n.set_language("en")  # no change, no redraw
    i18n.remove_language_listener(heard.append)
    i18n.set_language("vi")
    assert heard == ["en"]


def test_receipt_language_ignores_ui_language_when_given_explicitly(ui_language):
    i18n.set_language("en")
    assert term("total", "vi") == "Tổng cộng"
    assert format_vnd(125_000, "vi") == "125.000\xa0₫"


def test_catalogues_are_complete_when_checked_against_the_code():
    assert script.check(ROOT) == []


def test_check_command_exits_zero_when_catalogues_are_complete():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n.py"), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture
def project(tmp_path):
    """A copy of the code and catalogues that a test may change."""
    for folder in script.SOURCE_DIRS:
        if (ROOT / folder).is_dir():
            shutil.copytree(
                ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__")
            )
    shutil.copytree(ROOT / "resources" / "locale", tmp_path / "resources" / "locale")
    return tmp_path


def _add_source(project, text):
    (project / "kiosk" / "core" / "refund_note.py").write_text(
        f"def note(tr):\n    return tr.gettext({text!r})\n", encoding="utf-8"
    )


def test_check_reports_stale_catalogues_when_code_has_a_new_string(project):
    _add_source(project, "Refund approved")
    problems = script.check(project)
    assert any("ocop.pot is out of date" in p for p in problems)
    assert any("vi/LC_MESSAGES/ocop.po: missing 'Refund approved'" in p for p in problems)
    assert script.main(["check", "--root", str(project)]) == 1


def test_check_reports_untranslated_string_when_update_merged_it(project):
    _add_source(project, "Refund approved")
    script.update(project)

    problems = script.check(project)

    assert problems == [
        "resources/locale/vi/LC_MESSAGES/ocop.po: no translation for 'Refund approved'"
    ]


def test_check_passes_when_new_string_is_translated(project):
    _add_source(project, "Refund approved")
    script.update(project)
    po = script.po_path(project, "vi")
    catalog = script._read(po, "vi")
    catalog["Refund approved"].string = "Đã duyệt hoàn tiền"
    catalog["Refund approved"].flags.discard("fuzzy")  # merged as a guess from "Refunded"
    po.write_bytes(script._render(catalog))

    assert script.check(project) == []


def test_update_guesses_in_vietnamese_but_never_in_english(project):
    """Babel merges a new message as a fuzzy guess from a near one; in English (the msgids'
    own language) that guess could only be wrong ("Cash rounding" was "Cash received")."""
    en_po = script.po_path(project, "en")
    english = script._read(en_po, "en")
    for message in english:  # an English catalogue with its strings filled in, as it had
        if message.id and not isinstance(message.id, tuple):
            message.string = message.id
    en_po.write_bytes(script._render(english))
    _add_source(project, "Refund approved")
    script.update(project)
    vi = script._read(script.po_path(project, "vi"), "vi")["Refund approved"]
    en = script._read(script.po_path(project, "en"), "en")["Refund approved"]
    assert vi.fuzzy and vi.string  # a guess a translator reviews
    assert not en.fuzzy and en.string == ""  # English shows the msgid itself


def test_check_reports_fuzzy_translation_when_not_reviewed(project):
    po = script.po_path(project, "vi")
    catalog = script._read(po, "vi")
    catalog["Total"].flags.add("fuzzy")
    po.write_bytes(script._render(catalog))

    assert script.check(project) == [
        "resources/locale/vi/LC_MESSAGES/ocop.po: no translation for 'Total'"
    ]


def test_check_reports_removed_string_when_code_no_longer_uses_it(project):
    terms = project / "kiosk" / "core" / "terms.py"
    terms.write_text(terms.read_text(encoding="utf-8").replace('N_("Card")', '"Card"'))
    problems = script.check(project)
    assert any("'Card' is no longer in the code" in p for p in problems)


def test_update_changes_nothing_when_catalogues_are_current(project):
    assert script.update(project) == []


def test_check_fails_on_a_catalogue_left_with_merge_conflict_markers(project):
    po = script.po_path(project, "vi")
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Card"', '<<<<<<< HEAD\nmsgid "Card"', 1), encoding="utf-8")
    with pytest.raises(Exception, match=r"Unknown or misformatted keyword|line"):
        script.check(project)


def test_a_compiled_catalogue_is_kept_and_a_changed_po_is_compiled_again(tmp_path, monkeypatch):
    """A start reads the compiled catalogue from the cache folder instead of parsing the .po;
    an edited .po (new size or time) is compiled again, never served stale."""
    from kiosk import i18n

    po = tmp_path / "ocop.po"
    po.write_bytes(i18n.catalogue_path("vi").read_bytes())
    monkeypatch.setattr(i18n, "catalogue_path", lambda lang: po)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    i18n.translations.cache_clear()
    try:
        assert i18n.translations("vi").gettext("Total") == "Tổng cộng"
        (kept,) = (tmp_path / "cache" / "ocop-kiosk").glob("ocop-vi-*.mo")
        i18n.translations.cache_clear()
        monkeypatch.setattr(i18n, "compile_catalogue", lambda *a: pytest.fail("compiled again"))
        assert i18n.translations("vi").gettext("Total") == "Tổng cộng"  # read from the cache
        monkeypatch.undo()
        monkeypatch.setattr(i18n, "catalogue_path", lambda lang: po)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        po.write_text(po.read_text().replace('msgstr "Tổng cộng"', 'msgstr "Tổng tiền"', 1))
        i18n.translations.cache_clear()
        assert i18n.translations("vi").gettext("Total") == "Tổng tiền"
        assert [p.name for p in kept.parent.glob("ocop-vi-*.mo")] != [kept.name]  # replaced
    finally:
        i18n.translations.cache_clear()
