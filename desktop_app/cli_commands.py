"""What each ``imh-library`` command does, on the real library and index."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop_app import cli_output
from desktop_app.cli_errors import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    CommandError,
)
from resources_db import backups, catalogue, exporters, user_data
from resources_db.database import DatabaseError
from resources_db.importing import import_source, refresh_subscriptions
from resources_db.library import Library, open_library
from resources_db.paths import LibraryPaths, default_root
from resources_db.user_data import UserDataError
from resources_db.user_data_file import write_user_data
from search_index.sync import LibraryIndex

Handler = Callable[[argparse.Namespace, Library, LibraryIndex], int]


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[tuple[Library, LibraryIndex]]:
    root = getattr(args, "data_dir", None)
    try:
        library = open_library(Path(root) if root else None)
    except DatabaseError as error:
        raise CommandError(damaged_message(str(error), library_paths(root))) from error
    except OSError as error:
        raise CommandError(f"The library folder cannot be used ({error.strerror}).") from error
    index = LibraryIndex(library)
    try:
        yield library, index
    finally:
        index.close()
        library.close()


def library_paths(root: str | None) -> LibraryPaths:
    return LibraryPaths(Path(root) if root else default_root())


def damaged_message(problem: str, paths: LibraryPaths) -> str:
    good = backups.newest_good_backup(paths) if paths.backups_dir.exists() else None
    if good is None:
        return f"{problem} The file was left as it is."
    return (
        f"{problem} The file was left as it is; run 'imh-library restore' to go back to the "
        f"backup of {good.taken_at:%d %B %Y %H:%M}."
    )


def restore(args: argparse.Namespace) -> int:
    paths = library_paths(getattr(args, "data_dir", None))
    chosen = Path(args.backup).expanduser() if args.backup else None
    if chosen is not None and not chosen.is_file():
        raise CommandError(f"There is no backup file {chosen}.", EXIT_USAGE)
    try:
        aside = backups.restore_backup(paths, chosen)
    except DatabaseError as error:
        raise CommandError(str(error)) from error
    print(f"Restored the backup; the previous database was kept as {aside.name}.")
    return EXIT_OK


def backup(args: argparse.Namespace, library: Library, _index: LibraryIndex) -> int:
    if args.user_data:
        target = Path(args.user_data).expanduser()
        if not target.parent.is_dir():
            raise CommandError(f"The folder {target.parent} does not exist.", EXIT_USAGE)
        with library.db.session() as session:
            write_user_data(session, target)
        print(f"Saved your bookmarks, notes, collections and saved searches to {target}.")
        return EXIT_OK
    if args.list:
        found = backups.list_backups(library.paths)
        if args.json:
            _print_json(
                [
                    {
                        "file": str(b.path),
                        "taken_at": b.taken_at.isoformat(),
                        "reason": b.reason,
                        "size": b.size,
                    }
                    for b in found
                ]
            )
        for b in [] if args.json else found:
            print(f"{b.taken_at:%Y-%m-%d %H:%M}  {b.reason:<24} {b.size // 1024:>8} KB  {b.path}")
        return EXIT_OK
    target = backups.backup_database(library.db.engine, library.paths.backups_dir, "manual")
    if args.json:
        _print_json({"file": str(target)})
    else:
        print(f"Backed up to {target}.")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    command = args.command or "gui"
    if command in ("gui", "self-test"):
        from desktop_app.launcher import launch

        return launch(getattr(args, "data_dir", None), self_test=command == "self-test")
    if command == "restore":  # the library cannot be opened until it is restored
        return restore(args)
    handler = HANDLERS[command]
    with opened(args) as (library, index):
        # check inspects the index as it found it, except on a brand-new
        # library, whose index simply has not been built yet.
        if command not in ("reindex", "check") or library.db.created:
            index.ensure_ready()
        return handler(args, library, index)


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def search(args: argparse.Namespace, _library: Library, index: LibraryIndex) -> int:
    query = " ".join(args.query)
    results = index.index.search(query, limit=args.limit)
    if args.json:
        _print_json(cli_output.search_json(results))
    else:
        print(cli_output.search_text(results))
    return EXIT_OK


def show(args: argparse.Namespace, library: Library, _index: LibraryIndex) -> int:
    with library.db.session() as session:
        detail = catalogue.resource_detail(session, args.uid)
        if detail is None:
            raise CommandError(f"There is no resource with uid {args.uid!r}.", EXIT_USAGE)
        mark = user_data.bookmark(session, args.uid)
        in_collections = user_data.collections_containing(session, args.uid)
    data = cli_output.detail_json(detail, mark, in_collections)
    if args.json:
        _print_json(data)
    else:
        print(cli_output.detail_text(data))
    return EXIT_OK


def import_sources(args: argparse.Namespace, library: Library, index: LibraryIndex) -> int:
    outcomes = [import_source(library, source, args.format) for source in args.sources]
    index.catch_up()
    totals = {"added": sum(o.added for o in outcomes), "updated": sum(o.updated for o in outcomes)}
    if args.json:
        _print_json({"sources": [o.as_json() for o in outcomes], **totals})
    else:
        for o in outcomes:
            if o.status == "imported":
                print(f"{o.source}: imported as {o.format} ({o.added} added, {o.updated} updated)")
            else:
                print(f"{o.source}: rejected")
        print(f"{totals['added']} added, {totals['updated']} updated in all.")
    rejected = [o for o in outcomes if o.status == "rejected"]
    for o in rejected:
        print(f"imh-library: {o.source}: {o.error}", file=sys.stderr)
    return EXIT_REJECTED if rejected else EXIT_OK


def export_selection(args: argparse.Namespace, library: Library, index: LibraryIndex) -> int:
    target = Path(args.output).expanduser()
    with library.db.session() as session:
        try:
            if args.collection is not None:
                selection = exporters.select_collection(session, args.collection)
            elif args.bookmarks:
                selection = exporters.select_bookmarks(session)
            else:
                uids = index.index.matching_uids(args.query)
                selection = exporters.select_uids(session, f"Search: {args.query}", uids)
            count = exporters.export(
                session, selection, args.format, target, library.paths.attachments_dir
            )
        except (exporters.ExportError, UserDataError) as error:
            raise CommandError(str(error), EXIT_USAGE) from error
    print(f"Exported {count} resource{'s' * (count != 1)} to {target}.")
    return EXIT_OK


def refresh(args: argparse.Namespace, library: Library, index: LibraryIndex) -> int:
    outcomes = refresh_subscriptions(library)
    index.catch_up()
    if args.json:
        _print_json({"feeds": [o.__dict__ for o in outcomes]})
    elif not outcomes:
        print("No subscriptions yet: import a feed or an OPML list first.")
    for o in outcomes:
        if not args.json:
            state = o.error or f"{o.added} added, {o.updated} updated"
            print(f"{o.title or o.url}: {state}")
    return EXIT_REJECTED if any(o.error for o in outcomes) else EXIT_OK


def bookmark(args: argparse.Namespace, library: Library, _index: LibraryIndex) -> int:
    with _user_errors(), library.db.session() as session:
        saved = user_data.set_bookmark(session, args.uid, args.note)
    print(f"Bookmarked {saved.uid}" + (f" with the note: {saved.note}" if saved.note else "."))
    return EXIT_OK


def unbookmark(args: argparse.Namespace, library: Library, _index: LibraryIndex) -> int:
    with library.db.session() as session:
        removed = user_data.remove_bookmark(session, args.uid)
    print(f"Removed the bookmark on {args.uid}." if removed else f"{args.uid} was not bookmarked.")
    return EXIT_OK


def collection(args: argparse.Namespace, library: Library, _index: LibraryIndex) -> int:
    with _user_errors(), library.db.session() as session:
        if args.action == "create":
            created = user_data.create_collection(session, args.name)
            print(f"Created the collection {created.name!r}.")
        elif args.action == "add":
            added = user_data.add_to_collection(session, args.name, args.uids)
            print(f"Added {added} resource(s) to {args.name!r}.")
        else:
            listing = user_data.collections(session)
            titles = catalogue.titles(session, {i.uid for c in listing for i in c.items})
            if args.json:
                _print_json(cli_output.collections_json(listing, titles))
            else:
                print(cli_output.collections_text(listing, titles))
    return EXIT_OK


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except UserDataError as error:
        raise CommandError(str(error), EXIT_USAGE) from error


def reindex(args: argparse.Namespace, _library: Library, index: LibraryIndex) -> int:
    count = index.rebuild()
    if args.json:
        _print_json({"indexed": count, "status": "ok"})
    else:
        print(f"Rebuilt the search index: {count} resources.")
    return EXIT_OK


def check(args: argparse.Namespace, _library: Library, index: LibraryIndex) -> int:
    if not index.needs_rebuild:
        index.catch_up()
    report = index.check()
    repaired = False
    if not report.ok and args.repair:
        index.rebuild()
        repaired = True
        after = index.check()
    else:
        after = report
    data = {
        "ok": report.ok,
        "problems": report.problems,
        "repaired": repaired,
        "ok_after_repair": after.ok if repaired else None,
        "resources": after.resources,
        "indexed": after.indexed,
        "queued": after.queued,
    }
    if args.json:
        _print_json(data)
    else:
        print(cli_output.check_text(data))
    return EXIT_OK if after.ok else EXIT_CHECK_FAILED


def stats(args: argparse.Namespace, library: Library, index: LibraryIndex) -> int:
    with library.db.session() as session:
        data = {
            "resources": catalogue.resource_count(session),
            "kinds": catalogue.kind_counts(session),
            **catalogue.directory_counts(session),
            "bookmarks": len(user_data.bookmarks(session)),
            "collections": len(user_data.collections(session)),
            "indexed": index.index.doc_count(),
            "data_dir": str(library.paths.root),
        }
    if args.json:
        _print_json(data)
    else:
        print(cli_output.stats_text(data))
    return EXIT_OK


HANDLERS: dict[str, Handler] = {
    "search": search,
    "show": show,
    "import": import_sources,
    "backup": backup,
    "export": export_selection,
    "refresh": refresh,
    "bookmark": bookmark,
    "unbookmark": unbookmark,
    "collection": collection,
    "reindex": reindex,
    "check": check,
    "stats": stats,
}
