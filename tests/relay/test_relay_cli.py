"""The command line of the relay and of a studio reading it: checked values, plain sentences."""

from __future__ import annotations

import pytest

from studio.app.cli import _parser, main


def test_run_takes_a_redis_url_a_postgresql_url_and_a_stage():
    args = _parser().parse_args(["run", "--orders-redis", "redis://relay:6379/0", "--central-db",
                                 "postgresql://studio@db/expo", "--stage", "hall-a"])
    assert (args.orders_redis, args.central_db, args.stage) == ("redis://relay:6379/0", "postgresql://studio@db/expo", "hall-a")


@pytest.mark.parametrize("argv", [["run", "--orders-redis", "relay:6379"], ["run", "--central-db", "db.example.com"],
                                  ["relay", "--redis", "http://relay"], ["relay"]])
def test_a_bad_url_is_a_usage_error_in_words(argv, capsys):
    with pytest.raises(SystemExit) as exit:
        _parser().parse_args(argv)
    assert exit.value.code == 2
    error = capsys.readouterr().err
    assert "Traceback" not in error and ("URL" in error or "required" in error)


def test_the_relay_without_a_secret_says_how_to_set_one(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("STUDIO_ORDERS_SECRET", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert main(["relay", "--redis", "redis://127.0.0.1:1/0"]) == 2
    assert "STUDIO_ORDERS_SECRET" in capsys.readouterr().err
