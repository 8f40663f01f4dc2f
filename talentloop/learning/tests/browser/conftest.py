"""The learning pages in Debian's Chromium, with the launch settings of talentloop/browser_tests. Skipped when the
Playwright plugin is off (-p no:playwright), as in the quick per-app runs."""

from __future__ import annotations

import pytest

from talentloop.browser_tests.conftest import browser_type_launch_args  # noqa: F401 - a fixture, used by name


def pytest_collection_modifyitems(config, items):
    if config.pluginmanager.hasplugin("playwright"):
        return
    skip = pytest.mark.skip(reason="the Playwright plugin is off")
    for item in items:
        if "learning/tests/browser" in str(item.fspath):
            item.add_marker(skip)
