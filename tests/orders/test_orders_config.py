"""Where the listener listens, and with which secrets: flags, environment, the console's settings."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from shopkit import shop_rundown

from studio.app.cli import _parser
from studio.show.events import Notice
from studio.app.session import LiveShow
from studio.orders.config import DEFAULT_PORT, OrdersConfig, orders_config


def settings(tmp_path: Path, **values) -> Path:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"settings": values}))
    return path


def test_nothing_configured_means_no_listener(tmp_path):
    config = orders_config(environ={}, settings=tmp_path / "none.json")
    assert config == OrdersConfig(port=None)


def test_a_secret_or_a_token_opens_the_default_port_on_loopback(tmp_path):
    none = tmp_path / "none.json"
    assert orders_config(environ={"STUDIO_ORDERS_SECRET": "s"}, settings=none).port == DEFAULT_PORT
    token = orders_config(environ={"STUDIO_CONTROL_TOKEN": "t"}, settings=none)
    assert (token.port, token.host, token.control_token, token.secret) == (DEFAULT_PORT, "127.0.0.1", "t", None)


def test_flags_win_over_settings(tmp_path):
    path = settings(tmp_path, orders_port=9100, control_token="from-settings", orders_grace_s=30)
    config = orders_config(environ={}, settings=path)
    assert (config.port, config.control_token, config.grace_s) == (9100, "from-settings", 30.0)
    flagged = orders_config(host="0.0.0.0", port=0, simulate_per_minute=30, files=(Path("x.jsonl"),), environ={}, settings=path)
    assert (flagged.host, flagged.port, flagged.simulate_per_minute, flagged.files) == ("0.0.0.0", 0, 30, (Path("x.jsonl"),))


def test_unusable_settings_are_ignored(tmp_path):
    config = orders_config(environ={}, settings=settings(tmp_path, orders_port="8080", orders_grace_s=-1))
    assert (config.port, config.grace_s) == (None, 120.0)


def test_run_flags(capsys):
    args = _parser().parse_args(["run", "--orders-port", "0", "--simulate-orders", "30", "--orders-file", "a.jsonl",
                                 "--orders-file", "drop", "--orders-host", "0.0.0.0"])
    assert (args.orders_port, args.simulate_orders, args.orders_file, args.orders_host) == (
        0, 30.0, [Path("a.jsonl"), Path("drop")], "0.0.0.0")
    for bad in (["--orders-port", "70000"], ["--orders-port", "-1"], ["--simulate-orders", "0"], ["--simulate-orders", "lots"]):
        with pytest.raises(SystemExit) as exit_:
            _parser().parse_args(["run", *bad])
        assert exit_.value.code == 2
    assert "is not" in capsys.readouterr().err


def test_a_port_in_use_is_a_notice_and_the_show_goes_on(db_dir):
    first = LiveShow(shop_rundown(), db_dir / "a.db", auto_start=False, orders=OrdersConfig(port=0, secret="s"))
    first.run()
    second = LiveShow(shop_rundown(), db_dir / "b.db", auto_start=False,
                      orders=OrdersConfig(port=first.api.port, secret="s"))
    notices: list[Notice] = []
    second.bus.subscribe(notices.append, Notice)
    try:
        second.run()
        second.go()
        deadline = time.monotonic() + 5
        while second.on_air is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert second.api is None and second.on_air is not None
        [refused] = [n for n in notices if n.source == "orders"]
        assert refused.level == "error" and f"port {first.api.port}" in refused.message and "Traceback" not in refused.message
    finally:
        second.close()
        first.close()
