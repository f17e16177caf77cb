// Audience questions (docs/questions.md): the list a view shows, from the studio's `questions`
// messages (each role gets its share: the operator every question, the presenter the approved
// ones, an exhibitor the approved ones credited to it). Rebuilt only when a new list arrives.

const SHOWN = { operator: ["waiting", "approved"], screen: ["approved"] };

/** Fill `list` (a <ul>) with the questions of these statuses; `actions(question)` adds a row's buttons. */
export function showQuestions(studio, list, kind = "screen", actions = null) {
  if (list.shown === studio.questions) return;
  list.shown = studio.questions;
  const questions = studio.questions.filter((q) => SHOWN[kind].includes(q.status));
  list.replaceChildren(...questions.map((q) => row(q, actions)));
  list.hidden = questions.length === 0;
}

function row(question, actions) {
  const item = document.createElement("li");
  item.className = "question";
  item.dataset.number = question.number;
  item.dataset.status = question.status; // not a class: "waiting" is the exhibitor view's wait-for-your-slot
  const who = [`#${question.number}`, question.author, question.exhibitor].filter(Boolean).join(" · ");
  item.append(span("q-text", question.text), span("q-who", who));
  if (actions) {
    const buttons = span("q-actions", "");
    buttons.append(...actions(question));
    item.append(buttons);
  }
  return item;
}

function span(className, value) {
  const element = document.createElement("span");
  element.className = className;
  element.textContent = value;
  return element;
}
