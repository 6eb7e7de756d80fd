"""Linux trims of the frozen folder that a PyInstaller spec cannot express.

Run by ``build.py`` after PyInstaller, before the link check. Each step returns the bytes it
saved, verifies its own result and leaves the file as it was when it cannot:

- ``strip_symbols``: symbol tables and debug info out of the shared objects that carry them
  (not the ones wheels vendor and patch: GNU strip corrupts those, see STRIP_NEVER).
- ``trim_icu_data``: libicudata rebuilt with only the ICU data Qt Core can use for an
  English app (32 MB -> ~9 MB); needs a C compiler.
- ``stub_qml``: QtQuick/QtQml replaced by stubs exporting the few symbols the FFmpeg media
  plugin links (~16 MB); needs a C compiler.

binutils (``strip``, ``nm``, ``readelf``) and ``cc`` come with any Linux build machine
(GitHub's ubuntu runners have them); without them a step prints why it skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

# Vendored by auditwheel (numpy.libs: OpenBLAS, libgfortran) or shipped pre-patched in the Qt
# wheel (FFmpeg): strip makes them unloadable ("ELF load command address/offset not
# page-aligned"). They are stripped already or nearly so.
STRIP_NEVER = ("*.libs/*", "*/libav*.so*", "*/libsw*.so*")


def elf_files(folder: Path) -> list[Path]:
    """Every regular (not symlinked) ELF file under ``folder``."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) == b"\x7fELF":
                found.append(path)
    return found


def tool(name: str) -> str | None:
    return shutil.which(name)


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def section_names(path: Path) -> set[str]:
    text = run("readelf", "-S", "-W", str(path))
    return set(re.findall(r"\]\s+(\.\S+)", text))


def maps(path: Path) -> bool:
    """The dynamic loader can still map the file (what a corrupting strip breaks)."""
    result = subprocess.run(["ldd", str(path)], capture_output=True, text=True)
    text = result.stdout + result.stderr
    return "not a dynamic executable" not in text and "not page-aligned" not in text


# --- strip ----------------------------------------------------------------------------------


def strip_symbols(folder: Path) -> int:
    """``strip --strip-unneeded`` every shared object that has a symbol table or debug info.

    Each stripped file must still map, or the original comes back.
    """
    if not (tool("strip") and tool("readelf") and tool("ldd")):
        print("strip: binutils not found, nothing stripped")
        return 0
    saved, restored = 0, []
    for path in elf_files(folder):
        relative = path.relative_to(folder).as_posix()
        if ".so" not in path.name or any(fnmatch(relative, p) for p in STRIP_NEVER):
            continue
        sections = section_names(path)
        if ".symtab" not in sections and not any(s.startswith(".debug") for s in sections):
            continue
        original = path.read_bytes()
        subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
        if maps(path):
            saved += len(original) - path.stat().st_size
        else:
            path.write_bytes(original)
            restored.append(relative)
    if restored:
        print(f"strip: left {len(restored)} files as they were (stripped, they would not load)")
    return saved


# --- ICU data -------------------------------------------------------------------------------

# ICU's "common data" package: a header, then a table of contents (count, then name and data
# offsets relative to the table), item names, and the 16-byte aligned items.
# Qt Core is the only bundled library linking ICU; it calls case mapping, converters,
# collation and calendar/time-zone names. Trees none of those read go whole; locale data
# stays for root and English, the app's only language (other locales fall back to root).
ICU_DROP_TREES = ("brkitr/", "translit/", "rbnf/", "unit/", "curr/")
LOCALE_RESOURCE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*\.res$")


def keep_icu_item(item: str) -> bool:
    """``item`` is a path inside the package, e.g. ``coll/de.res`` or ``zoneinfo64.res``."""
    if item.startswith(ICU_DROP_TREES):
        return False
    base = item.rsplit("/", 1)[-1]
    if LOCALE_RESOURCE.match(base):
        return base == "en.res" or base.startswith("en_")
    return True  # root.res, pool.res, supplemental data, converters, normalisation...


@dataclass(frozen=True)
class CommonData:
    header: bytes
    items: list[tuple[str, bytes]]  # (full name, bytes), in table (name) order


def read_common_data(blob: bytes) -> CommonData:
    header_size = struct.unpack_from("<H", blob, 0)[0]
    if blob[2:4] != b"\xda\x27" or blob[12:16] != b"CmnD" or blob[8] != 0:
        raise ValueError("not little-endian ICU common data")
    count = struct.unpack_from("<I", blob, header_size)[0]
    entries = []
    for index in range(count):
        name_at, data_at = struct.unpack_from("<II", blob, header_size + 4 + 8 * index)
        start = header_size + name_at
        entries.append((blob[start : blob.index(b"\0", start)].decode("ascii"), data_at))
    ends = [*sorted(data_at for _, data_at in entries), len(blob) - header_size]
    end_of = {start: ends[i + 1] for i, start in enumerate(ends[:-1])}
    items = [(name, blob[header_size + at : header_size + end_of[at]]) for name, at in entries]
    return CommonData(blob[:header_size], items)


def write_common_data(data: CommonData) -> bytes:
    def padded(size: int) -> int:
        return (size + 15) & ~15

    table_at = len(data.header)
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in data.items)
    first_item = padded(table_at + 4 + 8 * len(data.items) + len(names))
    table, name_at, item_at = bytearray(struct.pack("<I", len(data.items))), 0, first_item
    for name, item in data.items:
        table += struct.pack("<II", 4 + 8 * len(data.items) + name_at, item_at - table_at)
        name_at += len(name) + 1
        item_at = padded(item_at + len(item))
    out = bytearray(data.header + table + names)
    for _, item in data.items:
        out += b"\0" * (padded(len(out)) - len(out)) + item
    return bytes(out)


def symbol_bytes(library: Path, symbol: str) -> bytes:
    """The bytes of an exported data symbol, found through the section that holds it."""
    line = next(
        line for line in run("nm", "-D", "-S", str(library)).splitlines() if line.endswith(symbol)
    )
    address, size = (int(part, 16) for part in line.split()[:2])
    for match in re.finditer(
        r"\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)",
        run("readelf", "-S", "-W", str(library)),
    ):
        start, offset, length = (int(part, 16) for part in match.groups())
        if start <= address < start + length:
            at = offset + address - start
            return library.read_bytes()[at : at + size]
    raise ValueError(f"{symbol} is in no section of {library.name}")


def compile_shared(source: Path, output: Path, soname: str, *extra: str) -> None:
    subprocess.run(
        ["cc", "-shared", "-fPIC", "-O1", "-o", str(output), str(source),
         f"-Wl,-soname,{soname}", *extra],
        check=True,
    )  # fmt: skip


def icu_users(folder: Path) -> set[str]:
    return {
        path.name
        for path in elf_files(folder)
        if not path.name.startswith("libicu") and "libicu" in run("readelf", "-d", str(path))
    }


def trim_icu_data(folder: Path) -> int:
    if not (tool("cc") and tool("nm") and tool("readelf")):
        print("icu: no C compiler or binutils, ICU data left whole")
        return 0
    libraries = [p for p in elf_files(folder) if p.name.startswith("libicudata.so.")]
    if len(libraries) != 1:
        return 0
    library = libraries[0]
    if icu_users(folder) != {"libQt6Core.so.6"}:
        print(f"icu: linked by {sorted(icu_users(folder))}, not only Qt Core; left whole")
        return 0
    version = library.name.rsplit(".", 1)[-1]
    symbol = f"icudt{version}_dat"
    data = read_common_data(symbol_bytes(library, symbol))
    prefix = f"icudt{version}l/"
    kept = [(name, item) for name, item in data.items if keep_icu_item(name.removeprefix(prefix))]
    trimmed = write_common_data(CommonData(data.header, kept))
    if [name for name, _ in read_common_data(trimmed).items] != [name for name, _ in kept]:
        raise SystemExit("icu: the trimmed data does not read back")
    before = library.stat().st_size
    with tempfile.TemporaryDirectory(prefix="imh-icu-") as scratch:
        blob, source = Path(scratch) / "icudata.dat", Path(scratch) / "icudata.S"
        blob.write_bytes(trimmed)
        source.write_text(
            f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n"
            f'\t.balign 16\n{symbol}:\n\t.incbin "{blob}"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n'
        )
        output = Path(scratch) / library.name
        compile_shared(source, output, library.name, "-nostdlib")
        shutil.copyfile(output, library)
    print(f"icu: kept {len(kept)} of {len(data.items)} data items")
    return before - library.stat().st_size


# --- QtQuick / QtQml stubs ------------------------------------------------------------------

# The FFmpeg media plugin of the Qt 6.11 wheels links QtQuick (for capturing a QQuickWindow's
# contents, which an app without QML never does) and QtQml; nothing else we ship does.
QML_FAMILY = (
    "libQt6Quick.so.6",
    "libQt6Qml.so.6",
    "libQt6QmlModels.so.6",
    "libQt6QmlMeta.so.6",
    "libQt6QmlWorkerScript.so.6",
)
DATA_TYPES = set("BbDdGgRrSsVv")


@dataclass(frozen=True)
class Symbol:
    name: str
    version: str
    is_data: bool
    size: int


def needed(path: Path) -> set[str]:
    return set(
        re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", run("readelf", "-d", str(path)))
    )


def undefined(path: Path) -> set[str]:
    """``name@version`` (or bare name) of each symbol ``path`` takes from elsewhere."""
    return {
        line.split()[-1] for line in run("nm", "-D", "--undefined-only", str(path)).splitlines()
    }


def exported(path: Path) -> dict[str, Symbol]:
    symbols = {}
    for line in run("nm", "-D", "-S", "--defined-only", str(path)).splitlines():
        parts = line.split()
        if len(parts) != 4:
            continue
        name, _, version = parts[3].partition("@@")
        size = int(parts[1], 16)
        symbols[name] = Symbol(name, version, parts[2] in DATA_TYPES, size)
    return symbols


def required_versions(dependant: Path, soname: str) -> set[str]:
    text = run("readelf", "-V", "-W", str(dependant))
    versions, current = set(), None
    for line in text.splitlines():
        file_match = re.search(r"File: (\S+)", line)
        if file_match:
            current = file_match.group(1)
        elif current == soname and (name := re.search(r"Name: (\S+)", line)):
            versions.add(name.group(1))
    return versions


# Routines a stub must really perform: numpy's import checks that a dot product of two
# float32 vectors gives 2.0 (numpy/__init__.py ``_sanity_check``), so the vector dot
# products are written out (ILP64: OpenBLAS's 64_ names take 64-bit sizes and strides).
_DOT = """{ctype} {name}(long long n, const {ctype} *x, long long incx,
    const {ctype} *y, long long incy) {{
    {ctype} sum = 0;
    for (long long i = 0; i < n; i++) sum += x[i * incx] * y[i * incy];
    return sum;
}}"""
WORKING_STUBS = {
    "scipy_cblas_sdot64_": _DOT.format(ctype="float", name="scipy_cblas_sdot64_"),
    "scipy_cblas_ddot64_": _DOT.format(ctype="double", name="scipy_cblas_ddot64_"),
}


def stub_source(soname: str, symbols: list[Symbol]) -> str:
    lines = [
        "#include <stdio.h>",
        "#include <stdlib.h>",
        "static void imh_missing(const char *name) {",
        f'    fprintf(stderr, "IMH Library: {soname} is a stub; %s was called\\n", name);',
        "    abort();",
        "}",
    ]
    for number, symbol in enumerate(symbols):
        if symbol.name in WORKING_STUBS:
            lines.append(WORKING_STUBS[symbol.name])
        elif symbol.is_data:
            # Only ever compared by address (qobject_cast against staticMetaObject).
            lines.append(
                f"__attribute__((aligned(16))) char imh_data_{number}[{max(symbol.size, 1)}]"
                f' __asm__("{symbol.name}");'
            )
        else:
            lines.append(f'void imh_call_{number}(void) __asm__("{symbol.name}");')
            lines.append(f'void imh_call_{number}(void) {{ imh_missing("{symbol.name}"); }}')
    return "\n".join(lines) + "\n"


def version_script(symbols: list[Symbol], versions: set[str]) -> str:
    """One node per symbol version the users ask for; every other symbol stays local."""
    nodes = sorted(versions | {s.version for s in symbols if s.version})
    blocks = []
    for index, node in enumerate(nodes):
        names = "".join(f" {s.name};" for s in symbols if s.version == node)
        body = (f"global:{names}" if names else "") + (" local: *;" if index == 0 else "")
        blocks.append(f"{node} {{ {body} }};")
    return "\n".join(blocks) + "\n"


def dependants_of(soname: str, others: list[Path]) -> list[Path]:
    return [path for path in others if soname in needed(path)]


# An extension module takes the Python API from the interpreter that loads it, not from a
# library it links, so ``ldd -r`` always reports those as undefined.
PYTHON_API = re.compile(r"undefined symbol: _?Py")


def unresolved(dependant: Path, folder: Path) -> list[str]:
    internal = folder / "_internal"
    env = {"LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6/Qt/lib'}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(["ldd", "-r", str(dependant)], env=env, capture_output=True, text=True)
    return [
        line.strip()
        for line in (result.stdout + result.stderr).splitlines()
        if ("undefined symbol" in line and f"({dependant}" in line and not PYTHON_API.search(line))
        or "version `" in line
    ]


def remove_with_links(library: Path, folder: Path) -> int:
    size = library.stat().st_size
    for link in folder.rglob(library.name):
        if link.is_symlink() and link.resolve() == library.resolve():
            link.unlink()
    library.unlink()
    return size


def build_stub(library: Path, users: list[Path], scratch: Path) -> tuple[Path, int]:
    """A library with ``library``'s name exporting just what ``users`` take from it."""
    soname = library.name
    wanted = {item.split("@")[0] for user in users for item in undefined(user)}
    symbols = [s for name, s in sorted(exported(library).items()) if name in wanted]
    versions = set().union(*(required_versions(user, soname) for user in users))
    source = scratch / f"{soname}.c"
    source.write_text(stub_source(soname, symbols))
    extra = []
    if versions or any(s.version for s in symbols):
        script = scratch / f"{soname}.map"
        script.write_text(version_script(symbols, versions))
        extra.append(f"-Wl,--version-script={script}")
    output = scratch / soname
    compile_shared(source, output, soname, *extra)
    return output, len(symbols)


def stub_family(folder: Path, label: str, family_names: tuple[str, ...]) -> int:
    """Stub the libraries of a family that something outside it links; remove the others."""
    if not (tool("cc") and tool("nm") and tool("readelf")):
        print(f"{label}: no C compiler or binutils, left as they are")
        return 0
    elves = elf_files(folder)

    def in_family(path: Path) -> bool:
        return any(fnmatch(path.name, pattern) for pattern in family_names)

    family = {path.name: path for path in elves if in_family(path)}
    others = [path for path in elves if not in_family(path)]
    users = {name: [p for p in others if name in needed(p)] for name in family}
    originals = {name: family[name].read_bytes() for name in family if users[name]}
    saved, report = 0, []
    with tempfile.TemporaryDirectory(prefix=f"imh-{label}-") as scratch:
        for name in originals:
            stub, count = build_stub(family[name], users[name], Path(scratch))
            shutil.copyfile(stub, family[name])
            saved += len(originals[name]) - family[name].stat().st_size
            report.append(f"{name} stubbed ({count} symbols)")
    problems = [
        problem
        for name in originals
        for user in users[name]
        for problem in unresolved(user, folder)
    ]
    if problems:
        for name, content in originals.items():
            family[name].write_bytes(content)
        print(f"{label}: the stubs would leave symbols unresolved; originals kept:", problems[:5])
        return 0
    for name in family:
        if not users[name]:
            saved += remove_with_links(family[name], folder)
            report.append(f"{name} removed")
    print(f"{label}:", "; ".join(report))
    return saved


def stub_qml(folder: Path) -> int:
    return stub_family(folder, "qml", QML_FAMILY)


# numpy's wheel links OpenBLAS (with gfortran and quadmath) for matrix products and
# numpy.linalg; the search engine only adds, compares and sorts arrays, so a stub that
# aborts with a message if a BLAS or LAPACK routine is ever called stands in for 28 MB.
OPENBLAS_FAMILY = ("libscipy_openblas*.so*", "libgfortran*.so*", "libquadmath*.so*")


def stub_openblas(folder: Path) -> int:
    return stub_family(folder, "openblas", OPENBLAS_FAMILY)


# --- one OpenSSL ----------------------------------------------------------------------------

# psycopg's binary wheel brings its own OpenSSL 3 for libpq (and its LDAP client), beside the
# one Python's ssl and hashlib modules bring. libpq asks only for OpenSSL 3.0's symbol
# version, so it can use Python's copy when that provides every version asked for.
OPENSSL_NAMES = {"libcrypto": "libcrypto.so.3", "libssl": "libssl.so.3"}


def versions_defined(library: Path) -> set[str]:
    text = run("readelf", "-V", "-W", str(library))
    section = text.split(".gnu.version_d", 1)[-1].split(".gnu.version_r", 1)[0]
    return set(re.findall(r"Name: (\S+)", section))


def share_openssl(folder: Path) -> int:
    """Point psycopg's vendored OpenSSL at the bundle's other copy when it is compatible."""
    internal = folder / "_internal"
    wheel_libs = internal / "psycopg_binary.libs"
    vendored = sorted(wheel_libs.glob("libssl-*.so*")) + sorted(wheel_libs.glob("libcrypto-*.so*"))
    others = [path for path in elf_files(folder) if path not in vendored]
    saved, originals = 0, {}
    for library in vendored:
        shared = internal / OPENSSL_NAMES.get(library.name.split("-")[0], "")
        users = dependants_of(library.name, others)
        wanted = set().union(*(required_versions(user, library.name) for user in users))
        if not shared.is_file() or not wanted <= versions_defined(shared):
            print(f"openssl: {library.name} kept (asks for {sorted(wanted)})")
            continue
        originals[library] = library.read_bytes()
        library.unlink()
        library.symlink_to(os.path.relpath(shared, library.parent))
        saved += len(originals[library])
    problems = [
        p
        for lib in originals
        for u in dependants_of(lib.name, others)
        for p in unresolved(u, folder)
    ]
    if problems:
        for library, content in originals.items():
            library.unlink()
            library.write_bytes(content)
        print("openssl: sharing would leave symbols unresolved; copies kept:", problems[:5])
        return 0
    print("openssl:", ", ".join(sorted(lib.name for lib in originals)) or "nothing", "shared")
    return saved
