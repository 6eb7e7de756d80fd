"""The real window on a virtual screen, read over AT-SPI as Orca reads it.

Each test gets its own X server (Xvfb), its own D-Bus session (so the AT-SPI
registry is private to it) and a fresh library folder; the window runs as the
app runs for a user (``imh-library gui``) with Qt's accessibility bridge on.
``atspi_reader.py`` runs under the system's Python 3, which has pyatspi.

Missing tools skip these tests with the reason, unless ``CI`` is set: CI
installs them (``.ci/run``), so there a missing tool is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
REPO = HERE.parent.parent
READER = HERE / "atspi_reader.py"
SYSTEM_PYTHON = "/usr/bin/python3"
START_TIMEOUT = 90


def missing_tools() -> list[str]:
    """What the AT-SPI tests need and this machine lacks (apt package names)."""
    missing = [
        package
        for tool, package in (
            ("Xvfb", "xvfb"),
            ("dbus-daemon", "dbus"),
            ("xdotool", "xdotool"),
        )
        if shutil.which(tool) is None
    ]
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        missing.append("at-spi2-core")
    has_pyatspi = Path(SYSTEM_PYTHON).exists() and (
        subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False
        ).returncode
        == 0
    )
    if not has_pyatspi:
        missing.append("python3-pyatspi")
    return missing


def require_tools() -> None:
    missing = missing_tools()
    if not missing:
        return
    reason = "the AT-SPI tests need " + ", ".join(missing) + " (apt-get install them)"
    if os.environ.get("CI"):
        pytest.fail(reason + "; CI must install them (.ci/run)", pytrace=False)
    pytest.skip(reason)


class Desktop:
    """A virtual screen and a private D-Bus session bus."""

    def __init__(self) -> None:
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            self.display = ":" + pipe.readline().strip()
        self.dbus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.dbus.stdout is not None
        self.bus_address = self.dbus.stdout.readline().strip()

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DISPLAY=self.display,
            DBUS_SESSION_BUS_ADDRESS=self.bus_address,
            QT_QPA_PLATFORM="xcb",
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
            NO_AT_BRIDGE="0",
        )
        env.pop("QT_ACCESSIBILITY", None)
        return env

    def close(self) -> None:
        if self.dbus.stdout is not None:
            self.dbus.stdout.close()
        for process in (self.dbus, self.xvfb):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Reader:
    """The window as assistive technology sees it: commands to ``atspi_reader.py``."""

    def __init__(self, desktop: Desktop, data_dir: Path, settings: dict[str, str]) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        if settings:
            lines = ["[appearance]", *(f"{k}={v}" for k, v in settings.items())]
            (data_dir / "settings.ini").write_text("\n".join(lines) + "\n", encoding="utf-8")
        env = desktop.env()
        self.app_log = data_dir.parent / "app-stderr.txt"
        with self.app_log.open("wb") as log:
            self.app = subprocess.Popen(
                [sys.executable, "-m", "desktop_app.cli", "gui", "--data-dir", str(data_dir)],
                env=env,
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        self.reader = subprocess.Popen(
            [SYSTEM_PYTHON, str(READER)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self._reply()["ready"]
        started = self.call("wait_app", name="IMH Library", timeout=START_TIMEOUT)
        if not started["ok"]:
            self.close()
            raise AssertionError(started["error"] + self._app_errors())
        # The window is usable once the search index answers (the status bar says so).
        ready = self.call("wait_find", role="label", name="Search index ready", timeout=60)
        assert ready["ok"], "the search index never became ready" + self._app_errors()
        assert self.call("activate")["ok"]

    def _app_errors(self) -> str:
        errors = self.app_log.read_text(encoding="utf-8", errors="replace").strip()
        return f"; the app wrote: {errors}" if errors else ""

    def _reply(self) -> dict[str, Any]:
        assert self.reader.stdout is not None
        line = self.reader.stdout.readline()
        if not line:
            raise AssertionError("the AT-SPI reader stopped" + self._app_errors())
        reply: dict[str, Any] = json.loads(line)
        return reply

    def call(self, cmd: str, **arguments: Any) -> dict[str, Any]:
        assert self.reader.stdin is not None
        self.reader.stdin.write(json.dumps({"cmd": cmd, **arguments}) + "\n")
        self.reader.stdin.flush()
        return self._reply()

    # --- what tests use ---------------------------------------------------------------

    def tree(self) -> dict[str, Any]:
        reply = self.call("tree")
        assert reply["ok"], reply
        tree: dict[str, Any] = reply["tree"]
        return tree

    def window_tree(self, name: str) -> dict[str, Any]:
        """A dialog or second window of the app, by the start of its title."""
        reply = self.call("window_tree", name=name)
        assert reply["ok"], reply.get("error")
        tree: dict[str, Any] = reply["tree"]
        return tree

    def find(self, role: str, name: str) -> dict[str, Any]:
        reply = self.call("find", role=role, name=name)
        assert reply["ok"], f"no {role} named {name!r} over AT-SPI"
        node: dict[str, Any] = reply["node"]
        return node

    def text(self, role: str, name: str) -> str:
        reply = self.call("text", role=role, name=name)
        assert reply["ok"], reply
        return str(reply["text"])

    def mark(self) -> int:
        return int(self.call("mark")["mark"])

    def keys(self, *names: str, pause: float = 0.15) -> None:
        assert self.call("keys", keys=list(names), pause=pause)["ok"]

    def type(self, text: str) -> None:
        assert self.call("type", text=text)["ok"]

    def wait_event(self, since: int, type: str, timeout: float = 15, **match: Any) -> dict:
        reply = self.call("wait_event", since=since, type=type, timeout=timeout, **match)
        assert reply["ok"], f"no {type} event matching {match}; saw {reply.get('events')}"
        event: dict[str, Any] = reply["event"]
        return event

    def events(self, since: int, settle: float = 0.5) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = self.call("events", since=since, settle=settle)["events"]
        return events

    def focused(self, since: int, settle: float = 0.5) -> dict[str, Any] | None:
        """The object the last focus event since ``since`` went to (what Orca speaks)."""
        gained = [
            e
            for e in self.events(since, settle)
            if e["type"] == "object:state-changed:focused" and e["detail1"] == 1
        ]
        return gained[-1] if gained else None

    def close(self) -> None:
        if self.reader.stdin is not None:
            self.reader.stdin.close()
        for process in (self.reader, self.app):
            if process.poll() is None:
                if process is self.app:
                    os.killpg(process.pid, signal.SIGTERM)
                else:
                    process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.reader.stdout is not None:
            self.reader.stdout.close()


@pytest.fixture
def desktop() -> Iterator[Desktop]:
    require_tools()
    screen = Desktop()
    try:
        yield screen
    finally:
        screen.close()


@pytest.fixture
def open_reader(desktop: Desktop, tmp_path: Path) -> Iterator[Any]:
    """Start the window (optionally with appearance settings) and read it over AT-SPI."""
    started: list[Reader] = []

    def start(**settings: str) -> Reader:
        reader = Reader(desktop, tmp_path / "library", settings)
        started.append(reader)
        return reader

    yield start
    for reader in started:
        reader.close()


@pytest.fixture
def reader(open_reader: Any) -> Reader:
    reader: Reader = open_reader()
    return reader
