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
