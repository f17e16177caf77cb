"""Every option of `settings.json`, declared once: key, type, default, what it does, since which version.

The console writes the file through `OptionsFile.save`, the core reads it through
`read_setting`; both go through `OPTIONS`. Saving merges: keys the writer does not
change, keys it does not know (a newer version's, a hand-added one) and wrongly typed
values of other options are all kept as they were — a save never loses what someone else wrote.
docs/architecture.md says where a new option goes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

SETTINGS_VERSION = 1  # bump with a migration in OptionsFile.load when a key changes meaning


@dataclass(frozen=True)
class Option:
    key: str
    type: type  # str, int, float or bool
    default: Any  # None: unset, the reader decides (e.g. no HTTP listener)
    doc: str
    console: bool = True  # the console shows and saves it; False: the user sets it by hand, the console keeps it
    minimum: float | None = None
    maximum: float | None = None
    since: int = 1  # the settings version that introduced it

    def accepts(self, value: Any) -> bool:
        """True when `value` (already coerced) is a good value of this option."""
        if value is None:
            return self.default is None
        if type(value) is not self.type:
            return False
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return True
        if not math.isfinite(value):
            return False
        return (self.minimum is None or value >= self.minimum) and (self.maximum is None or value <= self.maximum)

    def coerce(self, value: Any) -> Any:
        """The value as this option's type when JSON wrote it another way (3 for 3.0)."""
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value


OPTIONS: tuple[Option, ...] = (
    Option("obs_url", str, "ws://localhost:4455", "OBS websocket address, when neither --obs nor the rundown names one"),
    Option("presenter_screen", str, "", "QScreen name of the presenter window; empty: the first screen that is not the console's"),
    Option("console_font_pt", int, 13, "console text size in points"),
    Option("presenter_scale", float, 1.0, "multiplies the presenter screen's text sizes"),
    Option("prompter_speed", int, 60, "prompter scroll speed, pixels per second"),
    Option("prompter_mirror", bool, False, "mirror the prompter for a beam-splitter glass"),
    Option("confirm_cut_s", float, 30.0, "ask again before an action cuts the on-air segment short by more than this"),
    Option("media_screen", str, "", "QScreen name of the clip output window OBS captures; empty: no output window"),
    Option("media_vlc_options", str, "", "extra libvlc options, shell-quoted, e.g. \"--aout=pulse\""),
    Option("countdown_beeps", bool, False, "a beep at 30 s and 10 s left of each segment"),
    Option("orders_port", int, None, "port of the orders and remote-control listener (0: any free one)",
           console=False, minimum=0, maximum=65535),
    Option("orders_grace_s", float, 120.0, "seconds after a pitch during which its orders still count for it",
           console=False, minimum=0),
    Option("api_hosts", str, None, "more Host names the listener answers to, comma-separated (e.g. for the LAN: studio.lan, 10.0.0.7)",
           console=False),
    Option("control_token", str, None, "bearer token of the remote control (prefer STUDIO_CONTROL_TOKEN or the keyring)",
           console=False),
    Option("leads_file", str, None, "a JSONL file of leads (or a folder of *.jsonl) to follow when --leads-file names "
           "none (docs/leads.md)", console=False),
    Option("orders_redis", str, None, "Redis of the event's order relay (redis://HOST:PORT/DB): `studio run` takes the orders "
           "queued there and `studio forget` reaches it when --orders-redis names none (docs/deployment.md)", console=False),
    Option("orders_redis_stream", str, "studio-orders", "Redis stream the relay queues this stage's orders on (--orders-redis)",
           console=False),
    Option("orders_redis_group", str, "studio", "consumer group the studio reads the orders stream with", console=False),
    Option("osc_port", int, None, "UDP port for OSC commands (docs/osc.md; 0: any free one)",
           console=False, minimum=0, maximum=65535),
    Option("osc_send", str, None, "host:port the show's state is sent to over OSC (docs/osc.md)", console=False),
    Option("crew_token", str, None, "token of the crew's read-only views and push API (prefer STUDIO_CREW_TOKEN or the keyring)",
           console=False),
    Option("standby_of", str, None, "push address of the primary this studio is the hot standby of, "
           "ws://HOST:PORT/ws?token=… (--standby-of; docs/deployment.md)", console=False),
    Option("exhibitor_tokens", str, None, "exhibitors' tokens, id=token,id=token (prefer STUDIO_EXHIBITOR_TOKENS or the keyring)",
           console=False),
)

BY_KEY: dict[str, Option] = {option.key: option for option in OPTIONS}


def option(key: str) -> Option:
    """The declared option; KeyError for a key nobody declared (a typo in the code, not in the file)."""
    return BY_KEY[key]


class OptionsFile:
    """`settings.json`: {"version": N, "settings": {...}}, written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def raw(self) -> dict[str, Any]:
        """Everything in the file, known or not; {} when it is missing or unreadable."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        values = data.get("settings", data) if isinstance(data, dict) else {}
        return dict(values) if isinstance(values, dict) else {}

    def stored(self, key: str) -> Any:
        """The value stored for a declared option, or None when it is missing or not a good value."""
        spec = option(key)
        value = spec.coerce(self.raw().get(key))
        return value if value is not None and spec.accepts(value) else None

    def load(self) -> dict[str, Any]:
        """Every declared option: the stored value when it is good, else its default."""
        raw = self.raw()
        values = {}
        for spec in OPTIONS:
            value = spec.coerce(raw.get(spec.key))
            values[spec.key] = value if value is not None and spec.accepts(value) else spec.default
        return values

    def save(self, changes: Mapping[str, Any]) -> None:
        """Write these options over what the file holds; every other key stays as it is."""
        for key, value in changes.items():
            if not option(key).accepts(option(key).coerce(value)):
                raise ValueError(f"{value!r} is not a good value for the setting {key}")
        merged = {**self.raw(), **changes}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": SETTINGS_VERSION, "settings": merged}, indent=2), encoding="utf-8")
        tmp.replace(self.path)
