"""Model-based test of the catalogue and the index together.

Hypothesis drives random sequences of adding, updating and withdrawing
resources, bookmarking, editing collections, reindexing and crashing (the
library closed with index work still queued). After every step the search
results agree with a plain model of what should be there, and nothing the
user made is ever missing.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from resources_db import user_data
from resources_db.catalogue_writer import apply_pack
from resources_db.library import Library, open_library
from resources_db.packs import new_pack, new_resource
from search_index.sync import LibraryIndex

NUMBERS = st.integers(min_value=0, max_value=9)
NOTES = st.text(alphabet="abc xyz", max_size=12)


def token(number: int, version: int) -> str:
    # Distinct, unstemmable words so each resource can be found exactly.
    return f"zq{number}x{version}"


class CatalogueAndIndex(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="imh-model-"))
        self.library: Library = open_library(self.folder)
        self.index = LibraryIndex(self.library)
        self.index.ensure_ready()
        self.versions: dict[int, int] = {}  # resource number -> title version
        self.withdrawn: set[int] = set()
        self.bookmarks: dict[str, str] = {}
        self.collection: list[str] = []

    def uid(self, number: int) -> str:
        return f"model/{number}"

    def write(self, numbers: list[int], withdrawn: list[int] = ()) -> None:  # type: ignore[assignment]
        resources = [
            new_resource(self.uid(n), "report", f"Report {token(n, self.versions[n])}")
            for n in numbers
        ]
        pack = new_pack("model", "model", resources)
        pack.withdrawn = [self.uid(n) for n in withdrawn]
        with self.library.db.session() as session:
            apply_pack(session, pack, self.library.paths.attachments_dir)

    @rule(number=NUMBERS)
    def add_or_update(self, number: int) -> None:
        self.versions[number] = self.versions.get(number, -1) + 1
        self.withdrawn.discard(number)
        self.write([number])

    @precondition(lambda self: bool(self.versions))
    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        number = data.draw(st.sampled_from(sorted(self.versions)))
        self.withdrawn.add(number)
        self.write([], withdrawn=[number])

    @precondition(lambda self: bool(self.versions))
    @rule(data=st.data(), note=NOTES)
    def bookmark(self, data: st.DataObject, note: str) -> None:
        uid = self.uid(data.draw(st.sampled_from(sorted(self.versions))))
        with self.library.db.session() as session:
            user_data.set_bookmark(session, uid, note)
        self.bookmarks[uid] = note

    @precondition(lambda self: bool(self.versions))
    @rule(data=st.data())
    def collect(self, data: st.DataObject) -> None:
        uid = self.uid(data.draw(st.sampled_from(sorted(self.versions))))
        with self.library.db.session() as session:
            if "Model" not in [c.name for c in user_data.collections(session)]:
                user_data.create_collection(session, "Model")
            user_data.add_to_collection(session, "Model", [uid])
        if uid not in self.collection:
            self.collection.append(uid)

    @rule()
    def reindex(self) -> None:
        self.index.rebuild()

    @rule()
    def crash_and_restart(self) -> None:
        # Closed with queued index work: the next start must catch up by itself.
        self.index.close()
        self.library.close()
        self.library = open_library(self.folder)
        self.index = LibraryIndex(self.library)
        self.index.ensure_ready()

    @invariant()
    def search_agrees_with_the_model(self) -> None:
        self.index.catch_up()
        for number, version in self.versions.items():
            hits = [h.uid for h in self.index.search(token(number, version)).hits]
            expected = [] if number in self.withdrawn else [self.uid(number)]
            assert hits == expected, (number, version)
            if version:
                assert self.index.search(token(number, version - 1)).total == 0

    @invariant()
    def user_data_is_all_there(self) -> None:
        with self.library.db.session() as session:
            marks = {b.uid: b.note for b in user_data.bookmarks(session)}
            listing = (
                [i.uid for i in user_data.collection(session, "Model").items]
                if self.collection
                else []
            )
        assert {uid: marks.get(uid) for uid in self.bookmarks} == self.bookmarks
        assert listing == self.collection

    def teardown(self) -> None:
        self.index.close()
        self.library.close()
        shutil.rmtree(self.folder, ignore_errors=True)


TestCatalogueAndIndex = CatalogueAndIndex.TestCase
TestCatalogueAndIndex.settings = settings(max_examples=8, stateful_step_count=10, deadline=None)
