"""product search: FTS5 index over products.search_text, kept in step by triggers

Revision ID: 0002_search
Revises: 0001_initial
Create Date: 2026-11-30 13:30:00

Design. ``products`` has a UUID primary key, so its SQLite rowid is implicit and VACUUM may
renumber it: an external-content FTS5 table keyed on products.rowid would then point at the
wrong products. Instead:

- ``product_search_keys(docid INTEGER PRIMARY KEY, product_id UNIQUE)`` maps each product to a
  document number of our own. ``docid`` is an INTEGER PRIMARY KEY, i.e. an explicit rowid, which
  VACUUM keeps.
- ``product_search`` is a regular FTS5 table (it keeps its own copy of the text, whose rowids are
  also explicit) with two columns, ``name`` and ``place``, so that ranking can weigh a match in
  the product's names above one in its producer or province.
- Triggers on ``products`` insert, update and delete keep both in step, so every writer (the
  catalogue, the importer, sync, a bulk generator writing with plain SQL) is covered. A product
  off sale (``active = 0``) is indexed with no text.

``products.search_text`` is folded text written by kiosk.core.catalogue as
``"<names> | <producer and places>"``; the trigger splits it at the first ``|`` (folded text
has no other ``|``). Text with no ``|`` is indexed entirely as the name.
"""

from alembic import op

revision = "0002_search"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

# Products off sale keep their index row (so update and delete stay simple) but with no text:
# search never finds them and need not filter them out.
NAME = (
    "CASE WHEN NOT {t}.active THEN '' "
    "WHEN instr({t}.search_text, '|') > 0 "
    "THEN substr({t}.search_text, 1, instr({t}.search_text, '|') - 1) "
    "ELSE {t}.search_text END"
)
PLACE = (
    "CASE WHEN {t}.active AND instr({t}.search_text, '|') > 0 "
    "THEN substr({t}.search_text, instr({t}.search_text, '|') + 1) "
    "ELSE '' END"
)


def upgrade() -> None:
    op.execute(
        "CREATE TABLE product_search_keys ("
        " docid INTEGER PRIMARY KEY,"
        " product_id CHAR(32) NOT NULL UNIQUE)"
    )
    # Prefix indexes make the clerk's partial words ("nuoc ma") fast at 100,000 products.
    op.execute(
        "CREATE VIRTUAL TABLE product_search USING fts5("
        " name, place,"
        " tokenize = 'unicode61 remove_diacritics 2',"
        " prefix = '1 2 3')"
    )
    op.execute(
        "CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN"
        " INSERT INTO product_search_keys(product_id) VALUES (new.id);"
        " INSERT INTO product_search(rowid, name, place) VALUES ("
        "  (SELECT docid FROM product_search_keys WHERE product_id = new.id),"
        f"  {NAME.format(t='new')}, {PLACE.format(t='new')});"
        " END"
    )
    op.execute(
        "CREATE TRIGGER products_search_update AFTER UPDATE OF id, search_text, active ON products BEGIN"
        " UPDATE product_search_keys SET product_id = new.id WHERE product_id = old.id;"
        f" UPDATE product_search SET name = {NAME.format(t='new')},"
        f"  place = {PLACE.format(t='new')}"
        "  WHERE rowid = (SELECT docid FROM product_search_keys WHERE product_id = new.id);"
        " END"
    )
    op.execute(
        "CREATE TRIGGER products_search_delete AFTER DELETE ON products BEGIN"
        " DELETE FROM product_search"
        "  WHERE rowid = (SELECT docid FROM product_search_keys WHERE product_id = old.id);"
        " DELETE FROM product_search_keys WHERE product_id = old.id;"
        " END"
    )
    # Products written before this revision.
    op.execute("INSERT INTO product_search_keys(product_id) SELECT id FROM products ORDER BY id")
    op.execute(
        "INSERT INTO product_search(rowid, name, place)"
        f" SELECT k.docid, {NAME.format(t='p')}, {PLACE.format(t='p')}"
        " FROM products AS p JOIN product_search_keys AS k ON k.product_id = p.id"
    )


def downgrade() -> None:
    for name in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS products_search_{name}")
    op.execute("DROP TABLE IF EXISTS product_search")
    op.execute("DROP TABLE IF EXISTS product_search_keys")
