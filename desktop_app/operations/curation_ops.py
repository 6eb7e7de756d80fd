"""The user curating the library: add and edit resources, delete to the bin, own tags.

Every write is applied to the search index before the method returns, so a
search run next sees it. Refusals are ``UsageError`` (a uid that does not
exist or is in the bin, a bad date or kind) and change nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from desktop_app.operations.base import OperationsBase
from desktop_app.operations.changes import NOTHING, Changes
from desktop_app.operations.errors import UsageError
from resources_db import curation, edits, resource_bin, user_data, user_tags
from resources_db.catalogue_writer import add_download
from resources_db.curation import Choices, ResourceFields
from resources_db.edits import EditableField, FieldEdit, FieldValue
from resources_db.resource_bin import BinCounts, BinnedResource
from resources_db.user_tags import TagCount

# Fields whose change moves a resource between facet values (counts, filters).
_FACET_FIELDS = frozenset(
    {"kind", "organisations", "topics", "audience", "settings", "formats", "published"}
)


class CurationOps(OperationsBase):
    # --- adding and editing ------------------------------------------------------------

    def add_resource(
        self, values: ResourceFields, attachments: Sequence[Path] = ()
    ) -> tuple[str, Changes]:
        """Add a resource by hand (a title is required); returns its uid, ``local/<uuid4>``."""
        with self.unit_of_work() as session:
            files = curation.read_attachments(attachments)
            uid = curation.add_resource(session, values, self.library.paths.attachments_dir, files)
        self.index.catch_up()
        return uid, Changes(resources=frozenset({uid}), catalogue=True)

    def edit_resource(self, uid: str, values: ResourceFields) -> tuple[ResourceFields, Changes]:
        """Write the user's values (fields left at ``KEEP`` stay as they are).

        Returns the values replaced, as ``ResourceFields``: editing again with
        them undoes the edit (a field back at the source's value is no longer
        marked as edited)."""
        with self.unit_of_work() as session:
            previous = curation.edit_resource(session, uid, values)
            changed = previous.given()
            changes = self._resource_changes(session, uid, changed) if changed else NOTHING
        self.index.catch_up()
        return previous, changes

    def attach_files(self, uid: str, paths: Sequence[Path]) -> Changes:
        """Copy files into the library and keep them with the resource ``uid``."""
        with self.unit_of_work() as session:
            user_data.require_resource(session, uid)
            for attachment in curation.read_attachments(paths):
                add_download(session, uid, attachment, self.library.paths.attachments_dir)
        return Changes(resources=frozenset({uid}))

    def edited_fields(self, uid: str) -> list[FieldEdit]:
        """The fields of ``uid`` the user edited, each with the source's latest value."""
        with self.unit_of_work() as session:
            return edits.edits_of(session, uid)

    def use_source_value(self, uid: str, field: EditableField) -> tuple[FieldValue, Changes]:
        """Take the source's value for an edited field and forget the edit.

        Returns the user's value it replaced (for undo: edit the field back)."""
        with self.unit_of_work() as session:
            replaced = curation.use_source_value(session, uid, field)
            changes = self._resource_changes(session, uid, {field: replaced})
        self.index.catch_up()
        return replaced, changes

    def keep_edit(self, uid: str, field: EditableField) -> Changes:
        """Keep the user's value although the source changed it (stop pointing it out)."""
        with self.unit_of_work() as session:
            curation.keep_edit(session, uid, field)
        return Changes(resources=frozenset({uid}))

    def choices(self) -> Choices:
        """Kinds, people, organisations and vocabulary terms the library knows."""
        with self.unit_of_work() as session:
            return curation.choices(session)

    def _resource_changes(
        self, session: Session, uid: str, changed: dict[EditableField, FieldValue]
    ) -> Changes:
        titled = "title" in changed or "kind" in changed
        return Changes(
            resources=frozenset({uid}),
            catalogue=bool(_FACET_FIELDS & changed.keys()),
            # Lists show titles: the bookmarks and the collections holding it.
            bookmarks=titled and user_data.bookmark(session, uid) is not None,
            collections=frozenset(user_data.collections_containing(session, uid))
            if titled
            else frozenset(),
        )

    # --- the bin -----------------------------------------------------------------------

    def delete_resources(self, uids: Sequence[str]) -> Changes:
        """Move resources to the bin (undo: ``restore_resources``); those in it already
        are left there. An unknown uid refuses the whole request."""
        wanted = list(dict.fromkeys(uids))
        with self.unit_of_work() as session:
            _require_known(session, wanted)
            moved = resource_bin.put_in_bin(session, wanted)
            changes = self._layer_changes(session, moved)
        self.index.catch_up()
        return changes

    def restore_resources(self, uids: Sequence[str]) -> Changes:
        """Bring resources back from the bin, with their bookmarks, notes, tags and places."""
        wanted = list(dict.fromkeys(uids))
        with self.unit_of_work() as session:
            binned = resource_bin.in_bin(session, wanted)
            missing = [uid for uid in wanted if uid not in binned]
            if missing:
                raise UsageError(f"The resource {missing[0]!r} is not in the bin.")
            resource_bin.take_out(session, wanted)
            changes = self._layer_changes(session, wanted)
        self.index.catch_up()
        return changes

    def binned(self) -> list[BinnedResource]:
        """The resources in the bin, most recently deleted first."""
        with self.unit_of_work() as session:
            return resource_bin.binned(session)

    def bin_counts(self) -> BinCounts:
        """What emptying the bin would delete (to say so before asking)."""
        with self.unit_of_work() as session:
            return resource_bin.counts(session)

    def empty_bin(self) -> tuple[BinCounts, Changes]:
        """Delete the resources in the bin for good, with their bookmarks, notes, tags
        and places in collections; returns how many of each went."""
        with self.unit_of_work() as session:
            uids = sorted(resource_bin.binned_uids(session))
            deleted = resource_bin.empty(session)
        self.index.catch_up()
        if not uids:
            return deleted, NOTHING
        return deleted, Changes(resources=frozenset(uids), bin=True)

    def _layer_changes(self, session: Session, uids: Sequence[str]) -> Changes:
        """What showing or hiding these resources changes: search, and every list."""
        if not uids:
            return NOTHING
        names: set[str] = set()
        for uid in uids:
            names.update(user_data.collections_containing(session, uid))
        return Changes(
            resources=frozenset(uids),
            catalogue=True,
            bookmarks=any(user_data.bookmark(session, uid) is not None for uid in uids),
            collections=frozenset(names),
            history=True,
            tags=bool(user_tags.tags_by_uid(session, uids)),
            bin=True,
        )

    # --- own tags ----------------------------------------------------------------------

    def tag(self, uids: Sequence[str], names: Sequence[str]) -> tuple[int, Changes]:
        """Tag every resource with every name; returns how many tags were new."""
        with self.unit_of_work() as session:
            user_data.require_resources(session, uids)
            added = user_tags.add_tags(session, uids, names)
        self.index.catch_up()
        return added, _tag_changes(uids) if added else NOTHING

    def untag(self, uids: Sequence[str], names: Sequence[str]) -> tuple[int, Changes]:
        """Take tags off resources; returns how many were removed."""
        with self.unit_of_work() as session:
            user_data.require_resources(session, uids)
            removed = user_tags.remove_tags(session, uids, names)
        self.index.catch_up()
        return removed, _tag_changes(uids) if removed else NOTHING

    def tags_of(self, uid: str) -> list[str]:
        with self.unit_of_work() as session:
            return user_tags.tags_of(session, uid)

    def tag_counts(self) -> list[TagCount]:
        """Every tag in use outside the bin, by name, with how many resources carry it."""
        with self.unit_of_work() as session:
            return user_tags.tag_counts(session)

    def rename_tag(self, old: str, new: str) -> Changes:
        """Rename a tag; renaming onto another tag's name is refused (merge instead)."""
        with self.unit_of_work() as session:
            uids = user_tags.rename_tag(session, old, new)
        self.index.catch_up()
        return _tag_changes(uids)

    def merge_tags(self, names: Sequence[str], into: str) -> Changes:
        """Replace the tags ``names`` by ``into`` (new, or one of them) on every resource."""
        with self.unit_of_work() as session:
            uids = user_tags.merge_tags(session, names, into)
        self.index.catch_up()
        return _tag_changes(uids)


def _tag_changes(uids: Sequence[str]) -> Changes:
    return Changes(resources=frozenset(uids), tags=True)


def _require_known(session: Session, uids: Sequence[str]) -> None:
    binned = resource_bin.in_bin(session, uids)
    user_data.require_resources(session, [uid for uid in uids if uid not in binned])
