// What a Stream Deck shows of the show: the module's variables and the feedbacks' tests, computed
// from the connection's last state and its countdown (plain functions: tested without Companion).
'use strict'

/** mm:ss, or h:mm:ss past an hour; `sign` adds + or - (over/under). As studio's format_duration. */
function formatDuration(seconds, sign = false) {
	const prefix = sign ? (seconds >= 0 ? '+' : '-') : seconds < 0 ? '-' : ''
	const total = Math.round(Math.abs(seconds))
	const hours = Math.floor(total / 3600)
	const minutes = Math.floor((total % 3600) / 60)
	const secs = total % 60
	const two = (n) => String(n).padStart(2, '0')
	return prefix + (hours ? `${hours}:${two(minutes)}:${two(secs)}` : `${two(minutes)}:${two(secs)}`)
}

function formatMoney(amount, currency, locale) {
	try {
		return new Intl.NumberFormat(locale || undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount)
	} catch {
		return `${Math.round(amount)} ${currency}` // a currency or locale Intl does not know
	}
}

const VARIABLES = [
	{ variableId: 'time_left', name: 'Time left of the segment on air (mm:ss, -mm:ss in overtime)' },
	{ variableId: 'time_left_s', name: 'Time left, whole seconds' },
	{ variableId: 'on_air', name: 'Title of the segment on air' },
	{ variableId: 'on_air_id', name: 'Id of the segment on air' },
	{ variableId: 'next', name: 'Title of the next segment' },
	{ variableId: 'next_id', name: 'Id of the next segment' },
	{ variableId: 'over_under', name: 'Projected end against plan (+ late)' },
	{ variableId: 'drift', name: 'How late the show runs now (+ late)' },
	{ variableId: 'revenue_on_air', name: 'Sales while the segment on air aired' },
	{ variableId: 'revenue_show', name: 'Sales of the show' },
	{ variableId: 'level', name: 'Countdown level: ok, warning, alarm, overtime, idle' },
	{ variableId: 'phase', name: 'standby, on_air, paused, ended' },
	{ variableId: 'message', name: 'The message on the presenter screen' },
	{ variableId: 'questions_waiting', name: 'Audience questions waiting for moderation' },
	{ variableId: 'question_next', name: 'The oldest waiting question (what Approve and Reject act on by default)' },
	{ variableId: 'question_next_number', name: 'Its number' },
	{ variableId: 'question_on_screen', name: 'The oldest approved question, on the presenter screen (what Answered acts on by default)' },
	{ variableId: 'question_on_screen_number', name: 'Its number' },
	{ variableId: 'segment_time', name: "The segment's timer as the screens show it (its type: countdown, count-up, time of day, none)" },
	{ variableId: 'standing_by', name: 'Title of the segment loaded by a stand-by, waiting for GO (empty otherwise)' },
	...[1, 2, 3, 4].flatMap((n) => [
		{ variableId: `timer_${n}`, name: `Free timer ${n}: its time (mm:ss; -mm:ss past zero for down and to timers)` },
		{ variableId: `timer_${n}_name`, name: `Free timer ${n}: its name` },
	]),
]
const TIMER_SLOTS = 4 // free timers with variables, in the rundown's order then the order they were made

/** The free timers now, counted on from the state's instant on the studio clock. */
function freeTimers(connection) {
	const state = connection.state
	if (!state || !state.timers) return []
	const passed = Math.max(0, connection.now() - state.at) / 1000
	return state.timers.map((t) => ({ ...t, seconds: t.running ? t.seconds + (t.mode === 'up' ? passed : -passed) : t.seconds }))
}

/** What the screens show for the segment on air, by its timer type. */
function segmentTime(connection) {
	const state = connection.state
	const onAir = state && state.on_air
	if (!onAir) return ''
	if (onAir.timer === 'none') return ''
	if (onAir.timer === 'count_up') {
		const passed = state.phase === 'ended' ? 0 : Math.max(0, connection.now() - state.at) / 1000
		return formatDuration(Math.floor(onAir.elapsed_s + passed))
	}
	if (onAir.timer === 'time_of_day') {
		return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: state.show.timezone })
			.format(connection.now())
	}
	return formatDuration(connection.remaining())
}

function timerText(timer) {
	return timer.mode === 'up' ? formatDuration(Math.floor(timer.seconds)) : formatDuration(Math.ceil(timer.seconds - 1e-9))
}

/** The oldest question with this status (the list comes oldest first), or null. */
function oldest(connection, status) {
	return (connection.questions || []).find((q) => q.status === status) || null
}

/** How many questions wait for moderation; null before studio has sent any (an older studio sends none). */
function waiting(connection) {
	return connection.questions ? connection.questions.filter((q) => q.status === 'waiting').length : null
}

/** Every variable's value, from the connection's state and countdown. */
function variableValues(connection) {
	const state = connection.state
	const left = connection.remaining()
	const onAir = state && state.on_air
	const orders = state && state.orders
	const segmentSales = orders && onAir && orders.segments[onAir.id]
	const money = (totals) => (totals ? formatMoney(totals.revenue, orders.currency, state.show.locale) : '')
	return {
		time_left: left === null ? '' : formatDuration(left),
		time_left_s: left === null ? '' : String(Math.round(left)),
		on_air: onAir ? onAir.title : '',
		on_air_id: onAir ? onAir.id : '',
		next: state && state.next ? state.next.title : '',
		next_id: state && state.next ? state.next.id : '',
		over_under: state ? formatDuration(state.over_under_s, true) : '',
		drift: state ? formatDuration(state.drift_s, true) : '',
		revenue_on_air: onAir ? money(segmentSales || { revenue: 0 }) : '',
		revenue_show: orders && orders.show ? money(orders.show) : '',
		level: connection.level(),
		phase: state ? state.phase : '',
		message: state && state.message ? state.message.text : '',
		segment_time: segmentTime(connection),
		standing_by: state && state.standing_by && state.next ? state.next.title : '',
		...timerValues(freeTimers(connection)),
		...questionValues(connection),
	}
}

function questionValues(connection) {
	const count = waiting(connection)
	const next = oldest(connection, 'waiting')
	const shown = oldest(connection, 'approved')
	const who = (q) => (q.author ? ` (${q.author})` : '')
	return {
		questions_waiting: count === null ? '' : String(count),
		question_next: next ? next.text + who(next) : '',
		question_next_number: next ? String(next.number) : '',
		question_on_screen: shown ? shown.text + who(shown) : '',
		question_on_screen_number: shown ? String(shown.number) : '',
	}
}

function timerValues(timers) {
	const values = {}
	for (let n = 1; n <= TIMER_SLOTS; n++) {
		const timer = timers[n - 1]
		values[`timer_${n}`] = timer ? timerText(timer) : ''
		values[`timer_${n}_name`] = timer ? timer.name : ''
	}
	return values
}

/** The tests behind the boolean feedbacks, by feedback id. */
const FEEDBACK_TESTS = {
	level: (connection, options) => connection.level() === options.level,
	held: (connection) => Boolean(connection.state && connection.state.on_air && connection.state.on_air.held),
	paused: (connection) => Boolean(connection.state && connection.state.phase === 'paused'),
	obs_lost: (connection) => health(connection, 'obs') === false,
	log_failing: (connection) => health(connection, 'log') === false,
	link_lost: (connection) => !connection.connected,
	standing_by: (connection) => Boolean(connection.state && connection.state.standing_by),
	timer_running: (connection, options) => Boolean((freeTimers(connection)[Number(options.slot) - 1] || {}).running),
	questions_waiting: (connection, options) => (waiting(connection) ?? 0) >= Math.max(1, Number(options.at_least) || 1),
}

/** What the answer of a feedback with options follows: it is checked again when this changes. */
const FEEDBACK_INPUTS = {
	level: (connection) => connection.level(),
	questions_waiting: (connection) => waiting(connection),
	timer_running: (connection) => freeTimers(connection).map((t) => t.running).join(),
}

/** true / false from the state's health item, null when unknown (no OBS, nothing reported). */
function health(connection, item) {
	const state = connection.state
	const found = state && state.health && state.health[item]
	return found ? found.ok : null
}

module.exports = { formatDuration, formatMoney, variableValues, oldest, freeTimers, VARIABLES, FEEDBACK_TESTS, FEEDBACK_INPUTS }
