// The module's actions, feedbacks and presets: each action sends one command of studio's registry
// (docs/control.md) over the push API; each feedback reads the pushed state (src/view.js).
'use strict'

const { combineRgb } = require('@companion-module/base')
const { FEEDBACK_TESTS, freeTimers, oldest } = require('./view.js')

const SWITCH = (id, label, choices, fallback) => ({ type: 'dropdown', id, label, choices, default: fallback })
const SEGMENT = { type: 'textinput', id: 'segment', label: 'Segment id (e.g. closing)', default: '', useVariables: true }
const QUESTION = (fallback) => ({ type: 'textinput', id: 'question', label: `Question number (empty: ${fallback})`, default: '', useVariables: true })
const TIMER = { type: 'textinput', id: 'timer', label: 'Free timer (its name, e.g. Q&A)', default: '$(studio:timer_1_name)', useVariables: true }
const named = (o) => ({ timer: o.timer })

/**
 * The arguments of a moderation command: the question number given, else the oldest question with the status
 * `which` (as the module's variables show it); a sentence when there is none, and nothing is sent.
 */
function moderated(which, fallback) {
	return (o, connection) => {
		const given = String(o.question ?? '').trim()
		if (given) return /^[1-9][0-9]*$/.test(given) ? { question: Number(given) } : `'${given}' is not a question number.`
		const found = oldest(connection, which)
		return found ? { question: found.number } : `There is no ${fallback}.`
	}
}

/** Action id -> [label, command, options, arguments from the options and the connection (a sentence: not sent)]. */
const ACTIONS = {
	go: ['GO: take the next segment', 'go'],
	back: ['Back to the previous segment', 'back'],
	skip: ['Skip the next segment', 'skip'],
	hold: ['Hold / release', 'hold', [SWITCH('on', 'Hold', [{ id: 'on', label: 'Hold' }, { id: 'off', label: 'Release' }, { id: 'toggle', label: 'Toggle' }], 'on')],
		(o) => (o.on === 'toggle' ? {} : { on: o.on === 'on' })],
	extend: ['Add or take away time', 'extend', [{ type: 'number', id: 'seconds', label: 'Seconds (negative takes time away)', default: 30, min: -3600, max: 3600 }],
		(o) => ({ seconds: Number(o.seconds) })],
	pause: ['Pause / resume the countdown', 'pause', [SWITCH('on', 'Pause', [{ id: 'on', label: 'Pause' }, { id: 'off', label: 'Resume' }], 'on')],
		(o) => ({ on: o.on === 'on' })],
	message: ['Message to the presenter', 'message', [{ type: 'textinput', id: 'text', label: 'Text (at most 200 characters)', default: 'Wrap up', useVariables: true }],
		(o) => ({ text: o.text })],
	clear: ['Clear the presenter message', 'clear'],
	jump: ['Jump to a segment', 'jump', [SEGMENT, { type: 'checkbox', id: 'confirm', label: 'Confirm dropping segments not yet aired', default: false }],
		(o) => ({ segment: o.segment, confirm: Boolean(o.confirm) })],
	set_next: ['Set the next segment', 'set_next', [SEGMENT], (o) => ({ segment: o.segment })],
	reconnect_obs: ['Reconnect OBS', 'reconnect_obs'],
	delay: ['Apply or cancel a delay', 'delay',
		[{ type: 'textinput', id: 'delay', label: 'Delay id (e.g. doors-late)', default: '', useVariables: true },
			SWITCH('on', 'Delay', [{ id: 'on', label: 'Apply' }, { id: 'off', label: 'Cancel' }, { id: 'toggle', label: 'Toggle' }], 'toggle')],
		(o) => (o.on === 'toggle' ? { delay: o.delay } : { delay: o.delay, on: o.on === 'on' })],
	approve_question: ['Approve an audience question (on the presenter screen)', 'approve_question',
		[QUESTION('the oldest waiting')], moderated('waiting', 'question waiting')],
	reject_question: ['Reject an audience question', 'reject_question', [QUESTION('the oldest waiting')], moderated('waiting', 'question waiting')],
	answer_question: ['Mark an audience question answered (off the screens)', 'answer_question',
		[QUESTION('the oldest on screen')], moderated('approved', 'approved question on screen')],
	timer_start: ['Free timer: start', 'timer_start', [TIMER], named],
	timer_pause: ['Free timer: pause', 'timer_pause', [TIMER], named],
	timer_toggle: ['Free timer: start / pause', (o, connection) => (freeTimers(connection).some((t) => t.name === o.timer && t.running) ? 'timer_pause' : 'timer_start'),
		[TIMER], named],
	timer_reset: ['Free timer: reset', 'timer_reset', [TIMER], named],
	timer_show: ['Free timer: on the presenter screen', 'timer_show', [TIMER, SWITCH('on', 'Presenter screen', [{ id: 'on', label: 'Show' }, { id: 'off', label: 'Take off' }], 'on')],
		(o) => ({ timer: o.timer, on: o.on === 'on' })],
	timer_new: ['Free timer: make one', 'timer_new', [
		{ type: 'textinput', id: 'timer', label: 'Name', default: 'Q&A', useVariables: true },
		SWITCH('mode', 'Counts', [{ id: 'up', label: 'up' }, { id: 'down', label: 'down' }, { id: 'to', label: 'to a time of day' }], 'down'),
		{ type: 'textinput', id: 'value', label: 'down: how long (5m); to: the time of day (23:00)', default: '5m', useVariables: true }],
		(o) => ({ timer: o.timer, mode: o.mode, ...(o.mode === 'up' ? {} : { value: o.value }) })],
}

/**
 * @param {{connection: import('./connection.js').StudioConnection, log: (level: string, text: string) => void,
 *          parse?: (text: string) => Promise<string>}} module
 */
function actionDefinitions(module) {
	const definitions = {}
	for (const [id, [name, command, options = [], toArguments = () => ({})]] of Object.entries(ACTIONS)) {
		definitions[id] = {
			name,
			options,
			callback: async (action) => {
				const given = { ...action.options }
				for (const option of options) {
					if (option.useVariables && module.parse) given[option.id] = await module.parse(given[option.id])
				}
				const name = typeof command === 'function' ? command(given, module.connection) : command
				const args = toArguments(given, module.connection)
				const answer = typeof args === 'string' ? { type: 'error', message: args } : await module.connection.command(name, args)
				if (answer.type === 'error') module.log('warn', `${name}: ${answer.message}`)
				else if (!answer.ok) module.log('warn', `${name} refused: ${answer.refused}`)
				return answer
			},
		}
	}
	return definitions
}

const WHITE = combineRgb(255, 255, 255)
const BLACK = combineRgb(0, 0, 0)
const COLOURS = {
	ok: combineRgb(0, 153, 68),
	warning: combineRgb(255, 176, 32),
	alarm: combineRgb(255, 59, 48),
	overtime: combineRgb(160, 0, 0),
	idle: combineRgb(60, 64, 72),
	held: combineRgb(0, 90, 200),
	paused: combineRgb(120, 80, 200),
	lost: combineRgb(200, 0, 0),
	questions: combineRgb(255, 176, 32),
}
const LEVELS = ['ok', 'warning', 'alarm', 'overtime', 'idle']

function feedbackDefinitions(module) {
	const boolean = (name, id, bgcolor, options = []) => ({
		type: 'boolean',
		name,
		options,
		defaultStyle: { bgcolor, color: id === 'level' ? BLACK : WHITE },
		callback: (feedback) => FEEDBACK_TESTS[id](module.connection, feedback.options),
	})
	return {
		level: boolean('Countdown level is', 'level', COLOURS.warning, [
			{ type: 'dropdown', id: 'level', label: 'Level', default: 'warning', choices: LEVELS.map((l) => ({ id: l, label: l })) },
		]),
		held: boolean('Segment on air is held', 'held', COLOURS.held),
		paused: boolean('Countdown is paused', 'paused', COLOURS.paused),
		obs_lost: boolean('OBS link lost', 'obs_lost', COLOURS.lost),
		log_failing: boolean('As-run log failing', 'log_failing', COLOURS.lost),
		link_lost: boolean('No link to studio', 'link_lost', COLOURS.idle),
		standing_by: boolean('Next segment loaded (stand by), waiting for GO', 'standing_by', COLOURS.warning),
		timer_running: boolean('Free timer is running', 'timer_running', COLOURS.ok, [
			{ type: 'dropdown', id: 'slot', label: 'Free timer', default: '1', choices: ['1', '2', '3', '4'].map((n) => ({ id: n, label: `timer ${n}` })) },
		]),
		questions_waiting: boolean('Audience questions waiting', 'questions_waiting', COLOURS.questions, [
			{ type: 'number', id: 'at_least', label: 'At least', default: 1, min: 1, max: 1000 },
		]),
	}
}

function button(category, name, text, down, feedbacks = [], size = '18') {
	return {
		type: 'button',
		category,
		name,
		style: { text, size, color: WHITE, bgcolor: BLACK },
		steps: [{ down, up: [] }],
		feedbacks,
	}
}

const act = (actionId, options = {}) => ({ actionId, options })
const when = (feedbackId, style, options = {}) => ({ feedbackId, options, style })
const LEVEL_FEEDBACKS = LEVELS.filter((l) => l !== 'idle').map((level) =>
	when('level', { bgcolor: COLOURS[level], color: level === 'ok' ? WHITE : BLACK }, { level }))

function presetDefinitions(instanceLabel = 'studio') {
	const v = (id) => `$(${instanceLabel}:${id})`
	return {
		go: button('Show', 'GO', `GO\\n${v('next')}`, [act('go')], [when('link_lost', { bgcolor: COLOURS.idle })], '14'),
		back: button('Show', 'Back', 'BACK', [act('back')]),
		skip: button('Show', 'Skip next', 'SKIP\\nNEXT', [act('skip')]),
		hold: button('Show', 'Hold', 'HOLD', [act('hold', { on: 'on' })], [when('held', { bgcolor: COLOURS.held })]),
		release: button('Show', 'Release', 'RELEASE', [act('hold', { on: 'off' })]),
		plus30: button('Time', '+30 s', '+30 s', [act('extend', { seconds: 30 })]),
		minus30: button('Time', '−30 s', '−30 s', [act('extend', { seconds: -30 })]),
		pause: button('Time', 'Pause', 'PAUSE', [act('pause', { on: 'on' })], [when('paused', { bgcolor: COLOURS.paused })]),
		resume: button('Time', 'Resume', 'RESUME', [act('pause', { on: 'off' })]),
		time_left: button('Status', 'Time left', `${v('time_left')}\\n${v('on_air')}`, [], LEVEL_FEEDBACKS, '14'),
		over_under: button('Status', 'Over / under', `END\\n${v('over_under')}`, []),
		revenue: button('Status', 'Sales on air', `SALES\\n${v('revenue_on_air')}`, [], [], '14'),
		obs: button('Status', 'OBS', 'OBS', [act('reconnect_obs')], [when('obs_lost', { bgcolor: COLOURS.lost, text: 'OBS\\nLOST' })]),
		log: button('Status', 'As-run log', 'LOG', [], [when('log_failing', { bgcolor: COLOURS.lost, text: 'LOG\\nFAILING' })]),
		wrap_up: button('Messages', 'Wrap up', 'WRAP\\nUP', [act('message', { text: 'Wrap up' })]),
		clear: button('Messages', 'Clear message', 'CLEAR\\nMSG', [act('clear')]),
		approve_next: button('Questions', 'Approve the oldest waiting', `APPROVE\\n${v('questions_waiting')} waiting`,
			[act('approve_question')], [when('questions_waiting', { bgcolor: COLOURS.questions, color: BLACK })], '14'),
		reject_next: button('Questions', 'Reject the oldest waiting', 'REJECT', [act('reject_question')]),
		answered: button('Questions', 'Mark the one on screen answered', 'ANSWERED', [act('answer_question')]),
		next_question: button('Questions', 'The oldest waiting question', v('question_next'), [], [], '7'),
		...Object.fromEntries([1, 2, 3, 4].map((n) => {
			const timer = v(`timer_${n}_name`)
			return [`timer_${n}`, button('Timers', `Free timer ${n}: start / pause`, `${timer}\\n${v(`timer_${n}`)}`,
				[act('timer_toggle', { timer })], [when('timer_running', { bgcolor: COLOURS.ok }, { slot: String(n) })], '14')]
		})),
	}
}

module.exports = { actionDefinitions, feedbackDefinitions, presetDefinitions, ACTIONS }
