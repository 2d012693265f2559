"""The product tiles at the screen sizes showrooms buy: twelve or more on a 1024x768 terminal,
more on bigger screens, and a product's photo on its tile, read from disk once."""

import pytest

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from kiosk.core.catalogue.photos import ProductPhotos
from kiosk.ui.till.models import CartModel
from kiosk.ui.till.tiles import ProductTile
from kiosk.ui.window import KioskView
from tests.ui.helpers import sign_in

SIZES = [QSize(1024, 768), QSize(1280, 800), QSize(1366, 768), QSize(1920, 1080)]


def at_size(view: KioskView, size: QSize) -> None:
    view.resize(size)
    for _i in range(5):
        QApplication.processEvents()


def whole_tiles(view: KioskView) -> list[ProductTile]:
    """The tiles the clerk sees whole, without scrolling."""
    catalogue = view.sale.catalogue
    viewport = catalogue.tile_scroll.viewport()
    room = viewport.rect()
    seen = []
    for tile in catalogue.tiles.items:
        place = QRect(tile.mapTo(viewport, tile.rect().topLeft()), tile.size())
        if isinstance(tile, ProductTile) and tile.isVisible() and room.contains(place):
            seen.append(tile)
    return seen


@pytest.fixture
def food(qtbot, window):
    sign_in(qtbot, window, "Lan", "1111")
    window.sale.catalogue.show_group("food")  # 39 products in the demo
    return window


def test_tile_area_when_on_a_1024x768_screen_shows_twelve_whole_tiles(food):
    at_size(food, SIZES[0])
    tiles = whole_tiles(food)
    assert len(tiles) >= 12
    for tile in tiles:  # each name on at most two lines, the price under it
        assert tile.width() >= 120 and tile.height() >= 44
        assert len(tile.name_lines()[0].split("\n")) <= 2


def test_tile_area_when_the_screen_is_bigger_shows_more_tiles_and_wider_cart_names(food):
    at_size(food, SIZES[0])
    counts = {SIZES[0].width(): len(whole_tiles(food))}
    name_width = {SIZES[0].width(): food.sale.table.columnWidth(CartModel.NAME)}
    for size in SIZES[1:]:
        at_size(food, size)
        counts[size.width()] = len(whole_tiles(food))
        name_width[size.width()] = food.sale.table.columnWidth(CartModel.NAME)
    assert counts[1280] > counts[1024] and counts[1366] > counts[1024]
    assert counts[1920] >= 2 * counts[1024]
    assert all(name_width[w] > name_width[1024] for w in (1280, 1366, 1920)), name_width


def _photo(path, colour: str, side: int = 1200) -> None:
    image = QImage(side, side // 2, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))


def test_tile_when_its_product_has_a_photo_shows_it_scaled_once(qtbot, window, tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    _photo(folder / "TP-002.jpg", "#d01010")  # a favourite: on the first page of tiles
    catalogue = window.sale.catalogue
    catalogue.set_photos(ProductPhotos(folder))
    sign_in(qtbot, window, "Lan", "1111")
    catalogue.show_group("favourites")
    with_photo = catalogue.tile_for("TP-002")
    assert with_photo.photo is not None
    assert max(with_photo.photo.width(), with_photo.photo.height()) <= with_photo.height()
    pixel = (
        with_photo.grab().toImage().pixelColor(with_photo.height() // 2, with_photo.height() // 2)
    )
    assert pixel.red() > 180 and pixel.green() < 80, pixel.name()  # the photo is on the tile
    without = next(t for t in catalogue.tiles.items if t.product.sku != "TP-002")
    assert without.photo is None
    decoded = catalogue.photos.decoded
    catalogue.show_group("food")
    catalogue.show_group("favourites")
    window.toggle_language()
    assert catalogue.tile_for("TP-002").photo is not None
    assert catalogue.photos.decoded == decoded  # shown again without reading the file again


def test_photo_lookup_when_the_sku_names_another_folder_finds_nothing(tmp_path):
    (tmp_path / "secret.png").write_bytes(b"x")
    photos = ProductPhotos(tmp_path / "photos")
    assert photos.path_for("../secret") is None
    assert photos.path_for("TP-404") is None


def test_photo_added_to_the_folder_later_is_found_and_the_folder_is_listed_once_meanwhile(
    tmp_path, monkeypatch
):
    import os

    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "TP-001.JPG").write_bytes(b"x")
    photos = ProductPhotos(folder)
    listed = []
    real_scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda p: listed.append(p) or real_scandir(p))
    assert photos.path_for("TP-001") == folder / "TP-001.JPG"  # any case of extension
    for sku in ("TP-002", "TP-003", "TP-004", "TP-001"):
        photos.path_for(sku)
    assert len(listed) == 1  # a screen of tiles reads the folder once
    (folder / "TP-002.png").write_bytes(b"x")
    (folder / "TP-002.jpg").write_bytes(b"x")
    os.utime(folder, ns=(1, 1))  # the folder changed (some file systems keep coarse times)
    assert photos.path_for("TP-002") == folder / "TP-002.jpg"  # .jpg before .png
    assert photos.path_for("notes.txt") is None
