"""Keep the gettext catalogues in step with the code.

    python scripts/i18n.py extract   write resources/locale/ocop.pot from kiosk/ and hardware/
    python scripts/i18n.py update    extract, then merge the template into every language's .po
    python scripts/i18n.py check     exit 1 if the .po files lag the code or Vietnamese has gaps

Strings are found by Babel's Python extractor: calls of gettext, ngettext, pgettext, _ and N_
(also as methods, so ``tr.gettext("Total")`` counts) with literal arguments.
Locations are written without line numbers, so moving code does not churn the catalogues.
The app reads the .po files directly (kiosk.i18n); nothing is compiled here.
"""

import argparse
import io
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIRS = ("kiosk", "hardware")
DOMAIN = "ocop"
LANGUAGES = ("vi", "en")
COMPLETE = ("vi",)  # languages in which every message must be translated (en is the source)
SOURCE = "en"  # the msgids are English: a fuzzy guess in its catalogue is only ever wrong
PROJECT = "OCOP Kiosk"
# Header lines that change on every run; ignored when deciding whether a file changed.
_VOLATILE = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')


def locale_dir(root: Path) -> Path:
    return root / "resources" / "locale"


def po_path(root: Path, lang: str) -> Path:
    return locale_dir(root) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract(root: Path = ROOT) -> Catalog:
    """A template catalogue of every translatable string in the source folders."""
    template = Catalog(project=PROJECT, domain=DOMAIN, fuzzy=False)
    for folder in SOURCE_DIRS:
        if not (root / folder).is_dir():
            continue
        found = extract_from_dir(root / folder, comment_tags=("Translators:",))
        for filename, lineno, message, comments, context in found:
            location = (f"{folder}/{Path(filename).as_posix()}", lineno)
            template.add(message, locations=[location], auto_comments=comments, context=context)
    return template


def _render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, sort_output=True, ignore_obsolete=True, include_lineno=False)
    return buffer.getvalue()


def _stable(data: bytes) -> list[bytes]:
    return [line for line in data.splitlines() if not line.startswith(_VOLATILE)]


def _write_if_changed(path: Path, catalog: Catalog) -> bool:
    data = _render(catalog)
    if path.exists() and _stable(path.read_bytes()) == _stable(data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN, abort_invalid=True)


def write_template(root: Path = ROOT) -> Catalog:
    template = extract(root)
    _write_if_changed(locale_dir(root) / f"{DOMAIN}.pot", template)
    return template


def update(root: Path = ROOT) -> list[Path]:
    """Extract, then merge into each language's .po (made if missing). Returns changed files."""
    template = write_template(root)
    changed = []
    for lang in LANGUAGES:
        path = po_path(root, lang)
        if path.exists():
            catalog = _read(path, lang)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, project=PROJECT, fuzzy=False)
        catalog.update(template, update_creation_date=False)
        if lang == SOURCE:
            _drop_guesses(catalog)
        if _write_if_changed(path, catalog):
            changed.append(path)
    return changed


def _drop_guesses(catalog: Catalog) -> None:
    """Empty the fuzzy guesses Babel makes when a message is new ("Cash rounding" guessed as
    "Cash received"): an empty string shows the English msgid, which is what English wants."""
    for message in catalog:
        if message.id and message.fuzzy:
            plural = isinstance(message.string, tuple)
            message.string = ("",) * len(message.string) if plural else ""
            message.flags.discard("fuzzy")
            message.previous_id = []


def _ids(messages: Iterable) -> set:
    return {(m.context, m.id) for m in messages if m.id}


def _untranslated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return message.fuzzy or not all(strings)


def check(root: Path = ROOT) -> list[str]:
    """Problems that would show English (or nothing) where a translation belongs; [] if none."""
    problems = []
    wanted = _ids(extract(root))
    pot = locale_dir(root) / f"{DOMAIN}.pot"
    if not pot.exists() or _ids(_read(pot)) != wanted:
        problems.append(f"{pot.relative_to(root)} is out of date: run scripts/i18n.py update")
    for lang in LANGUAGES:
        path = po_path(root, lang)
        rel = path.relative_to(root)
        if not path.exists():
            problems.append(f"{rel} is missing: run scripts/i18n.py update")
            continue
        catalog = _read(path, lang)
        have = _ids(catalog)
        for _context, msgid in sorted(wanted - have, key=str):
            problems.append(f"{rel}: missing {msgid!r} (run scripts/i18n.py update)")
        for _context, msgid in sorted(have - wanted, key=str):
            problems.append(f"{rel}: {msgid!r} is no longer in the code (run update)")
        for message, errors in catalog.check():
            problems.extend(f"{rel}: {message.id!r}: {error}" for error in errors)
        if lang in COMPLETE:
            problems.extend(
                f"{rel}: no translation for {m.id!r}"
                for m in catalog
                if m.id and (m.context, m.id) in wanted and _untranslated(m)
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("extract", "update", "check"))
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder")
    args = parser.parse_args(argv)
    if args.command == "extract":
        template = write_template(args.root)
        print(f"{len(template)} messages in {locale_dir(args.root) / (DOMAIN + '.pot')}")
    elif args.command == "update":
        for path in update(args.root):
            print(f"updated {path}")
    else:
        problems = check(args.root)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return 1
        print("translations complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
