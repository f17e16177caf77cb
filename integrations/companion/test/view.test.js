// The variables and feedbacks from a state as docs/push-api.md shows it, at a known instant.
'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { formatDuration, variableValues, FEEDBACK_TESTS } = require('../src/view.js')
const { StudioConnection } = require('../src/connection.js')

function connectionAt(state, serverNow) {
	const connection = new StudioConnection({ url: 'ws://127.0.0.1:1/ws', token: '' })
	connection.state = state
	connection.connected = true
	connection.offset = serverNow - Date.now()
	return connection
}

const STATE = {
	phase: 'on_air', at: 1793986200510.3,
	show: { title: 'Salon', currency: 'EUR', locale: 'fr-FR', timezone: 'Europe/Paris' },
	on_air: { id: 'serenco-pitch', title: 'Serenco: the 3T lift', remaining_s: 287.5, warning_s: 60, alarm_s: 15, held: false },
	next: { id: 'break', title: 'Break' },
	over_under_s: 10.0, drift_s: -65.0,
	message: null,
	health: { obs: { ok: false, text: 'OBS lost (ws://localhost:4455)' }, log: null },
	orders: { currency: 'EUR', show: { orders: 12, revenue: 4321.5 }, exhibitors: {}, segments: { 'serenco-pitch': { orders: 9, revenue: 4000 } } },
}

test('formatDuration is studio format_duration', () => {
	assert.equal(formatDuration(83), '01:23')
	assert.equal(formatDuration(-12.4), '-00:12')
	assert.equal(formatDuration(65, true), '+01:05')
	assert.equal(formatDuration(-3725, true), '-1:02:05')
})

test('the countdown runs on the studio clock from the state instant; the level follows it', () => {
	const connection = connectionAt(STATE, STATE.at + 227500) // 227.5 s later: 60 s left
	const values = variableValues(connection)
	assert.equal(values.time_left, '01:00')
	assert.equal(values.on_air, 'Serenco: the 3T lift')
	assert.equal(values.next, 'Break')
	assert.equal(values.over_under, '+00:10')
	assert.equal(values.drift, '-01:05')
	assert.equal(values.revenue_on_air.replace(/\s/g, ' '), '4 000 €')
	assert.equal(values.level, 'warning')
	assert.equal(connectionAt(STATE, STATE.at + 280000).level(), 'alarm')
	assert.equal(connectionAt(STATE, STATE.at + 300000).level(), 'overtime')
	assert.equal(variableValues(connectionAt(STATE, STATE.at + 300000)).time_left, '-00:13')
})

test('health feedbacks: OBS lost when it says so, the log unknown is not failing', () => {
	const connection = connectionAt(STATE, STATE.at)
	assert.equal(FEEDBACK_TESTS.obs_lost(connection), true)
	assert.equal(FEEDBACK_TESTS.log_failing(connection), false)
	connection.state = { ...STATE, health: { obs: null, log: { ok: false, text: 'disk full' } } }
	assert.equal(FEEDBACK_TESTS.obs_lost(connection), false)
	assert.equal(FEEDBACK_TESTS.log_failing(connection), true)
})

test('paused: the countdown stands still', () => {
	const connection = connectionAt({ ...STATE, phase: 'paused' }, STATE.at + 100000)
	assert.equal(variableValues(connection).time_left, '04:48')
	assert.equal(FEEDBACK_TESTS.paused(connection), true)
})

const QUESTIONS = [
	{ number: 4, id: 'q-4', text: 'Answered?', author: null, status: 'answered' },
	{ number: 5, id: 'q-5', text: 'CE marked?', author: 'Marie, Lyon', status: 'approved' },
	{ number: 6, id: 'q-6', text: 'Belgium?', author: null, status: 'waiting' },
	{ number: 7, id: 'q-7', text: 'Price?', author: null, status: 'waiting' },
]

test('questions: the waiting count, the oldest waiting and the oldest on screen; none before studio sends them', () => {
	const connection = connectionAt(STATE, STATE.at)
	assert.equal(variableValues(connection).questions_waiting, '') // an older studio sends no questions
	assert.equal(FEEDBACK_TESTS.questions_waiting(connection, { at_least: 1 }), false)
	connection.questions = QUESTIONS
	const values = variableValues(connection)
	assert.deepEqual([values.questions_waiting, values.question_next, values.question_next_number], ['2', 'Belgium?', '6'])
	assert.deepEqual([values.question_on_screen, values.question_on_screen_number], ['CE marked? (Marie, Lyon)', '5'])
	assert.equal(FEEDBACK_TESTS.questions_waiting(connection, { at_least: 2 }), true)
	assert.equal(FEEDBACK_TESTS.questions_waiting(connection, { at_least: 3 }), false)
})

test('the segment timer follows its type; free timers count on from the state instant', () => {
	const timers = [
		{ name: 'Q&A', mode: 'down', seconds: 300, running: true, presenter: true, target: null },
		{ name: 'Speaker', mode: 'up', seconds: 42, running: false, presenter: false, target: null },
		{ name: 'Doors', mode: 'to', seconds: 5, running: true, presenter: false, target: STATE.at + 5000 },
	]
	const state = { ...STATE, on_air: { ...STATE.on_air, timer: 'count_up', elapsed_s: 12.5 }, standing_by: 'break', timers }
	const later = connectionAt(state, STATE.at + 10000) // 10 s later
	const values = variableValues(later)
	assert.equal(values.segment_time, '00:22')
	assert.equal(values.standing_by, 'Break')
	assert.deepEqual([values.timer_1_name, values.timer_1, values.timer_2, values.timer_3, values.timer_4_name], ['Q&A', '04:50', '00:42', '-00:05', ''])
	assert.equal(FEEDBACK_TESTS.standing_by(later), true)
	assert.equal(FEEDBACK_TESTS.timer_running(later, { slot: '1' }), true)
	assert.equal(FEEDBACK_TESTS.timer_running(later, { slot: '2' }), false)
	assert.equal(FEEDBACK_TESTS.timer_running(later, { slot: '4' }), false)
	assert.equal(variableValues(connectionAt({ ...state, on_air: { ...state.on_air, timer: 'none' } }, STATE.at)).segment_time, '')
	const clock = variableValues(connectionAt({ ...state, on_air: { ...state.on_air, timer: 'time_of_day' } }, Date.UTC(2026, 10, 5, 22, 40, 5)))
	assert.equal(clock.segment_time, '23:40:05') // Paris
	assert.equal(variableValues(connectionAt({ ...state, on_air: { ...state.on_air, timer: 'countdown' } }, STATE.at + 7500)).segment_time, '04:40')
})
