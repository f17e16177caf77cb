// The views' link to studio: the push API (docs/push-api.md) over one WebSocket, the
// studio's clock (server time + offset), reconnection, and the "disconnected" banner.
// A view gives `render(studio)`, called on every animation frame; it reads `studio.state`
// and `studio.remaining()`, never a countdown of its own.

const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 5000;
const PING_EVERY_MS = 10000;
const PONGS_KEPT = 8;

export const LEVEL_COLOURS = { ok: "#35e07a", warning: "#ffb020", alarm: "#ff3b30", overtime: "#ff3b30", idle: "#9aa4b2" };

export class Studio {
  constructor(render) {
    this.render = render;
    this.token = new URLSearchParams(location.search).get("token") || "";
    this.hello = null;
    this.state = null;
    this.questions = []; // audience questions, this role's share (questions.js)
    this.connected = false;
    this.lastMessage = 0; // performance.now() of the last message
    this.offset = null; // server time - Date.now(), ms
    this.pongs = []; // [rtt, offset]
    this.attempt = 0;
    this.retryAt = 0;
    this.waiting = new Map(); // command id -> resolve
    this.nextId = 1;
    this.linkBanner = document.getElementById("link");
    window.studio = this; // for a look from the browser's console (and the tests)
    this.connect();
    const frame = () => {
      this.watch();
      this.showLink();
      this.render(this);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  // ----- the studio's clock ----------------------------------------------------------------

  now() {
    return Date.now() + (this.offset ?? 0);
  }

  /** Seconds left of the segment on air, now, on the studio's clock (null when nothing is on air). */
  remaining() {
    const s = this.state;
    if (!s || !s.on_air) return null;
    if (s.phase !== "on_air") return s.on_air.remaining_s; // paused: the countdown stands still
    // never above its value at `at`: an offset a few ms off must not show 01:01 of a one-minute segment
    return s.on_air.remaining_s - Math.max(0, this.now() - s.at) / 1000;
  }

  /** Seconds the segment on air has been on air, now (null when nothing is on air). */
  elapsed() {
    const s = this.state;
    if (!s || !s.on_air) return null;
    return s.on_air.elapsed_s + (s.phase === "ended" ? 0 : Math.max(0, this.now() - s.at) / 1000);
  }

  /** The free timers now: [{name, seconds, mode, running, presenter}], counted on from `at` on the studio's clock. */
  timers() {
    const s = this.state;
    if (!s) return [];
    const passed = Math.max(0, this.now() - s.at) / 1000;
    return s.timers.map((t) => ({ ...t, seconds: t.running ? t.seconds + (t.mode === "up" ? passed : -passed) : t.seconds }));
  }

  level() {
    const left = this.remaining();
    const on = this.state && this.state.on_air;
    if (left === null || !on) return "idle";
    if (left <= 0) return "overtime";
    if (left <= on.alarm_s) return "alarm";
    if (left <= on.warning_s) return "warning";
    return "ok";
  }

  /** True when what the view shows is live: connected and heard from within the heartbeat. */
  live() {
    return this.connected && this.state !== null;
  }

  // ----- the connection --------------------------------------------------------------------

  connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(`${scheme}//${location.host}/ws?token=${encodeURIComponent(this.token)}`);
    this.ws = ws;
    ws.onmessage = (event) => this.receive(JSON.parse(event.data));
    ws.onclose = () => this.lost(ws);
    ws.onerror = () => ws.close();
  }

  receive(message) {
    this.lastMessage = performance.now();
    if (this.offset === null || !this.pongs.length) {
      // one-way delay only makes this sample smaller than the truth: keep the largest until a pong
      const sample = message.server_time - Date.now();
      this.offset = this.offset === null ? sample : Math.max(this.offset, sample);
    }
    if (message.type === "hello") {
      this.hello = message;
      this.connected = true;
      this.attempt = 0;
      this.ping();
    } else if (message.type === "state") {
      this.state = message;
    } else if (message.type === "questions") {
      this.questions = message.questions;
    } else if (message.type === "pong") {
      this.learnOffset(message);
    } else if (message.type === "outcome" || message.type === "error") {
      const resolve = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (resolve) resolve(message);
    }
  }

  ping() {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(JSON.stringify({ type: "ping", id: "ping", client_time: Date.now() }));
    clearTimeout(this.pingTimer);
    this.pingTimer = setTimeout(() => this.ping(), PING_EVERY_MS);
  }

  learnOffset(pong) {
    const received = Date.now();
    const rtt = received - pong.client_time;
    this.pongs.push([rtt, pong.server_time - (pong.client_time + received) / 2]);
    if (this.pongs.length > PONGS_KEPT) this.pongs.shift();
    this.offset = this.pongs.reduce((best, p) => (p[0] < best[0] ? p : best))[1]; // the shortest round trip wins
  }

  watch() {
    // a link that went quiet (a frozen studio, a pulled cable) is treated as lost
    const heartbeat = (this.hello ? this.hello.heartbeat_s : 1) * 1000;
    if (this.connected && performance.now() - this.lastMessage > 2.5 * heartbeat) {
      // close() would wait for a frozen studio's answer: count the link as lost now
      const ws = this.ws;
      ws.onclose = ws.onmessage = null;
      ws.close();
      this.lost(ws);
    }
  }

  lost(ws) {
    if (ws !== this.ws) return;
    this.connected = false;
    clearTimeout(this.pingTimer);
    for (const resolve of this.waiting.values()) resolve({ type: "error", message: "Not sent: the link to the studio is down." });
    this.waiting.clear();
    const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 1.6 ** this.attempt) * (0.8 + 0.4 * Math.random());
    this.attempt += 1;
    this.retryAt = performance.now() + delay;
    setTimeout(() => this.connect(), delay);
  }

  /** Send a command; resolves with its `outcome` or `error` message. */
  command(name, args = {}) {
    if (!this.connected) return Promise.resolve({ type: "error", message: "Not sent: the link to the studio is down." });
    const id = String(this.nextId++);
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ type: "command", id, name, arguments: args }));
    });
  }

  showLink() {
    const banner = this.linkBanner;
    document.body.classList.toggle("stale", !this.live());
    if (!banner) return;
    if (this.live()) {
      banner.hidden = true;
      return;
    }
    banner.hidden = false;
    // the last word from the studio: a state, or a heartbeat saying the state held is still true
    const age = this.state ? ` Last update ${duration((performance.now() - this.lastMessage) / 1000)} ago.` : "";
    const retry = Math.max(0, Math.ceil((this.retryAt - performance.now()) / 1000));
    text(banner, `DISCONNECTED from the studio.${age} ${retry ? `Reconnecting in ${retry} s…` : "Reconnecting…"}`);
  }
}

// ----- shared formatting ---------------------------------------------------------------------

/** 83.2 -> "01:24", -12 -> "-00:12", 3725 -> "1:02:05": like the console (whole seconds, counted up). */
export function countdown(seconds) {
  if (seconds === null || seconds === undefined) return "--:--";
  const shown = Math.ceil(seconds - 1e-9);
  return (shown < 0 ? "-" : "") + hms(Math.abs(shown));
}

/** Elapsed or waiting time: whole seconds, counted down. */
export function duration(seconds) {
  return hms(Math.max(0, Math.floor(seconds)));
}

function hms(total) {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n) => String(n).padStart(2, "0");
  return h ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

export function signed(seconds) {
  const whole = Math.round(seconds);
  return (whole < 0 ? "-" : "+") + hms(Math.abs(whole));
}

/** A studio instant as a time of day in the show's timezone. */
export function timeOfDay(studio, ms, seconds = false) {
  if (ms === null || ms === undefined) return "";
  const zone = studio.state ? studio.state.show.timezone : undefined;
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: seconds ? "2-digit" : undefined, timeZone: zone }).format(ms);
}

export function money(studio, amount) {
  const show = studio.state.show;
  return new Intl.NumberFormat(show.locale, { style: "currency", currency: show.currency }).format(amount);
}

/** Set an element's text only when it changed (no layout work on every frame). */
export function text(element, value) {
  if (element.textContent !== value) element.textContent = value;
}

export function $(id) {
  return document.getElementById(id);
}

/** The segment's timer element, as its `timer` type says (countdown, count_up, time_of_day, none), in its level colour. */
export function showCountdown(studio, element) {
  const on = studio.state && studio.state.on_air;
  const type = on ? on.timer : "countdown";
  const shown = type === "count_up" ? duration(studio.elapsed())
    : type === "time_of_day" ? timeOfDay(studio, studio.now(), true)
    : type === "none" ? "" : countdown(studio.remaining());
  text(element, shown);
  element.dataset.level = studio.level();
  element.dataset.timer = type;
}

/** The free timers in `element`, one line each; `which` picks them (the presenter's: those the director shows there).
 * A view's ?timers=Q%26A,Doors names the ones it shows; ?timers= (empty) shows none. */
export function showTimers(studio, element, which = () => true) {
  const shown = shownTimers(studio, which);
  const values = shown.map(timerValue);
  const key = JSON.stringify([shown.map((t) => t.name), values]);
  if (element.dataset.key === key) return;  // no layout work on a frame that changes nothing
  element.dataset.key = key;
  element.replaceChildren(...shown.map((t, i) => {
    const row = document.createElement("div");
    row.className = "timer";
    row.dataset.level = timerLevel(t);
    row.append(Object.assign(document.createElement("span"), { textContent: t.name }),
      Object.assign(document.createElement("span"), { className: "value", textContent: values[i] }));
    return row;
  }));
}

/** The free timers a view shows: those its address names (?timers=Q%26A,Doors), else those `which` keeps. */
export function shownTimers(studio, which = () => true) {
  const asked = new URLSearchParams(location.search).get("timers");
  const names = asked === null ? null : asked.split(",").map((n) => n.trim()).filter(Boolean);
  return studio.timers().filter((t) => (names ? names.includes(t.name) : which(t)));
}

/** A free timer's reading as the views show it: "04:30", "-00:12", "00:00 ⏸" when stopped. */
export function timerValue(t) {
  return (t.mode === "up" ? duration(t.seconds) : countdown(t.seconds)) + (t.running ? "" : " ⏸");
}

/** A free timer's colour: overtime past zero (down, to), ok running, idle stopped. */
export function timerLevel(t) {
  return t.mode !== "up" && t.seconds <= 0 ? "overtime" : t.running ? "ok" : "idle";
}

/** What comes next, as the presenter reads it: the segment loaded by a stand-by, or the next one. */
export function nextLine(state) {
  if (!state || !state.next) return "";
  return state.standing_by === state.next.id ? `STAND BY: ${state.next.title}` : `Next: ${state.next.title}`;
}

/** The title line of the segment on air, as the presenter screen writes it. */
export function onAirTitle(state) {
  if (!state) return "Waiting for the studio…";
  if (!state.on_air) return state.phase === "ended" ? "Show ended" : "Standby";
  if (state.phase === "paused") return `${state.on_air.title} — PAUSED`;
  return state.on_air.held ? `${state.on_air.title} — HOLD` : state.on_air.title;
}

/** OBS's link and the as-run log in one line, what is known of them ("" for nothing). */
export function health(state) {
  if (!state) return "";
  return Object.values(state.health).filter(Boolean).map((item) => `${item.ok ? "✓" : "⚠"} ${item.text}`).join(" · ");
}

// ----- blocks and delays (push API 1.1) ------------------------------------------------------

/** The block on air, else the next to come (what the views show of the blocks), or null. */
export function currentBlock(state) {
  if (!state || !state.blocks) return null;
  return state.blocks.find((b) => b.status === "on_air") ?? state.blocks.find((b) => b.status === "upcoming") ?? null;
}

/** A block's budget and back-time in one line, counted against the studio's clock between states. */
export function blockLine(studio, block) {
  if (!block) return "";
  const budget = duration(block.budget_s);
  if (block.status === "upcoming") {
    return `${block.title}: next, at ${timeOfDay(studio, block.start)} (in ${countdown((block.start - studio.now()) / 1000)}) · ${budget} · ends ${signed(block.over_under_s)}`;
  }
  if (block.status === "done") return `${block.title}: done · ${signed(block.over_under_s)}`;
  return `${block.title}: ${countdown((block.ends_by - studio.now()) / 1000)} left of ${budget} · ends ${signed(block.over_under_s)}`;
}

/** "+05:00 delay · " before a segment the applied delays push, else "". */
export function delayMark(segment) {
  return segment.delay_s ? `+${duration(segment.delay_s)} delay · ` : "";
}

/** The block a segment belongs to, by its title ("" for none). */
export function blockTitle(state, segment) {
  const block = segment.block && state.blocks.find((b) => b.id === segment.block);
  return block ? block.title : segment.block ?? "";
}
