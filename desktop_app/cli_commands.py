"""What each ``imh-library`` command does: parse nothing, decide nothing, call one operation.

Every use case lives in ``desktop_app.operations``, shared with the window;
a handler here turns the parsed arguments into one call and prints the answer.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop_app import cli_output
from desktop_app.cli_alerts import ALERT_HANDLERS
from desktop_app.cli_errors import (
    EXIT_CHECK_FAILED,
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    CommandError,
)
from desktop_app.cli_practice import PRACTICE_HANDLERS
from desktop_app.cli_team import SERVER_ONLY, TEAM_HANDLERS, team_on_the_server
from desktop_app.operations import (
    DetailView,
    ExportRequest,
    OperationError,
    Operations,
    RejectedError,
    UsageError,
    newest_good_backup,
    restore_library,
)
from desktop_app.start_up import resume_collector
from resources_db.curation import ResourceFields, parse_published
from resources_db.edits import FIELD_LABELS

Handler = Callable[[argparse.Namespace, Operations], int]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


@contextmanager
def reported() -> Iterator[None]:
    """An operation's refusal becomes one sentence and the matching exit status."""
    try:
        yield
    except UsageError as error:
        raise CommandError(str(error), EXIT_USAGE) from error
    except RejectedError as error:
        raise CommandError(str(error), EXIT_REJECTED) from error
    except OperationError as error:
        raise CommandError(str(error), EXIT_FAILURE) from error


def run(args: argparse.Namespace) -> int:
    command = args.command
    data_dir = getattr(args, "data_dir", None)
    if command == "restore":  # the library cannot be opened until it is restored
        return restore(args)
    if command == "team" and args.team_action in SERVER_ONLY:
        with reported():
            return team_on_the_server(args)
    handler = HANDLERS[command]
    with reported():
        ops = Operations.open(data_dir)
    # Started: the command's own work (a rebuild, a check, an import) may be
    # long, so it runs with the garbage collector (paused by cli.main).
    resume_collector()
    try:
        # check inspects the index as it found it, except on a brand-new
        # library, whose index simply has not been built yet.
        with reported():
            if command not in ("reindex", "check") or ops.created:
                ops.prepare_index()
            return handler(args, ops)
    finally:
        ops.close()


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def restore(args: argparse.Namespace) -> int:
    data_dir = getattr(args, "data_dir", None)
    chosen = Path(args.backup).expanduser() if args.backup else None
    with reported():
        used = chosen or newest_good_backup(data_dir)
        aside = restore_library(data_dir, used)
    which = f"the backup {used.name}" if used is not None else "the backup"
    print(f"Restored {which}; the previous database was kept as {aside.name}.")
    return EXIT_OK


def backup(args: argparse.Namespace, ops: Operations) -> int:
    if args.user_data:
        target = Path(args.user_data).expanduser()
        ops.save_user_data(target)
        print(
            f"Saved your bookmarks, notes, collections, saved searches and practice record "
            f"to {target}. Keep it private: the practice record is in it"
            + (" (sealed while the record is locked)." if ops.practice_locked() else ".")
        )
        return EXIT_OK
    if args.list:
        found = ops.list_backups()
        if args.json:
            _print_json(cli_output.backups_json(found))
        for b in [] if args.json else found:
            print(f"{b.taken_at:%Y-%m-%d %H:%M}  {b.reason:<24} {b.size // 1024:>8} KB  {b.path}")
        return EXIT_OK
    target = ops.back_up("manual")
    if args.json:
        _print_json({"file": str(target)})
    else:
        print(f"Backed up to {target}.")
    return EXIT_OK


def search(args: argparse.Namespace, ops: Operations) -> int:
    results = ops.index.index.search(" ".join(args.query), limit=args.limit)
    if args.json:
        _print_json(cli_output.search_json(results))
    else:
        print(cli_output.search_text(results))
    return EXIT_OK


def show(args: argparse.Namespace, ops: Operations) -> int:
    view = ops.detail(args.uid)
    data = _shown(ops, args.uid, view)
    if args.json:
        _print_json(data)
    else:
        print(cli_output.detail_text(data, view.detail.currency))
    return EXIT_OK


def _shown(ops: Operations, uid: str, view: DetailView | None = None) -> dict[str, Any]:
    view = view or ops.detail(uid)
    data = cli_output.detail_json(view.detail, view.bookmark, view.collections)
    data["team"] = ops.is_team_resource(uid)
    return data


def _fields(args: argparse.Namespace) -> ResourceFields:
    """The add/edit options given, as the fields to set (lists replace lists)."""
    values: dict[str, Any] = {
        name: getattr(args, name)
        for name in ("title", "kind", "url", "summary")
        if getattr(args, name) is not None
    }
    for option, name in (("author", "authors"), ("org", "organisations"), ("topic", "topics")):
        if getattr(args, option) is not None:
            values[name] = tuple(getattr(args, option))
    if args.published is not None:
        try:
            values["published"] = parse_published(args.published)
        except ValueError as error:
            raise UsageError(str(error)) from error
    return ResourceFields(**values)


def add(args: argparse.Namespace, ops: Operations) -> int:
    uid, _ = ops.add_resource(_fields(args))
    if args.json:
        _print_json(_shown(ops, uid))
    else:
        print(uid)
    return EXIT_OK


def edit(args: argparse.Namespace, ops: Operations) -> int:
    values = _fields(args)
    if not values.given():
        raise UsageError("Give at least one field to change, for example --title.")
    previous, _ = ops.edit_resource(args.uid, values)
    if args.json:
        _print_json(_shown(ops, args.uid))
    elif previous.given():
        labels = [FIELD_LABELS[name] for name in previous.given()]
        print(f"Edited the {cli_output.and_list(labels)} of {args.uid}.")
    else:
        print(f"Nothing changed: {args.uid} already has those values.")
    return EXIT_OK


def delete(args: argparse.Namespace, ops: Operations) -> int:
    changes = ops.delete_resources(args.uids)
    moved = len(changes.resources)
    if moved:
        print(f"Moved {plural(moved, 'resource')} to the bin (imh-library bin restore UID).")
    else:
        print("Those resources were in the bin already.")
    return EXIT_OK


def bin_command(args: argparse.Namespace, ops: Operations) -> int:
    if args.action == "restore":
        changes = ops.restore_resources(args.uids)
        print(f"Restored {plural(len(changes.resources), 'resource')} from the bin.")
    elif args.action == "empty":
        deleted, _ = ops.empty_bin()
        print(cli_output.emptied_text(deleted))
    elif getattr(args, "json", False):
        _print_json(cli_output.bin_json(ops.binned()))
    else:
        print(cli_output.bin_text(ops.binned()))
    return EXIT_OK


def tag(args: argparse.Namespace, ops: Operations) -> int:
    added, _ = ops.tag([args.uid], args.tags)
    if added:
        now = ops.tags_of(args.uid)
        noun = "tags" if len(now) != 1 else "tag"
        print(f"{args.uid} now has the {noun} {cli_output.and_list(now)}.")
    else:
        print(f"{args.uid} already had those tags.")
    return EXIT_OK


def untag(args: argparse.Namespace, ops: Operations) -> int:
    removed, _ = ops.untag([args.uid], args.tags)
    if removed:
        print(f"Removed {plural(removed, 'tag')} from {args.uid}.")
    else:
        print(f"{args.uid} did not have those tags.")
    return EXIT_OK


def tags(args: argparse.Namespace, ops: Operations) -> int:
    counts = ops.tag_counts()
    if args.json:
        _print_json({"tags": [{"name": c.name, "count": c.count} for c in counts]})
    else:
        print(cli_output.tags_text(counts))
    return EXIT_OK


def import_sources(args: argparse.Namespace, ops: Operations) -> int:
    if args.for_uid is not None:
        return import_transcript(args, ops)
    report = ops.import_sources(args.sources, args.format)
    if args.json:
        _print_json(
            {
                "sources": [o.as_json() for o in report.outcomes],
                "added": report.added,
                "updated": report.updated,
            }
        )
    else:
        print(cli_output.import_text(report.outcomes))
    for o in report.rejected:
        print(f"imh-library: {o.source}: {o.error}", file=sys.stderr)
    return EXIT_REJECTED if report.rejected else EXIT_OK


def import_transcript(args: argparse.Namespace, ops: Operations) -> int:
    """``import FILE --for UID``: one transcript or chapters file for one episode."""
    if len(args.sources) != 1 or args.format != "auto":
        raise CommandError(
            "--for takes one transcript or chapters file and no --format.", EXIT_USAGE
        )
    [source] = args.sources
    try:
        done = ops.import_transcript(args.for_uid, source)
    except RejectedError as error:
        if args.json:
            _print_json(cli_output.transcript_import_json(source, None, str(error)))
        raise
    if args.json:
        _print_json(cli_output.transcript_import_json(source, done, None))
    else:
        print(done.text())
    return EXIT_OK


def export_selection(args: argparse.Namespace, ops: Operations) -> int:
    if args.collection is not None:
        request = ExportRequest("collection", name=args.collection)
    elif args.bookmarks:
        request = ExportRequest("bookmarks")
    else:
        request = ExportRequest("query", query=args.query)
    target = Path(args.output).expanduser()
    count = ops.export(request, args.format, target)
    print(f"Exported {plural(count, 'resource')} to {target}.")
    return EXIT_OK


def refresh(args: argparse.Namespace, ops: Operations) -> int:
    outcomes, _changes = ops.refresh_feeds()
    if args.json:
        _print_json({"feeds": [o.as_json() for o in outcomes]})
    elif not outcomes:
        print("No subscriptions yet: import a feed or an OPML list first.")
    for o in [] if args.json else outcomes:
        print(o.text())
    return EXIT_REJECTED if any(o.error for o in outcomes) else EXIT_OK


def bookmark(args: argparse.Namespace, ops: Operations) -> int:
    before = ops.bookmark(args.uid)
    saved, _ = ops.set_bookmark(args.uid, args.note)
    print(f"Bookmarked {saved.uid}" + (f" with the note: {saved.note}" if saved.note else "."))
    if before is not None and before.note and before.note != saved.note:
        # The words replaced are said once more, so a slip can be typed back.
        print(f"Its note was: {before.note}")
    return EXIT_OK


def unbookmark(args: argparse.Namespace, ops: Operations) -> int:
    before = ops.bookmark(args.uid)
    if before is None and not ops.titles([args.uid]):
        raise UsageError(f"There is no resource with uid {args.uid!r}.")
    removed, _ = ops.remove_bookmark(args.uid)
    if not removed:
        print(f"{args.uid} was not bookmarked.")
        return EXIT_OK
    print(f"Removed the bookmark on {args.uid}.")
    if before is not None and before.note:
        print(f"Its note was: {before.note}")
    return EXIT_OK


def collection(args: argparse.Namespace, ops: Operations) -> int:
    if args.action == "create":
        created, _ = ops.create_collection(args.name)
        print(f"Created the collection {created.name!r}.")
    elif args.action == "add":
        added, _ = ops.add_to_collection(args.name, args.uids)
        print(f"Added {plural(added, 'resource')} to {args.name!r}.")
    else:
        listing = ops.collections()
        titles = ops.titles([i.uid for c in listing for i in c.items])
        if args.json:
            _print_json(cli_output.collections_json(listing, titles))
        else:
            print(cli_output.collections_text(listing, titles))
    return EXIT_OK


def reindex(args: argparse.Namespace, ops: Operations) -> int:
    count = ops.rebuild_index()
    if args.json:
        _print_json({"indexed": count, "status": "ok"})
    else:
        print(f"Rebuilt the search index: {plural(count, 'resource')}.")
    return EXIT_OK


def check(args: argparse.Namespace, ops: Operations) -> int:
    outcome = ops.check(repair=args.repair)
    data = outcome.as_json()
    if args.json:
        _print_json(data)
    else:
        print(cli_output.check_text(data))
    healthy = outcome.ok_after_repair if outcome.repaired else outcome.ok
    return EXIT_OK if healthy else EXIT_CHECK_FAILED


def stats(args: argparse.Namespace, ops: Operations) -> int:
    data = ops.stats()
    if args.json:
        _print_json(data)
    else:
        print(cli_output.stats_text(data))
    return EXIT_OK


HANDLERS: dict[str, Handler] = {
    "search": search,
    "show": show,
    "add": add,
    "edit": edit,
    "delete": delete,
    "bin": bin_command,
    "tag": tag,
    "untag": untag,
    "tags": tags,
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
    **PRACTICE_HANDLERS,
    **TEAM_HANDLERS,  # its "collection" adds share/unshare and hands the rest back
    **ALERT_HANDLERS,
}
