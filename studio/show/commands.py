"""The director's commands, declared once: the console's buttons and keys, the HTTP control API
(`studio/api/control.py`) and the headless stdin (`studio/app/command_words.py`) all read `COMMANDS`.

A command runs on the show loop (`perform`): its guard looks at the engine just before and
may refuse with a sentence; otherwise it acts on the engine. Guards are cheap (GO's only
asks whether the show ended): nothing slow stands between a key press and the cut. Keys are Qt-free names
("Space", "B", "+"), each bound once, and only the console reads them: `ui/commands.py` turns them into
shortcuts, and the console supplies what a key cannot say (set next's segment is the rundown's selection). `ShowControl` is what every
surface drives; `studio/app/session.py` implements it. docs/control.md lists the commands.
"""

from __future__ import annotations

import math
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Protocol

from studio.rundown.free_timers import free_timer
from studio.rundown.model import FREE_TIMER_MODES, FreeTimer, Rundown
from studio.rundown.values import duration as duration_of, time_of_day
from studio.show.engine import Engine
from studio.show.events import PresenterMessage
from studio.show.snapshot import ShowState

MAX_EXTEND_S = 3600.0
MAX_MESSAGE_CHARS = 200  # a message must be read at a glance on the presenter screen
REQUIRED = object()  # the default of an argument that must be given
SWITCH_WORDS = {"on": True, "1": True, "true": True, "yes": True, "off": False, "0": False, "false": False, "no": False}


class BadArgument(ValueError):
    """An argument a command cannot take, as a sentence naming the field."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


# What an argument can be; the push API names the kind to its clients (studio/api/push.schema.json): seconds,
# text (a message), segment (a segment's id), name (a free timer's name, or a word), delay (a delay entry's id),
# switch (on or off) and number (a whole number from 1, e.g. a question's).
KINDS = ("seconds", "text", "segment", "name", "delay", "switch", "number")
STRING_KINDS = ("text", "segment", "name", "delay")  # given as a string


@dataclass(frozen=True)
class Argument:
    name: str
    kind: str  # one of KINDS
    help: str
    default: Any = REQUIRED

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"argument {self.name}: unknown kind {self.kind!r}")

    def parse(self, text: str) -> Any:
        """The value of this argument written as text (a query parameter, a word typed on stdin)."""
        if self.kind == "seconds":
            return _seconds(self.name, text)
        if self.kind == "number":
            return _number(self.name, text)
        if self.kind == "switch":
            if text.strip().lower() not in SWITCH_WORDS:
                raise BadArgument(self.name, f"{self.name} must be on or off (1 or 0), not '{text}'")
            return SWITCH_WORDS[text.strip().lower()]
        value = " ".join(text.split())
        if not value:
            raise BadArgument(self.name, f"the {'message' if self.kind == 'text' else self.name} is empty")
        if self.kind == "text" and len(value) > MAX_MESSAGE_CHARS:
            raise BadArgument(self.name, f"the message is longer than {MAX_MESSAGE_CHARS} characters")
        return value


@dataclass(frozen=True)
class Binding:
    """A console button and its keys: a command with fixed arguments."""

    command: str
    label: str
    keys: tuple[str, ...]
    arguments: tuple[tuple[str, Any], ...] = ()


Guard = Callable[[Engine, Mapping[str, Any]], "str | None"]  # a sentence refusing the command, or None
Action = Callable[[Engine, Mapping[str, Any], str], None]  # (engine, arguments, who asked), on the show loop


@dataclass(frozen=True)
class Command:
    name: str
    label: str  # on the console's button
    help: str
    run: Action
    keys: tuple[str, ...] = ()  # keys for the command with its default arguments
    arguments: tuple[Argument, ...] = ()
    guard: Guard | None = None
    presets: tuple[Binding, ...] = ()  # more buttons, each with its own arguments and keys
    said: Callable[[Mapping[str, Any]], str] | None = None  # how the as-run log names it (default: the name)
    said_from: str = "{said} from {who}"  # the log line of a command from elsewhere (remote control, stdin)

    def complete(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """The arguments with defaults filled in; BadArgument for a missing one or one it does not take."""
        unknown = set(given) - {argument.name for argument in self.arguments}
        if unknown:
            raise BadArgument(min(unknown), f"{self.name} does not take {', '.join(sorted(unknown))}")
        values = {}
        for argument in self.arguments:
            value = given.get(argument.name, argument.default)
            if value is REQUIRED:
                raise BadArgument(argument.name, f"{self.name} needs {argument.name}: {argument.help}")
            values[argument.name] = value
        return values

    def describe(self, arguments: Mapping[str, Any], who: str) -> str:
        """The log line of this command sent by `who`, e.g. "GO from 10.0.0.7"."""
        return self.said_from.format(said=self.said(arguments) if self.said else self.name, who=who, **arguments)


OUTCOME_AFTER_S = 0.002  # a command's outcome is read this long after its action (act), off the take's path


@dataclass(frozen=True)
class Outcome:
    """What a command did: the state after it, or the sentence refusing it (and the state then)."""

    command: str
    state: ShowState
    refused: str | None = None


class ShowControl(Protocol):
    """What the console, the HTTP API and stdin drive: thread-safe, never blocking."""

    @property
    def rundown(self) -> Rundown: ...

    def execute(self, name: str, arguments: Mapping[str, Any] | None = None,
                source: str = "console") -> Future[Outcome]: ...

    def state_future(self) -> Future[ShowState]: ...

    def notice(self, level: str, message: str, source: str = "show") -> None: ...


def perform(command: Command, engine: Engine, arguments: Mapping[str, Any], source: str) -> Outcome:
    """Run one command and read the state for its outcome at once (tests; the show reads it later, see act)."""
    refused = act(command, engine, arguments, source)
    return Outcome(command.name, engine.state(), refused)


def act(command: Command, engine: Engine, arguments: Mapping[str, Any], source: str) -> str | None:
    """Run one command on the show loop: its guard, then its action; the sentence refusing it, or None.

    The caller reads the state for the outcome afterwards. LiveShow.execute does it OUTCOME_AFTER_S
    later: the action has handed its OBS requests to the link's thread, and reading the state at once
    (about 0.4 ms at 120 segments, more as the rundown grows) would keep that thread waiting for the
    GIL, so the request would reach the wire after the outcome instead of before it.
    """
    if command.guard is not None:
        refused = command.guard(engine, arguments)
        if refused is not None:
            return refused
    engine.commanded_by = source  # the log says who did it (the after-show report's "by")
    try:
        command.run(engine, arguments, source)
    finally:
        engine.commanded_by = "console"
    return None


# ----- guards and actions (show loop) ---------------------------------------------------------

def _not_ended(what: str) -> Guard:
    def guard(engine: Engine, arguments: Mapping[str, Any]) -> str | None:
        return f"The show has ended: {what} does nothing." if engine.ended else None
    return guard


def _jump_guard(engine: Engine, arguments: Mapping[str, Any]) -> str | None:
    if engine.ended:
        return "The show has ended: jump does nothing."
    state = engine.state()
    segment_id = arguments["segment"]
    target = next((s for s in state.segments if s.segment_id == segment_id), None)
    if target is None:
        return f"There is no segment '{segment_id}' in this rundown."
    start = 0 if state.on_air is None else state.on_air + 1
    dropped = [s.segment_id for s in state.segments[start:target.index] if s.status in ("next", "upcoming")]
    if dropped and not arguments["confirm"]:
        return (f"Jump to {target.title} drops {len(dropped)} segment{'s' if len(dropped) > 1 else ''} not yet aired "
                f"({', '.join(dropped)}): confirm it to jump.")
    return None


def _hold(engine: Engine, arguments: Mapping[str, Any], source: str) -> None:
    on = arguments["on"]
    if on is None or engine.state().held != on:  # hold is a toggle in the engine
        engine.hold()


def _pause(engine: Engine, arguments: Mapping[str, Any], source: str) -> None:
    on = arguments["on"]
    if on is None:
        on = engine.state().phase != "paused"
    if on:
        engine.pause()
    else:
        engine.resume()


def _message(engine: Engine, arguments: Mapping[str, Any], source: str) -> None:
    engine.bus.publish(PresenterMessage(engine.clock.monotonic(), arguments["text"], source))


def _clear(engine: Engine, arguments: Mapping[str, Any], source: str) -> None:
    engine.clear_message(source)


ON = Argument("on", "switch", "on (1) or off (0); left out, it toggles", default=None)
QUESTION = Argument("question", "number", "the question's number, as the moderation list shows it")


def _moderate(action: str, said: str) -> Command:
    """An audience question's moderation: logged and handed to the question board (studio/questions/board.py),
    which stores the new status and then tells the screens; an unknown number is a notice from it."""
    return Command(action, said.capitalize(), f"{said} an audience question (docs/questions.md)",
                   lambda e, a, s: e.ask(action, s, question=a["question"]), arguments=(QUESTION,),
                   said=lambda a: f"{said} question {a['question']}")


TIMER = Argument("timer", "name", "the name of a free timer, e.g. Q&A")


def _timer_guard(action: str) -> Guard:
    def guard(engine: Engine, arguments: Mapping[str, Any]) -> str | None:
        return engine.free_timers.refusal(arguments["timer"], action)
    return guard


def _timer(action: str, label: str, help: str) -> Command:
    """A command on one free timer: start, pause, reset."""
    return Command(f"timer_{action}", label, help, lambda e, a, s: e.timer(action, a["timer"]), arguments=(TIMER,),
                   guard=_timer_guard(action), said=lambda a: f"timer {a['timer']}: {action}")


def _new_timer_guard(engine: Engine, arguments: Mapping[str, Any]) -> str | None:
    try:
        _free_timer(arguments)
    except ValueError as exc:
        return str(exc)
    return engine.free_timers.refusal(arguments["timer"], "new")


def _free_timer(arguments: Mapping[str, Any]) -> FreeTimer:
    """The timer `timer_new` asks for; ValueError with the sentence refusing it."""
    mode, value = arguments["mode"], arguments["value"]
    if mode not in FREE_TIMER_MODES:
        raise ValueError(f"A timer's mode is up, down or to, not '{mode}'.")
    if mode != "up" and value is None:
        raise ValueError("A down timer needs the time it counts down (value=5m)." if mode == "down"
                         else "A to timer needs the time of day it counts to (value=23:00).")
    try:
        duration = duration_of(value) if mode == "down" else 0.0
        to = time_of_day(value) if mode == "to" else None
    except ValueError as exc:
        raise ValueError(f"{str(exc)[:1].upper()}{str(exc)[1:]}.") from None
    if mode == "down" and duration <= 0:
        raise ValueError("A down timer needs more than no time to count down.")
    return free_timer(arguments["timer"], mode, duration, to)


def _new_timer(engine: Engine, arguments: Mapping[str, Any], source: str) -> None:
    engine.new_timer(_free_timer(arguments))

COMMANDS: tuple[Command, ...] = (
    Command("go", "GO ▶", "take the next segment (starts the show from standby; ends it on the last segment)",
            lambda e, a, s: e.go(), keys=("Space",), guard=_not_ended("GO"), said=lambda a: "GO"),
    Command("back", "◀ Back", "back to the previous segment", lambda e, a, s: e.back(), keys=("B", "Backspace"),
            guard=_not_ended("back")),
    Command("skip", "Skip next", "drop the next segment", lambda e, a, s: e.skip(), keys=("S",),
            guard=_not_ended("skip"), said=lambda a: "skip next"),
    Command("hold", "Hold", "hold the segment on air (it counts overtime instead of taking the next at zero), or release it",
            _hold, keys=("H",), arguments=(ON,), guard=_not_ended("hold"),
            said=lambda a: "hold / release" if a["on"] is None else ("hold" if a["on"] else "release")),
    Command("extend", "±30 s", "add time to the segment on air; negative takes time away",
            lambda e, a, s: e.extend(a["seconds"]),
            arguments=(Argument("seconds", "seconds", f"between -{MAX_EXTEND_S:g} and {MAX_EXTEND_S:g}, not 0"),),
            guard=_not_ended("extend"), said=lambda a: f"{a['seconds']:+g} s",
            presets=(Binding("extend", "−30 s", ("-",), (("seconds", -30.0),)),
                     Binding("extend", "+30 s", ("+", "="), (("seconds", 30.0),)))),
    Command("pause", "Pause", "pause the countdown (on=0 resumes it)", _pause,
            arguments=(Argument("on", "switch", "on (1) pauses, off (0) resumes", default=True),),
            guard=_not_ended("pause"), said=lambda a: {True: "pause", False: "resume", None: "pause / resume"}[a["on"]],
            presets=(Binding("pause", "Pause", ("P",), (("on", None),)),)),
    Command("resume", "Resume", "resume the countdown", lambda e, a, s: e.resume(), guard=_not_ended("resume")),
    Command("jump", "Jump", "put this segment on air now", lambda e, a, s: e.jump(a["segment"]),
            arguments=(Argument("segment", "segment", "the id of a segment, e.g. serenco-pitch"),
                       Argument("confirm", "switch", "needed when the jump drops segments not yet aired", default=False)),
            guard=_jump_guard, said=lambda a: f"jump to {a['segment']}"),
    Command("message", "Message", "flash a message on the presenter screen until acknowledged", _message,
            arguments=(Argument("text", "text", f"at most {MAX_MESSAGE_CHARS} characters"),),
            said_from="message to the presenter from {who}: “{text}”"),
    Command("set_next", "Set next", "choose what GO takes next without taking it (left out: the running order again)",
            lambda e, a, s: e.set_next(a["segment"]), keys=("N",),  # the console supplies its selection
            arguments=(Argument("segment", "segment", "the id of a segment, e.g. serenco-demo", default=None),),
            guard=_not_ended("set next"), said=lambda a: f"set next: {a['segment'] or 'running order'}"),
    Command("delay", "Delay", "apply or cancel a delay entry of the rundown: it pushes the soft starts after it (left out, on toggles)",
            lambda e, a, s: e.set_delay(a["delay"], a["on"]), keys=("D",),  # the console supplies the selected row's delay
            arguments=(Argument("delay", "delay", "the id of a delay entry, e.g. doors-late"), ON),
            guard=_not_ended("delay"),
            said=lambda a: f"delay {a['delay']}" + {True: " applied", False: " cancelled", None: " applied / cancelled"}[a["on"]]),
    Command("reconnect_obs", "Reconnect OBS", "drop the link to OBS and connect again now, without waiting for the next retry",
            lambda e, a, s: e.ask("reconnect_obs", s), said=lambda a: "reconnect OBS"),
    Command("clear", "Clear message", "take the message off the presenter screen", _clear, keys=("C",),
            said=lambda a: "message cleared"),
    _moderate("approve_question", "approve"),  # on the presenter screen and its exhibitor's view
    _moderate("reject_question", "reject"),
    _moderate("answer_question", "mark answered"),  # off the screens, kept in the report
    _timer("start", "Start timer", "start (or go on with) a free timer"),
    _timer("pause", "Pause timer", "pause a free timer (a to timer cannot be paused)"),
    _timer("reset", "Reset timer", "a free timer back to zero, its duration or its time (a running one keeps running)"),
    Command("timer_new", "New timer", "make a free timer live (stopped; to timers run at once)", _new_timer,
            arguments=(TIMER, Argument("mode", "name", "up, down or to", default="up"),
                       Argument("value", "name", "down: the time counted down (5m, 90s); to: the time of day (23:00)",
                                default=None)),
            guard=_new_timer_guard, said=lambda a: f"new timer {a['timer']} ({a['mode']})"),
    Command("timer_show", "Show timer", "show a free timer on the presenter screen (on=0 takes it off)",
            lambda e, a, s: e.show_timer(a["timer"], a["on"]),
            arguments=(TIMER, Argument("on", "switch", "on (1) shows it, off (0) takes it off", default=True)),
            guard=_timer_guard("show"), said=lambda a: f"timer {a['timer']}: {'show' if a['on'] else 'hide'}"),
)

BY_NAME: dict[str, Command] = {command.name: command for command in COMMANDS}


def command(name: str) -> Command:
    """The declared command; KeyError for a name nobody declared."""
    return BY_NAME[name]


def bindings() -> tuple[Binding, ...]:
    """The console's buttons in order: each command with keys, then its presets."""
    found: list[Binding] = []
    for each in COMMANDS:
        if each.keys:
            found.append(Binding(each.name, each.label, each.keys))
        found.extend(each.presets)
    return tuple(found)


def _seconds(name: str, given: str) -> float:
    try:
        seconds = float(given)
    except ValueError:
        raise BadArgument(name, f"{name} must be a number, not '{given}'") from None
    if not math.isfinite(seconds) or seconds == 0 or abs(seconds) > MAX_EXTEND_S:
        raise BadArgument(name, f"{name} must be between -{MAX_EXTEND_S:g} and {MAX_EXTEND_S:g}, and not 0")
    return seconds


def _number(name: str, given: str) -> int:
    try:
        number = int(given.strip())
    except ValueError:
        raise BadArgument(name, f"{name} must be a whole number, not '{given}'") from None
    if number < 1:
        raise BadArgument(name, f"{name} must be 1 or more")
    return number
