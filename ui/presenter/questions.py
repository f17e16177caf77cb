"""The approved audience questions on the presenter screen: a strip above the ticker, empty (hidden) when none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

from studio.questions.model import Asked
from studio.show.events import Event, QuestionsChanged

SHOWN = 3  # at most this many at once, the oldest first: the presenter answers them in order


class QuestionsStrip(QLabel):
    def __init__(self) -> None:
        super().__init__("")
        self.setObjectName("presenterQuestions")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setStyleSheet("color: #e6edf3; background: #10243f; border-left: 8px solid #3b82f6; padding: 6px 12px;"
                           "font-size: 28px;")
        self.hide()

    def on_event(self, event: Event) -> None:
        if isinstance(event, QuestionsChanged):
            self.show_questions(event.questions)

    def show_questions(self, questions: tuple[Asked, ...]) -> None:
        shown = [asked for asked in questions if asked.on_screen]
        lines = [f"? {a.question.text}" + (f"  — {a.question.author}" if a.question.author else "") for a in shown[:SHOWN]]
        if len(shown) > SHOWN:
            lines.append(f"+ {len(shown) - SHOWN} more")
        text = "\n".join(lines)
        if self.text() != text:
            self.setText(text)
        self.setVisible(bool(shown))
