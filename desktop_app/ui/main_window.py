"""The main window: a thin frame that composes the panels and wires them together."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QProcess, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QStyle,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.start_up import resume_collector
from desktop_app.ui import appearance, dialogs
from desktop_app.ui.announce import announce, install_roles
from desktop_app.ui.dates import long_time
from desktop_app.ui.detail_placeholder import placeholder_label
from desktop_app.ui.facet_panel import FacetPanel
from desktop_app.ui.keyboard_splitter import DividerCycle, KeyboardSplitter
from desktop_app.ui.list_models import Row
from desktop_app.ui.results_model import UidRole
from desktop_app.ui.search_panel import SearchPanel
from desktop_app.ui.side_lists import ListTab
from desktop_app.ui.tasks import wait_for_tasks

# Only the frame's modules are imported with this one: the panels that need the
# library open (and with them SQLAlchemy, numpy and the index) are imported by
# ``attach``, after the first page is on screen (see ``MainWindow`` and
# docs/ARCHITECTURE.md, "Start").
if TYPE_CHECKING:
    from desktop_app.first_page import FirstPage
    from desktop_app.operations import Changes, DetailView, Operations
    from desktop_app.operations.transfer_ops import ExportWhat
    from desktop_app.ui.collections_panel import CollectionsPanel
    from desktop_app.ui.detail_pane import DetailPane
    from search_index import SearchResults

NEW_COLLECTION = "New collection…"


def _waiting_detail() -> QWidget:
    """The detail pane's stand-in while the library opens: what the empty pane says."""
    pane = QWidget()
    QVBoxLayout(pane).addWidget(placeholder_label())
    return pane


def _count(n: int) -> str:
    return f"{n} resource{'s' * (n != 1)}"


_settled = False


def settle_start_up_objects() -> None:
    """Once per process: what start-up built (modules, widgets, the index's
    tables) lives as long as the app, so keep the collector from walking it
    again; a full collection falling inside a search cost it 70 ms. The young
    generations are collected first, so that no fresh garbage is kept."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect(1)
        gc.freeze()


class MainWindow(QMainWindow):
    """Built in two steps, so that a start shows results before the slow imports.

    ``__init__`` builds the frame: menu bar, search panel, Filters, the side
    lists, the status bar, and a first page when one was kept
    (``desktop_app/first_page.py``); it needs only Qt and light modules.
    ``attach`` opens the rest on the library: the runner, the detail pane,
    collections, menus, and the first real search. Given ``ops``, the
    constructor does both at once (the tests, the self-test, a start with no
    first page)."""

    # The index check at start has ended (ready or not): background work may follow.
    startUpDone = Signal()

    def __init__(
        self,
        ops: Operations | None,
        settings: QSettings,
        base_font: QFont,
        first_page: FirstPage | None = None,
    ) -> None:
        super().__init__()
        self.start_up_done = False
        self.index_ready = False  # the index check at start found it whole
        self.attached = False
        self.closed_early = False  # the person closed the frame before the library opened
        self.base_font = base_font
        self.setObjectName("mainWindow")
        self.setWindowTitle("IMH Library")
        self.settings = settings
        install_roles()
        self.undo_stack = QUndoStack(self)
        self._detail_generation = 0
        self._resource_count = 0
        self._build_frame()
        self.restore_state()
        if first_page is not None:
            self._show_first_page(first_page)
        if ops is not None:
            self.attach(ops)
        self.search_panel.search_box.setFocus()  # the focus the window opens with

    def _build_frame(self) -> None:
        self.search_panel = SearchPanel()
        self.facet_panel = FacetPanel()
        self.bookmarks_tab = ListTab(
            "bookmarksView", "Bookmarks", self._bookmark_rows, "Remove bookmark"
        )
        self.saved_tab = ListTab(
            "savedSearchesView", "Saved searches", self._saved_rows, "Delete saved search"
        )
        self.recent_tab = ListTab("recentView", "Recently viewed", self._recent_rows)

        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.setAccessibleName("Side panel")
        # Tab labels are never shortened (WCAG 1.4.4). The side panel is widened
        # to show them all where the window has room (_fit_side_tabs); only at
        # large text in a narrow window do scroll arrows appear beside them.
        self.side_tabs.setUsesScrollButtons(True)
        self.side_tabs.setElideMode(Qt.TextElideMode.ElideNone)
        # No mnemonics: Alt+F, Alt+V and Alt+R belong to the File, View and
        # Resource menus; Ctrl+1…5 switch tabs. Collections waits for the library.
        for number, (widget, label) in enumerate(
            (
                (self.facet_panel, "Filters"),
                (self.bookmarks_tab, "Bookmarks"),
                (QWidget(), "Collections"),
                (self.saved_tab, "Saved"),
                (self.recent_tab, "Recent"),
            )
        ):
            self.side_tabs.addTab(widget, label)
            self.side_tabs.setTabToolTip(number, f"{label} (Ctrl+{number + 1})")
        # The Bin's tab is an icon (its name in the tooltip and for screen readers):
        # five named tabs already share the side panel's width.
        icon = self.side_tabs.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon)
        self._bin_tab = self.side_tabs.addTab(QWidget(), icon, "")
        self.side_tabs.setTabToolTip(self._bin_tab, "Bin: deleted resources")
        self.side_tabs.tabBar().setAccessibleTabName(self._bin_tab, "Bin")

        self.splitter = KeyboardSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        for pane in (self.side_tabs, self.search_panel, _waiting_detail()):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([340, 500, 520])
        self.splitter.name_dividers(["the side panel", "the results", "the details"])
        self.setCentralWidget(self.splitter)

        self.count_label = QLabel()
        self.index_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.index_label)
        # Qt sizes the status bar by its tallest widget, shown or not: the buttons
        # ``attach`` adds (Undo, Alerts, the team's status) would make it grow under
        # the frame's first page. A hidden button of their kind holds the height.
        keeper = QToolButton(autoRaise=True)
        keeper.hide()
        self.statusBar().addPermanentWidget(keeper)
        # Every status message ("Bookmarked 1 resource.") is spoken, not only shown.
        self.statusBar().messageChanged.connect(
            lambda text: announce(self.statusBar(), text) if text else None
        )

    def _show_first_page(self, page: FirstPage) -> None:
        """The page kept at the last close, shown until the real search replaces it."""
        for title in page.menus:  # the bar keeps its height when the menus fill in
            self.menuBar().addMenu(title)
        self.index_label.setText("Opening the library…")
        self._resource_count = page.resource_count
        self.search_panel.show_first_page(page.results)
        self._on_results(page.results)

    def attach(self, ops: Operations) -> None:
        """Open the window on the library: everything the frame left for later."""
        from desktop_app.ui.alerts_view import install_alerts
        from desktop_app.ui.citation_copy import CitationCopier
        from desktop_app.ui.collections_panel import CollectionsPanel
        from desktop_app.ui.curation_window import install_curation
        from desktop_app.ui.detail_pane import DetailPane
        from desktop_app.ui.menus import build_menus
        from desktop_app.ui.operation_runner import OperationRunner
        from desktop_app.ui.outside_changes import OutsideChanges
        from desktop_app.ui.practice_view import install_practice_menu
        from desktop_app.ui.reindex import IndexProgress, ReindexRunner
        from desktop_app.ui.team_sync import install_team
        from desktop_app.ui.transfer import Transfers

        self.ops = ops
        self.runner = OperationRunner(ops, self)
        self.search_panel.attach(ops)
        self._search_first()
        self.detail_pane: DetailPane = DetailPane(self.runner)
        stand_in = self.splitter.replaceWidget(2, self.detail_pane)
        if stand_in is not None:
            stand_in.deleteLater()
        self.splitter.setStretchFactor(2, 3)  # a stretch belongs to the widget, not the place
        self.collections_panel: CollectionsPanel = CollectionsPanel(self.runner, self.undo_stack)
        self._put_tab(2, self.collections_panel)
        self.dividers = DividerCycle([self.splitter, self.collections_panel.splitter], self)
        # The search panel orders its own controls (box, sort, notes, chips, results).
        self.setTabOrder(self.search_panel.results_view, self.detail_pane.bookmark_button)

        self._index_progress = IndexProgress(self)
        self.reindexer = ReindexRunner(self.runner, self)
        self.reindexer.finished.connect(self._after_reindex)
        self.transfers = Transfers(self.runner, self)
        self.transfers.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.transfers.failed.connect(self.report_error)
        self.citations = CitationCopier(self.runner, self.settings, self)
        self.citations.copied.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.citations.failed.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.setAcceptDrops(True)

        self._connect()
        self.menuBar().clear()
        build_menus(self)
        install_practice_menu(self)
        self.curation = install_curation(self)
        install_alerts(self)
        install_team(self)
        self.outside_changes = OutsideChanges(self)
        self.search_panel.delegate.momentActivated.connect(self.play_moment)
        self.search_panel.syntaxRequested.connect(self.curation.show_search_syntax)
        self._restore_splitter("window/collectionsSplitter", self.collections_panel.splitter)
        self.attached = True
        self.refresh_user_lists()
        self.prepare_index()
        chosen = self.search_panel.results_view.currentIndex()
        if chosen.isValid():  # a row chosen in the frame, before the library was open
            self.show_resource(chosen.data(UidRole))

    @property
    def searchable(self) -> bool:
        """The library is open and the opening search's own results are shown."""
        return self.attached and self._preparing and self.search_panel.idle

    def first_page_to_keep(self) -> FirstPage | None:
        """The opening search's answer as the library is now, for the next start's
        frame; None when it would not be the real one (the index not ready)."""
        from desktop_app.first_page import FirstPage

        if not (self.attached and self.index_ready):
            return None
        try:
            results = self.search_panel.opening_results()
        except Exception:  # any failure only costs the next start its first page
            return None
        if results.approximate:
            return None
        menus = [action.text() for action in self.menuBar().actions()]
        return FirstPage(results, self.ops.resource_count(), menus)

    def put_bin_tab(self, widget: QWidget) -> None:
        self._put_tab(self._bin_tab, widget)

    def _put_tab(self, number: int, widget: QWidget) -> None:
        """Put ``widget`` in place of the frame's stand-in: the same tab, still chosen."""
        tabs, bar = self.side_tabs, self.side_tabs.tabBar()
        current = tabs.currentIndex()
        icon, label, tip = tabs.tabIcon(number), tabs.tabText(number), tabs.tabToolTip(number)
        spoken = bar.accessibleTabName(number)
        stand_in = tabs.widget(number)
        tabs.removeTab(number)
        tabs.insertTab(number, widget, icon, label)
        tabs.setTabToolTip(number, tip)
        bar.setAccessibleTabName(number, spoken)
        tabs.setCurrentIndex(current)
        if stand_in is not None:
            stand_in.deleteLater()

    # --- wiring -----------------------------------------------------------------------

    def _connect(self) -> None:
        sp, dp = self.search_panel, self.detail_pane
        sp.resourceSelected.connect(self.show_resource)
        sp.resourceActivated.connect(lambda _uid: dp.browser.setFocus())
        sp.searchFinished.connect(self._on_results)
        sp.searchFailed.connect(self.report_error)
        sp.filter_bar.removeRequested.connect(lambda k, v: self.facet_panel.toggle(k, v, False))
        sp.filter_bar.clearRequested.connect(self.facet_panel.clear_filters)
        self.facet_panel.filtersChanged.connect(sp.set_filters)
        dp.filterRequested.connect(self.filter_by)
        dp.resourceRequested.connect(self.show_resource)
        dp.newCollectionRequested.connect(self.collections_panel.create_interactive)
        dp.downloadFailed.connect(self.report_error)
        for tab in (self.bookmarks_tab, self.recent_tab):
            tab.activated.connect(self.show_resource)
        self.collections_panel.resourceActivated.connect(self.show_resource)
        self.collections_panel.message.connect(lambda t: self.statusBar().showMessage(t, 8000))
        self.runner.changed.connect(self.apply_changes)
        self.runner.failed.connect(self.report_error)
        self.bookmarks_tab.removeRequested.connect(self._remove_bookmark)
        self.saved_tab.activated.connect(self.run_saved_search)
        self.saved_tab.removeRequested.connect(self._delete_saved_search)

    # --- starting and the index -------------------------------------------------------

    def prepare_index(self) -> None:
        self.index_label.setText("Preparing the search index…")
        self._resource_count = total = self.ops.resource_count()
        self._index_progress.counted.connect(
            lambda n: self.index_label.setText(f"Rebuilding the search index: {n:,} of {total:,}…")
        )

    def _search_first(self) -> None:
        """The first page of results starts on a worker while the rest of the
        window is built. The index's check at start would share the one
        interpreter lock with that search, so it waits for the results."""
        self._preparing = False
        panel = self.search_panel
        panel.searchFinished.connect(self._start_preparing, Qt.ConnectionType.SingleShotConnection)
        panel.searchFailed.connect(self._start_preparing, Qt.ConnectionType.SingleShotConnection)
        panel.search_now()

    def _start_preparing(self, _shown: object = None) -> None:
        if self._preparing:
            return
        self._preparing = True
        resume_collector()  # the start is over: the first results are shown
        self.runner.job(
            lambda ops: ops.prepare_index(self._index_progress.counted.emit),
            self._index_ready,
            self._index_failed,
        )

    def _index_ready(self, _result: object = None) -> None:
        self.index_ready = True
        self.index_label.setText("Search index ready")
        self.search_panel.search_now()
        settle_start_up_objects()
        self.runner.job(lambda ops: ops.back_up_if_due(), lambda _path: None)
        self._start_up_over()

    def _index_failed(self, error: Exception) -> None:
        self.index_label.setText("Search index unavailable")
        self.report_error(f"The search index could not be prepared: {error}")
        self._start_up_over()

    def _start_up_over(self) -> None:
        self.start_up_done = True
        self.startUpDone.emit()

    def _after_reindex(self, message: str) -> None:
        self.index_label.setText(message)
        self.search_panel.search_now()

    # --- imports and exports ----------------------------------------------------------

    def back_up_now(self) -> None:
        self.runner.job(
            lambda ops: ops.back_up("manual"),
            lambda target: self.statusBar().showMessage(f"Backed up to {target.name}.", 8000),
            lambda error: self.report_error(f"The backup could not be made: {error}"),
        )

    def restore_backup(self) -> None:
        """Put a backup in place; the app restarts on it (the current file is kept)."""
        found = self.ops.list_backups()
        if not found:
            self.statusBar().showMessage("There are no backups of this library yet.", 6000)
            return
        labels = [f"{long_time(b.taken_at)} ({b.reason or 'backup'})" for b in found]
        choice, ok = QInputDialog.getItem(
            self, "Restore a backup", "Go back to the library as it was on:", labels, 0, False
        )
        if ok:
            self.restart_on_backup(found[labels.index(choice)].path)

    def restart_on_backup(self, backup: Path) -> None:
        from desktop_app.operations import OperationError, restore_library

        root = self.ops.root
        self.close()
        self.ops.close()
        try:
            restore_library(root, backup)
        except OperationError as error:
            dialogs.show_error(None, str(error))
        args = [*sys.argv[1:]] if getattr(sys, "frozen", False) else ["-m", "desktop_app.cli"]
        if "--data-dir" not in args:
            args += ["--data-dir", str(root)]
        QProcess.startDetached(sys.executable, args)
        QApplication.quit()

    def save_user_data(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save my data",
            str(dialogs.documents_folder() / "IMH Library - my data.json"),
            "User data (*.json)",
        )
        if path:
            target = Path(path) if Path(path).suffix else Path(path + ".json")
            self.runner.job(
                lambda ops: ops.save_user_data(target),
                lambda _: self.statusBar().showMessage(
                    "Saved. Import this file into any IMH Library to bring it all back.", 8000
                ),
            )

    def export_collection(self) -> None:
        name = self.collections_panel.current_name
        if name is None:
            self.statusBar().showMessage("Create or select a collection first.", 4000)
            return
        self._export("collection", name=name, citation_style=self.citations.style)

    def export_bookmarks(self) -> None:
        self._export("bookmarks")

    def export_results(self) -> None:
        request = self.search_panel.request()
        self._export("query", query=request.query, filters=dict(request.filters))

    def _export(self, kind: ExportWhat, **fields: Any) -> None:
        from desktop_app.operations import ExportRequest

        self.transfers.export(ExportRequest(kind, **fields))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        sources = [
            url.toLocalFile() if url.isLocalFile() else url.toString()
            for url in event.mimeData().urls()
        ]
        event.acceptProposedAction()
        self.transfers.import_sources([s for s in sources if s])

    # --- results and detail -----------------------------------------------------------

    def _on_results(self, results: SearchResults) -> None:
        self.facet_panel.show_results(results)
        shown = f"{results.total:,} result{'s' * (results.total != 1)}"
        self.count_label.setText(f"{shown} · {self._resource_count:,} resources")

    def show_resource(self, uid: str, *, record_view: bool = True) -> None:
        self.detail_pane.flush()
        self._detail_generation += 1
        generation = self._detail_generation
        self.runner.read(
            lambda ops: ops.detail(uid),
            lambda view: self._show_detail(generation, view),
            lambda error: self.report_error(f"The resource could not be opened: {error}"),
        )
        if record_view:
            self.runner.edit(lambda ops: ops.record_view(uid))

    def _show_detail(self, generation: int, view: DetailView | None) -> None:
        if generation == self._detail_generation:
            self.detail_pane.show_view(view)

    def filter_by(self, key: str, value: str) -> None:
        self.side_tabs.setCurrentWidget(self.facet_panel)
        self.facet_panel.toggle(key, value, True)

    # --- the user's data --------------------------------------------------------------

    def refresh_user_lists(self) -> None:
        for tab in (self.bookmarks_tab, self.saved_tab, self.recent_tab):
            tab.refresh()
        self.collections_panel.refresh()

    def apply_changes(self, changes: Changes) -> None:
        """Refresh only what ``changes`` touched (every edit and job reports one)."""
        if changes.bookmarks:
            self.bookmarks_tab.refresh()
            self.detail_pane.show_bookmark()
        if changes.saved_searches:
            self.saved_tab.refresh()
        if changes.history:
            self.recent_tab.refresh()
        if changes.collections or changes.collection_list:
            self.collections_panel.apply(changes.collections, changes.collection_list)
        if changes.catalogue or changes.resources:
            self._resource_count = self.ops.resource_count()
            self.search_panel.search_now()
        if changes.touches(self.detail_pane.uid) or (
            changes.collections and self.detail_pane.uid is not None
        ):
            self.show_resource(self.detail_pane.uid or "", record_view=False)

    def _bookmark_rows(self) -> list[Row]:
        marks = self.ops.bookmarks()
        titles = self.ops.titles([b.uid for b in marks])
        return [Row(b.uid, titles.get(b.uid, b.uid), b.note) for b in marks]

    def _saved_rows(self) -> list[Row]:
        return [Row(s.query, s.name, s.query) for s in self.ops.saved_searches()]

    def _recent_rows(self) -> list[Row]:
        uids = self.ops.recently_viewed()
        titles = self.ops.titles(uids)
        return [Row(uid, titles.get(uid, uid)) for uid in uids if uid in titles]

    def _remove_bookmark(self, uid: str) -> None:
        self.detail_pane.flush()
        self.runner.edit(lambda ops: ops.remove_bookmark(uid))

    def play_moment(self, uid: str, seconds: float) -> None:
        """A moment in a result: open its episode and play from just before it."""
        from desktop_app.ui.transcript_view import LEAD_IN_S

        self.detail_pane.player.play_from(max(0.0, seconds - LEAD_IN_S), uid)
        self.detail_pane.transcript.reveal(seconds, uid)
        self.show_resource(uid)

    def copy_citation(self) -> None:
        self.citations.copy(self._chosen_uids())

    def export_selection(self) -> None:
        uids = self._chosen_uids()
        if not uids:
            self.statusBar().showMessage("Select resources to export first.", 4000)
            return
        self._export("uids", name="Selected resources", uids=uids)

    def _chosen_uids(self) -> list[str]:
        """The selected results, or else the resource open in the detail pane."""
        uids = self.search_panel.selected_uids()
        return uids or ([self.detail_pane.uid] if self.detail_pane.uid else [])

    def bookmark_selected(self) -> None:
        self.detail_pane.flush()  # a note typed a moment ago is saved first
        uids = self._chosen_uids()
        if uids:
            self.runner.edit(lambda ops: ops.bookmark_all(uids))
            self.statusBar().showMessage(f"Bookmarked {_count(len(uids))}.", 4000)

    def collect_selected(self) -> None:
        uids = self._chosen_uids()
        if not uids:
            return
        self.detail_pane.flush()
        names = [c.name for c in self.ops.collections()]
        # The collection picked in the Collections tab is the likeliest target.
        current = self.collections_panel.current_name
        start = names.index(current) if current in names else 0
        choice, ok = QInputDialog.getItem(
            self,
            "Add to collection",
            f"Add {_count(len(uids))} to:",
            [*names, NEW_COLLECTION],
            start,
            False,
        )
        if not ok:
            return
        if choice == NEW_COLLECTION:
            self.collections_panel.create_interactive(uids)
        else:
            self.collections_panel.add(choice, uids)

    def save_search(self) -> None:
        query = self.search_panel.saved_query()
        if not query:
            self.statusBar().showMessage("Type a search or pick a filter first.", 4000)
            return
        name, ok = QInputDialog.getText(self, "Save search", "Name:", text=query)
        if ok and name.strip():
            self.runner.edit(lambda ops: ops.save_search(name.strip(), query))

    def run_saved_search(self, query: str) -> None:
        self.facet_panel.clear_filters()
        self.search_panel.search_box.setText(query)
        self.search_panel.search_now()

    def _delete_saved_search(self, query: str) -> None:
        self.runner.edit(lambda ops: ops.delete_saved_query(query))

    # --- the app around it ------------------------------------------------------------

    def bring_to_front(self) -> None:
        """Another start of the app asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def _show_tab(self, number: int) -> None:
        """Ctrl+1…5: the tab, with focus on its list (each panel's focus proxy)."""
        self.side_tabs.setCurrentIndex(number)
        self.side_tabs.currentWidget().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_shortcuts(self) -> None:
        dialogs.ShortcutsDialog(self.menuBar(), self).open()

    def _fit_side_tabs(self) -> None:
        """Widen the side panel to show all its tabs, up to a third of the window,
        taking the room from the details first (empty until a result is chosen)
        and then the results, as far as each keeps 24 characters' width."""
        sizes = self.splitter.sizes()
        wanted = min(self.side_tabs.tabBar().sizeHint().width() + 8, sum(sizes) // 3)
        short = wanted - (sizes[0] if sizes else 0)
        if len(sizes) != 3 or short <= 0:
            return
        floor = self.fontMetrics().averageCharWidth() * 24
        # The splitter's own panes: the frame has a stand-in for the details.
        spare = [
            max(0, sizes[i] - max(floor, pane.minimumSizeHint().width()))
            for i in (1, 2)
            if (pane := self.splitter.widget(i)) is not None
        ]
        take = min(short, sum(spare))
        if take > 0:
            from_details = min(take, spare[1])
            self.splitter.setSizes(
                [sizes[0] + take, sizes[1] - (take - from_details), sizes[2] - from_details]
            )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._fit_side_tabs)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # a new text size (Preferences)
            QTimer.singleShot(0, self, self._fit_side_tabs)

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ops.root)))

    def show_about(self) -> None:
        dialogs.show_about(self, self.ops.root, self.ops.resource_count())

    def open_preferences(self) -> None:
        dialog = dialogs.PreferencesDialog(self.settings, self.base_font.pointSize(), self)
        if dialog.exec():
            self.apply_preferences()

    def apply_preferences(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            appearance.apply(app, self.settings, self.base_font)

    def report_error(self, sentence: str) -> None:
        self.statusBar().showMessage(sentence, 8000)
        dialogs.show_error(self, sentence)

    def restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        self._restore_splitter("window/splitter", self.splitter)
        self.side_tabs.setCurrentIndex(int(str(self.settings.value("window/tab", 0) or 0)))

    def _restore_splitter(self, key: str, splitter: QSplitter) -> None:
        state = self.settings.value(key)
        if isinstance(state, QByteArray):
            splitter.restoreState(state)

    def save_state(self) -> None:
        self.curation.table_mode.table.save_columns()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue(
            "window/collectionsSplitter", self.collections_panel.splitter.saveState()
        )
        self.settings.setValue("window/tab", self.side_tabs.currentIndex())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.attached:  # closed while the library was opening: nothing to keep
            self.closed_early = True
            super().closeEvent(event)
            return
        self.reindexer.cancel()
        # Pending edits are queued first, then everything is let finish:
        # nothing may still be using the library when it closes.
        self.collections_panel.flush()
        self.detail_pane.flush()
        wait_for_tasks()
        self.save_state()
        super().closeEvent(event)
