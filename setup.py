"""Build script: compiles the rendered-list parser with mypyc when it can.

The modules below are plain, fully typed Python; mypyc turns them into C
extensions. Measured after the record-building refactor (issue 10: best of
five parses of 20,000 generated entries, the wheel against the pure build in
one run, on the 2-core AMD EPYC machine): 107 µs an entry compiled against
174 µs pure, 1.6 times faster. Each module earns its place, measured by
leaving it out: names, dates and pages together 14 % (125 µs without them),
``build`` (the one way records are built, slot by slot) 11 % (120 µs). The
feature extraction of the two CRFs (``learned/features.py``,
``learned/names.py``) is compiled too: the wheel reads references in other
styles at 1,073 a second against 891 pure (``benchmarks/parse.py``, one run,
2026-12-02; the share of these two modules alone was not measured). The
rest of the package stays pure Python: its time is in pybtex, json,
rapidfuzz and the network. The compiled build is an accelerator, never a
requirement:

* ``LDNREFS_PURE_PYTHON=1`` skips it;
* an editable install (``pip install -e .``) skips it, so that edits to the
  sources take effect without a rebuild (``LDNREFS_COMPILE=1`` forces it);
* if mypyc or a C compiler is missing or fails, the package is built from the
  same sources as pure Python, with a warning.

All metadata lives in ``pyproject.toml``.
"""

from __future__ import annotations

import glob
import os
import sys
import warnings

from setuptools import setup
from setuptools.command.build_ext import build_ext

COMPILED = [
    "ldnrefs/readers/rendered.py",
    "ldnrefs/names.py",
    "ldnrefs/dates.py",
    "ldnrefs/pages.py",
    "ldnrefs/identifiers.py",
    "ldnrefs/build.py",
    "ldnrefs/learned/features.py",
    "ldnrefs/learned/names.py",
    "ldnrefs/numbers.py",
]


# Commands that build code; metadata-only runs (egg_info, dist_info) skip mypyc.
_BUILDING = {"bdist_wheel", "build", "build_ext", "install"}


def _wanted() -> bool:
    if os.environ.get("LDNREFS_PURE_PYTHON"):
        return False
    if "editable_wheel" in sys.argv:
        return bool(os.environ.get("LDNREFS_COMPILE"))
    return bool(_BUILDING.intersection(sys.argv))


def _remove_in_place_builds() -> None:
    """An editable install of the sources drops compiled modules an earlier
    ``LDNREFS_COMPILE=1`` editable install left beside them: they would shadow the sources."""
    stale = glob.glob("ldnrefs__mypyc*.so") + [
        found for path in COMPILED for found in glob.glob(path.removesuffix(".py") + ".*.so")
    ]
    for path in stale:
        os.remove(path)
        warnings.warn(f"ldnrefs: removed {path}, left by a compiled editable install", stacklevel=1)


def _extensions() -> list:
    if not _wanted():
        if "editable_wheel" in sys.argv:
            _remove_in_place_builds()
        return []
    try:
        from mypyc.build import mypycify

        # The build environment has only the build requirements: packages the
        # compiled modules never import (rapidfuzz, mwparserfromhell) are unknown there.
        return mypycify(["--ignore-missing-imports", *COMPILED], opt_level="3", debug_level="0", group_name="ldnrefs")
    except (Exception, SystemExit) as error:  # a type error or a missing mypyc: build pure Python
        warnings.warn(f"ldnrefs: building without mypyc ({error!r})", stacklevel=1)
        return []


class OptionalBuildExt(build_ext):
    """Compile the extensions if possible; without a working C compiler, ship pure Python."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:
            for output in self.get_outputs():  # nothing half-built goes into the wheel
                if os.path.exists(output):
                    os.remove(output)
            self.extensions = []
            warnings.warn(f"ldnrefs: C extensions not built, using pure Python ({error!r})", stacklevel=1)


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
