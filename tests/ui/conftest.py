import pytest

from ui.theme import setup_application


@pytest.fixture(scope="session", autouse=True)
def _pingyi_look(qapp):
    """Every UI test runs with the bundled Chinese fonts and Qt's zh_CN translation."""
    setup_application(qapp)
    return qapp
