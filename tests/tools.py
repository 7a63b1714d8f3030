"""Outside tools that some tests drive (Chromium, axe-core, the Nu HTML checker)."""

import os

import pytest


def require(path, what, install):
    """Skip when a tool is missing, except under CI, where the tests that need it must run."""
    if path is not None and path.exists():
        return
    message = f"{what} not found at {path}; install it with: {install}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (under CI these tests must run, not skip)")
    pytest.skip(message)
