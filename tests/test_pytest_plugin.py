"""The pytest plugin as users get it: the package's `pytest11` entry point loads it into a
pytest run of another project (pytester, in a subprocess), in pytest-asyncio's strict and
auto modes, and the docs' complete test file passes there."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

from .doc_examples import examples

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.once  # pytest in pytest: the plugin's code is the same everywhere
# A user's project: warnings are errors there too.
INI = """[pytest]
asyncio_mode = {mode}
asyncio_default_fixture_loop_scope = function
filterwarnings = error
"""

USER_TESTS = next(
    e for e in examples() if e.page == "docs/testing.md" and "pytester" in (e.no_run or "")
)


def test_the_plugin_is_registered_as_a_pytest11_entry_point() -> None:
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert plugins.get("multisafepay") == "multisafepay_async.testing.pytest_plugin"


@pytest.mark.parametrize("mode", ["strict", "auto"])
def test_the_docs_user_tests_pass_in_a_project_of_their_own(
    pytester: pytest.Pytester, mode: str
) -> None:
    pytester.makeini(INI.format(mode=mode))
    pytester.makepyfile(test_shop=USER_TESTS.code)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=2)


def test_each_test_gets_a_fresh_fake_and_a_closed_client(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI.format(mode="auto"))
    pytester.makepyfile(
        test_fresh="""
        import pytest
        from multisafepay_async import ClientStateError

        seen = []

        async def test_one(multisafepay_fake, multisafepay_client):
            await multisafepay_client.orders.create(
                {"order_id": "o", "currency": "EUR", "amount": 1, "description": "d"}
            )
            assert multisafepay_fake.base_url == multisafepay_fake.url + "/v1/json"
            seen.append((multisafepay_fake, multisafepay_client))

        async def test_two(multisafepay_fake, multisafepay_client):
            assert "o" not in multisafepay_fake.store.orders  # a fresh fake
            (old_fake, old_client), = seen
            assert old_fake is not multisafepay_fake and old_fake.url is None
            with pytest.raises(ClientStateError):
                await old_client.orders.get("o")  # closed after its test
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=2)
