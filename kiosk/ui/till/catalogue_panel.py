"""Finding goods without a barcode: search as you type, and tiles by group and favourites."""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.catalogue.lookup import PRODUCT_GROUPS
from kiosk.core.sale.till import Till
from kiosk.i18n import _
from kiosk.ui.shared import text
from kiosk.ui.shared.cover import CoveringStackView, CoverPage
from kiosk.ui.shared.letterpad import LetterPadView
from kiosk.ui.shared.notices import Notices, guarded
from kiosk.ui.till.models import ProductModel
from kiosk.ui.till.result_delegate import ProductResultView
from kiosk.ui.till.tiles import ProductTile, TileGridView, TilePhotos

FAVOURITES = "favourites"


class CataloguePanelView(QWidget):
    """State: the search text's results, and the group whose tiles are shown.

    ``product_chosen(product)`` when a result or a tile is picked.
    """

    product_chosen = Signal(object)

    def __init__(
        self,
        till: Till,
        notices: Notices,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.till, self.notices = till, notices
        self.photos: TilePhotos | None = None
        self.search = QLineEdit()
        self.search.setObjectName("search")
        # Qt's own clear button is 22x18 px, too small for a finger: a button of ours instead.
        self.clear_search = QPushButton("✕")
        self.clear_search.setObjectName("clearSearch")
        self.clear_search.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_search.setMinimumSize(52, 52)
        self.clear_search.clicked.connect(lambda: self.search.clear())
        # Greyed while the box is empty, never hidden: showing it at the first letter made Qt
        # lay out the whole window again before the results appeared.
        self.clear_search.setEnabled(False)
        self.search.textChanged.connect(lambda value: self._text_changed(value))
        # Set by the window to its wedge filter's scan_likely: the digits of a scan typed into
        # the box are not searched one by one (thirteen searches and repaints per scan).
        self.search_on_hold: Callable[[], bool] = lambda: False
        self._search_pending = False
        self.search.returnPressed.connect(lambda: self.choose_row(0))
        # No keyboard on a touch terminal: letters on screen, shown by the ⌨ button.
        self.show_letters = QPushButton("⌨")
        self.show_letters.setObjectName("showLetters")
        self.show_letters.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.show_letters.setMinimumSize(52, 52)
        self.show_letters.setCheckable(True)
        self.show_letters.toggled.connect(lambda on: self.letters.setVisible(on))
        self.letters = LetterPadView(self.search)
        self.letters.closed.connect(lambda: self.show_letters.setChecked(False))
        self.letters.hide()

        results_page = self._build_results()
        tiles_page = self._build_tiles()
        # The results cover the tiles rather than replace them: see CoveringStackView.
        self.pages = CoveringStackView()
        self.pages.addWidget(tiles_page)
        self.pages.addWidget(results_page)
        # Only the page shown needs its room: with the letters open, the tiles page's group bar
        # must not push the window past a 768-px screen.
        self.pages.setMinimumHeight(1)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.clear_search)
        search_row.addWidget(self.show_letters)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(search_row)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.letters)
        self.group = FAVOURITES
        self.tile_products: list[Any] = []
        self.retranslate()

    def _build_results(self) -> QWidget:
        """The page of search results, and the hint shown when nothing matches."""
        self.model = ProductModel(self)
        # One list row per product, drawn on two lines: all six columns fit a narrow panel.
        self.results = QListView()
        self.results.setObjectName("results")
        self.results.setModel(self.model)
        self.results.setModelColumn(ProductModel.NAME)
        self.results.setItemDelegate(ProductResultView(self.results))
        self.results.setUniformItemSizes(True)
        # No icons; but a view with no icon size of its own asks the style for one twice for
        # every row it lays out or paints.
        side = self.results.style().pixelMetric(
            QStyle.PixelMetric.PM_ListViewIconSize, None, self.results
        )
        self.results.setIconSize(QSize(side, side))
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.activated.connect(lambda index: self.choose_row(index.row()))
        self.results.clicked.connect(lambda index: self.choose_row(index.row()))
        self.no_results = QLabel()
        self.no_results.setObjectName("hint")
        self.no_results.hide()
        results_page = CoverPage()
        results_page.setObjectName("resultsPage")
        rl = QVBoxLayout(results_page)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.results, 1)
        rl.addWidget(self.no_results)
        return results_page

    def _build_tiles(self) -> QWidget:
        """The page of tiles: the group buttons above, the group's products in a scroll area."""
        self.groups = QButtonGroup(self)
        self.groups.setExclusive(True)
        group_bar = QGridLayout()
        group_bar.setSpacing(6)
        self.group_buttons: dict[str, QPushButton] = {}
        for i, group in enumerate((FAVOURITES, *PRODUCT_GROUPS)):
            button = QPushButton()
            button.setObjectName("groupButton")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, g=group: self.show_group(g))
            self.groups.addButton(button)
            self.group_buttons[group] = button
            group_bar.addWidget(button, i // 4, i % 4)
        self.tiles = TileGridView()
        self.tile_grid = self.tiles.grid
        self.tile_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.tiles)
        tiles_page = CoverPage()
        tiles_page.setObjectName("tilesPage")
        tl = QVBoxLayout(tiles_page)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addLayout(group_bar)
        tl.addWidget(scroll, 1)
        return tiles_page

    # -- search ------------------------------------------------------------------------------

    def follow_wedge(self, wedge) -> None:
        """Hold searching while ``wedge`` (the window's WedgeFilter) thinks a scan is coming,
        and search once its burst turns out to be typing."""
        self.search_on_hold = wedge.scan_likely
        wedge.typing_settled.connect(self.settle_search)

    def _text_changed(self, value: str) -> None:
        # A scan's digits go into the box and are taken back: ✕ and the results stay as they
        # were for them (no repaint of the search row at every scan).
        if self.search_on_hold():
            self._search_pending = True
            return
        self._search_pending = False
        self.clear_search.setEnabled(bool(value))
        self.run_search(value)

    def settle_search(self) -> None:
        """Search what the box holds, if a search was left while keys came as fast as a
        scanner's and they turned out to be typing."""
        if self._search_pending:
            self._search_pending = False
            self.clear_search.setEnabled(bool(self.search.text()))
            self.run_search(self.search.text())

    @guarded
    def run_search(self, value: str) -> None:
        if not value.strip():
            if self.pages.currentIndex() == 0 and not self.model.rowCount():
                return  # the tiles already show (a scan's digits taken back from the box)
            self.model.set_products([])
            self.no_results.hide()
            self.pages.setCurrentIndex(0)
            return
        found = self.till.search(value, limit=30)
        self.model.set_products(found)
        self.no_results.setText(
            "" if found else _("No product matches “%(text)s”.") % {"text": value}
        )
        self.no_results.setVisible(not found)  # an empty line would only take the list's room
        self.pages.setCurrentIndex(1)
        if found:
            self.results.setCurrentIndex(self.model.index(0, ProductModel.NAME))

    def choose_row(self, row: int) -> None:
        product = self.model.product(row)
        if product is not None:
            self.product_chosen.emit(product)
            self.search.clear()
            self.show_letters.setChecked(False)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Down and self.search.hasFocus() and self.model.rowCount():
            self.results.setFocus()
            self.results.setCurrentIndex(self.model.index(0, ProductModel.NAME, QModelIndex()))
            return
        super().keyPressEvent(event)

    # -- tiles -------------------------------------------------------------------------------

    @guarded
    def show_group(self, group: str) -> None:
        self.group = group
        self.group_buttons[group].setChecked(True)
        products = self.till.favourites() if group == FAVOURITES else self.till.by_group(group)
        self.tile_products = products
        items: list[QWidget] = [ProductTile(p, self.photos) for p in products]
        for tile in items:
            tile.clicked.connect(lambda _checked=False, p=tile.product: self.product_chosen.emit(p))
        if not products:
            empty = QLabel(_("No products here yet."))
            empty.setObjectName("hint")
            items.append(empty)
        self.tiles.set_items(items)

    def set_photos(self, photos) -> None:
        """Show the photos ``photos`` (a ProductPhotos) finds on the tiles from now on."""
        self.photos = TilePhotos(photos.path_for) if photos is not None else None
        if self.tile_products or self.tiles.items:
            self.show_group(self.group)

    def tile_for(self, sku: str) -> ProductTile | None:
        return next(
            (t for t in self.tiles.items if isinstance(t, ProductTile) and t.product.sku == sku),
            None,
        )

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search products (accents optional)"))
        self.show_letters.setToolTip(_("Letters on screen"))
        self.letters.retranslate()
        self.group_buttons[FAVOURITES].setText(_("★ Favourites"))
        for group in PRODUCT_GROUPS:
            self.group_buttons[group].setText(text.group_label(group))
        self.model.retranslate()
        for tile in self.tiles.items:
            if isinstance(tile, ProductTile):
                tile.retranslate()
        if self.search.text():
            self.run_search(self.search.text())
