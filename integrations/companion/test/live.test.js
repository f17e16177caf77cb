// The module against a live `studio run --headless`: a real WebSocket, a real show. STUDIO_BIN names
// the studio to run (default: the virtualenv's next to the repository, then `studio` on PATH).
'use strict'

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { spawn } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { StudioModule } = require('../src/module.js')
const { StudioConnection } = require('../src/connection.js')

const REPO = path.resolve(__dirname, '..', '..', '..')
const TOKEN = 'companion-t0ken'
const RUNDOWN = `show:
  title: Companion test show
  timezone: Europe/Paris
  start: "19:30:00"
  warning: 60s
  alarm: 15s
  currency: EUR
  locale: fr-FR
exhibitors:
  - id: acme
    name: Acme Lifts
segments:
  - {id: intro, title: Intro, duration: 10m, end: hold}
  - {id: pitch, title: Acme pitch, duration: 10m, end: hold, exhibitor: acme, kind: pitch}
  - {id: closing, title: Closing, duration: 10m, end: hold}
timers:
  - {name: Q&A, duration: 5m}
`

function studioBin() {
	if (process.env.STUDIO_BIN) return process.env.STUDIO_BIN
	const local = path.join(REPO, '.venv', 'bin', 'studio')
	return fs.existsSync(local) ? local : 'studio'
}

/** Start `studio run --headless --start now` on a free port; resolves with {proc, port} once a segment is on air. */
function startStudio(folder) {
	const rundown = path.join(folder, 'show.yaml')
	fs.writeFileSync(rundown, RUNDOWN)
	const env = {
		...process.env,
		STUDIO_CONTROL_TOKEN: TOKEN,
		XDG_CONFIG_HOME: path.join(folder, 'config'),
		PYTHONPATH: [REPO, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter), // this tree's studio
		QT_QPA_PLATFORM: 'offscreen',
	}
	const proc = spawn(studioBin(), ['run', rundown, '--headless', '--start', 'now', '--orders-port', '0', '--db', path.join(folder, 'a.db'),
		'--questions-file', path.join(folder, 'chat.jsonl')], {
		env,
		stdio: ['pipe', 'pipe', 'pipe'],
	})
	return new Promise((resolve, reject) => {
		let out = ''
		let port = null
		const timer = setTimeout(() => {
			proc.kill('SIGKILL')
			reject(new Error(`studio did not start within 30 s; it said:\n${out}`))
		}, 30000)
		const read = (chunk) => {
			out += chunk
			const found = out.match(/on http:\/\/127\.0\.0\.1:(\d+)\/orders/)
			if (found) port = Number(found[1])
			if (port && out.includes('ON AIR')) {
				clearTimeout(timer)
				resolve({ proc, port })
			}
		}
		proc.stdout.on('data', read)
		proc.stderr.on('data', read)
		proc.on('exit', (code) => {
			clearTimeout(timer)
			reject(new Error(`studio exited (${code}) before the show started:\n${out}`))
		})
	})
}

/** What Companion's InstanceBase is to the module, recording what it is given. */
class Host {
	constructor() {
		this.label = 'studio'
		this.variables = {}
		this.checked = []
		this.statuses = []
		this.logs = []
	}
	setActionDefinitions(actions) { this.actions = actions }
	setFeedbackDefinitions(feedbacks) { this.feedbacks = feedbacks }
	setVariableDefinitions(variables) { this.variableDefinitions = variables }
	setPresetDefinitions(presets) { this.presets = presets }
	setVariableValues(values) { Object.assign(this.variables, values) }
	checkFeedbacks(...ids) { this.checked.push(...ids) }
	updateStatus(status, message) { this.statuses.push([status, message]) }
	log(level, text) { this.logs.push([level, text]) }
	async parseVariablesInString(text) { return text }
	feedback(id, options = {}) { return this.feedbacks[id].callback({ options }) }
	run(id, options = {}) { return this.actions[id].callback({ options }) }
}

async function until(test, what, timeoutMs = 5000) {
	const deadline = Date.now() + timeoutMs
	while (!test()) {
		if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`)
		await new Promise((resolve) => setTimeout(resolve, 20))
	}
}

let folder, studio, host, studioModule

before(async () => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-companion-'))
	studio = await startStudio(folder)
	host = new Host()
	studioModule = new StudioModule(host)
	studioModule.start({ host: '127.0.0.1', port: studio.port }, { token: TOKEN })
	await until(() => studioModule.connection.connected && studioModule.connection.state, 'the module connected and got the state')
})

after(() => {
	studioModule.stop()
	studio.proc.kill('SIGKILL')
	fs.rmSync(folder, { recursive: true, force: true })
})

test('connects with the control token and defines every action, feedback, variable and preset', () => {
	assert.equal(studioModule.connection.hello.role, 'control')
	assert.equal(host.statuses.at(-1)[0], 'ok')
	for (const id of ['go', 'back', 'skip', 'hold', 'extend', 'pause', 'message', 'clear', 'jump', 'set_next', 'reconnect_obs',
		'approve_question', 'reject_question', 'answer_question']) {
		assert.ok(host.actions[id], id)
	}
	for (const id of ['level', 'held', 'paused', 'obs_lost', 'log_failing', 'questions_waiting']) assert.ok(host.feedbacks[id], id)
	const names = host.variableDefinitions.map((v) => v.variableId)
	for (const id of ['time_left', 'on_air', 'next', 'over_under', 'drift', 'revenue_on_air', 'questions_waiting', 'question_next']) {
		assert.ok(names.includes(id), id)
	}
	assert.ok(Object.keys(host.presets).length >= 10)
})

test('variables follow the pushed state: on air, next, a countdown that runs', async () => {
	await until(() => host.variables.on_air === 'Intro', 'on_air is Intro')
	assert.equal(host.variables.next, 'Acme pitch')
	assert.equal(host.variables.phase, 'on_air')
	assert.match(host.variables.time_left, /^(10:00|09:5\d)$/)
	const first = Number(host.variables.time_left_s)
	await until(() => Number(host.variables.time_left_s) <= first - 1, 'the countdown moved without a message from studio', 3000)
	assert.match(host.variables.revenue_on_air, /0\s?€/)
	assert.equal(host.feedback('level', { level: 'ok' }), true)
})

test('GO takes the next segment: seen in the pushed state and the variables', async () => {
	const answer = await host.run('go')
	assert.equal(answer.type, 'outcome')
	assert.equal(answer.ok, true)
	await until(() => studioModule.connection.state.on_air && studioModule.connection.state.on_air.id === 'pitch', 'pitch on air in the state')
	await until(() => host.variables.on_air === 'Acme pitch', 'on_air variable')
	assert.equal(host.variables.next, 'Closing')
})

test('hold, time taken away and pause change the feedbacks', async () => {
	await host.run('hold', { on: 'on' })
	await until(() => host.feedback('held') === true, 'held feedback')
	assert.ok(host.checked.includes('held'))
	await host.run('extend', { seconds: -590 }) // about 10 s left: under the 15 s alarm
	await until(() => host.feedback('level', { level: 'alarm' }) === true, 'alarm level')
	assert.match(host.variables.time_left, /^00:(0\d|10)$/)
	assert.equal(host.variables.level, 'alarm')
	await host.run('pause', { on: 'on' })
	await until(() => host.feedback('paused') === true, 'paused feedback')
	const frozen = host.variables.time_left
	await new Promise((resolve) => setTimeout(resolve, 1200))
	assert.equal(host.variables.time_left, frozen) // a paused countdown stands still
	await host.run('pause', { on: 'off' })
	await until(() => host.feedback('paused') === false, 'resumed')
	await host.run('hold', { on: 'off' })
	await until(() => host.feedback('held') === false, 'released')
})

test('a message shows in the state, clear takes it down; a refusal is logged, not thrown', async () => {
	await host.run('message', { text: 'Wrap up' })
	await until(() => host.variables.message === 'Wrap up', 'message variable')
	await host.run('clear')
	await until(() => host.variables.message === '', 'message cleared')
	const refused = await host.run('jump', { segment: 'nowhere', confirm: false })
	assert.equal(refused.ok, false)
	assert.match(refused.refused, /no segment 'nowhere'/)
	assert.ok(host.logs.some(([level, text]) => level === 'warn' && text.includes('jump refused')))
	assert.equal(host.feedback('obs_lost'), false) // no OBS: health unknown, nothing lost
})

test('audience questions: the waiting count and its feedback; approve, reject, answer the oldest or a number', async () => {
	assert.equal(host.variables.questions_waiting, '0') // studio sent its (empty) list after hello
	assert.equal(host.feedback('questions_waiting', { at_least: 1 }), false)
	const ask = (id, text, author) => JSON.stringify({ id, text, ...(author ? { author } : {}) }) + '\n'
	fs.appendFileSync(path.join(folder, 'chat.jsonl'), ask('q-1', 'Is it CE marked?', 'Marie, Lyon') + ask('q-2', 'Delivered to Belgium?') + ask('q-3', 'Price?'))
	await until(() => host.variables.questions_waiting === '3', 'three questions waiting')
	assert.ok(host.checked.includes('questions_waiting'))
	assert.equal(host.feedback('questions_waiting', { at_least: 3 }), true)
	assert.equal(host.feedback('questions_waiting', { at_least: 4 }), false)
	assert.equal(host.variables.question_next, 'Is it CE marked? (Marie, Lyon)')
	const first = Number(host.variables.question_next_number)

	const approved = await host.run('approve_question', { question: '' }) // the oldest waiting
	assert.equal(approved.ok, true)
	await until(() => host.variables.question_on_screen === 'Is it CE marked? (Marie, Lyon)', 'on screen')
	assert.equal(host.variables.question_on_screen_number, String(first))
	assert.equal(host.variables.question_next, 'Delivered to Belgium?')
	await host.run('reject_question', { question: String(first + 2) }) // by number
	await until(() => host.variables.questions_waiting === '1', 'one left waiting')
	await host.run('answer_question', {}) // the oldest on screen
	await until(() => host.variables.question_on_screen === '', 'off the screens')
	assert.deepEqual(studioModule.connection.questions.map((q) => [q.id, q.status]),
		[['q-1', 'answered'], ['q-2', 'waiting'], ['q-3', 'rejected']])

	const none = await host.run('answer_question', { question: '' }) // nothing on screen: nothing sent, a sentence
	assert.deepEqual([none.type, none.message], ['error', 'There is no approved question on screen.'])
	const bad = await host.run('approve_question', { question: 'two' })
	assert.equal(bad.message, "'two' is not a question number.")
	assert.ok(host.logs.some(([level, text]) => level === 'warn' && text.includes('answer_question: There is no approved')))
})

test('a studio that goes away is seen at once, and the module reconnects to it by itself', async () => {
	const connection = new StudioConnection({ url: `ws://127.0.0.1:${studio.port}/ws`, token: 'wrong' })
	const statuses = []
	connection.on('status', (status) => statuses.push(status))
	connection.start()
	await until(() => statuses.includes('refused'), 'a wrong token is refused')
	connection.stop()

	studioModule.connection.ws.terminate() // the link drops (as with a pulled cable)
	await until(() => host.feedback('link_lost') === true, 'link lost feedback')
	const answer = await host.run('go')
	assert.equal(answer.type, 'error') // nothing sent on a dead link: a sentence, no exception
	await until(() => studioModule.connection.connected, 'reconnected', 8000)
	assert.equal(host.feedback('link_lost'), false)
	assert.equal(studioModule.connection.state.on_air.id, 'pitch') // the state afresh: the GO above was never sent
})

test('free timers: started and paused from one button, reset, made live; their variables and feedback follow', async () => {
	await until(() => host.variables.timer_1_name === 'Q&A', 'timer_1_name')
	assert.equal(host.variables.timer_1, '05:00')
	assert.equal(host.feedback('timer_running', { slot: '1' }), false)
	assert.equal((await host.run('timer_toggle', { timer: 'Q&A' })).ok, true)
	await until(() => host.feedback('timer_running', { slot: '1' }) === true, 'Q&A runs')
	await until(() => host.variables.timer_1 === '04:58', 'Q&A counts down without a message from studio', 4000)
	assert.ok(host.checked.includes('timer_running'))
	assert.equal((await host.run('timer_toggle', { timer: 'Q&A' })).ok, true)
	await until(() => host.feedback('timer_running', { slot: '1' }) === false, 'Q&A paused')
	await host.run('timer_reset', { timer: 'Q&A' })
	await until(() => host.variables.timer_1 === '05:00', 'Q&A reset')
	const made = await host.run('timer_new', { timer: 'Doors', mode: 'to', value: '23:59' })
	assert.equal(made.ok, true)
	await until(() => host.variables.timer_2_name === 'Doors', 'Doors made live')
	assert.equal(host.feedback('timer_running', { slot: '2' }), true) // the clock does not stop
	const refused = await host.run('timer_pause', { timer: 'Doors' })
	assert.equal(refused.ok, false)
	assert.match(refused.refused, /cannot be paused/)
	assert.equal(host.variables.segment_time, host.variables.time_left) // a countdown segment shows its time left
})
