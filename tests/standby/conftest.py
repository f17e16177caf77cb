"""The standby's tests share the real OBS of tests/obs (its fixtures restart a broken OBS before each test)."""

from obs.conftest import obs, obs_server, pytest_runtest_makereport  # noqa: F401
