import pytest


def test_check_version_refuses_a_form_without_a_readable_version():
    from types import SimpleNamespace

    from presales.lib.services import ServiceError, check_version

    row = SimpleNamespace(version=3)
    check_version(row, 3)
    check_version(row, "3")
    with pytest.raises(ServiceError):
        check_version(row, "")
