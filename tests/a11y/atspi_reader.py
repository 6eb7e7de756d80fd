#!/usr/bin/python3
"""Reads the window as a screen reader does, over AT-SPI, for the accessibility tests.

Run with the system's Python 3 (Debian's python3-pyatspi), not the project's
environment: PyGObject and pyatspi are system packages. It answers JSON
commands, one per line on stdin, with one JSON line on stdout, and records
every AT-SPI event of the kinds screen readers act on (focus, announcements,
menus appearing, text caret and selection) for the commands that ask for them.

Commands (``{"cmd": NAME, ...}``):
  wait_app   name, timeout     wait until the application's frame is on the bus
  activate                     give the window the keyboard (xdotool windowfocus)
  tree       [max_children]    the frame's accessible tree (role, name, states, …)
  find       role, name        one object (the first whose name starts with ``name``)
  wait_find  role, name, timeout   the same, waiting for it to appear
  text       role, name        an object's whole text (the Text interface)
  mark                         how many events so far (the start for ``wait_event``)
  events     since             the events recorded since that mark
  wait_event since, type, [role], [name], [contains], timeout
  keys       keys              xdotool key names, pressed in turn ("Tab", "alt+f")
  type       text              typed as keystrokes
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from typing import Any

import pyatspi
from gi.repository import GLib

EVENT_TYPES = (
    "focus:",
    "object:state-changed:focused",
    "object:state-changed:showing",
    "object:state-changed:checked",
    "object:state-changed:expanded",
    "object:announcement",
    "object:text-caret-moved",
    "object:text-selection-changed",
    "object:selection-changed",
    "window:activate",
)

_events: list[dict[str, Any]] = []
_app: Any = None
_window_id: str | None = None


def _safe(call: Any, default: Any = "") -> Any:
    try:
        return call()
    except Exception:  # the object went away while being read: report it empty
        return default


def _record(event: Any) -> None:
    source = event.source
    _events.append(
        {
            "type": event.type,
            "role": _safe(lambda: source.getRoleName()),
            "name": _safe(lambda: source.name),
            "detail1": event.detail1,
            "detail2": event.detail2,
            "data": _safe(lambda: event.any_data if isinstance(event.any_data, str) else ""),
            "app": _safe(lambda: source.getApplication().name),
        }
    )


def _states(node: Any) -> list[str]:
    states = _safe(lambda: node.getState().getStates(), [])
    return sorted(pyatspi.stateToString(s) for s in states)


def _relations(node: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for relation in _safe(lambda: node.getRelationSet(), []):
        kind = _safe(lambda r=relation: r.getRelationType().value_nick, "")
        targets = [
            _safe(lambda r=relation, i=i: r.getTarget(i).name)
            for i in range(_safe(lambda r=relation: r.getNTargets(), 0))
        ]
        found.setdefault(kind, []).extend(targets)
    return found


def describe(node: Any) -> dict[str, Any]:
    attributes = _safe(lambda: node.getAttributes(), [])
    return {
        "role": _safe(lambda: node.getRoleName()),
        "name": _safe(lambda: node.name),
        "description": _safe(lambda: node.description),
        "states": _states(node),
        "relations": _relations(node),
        "attributes": dict(a.split(":", 1) for a in attributes if ":" in a),
    }


def tree(node: Any, max_children: int, depth: int = 0) -> dict[str, Any]:
    found = describe(node)
    count = _safe(lambda: node.childCount, 0)
    if depth < 40:
        found["children"] = [
            tree(child, max_children, depth + 1)
            for i in range(min(count, max_children))
            if (child := _safe(lambda i=i: node.getChildAtIndex(i), None)) is not None
        ]
    return found


def _walk(node: Any, depth: int = 0) -> Any:
    yield node
    if depth < 40:
        for i in range(_safe(lambda: node.childCount, 0)):
            child = _safe(lambda i=i: node.getChildAtIndex(i), None)
            if child is not None:
                yield from _walk(child, depth + 1)


def _frame() -> Any:
    for i in range(_safe(lambda: _app.childCount, 0)):
        child = _app.getChildAtIndex(i)
        if _safe(lambda c=child: c.getRoleName()) == "frame":
            return child
    return None


def _find(role: str, name: str) -> Any:
    frame = _frame()
    roots = [frame] if frame is not None else []
    roots += [
        c
        for i in range(_safe(lambda: _app.childCount, 0))
        if (c := _app.getChildAtIndex(i)) is not None and c is not frame
    ]
    for root in roots:
        for node in _walk(root):
            if _safe(lambda n=node: n.getRoleName()) == role and (
                _safe(lambda n=node: n.name) or ""
            ).startswith(name):
                return node
    return None


def window_tree(command: dict[str, Any]) -> dict[str, Any]:
    """The tree of the app's top-level window (a dialog) whose name starts with ``name``."""
    deadline = time.monotonic() + command.get("timeout", 10)
    while True:
        for i in range(_safe(lambda: _app.childCount, 0)):
            child = _safe(lambda i=i: _app.getChildAtIndex(i), None)
            if child is not None and (_safe(lambda c=child: c.name) or "").startswith(
                command["name"]
            ):
                return {"ok": True, "tree": tree(child, command.get("max_children", 400))}
        if time.monotonic() >= deadline:
            names = [
                _safe(lambda i=i: _app.getChildAtIndex(i).name) for i in range(_app.childCount)
            ]
            return {"ok": False, "error": f"no window named {command['name']!r}; have {names}"}
        _pump(0.2)


def _pump(seconds: float) -> None:
    context = GLib.MainContext.default()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        while context.pending():
            context.iteration(False)
        time.sleep(0.01)


def _matches(event: dict[str, Any], command: dict[str, Any]) -> bool:
    if not event["type"].startswith(command["type"]):
        return False
    if "role" in command and event["role"] != command["role"]:
        return False
    if "name" in command and not (event["name"] or "").startswith(command["name"]):
        return False
    if "detail1" in command and event["detail1"] != command["detail1"]:
        return False
    text = f"{event['name']} {event['data']}"
    return "contains" not in command or command["contains"] in text


def wait_app(command: dict[str, Any]) -> dict[str, Any]:
    global _app
    deadline = time.monotonic() + command.get("timeout", 60)
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(_safe(lambda d=desktop: d.childCount, 0)):
            app = _safe(lambda i=i, d=desktop: d.getChildAtIndex(i), None)
            if app is not None and _safe(lambda a=app: a.name) == command["name"]:
                _app = app
                if _frame() is not None:
                    return {"ok": True}
        _pump(0.2)
    return {"ok": False, "error": "the application never appeared on the accessibility bus"}


def activate(_command: dict[str, Any]) -> dict[str, Any]:
    global _window_id
    found = subprocess.run(
        ["xdotool", "search", "--sync", "--onlyvisible", "--name", "^IMH Library$"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    _window_id = found.stdout.split()[0] if found.stdout.split() else None
    if _window_id is None:
        return {"ok": False, "error": "no window"}
    before = len(_events)
    subprocess.run(["xdotool", "windowfocus", "--sync", _window_id], timeout=30, check=False)
    # The window's own activation can reach Qt after the X focus moved: a key
    # sent before it lands in a menu that the late activation then closes (seen
    # in CI: Alt+F opened File, the activation shut it, the next key went to the
    # search box). Wait for it, and for the quiet after it.
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and not any(
        event["type"] == "window:activate" for event in _events[before:]
    ):
        _pump(0.05)
    _pump(0.3)
    return {"ok": True}


def wait_event(command: dict[str, Any]) -> dict[str, Any]:
    deadline = time.monotonic() + command.get("timeout", 10)
    seen = command.get("since", 0)
    while True:
        for event in _events[seen:]:
            if _matches(event, command):
                return {"ok": True, "event": event}
        seen = len(_events)
        if time.monotonic() >= deadline:
            return {"ok": False, "events": _events[command.get("since", 0) :]}
        _pump(0.05)


def keys(command: dict[str, Any]) -> dict[str, Any]:
    for key in command["keys"]:
        subprocess.run(["xdotool", "key", "--clearmodifiers", key], timeout=30, check=True)
        _pump(command.get("pause", 0.15))
    return {"ok": True}


def type_text(command: dict[str, Any]) -> dict[str, Any]:
    subprocess.run(["xdotool", "type", "--delay", "40", command["text"]], timeout=60, check=True)
    _pump(0.1)
    return {"ok": True}


def text(command: dict[str, Any]) -> dict[str, Any]:
    node = _find(command["role"], command["name"])
    if node is None:
        return {"ok": False, "error": "not found"}
    body = node.queryText()
    return {"ok": True, "text": body.getText(0, body.characterCount)}


def handle(command: dict[str, Any]) -> dict[str, Any]:
    name = command["cmd"]
    if name == "wait_app":
        return wait_app(command)
    if name == "activate":
        return activate(command)
    if name == "tree":
        frame = _frame()
        return {"ok": frame is not None, "tree": tree(frame, command.get("max_children", 400))}
    if name == "window_tree":
        return window_tree(command)
    if name == "find":
        node = _find(command["role"], command["name"])
        return {"ok": node is not None, "node": describe(node) if node is not None else None}
    if name == "text":
        return text(command)
    if name == "wait_find":
        deadline = time.monotonic() + command.get("timeout", 10)
        while (node := _find(command["role"], command["name"])) is None:
            if time.monotonic() >= deadline:
                return {"ok": False}
            _pump(0.2)
        return {"ok": True, "node": describe(node)}
    if name == "mark":
        _pump(command.get("settle", 0.3))
        return {"ok": True, "mark": len(_events)}
    if name == "events":
        _pump(command.get("settle", 0.3))
        return {"ok": True, "events": _events[command.get("since", 0) :]}
    if name == "wait_event":
        return wait_event(command)
    if name == "keys":
        return keys(command)
    if name == "type":
        return type_text(command)
    return {"ok": False, "error": f"unknown command {name}"}


def main() -> None:
    for kind in EVENT_TYPES:
        pyatspi.Registry.registerEventListener(_record, kind)
    print(json.dumps({"ok": True, "ready": True}), flush=True)
    stdin = sys.stdin.fileno()
    buffer = b""
    while True:
        readable, _, _ = select.select([stdin], [], [], 0.02)
        _pump(0)
        if not readable:
            continue
        chunk = os.read(stdin, 65536)
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            try:
                reply = handle(json.loads(line))
            except Exception as error:  # report, never die: the test reads the reason
                reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
            print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
