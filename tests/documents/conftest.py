"""The administration tests' fixtures (demo tenant ids, a home tenant, a branch outside district.admin's
subtree) serve these tests too."""

from tests.admin.conftest import court_branch, demo, home  # noqa: F401
