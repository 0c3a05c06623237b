"""Shared test configuration: hypothesis profiles, golden-file updating, paths."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, settings

DATA = Path(__file__).parent / "data"
SEED = Path(__file__).parents[1] / "ldnrefs" / "data" / "low-dose-naltrexone.txt"
CSL_SCHEMA = json.loads((Path(__file__).parents[1] / "ldnrefs" / "data" / "csl-data.json").read_text(encoding="utf-8"))
CSL_VALIDATOR = jsonschema.Draft7Validator(CSL_SCHEMA)
"""The CSL-JSON schema shipped with the package (every CSL-JSON output must pass it)."""

settings.register_profile("default", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "default")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite expected golden files from the current output (review the diff before committing)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def no_real_services(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach a real service: every default base URL points at a closed local port."""
    for name in ("LDNREFS_CROSSREF_URL", "LDNREFS_EUTILS_URL", "LDNREFS_IDCONV_URL", "LDNREFS_DOI_URL"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
