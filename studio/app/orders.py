"""The show's order intake as services: the HTTP listener (orders and remote control) and the order sources.

A problem starting either is a notice for the director, never a stopped show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from studio.leads.desk import LeadDesk
from studio.leads.sources import LeadFeed
from studio.orders.config import NO_SECRET, OrdersConfig
from studio.orders.desk import OrderDesk
from studio.orders.sources import JsonlFollower, JsonlTail, OrderSimulator
from studio.questions.board import QuestionBoard
from studio.questions.sources import QuestionFeed
from studio.show.commands import ShowControl

if TYPE_CHECKING:
    from studio.api.push import PushHub
    from studio.api.roles import ViewLink
    from studio.api.server import ApiServer

Tell = Callable[[str, str], None]  # (level, sentence) for the director


class OrdersListener:
    """The HTTP listener: the order, lead and question intakes, and the remote control when a token is set."""

    def __init__(self, config: OrdersConfig, port: int, desk: OrderDesk, control: ShowControl, tell: Tell,
                 push: Callable[[], PushHub] | None = None, leads: LeadDesk | None = None,
                 questions: QuestionBoard | None = None) -> None:
        """`push` builds the push API and the browser views (docs/push-api.md) when the listener starts;
        `leads` takes leads (docs/leads.md), `questions` audience questions (docs/questions.md)."""
        self.config = config
        self.port = port  # 0: any free one
        self.desk = desk
        self.control = control
        self.tell = tell
        self.server: ApiServer | None = None  # once it listens
        self.push = push
        self.hub: PushHub | None = None  # the push API, once it listens
        self.leads = leads
        self.questions = questions

    def start(self) -> None:
        config = self.config
        # aiohttp is loaded only when a listener is wanted (a quarter of a second of start-up)
        from studio.api.control import control_routes
        from studio.api.intake import intake_routes
        from studio.api.leads import lead_routes
        from studio.api.server import ApiServer

        try:
            hub = None if self.push is None else self.push()
        except ValueError as exc:  # a token written wrong: orders and remote control still run
            hub = None
            self.tell("error", f"The push API and browser views are off: {exc}. Fix it and restart the show.")
        questions = [] if self.questions is None else self._questions(self.questions, hub)
        server = ApiServer([*intake_routes(self.desk, config.secret, self.tell, config.control_token), *questions,
                            *(lead_routes(self.leads, config.secret, self.tell) if self.leads else []),
                            *control_routes(self.control, config.control_token),
                            *(hub.routes() if hub else [])], config.host, self.port, config.hosts,
                           [hub.setup] if hub else [])
        try:
            server.start()
        except OSError as exc:
            self.tell("error", f"Orders cannot be received over HTTP: port {self.port} on {config.host} cannot be "
                               f"opened ({exc.strerror or exc}). Choose another port with --orders-port; the show goes on.")
        else:
            self.server = server
            self.hub = hub
            remote = f"; remote control on {server.url}/control" if config.control_token else ""
            views = f"; browser views and the push API on {server.url}/views/ and /ws (docs/views.md)" if hub and hub.tokens else ""
            self.tell("info", f"Orders are received on {server.url}/orders{remote}{views}.")
        if not config.secret:
            self.tell("warning", NO_SECRET)

    def _questions(self, board: QuestionBoard, hub: PushHub | None) -> list:
        """The question routes; each push client gets its role's share of the questions, and again on each change."""
        from studio.api.questions import question_routes, questions_message
        from studio.show.events import QuestionsChanged

        if hub is not None:
            hub.add_topic(lambda role: questions_message(board.questions(), role), QuestionsChanged)
        return question_routes(board, self.config.secret, self.tell, self.config.control_token)

    def view_links(self) -> tuple[list[ViewLink], bool]:
        """Each role's browser view with its token, at the address to hand out (the first of api_hosts, else the
        listener's own), and whether that address is loopback (this computer only). None yet: ([], True)."""
        from studio.api.roles import view_links
        from studio.api.server import _loopback, _with_port

        if self.server is None or self.hub is None:
            return [], True
        names = self.config.hosts
        base = f"http://{_with_port(names[0], self.server.port)}" if names else self.server.url
        return view_links(base, self.hub.tokens), not names and _loopback(self.config.host)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


class OrderFeeds:
    """The simulated orders and the JSONL files followed (orders, questions to `board`, leads to `leads`), as the
    config asks."""

    def __init__(self, config: OrdersConfig, desk: OrderDesk, tell: Tell, board: QuestionBoard | None = None,
                 leads: LeadDesk | None = None) -> None:
        self._feeds: list[JsonlFollower | OrderSimulator] = []
        if config.simulate_per_minute > 0:
            self._feeds.append(OrderSimulator(config.simulate_per_minute, desk))
        if config.files:
            self._feeds.append(JsonlTail(config.files, desk, tell))
        if config.question_files and board is not None:
            self._feeds.append(QuestionFeed(config.question_files, board, tell))
        if config.lead_files and leads is not None:
            self._feeds.append(LeadFeed(config.lead_files, leads, tell))

    def start(self) -> None:
        for feed in self._feeds:
            feed.start()

    def stop(self) -> None:
        for feed in self._feeds:
            feed.stop()
