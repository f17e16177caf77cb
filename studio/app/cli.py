"""The `studio` command: check a rundown, run a show (console or headless)."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Protocol

from studio.config.arguments import checked
from studio.config.settings import BadSetting
from studio.storage.asrun import LogInUse, default_db_path
from studio.app.demo import demo_for_command
from studio.app.running import RunOptions, freeze_built, release_collections
from studio.app.session import LiveShow
from studio.app.start import ResumeError, parse_time_of_day
from studio.rundown.days import check_project_command, looks_like_project
from studio.rundown.loader import load_for_command
from studio.leads.command import register_leads
from studio.media.checks import vt_length_warnings
from studio.media.runtime import MediaOff
from studio.obs.address import split_url
from studio.obs.settings import NOT_CONFIGURED, PASSWORD_ENV, ObsConnection, obs_password, obs_url
from studio.rehearsal.command import RehearsalOptions
from studio.rehearsal.command import register as register_rehearse
from studio.report.command import register as register_report
from studio.orders.config import OrdersConfig, orders_config
from studio.central.config import CentralConfig, postgres_url
from studio.relay.command import redis_url
from studio.relay.command import register as register_relay
from studio.relay.command import register_forget
from studio.relay.stream import StreamConfig, group_name, redis_address, stream_name
from studio.osc import OscConfig, osc_address, osc_config
from studio.standby.config import standby_config, standby_url
from studio.standby.errors import FeedError
from studio.rundown.model import Rundown
from studio.spreadsheet.commands import register_export, register_import


class Windows(Protocol):
    """The windows the UI package opens for the core's commands (ui/main.py); each returns the exit code."""

    def console(self, options: RunOptions) -> int: ...

    def rehearsal(self, options: RehearsalOptions) -> int: ...


def main(argv: list[str] | None = None, windows: Windows | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.handler is not _run:
        release_collections()  # only a show's start-up holds them (ui/main.py, freeze_built)
    args.windows = windows  # None: an installation without the UI (headless only)
    try:
        return args.handler(args)
    except BadSetting as exc:  # said before the command did anything
        print(f"studio: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="studio", description="Control room for live virtual trade shows.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    for register in SUBCOMMANDS:
        register(commands)
    return parser


def _version() -> str:
    try:
        return metadata.version("studio")
    except metadata.PackageNotFoundError:  # a source tree that was never installed
        return "(not installed)"


Subcommands = Any  # what argparse's add_subparsers() returns


def _register_check(commands: Subcommands) -> None:
    check = commands.add_parser("check", help="check a rundown (or a multi-day project) and print every problem as FILE:LINE:COL: message")
    check.add_argument("rundown", type=Path)
    check.add_argument("--obs", type=checked(split_url), metavar="ws://HOST:PORT",
                       help=f"also check that this OBS has every scene and source the rundown names (password: ${PASSWORD_ENV})")
    check.set_defaults(handler=_check)


def _register_run(commands: Subcommands) -> None:
    run = commands.add_parser("run", help="run a show: the director console, or --headless")
    run.add_argument("rundown", type=Path, nargs="?", help="rundown file (default: the demo, run from your copy of it)")
    run.add_argument("--headless", action="store_true", help="no window: transitions on stdout, commands on stdin")
    run.add_argument("--start", type=checked(_now_or_time_of_day), metavar="now|HH:MM:SS",
                     help="planned start (default: the rundown's own; the console waits for GO)")
    run.add_argument("--resume", action="store_true", help="continue the unfinished show of this rundown after a crash")
    run.add_argument("--db", type=Path, default=None, help=f"as-run log database (default: {default_db_path()})")
    run.add_argument("--obs", type=checked(split_url), metavar="ws://HOST:PORT",
                     help=f"drive this OBS (default: the rundown's show.obs.url, then the console's settings; "
                          f"password: ${PASSWORD_ENV})")
    orders = run.add_argument_group("orders and remote control (docs/orders.md)")
    orders.add_argument("--orders-host", metavar="HOST", help="listen on this address (default 127.0.0.1; 0.0.0.0 opens it to the LAN)")
    orders.add_argument("--orders-port", type=_port_value, metavar="N",
                        help="listen on this port (0: any free one; default: the setting orders_port, else "
                             "8417 when a secret or a control token is set)")
    orders.add_argument("--simulate-orders", type=_rate_value, default=0.0, metavar="PER_MINUTE",
                        help="invent orders for what is on air, this many a minute on average (demo, rehearsal)")
    orders.add_argument("--orders-file", type=Path, action="append", default=[], metavar="PATH",
                        help="follow this JSONL file, or every *.jsonl in this folder (repeatable)")
    orders.add_argument("--questions-file", type=Path, action="append", default=[], metavar="PATH",
                        help="follow audience questions in this JSONL file or folder (repeatable; docs/questions.md)")
    orders.add_argument("--leads-file", type=Path, action="append", default=[], metavar="PATH",
                        help="follow leads in this JSONL file or folder (repeatable; default: the setting leads_file; "
                             "docs/leads.md)")
    event = run.add_argument_group("beyond one control room (docs/deployment.md)")
    event.add_argument("--orders-redis", type=redis_url, metavar="redis://HOST:PORT/DB",
                       help="also take the orders a relay queued there (default: the setting orders_redis; the settings "
                            "orders_redis_stream, orders_redis_group)")
    event.add_argument("--central-db", type=postgres_url, metavar="postgresql://…",
                       help="ship the as-run log and the orders to the event's PostgreSQL")
    event.add_argument("--standby-of", type=standby_url, metavar="ws://HOST:PORT/ws?token=…",
                       help="be the hot standby of the studio with this push address: follow its show and take it over "
                            "if it says nothing for 2 s (default: the setting standby_of)")
    event.add_argument("--stage", metavar="NAME", help="this stage's name there and in the relay's group "
                                                       "(default: the computer's name)")
    osc = run.add_argument_group("OSC (docs/osc.md)")
    osc.add_argument("--osc-port", type=_port_value, metavar="N",
                     help="take commands over OSC on this UDP port (/studio/go, /studio/extend 30; on --orders-host; "
                          "default: the setting osc_port, else off)")
    osc.add_argument("--osc-send", type=checked(osc_address), metavar="HOST:PORT",
                     help="send the show's state over OSC to this address (default: the setting osc_send, else off)")
    run.set_defaults(handler=_run)


def _now_or_time_of_day(text: str) -> None:
    if text != "now":
        parse_time_of_day(text)


def _port_value(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (0 to 65535)")
    return int(text)


def _rate_value(text: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        rate = -1.0
    if not 0 < rate <= 100_000:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of orders a minute (more than 0)")
    return rate


def _check(args: argparse.Namespace) -> int:
    if looks_like_project(args.rundown):  # a multi-day event: every day, with the shared exhibitors
        return check_project_command(args.rundown)
    loaded = load_for_command(args.rundown)
    if isinstance(loaded, int):
        return loaded
    try:
        for warning in vt_length_warnings(loaded):  # FILE:LINE:COL: warning: ..., like the loader's
            print(warning)
    except MediaOff as off:
        print(f"studio: {off} VT durations were not checked against their clips.", file=sys.stderr)
    print(f"{args.rundown}: OK, {len(loaded.segments)} segments")
    if args.obs is None:
        return 0
    from studio.obs.preflight import check_obs  # obs-websocket-py only when OBS is checked

    checked = check_obs(loaded, ObsConnection(args.obs, obs_password()))
    if not checked.connected:
        print(f"studio: {checked.problems[0]}", file=sys.stderr)
        return 1
    for problem in checked.problems:
        print(problem)
    if not checked.problems:
        print(f"{args.obs}: OK, OBS has every scene and source the rundown names")
    return 1 if checked.problems else 0


def _run(args: argparse.Namespace) -> int:
    rundown = args.rundown or demo_for_command()  # the demo runs from the user's copy (studio/app/demo.py)
    loaded = rundown if isinstance(rundown, int) else load_for_command(rundown)
    if isinstance(loaded, int):
        return loaded
    if args.resume and args.start:
        print("studio: --resume continues a show on its own clock; leave out --start", file=sys.stderr)
        return 2
    db = args.db or default_db_path()
    if not args.headless and args.windows is None:
        print("studio: this installation has no director console; add --headless", file=sys.stderr)
        return 2
    try:
        url = obs_url(args.obs, loaded)
    except ValueError as exc:
        print(f"studio: {exc}", file=sys.stderr)
        return 2
    connection = None if url is None else ObsConnection(url, obs_password())
    warnings = [] if connection is None else _obs_warnings(loaded, connection)
    if warnings is None:
        return 1
    if connection is None:
        print(NOT_CONFIGURED, file=sys.stderr)  # not on stdout: that carries what happens on air
    orders = orders_config(host=args.orders_host, port=args.orders_port, simulate_per_minute=args.simulate_orders,
                           files=tuple(args.orders_file), question_files=tuple(args.questions_file),
                           lead_files=tuple(args.leads_file))
    try:
        osc = osc_config(args.osc_port, args.osc_send, args.orders_host)
    except ValueError as exc:  # the setting osc_send written wrong
        print(f"studio: the setting osc_send: {exc}", file=sys.stderr)
        return 2
    redis = redis_address(args.orders_redis)
    stage = args.stage or socket.gethostname()
    relay = None if redis is None else StreamConfig(redis, stream_name(), group_name(), stage)
    central = None if args.central_db is None else CentralConfig(args.central_db, stage)
    standby = standby_config(args.standby_of, connection, orders.control_token, loaded)
    if standby is not None and standby.found:
        warnings = [*warnings, standby.found]
    options = RunOptions(loaded, db, args.start, args.resume, connection, warnings, orders, relay, central, osc, standby)
    if not args.headless:
        return args.windows.console(options)
    try:
        show = LiveShow(loaded, db, start=args.start, resume=args.resume, obs=connection, orders=orders, relay=relay,
                        central=central, osc=osc, standby=standby)
    except (ResumeError, LogInUse, FeedError) as exc:
        print(f"studio: {exc}", file=sys.stderr)
        return 1
    for warning in options.notices:
        show.notice("warning", warning, "obs")
    from studio.app.headless import STOOD_DOWN, run_headless
    freeze_built()
    code = run_headless(show)
    if code == STOOD_DOWN:  # this very command again: OBS's marker makes it the standby of the studio that took over
        sys.stdout.flush()
        os.execv(sys.executable, [sys.executable, *again_resumed(sys.orig_argv[1:])])
    return code


def again_resumed(argv: list[str]) -> list[str]:
    """The command line run again after standing down: `--resume` instead of `--start` (should the studio that took
    over be gone by then, this one goes on with its own show rather than start it from the top)."""
    kept = [arg for i, arg in enumerate(argv)
            if not arg.startswith("--start=") and arg != "--start" and (i == 0 or argv[i - 1] != "--start")]
    return kept if "--resume" in kept else [*kept, "--resume"]


def _obs_warnings(rundown: Rundown, connection: ObsConnection) -> list[str] | None:
    """What to tell the director about OBS before the show; None (after saying why) when the
    show must not start: a wrong password will not fix itself."""
    from studio.obs.preflight import check_obs  # obs-websocket-py only for a show with OBS

    checked = check_obs(rundown, connection)
    if checked.password_refused:
        print(f"studio: {checked.problems[0]}", file=sys.stderr)
        return None
    if not checked.connected:
        return [f"{checked.problems[0]} — the show runs and keeps trying to reach OBS"]
    return checked.problems


# Each registers one subcommand (its parser and handler); add new commands here.
SUBCOMMANDS: tuple[Callable[[Subcommands], None], ...] = (
    _register_check,
    _register_run,
    register_rehearse,
    register_report,
    register_relay,
    register_import,
    register_export,
    register_leads,
    register_forget,
)

if __name__ == "__main__":
    sys.exit(main())
