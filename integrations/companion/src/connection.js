// The link to studio's push API (docs/push-api.md): one WebSocket, the state on connect and on
// every change, commands for a control token, the studio's clock (server time + offset), and
// reconnection by itself (1 s, then 1.6x longer each time up to 5 s).
'use strict'

const { EventEmitter } = require('node:events')
const WebSocket = require('ws')

const RETRY_FIRST_MS = 1000
const RETRY_MAX_MS = 5000
const PING_EVERY_MS = 10000
const PONGS_KEPT = 8
const ANSWER_TIMEOUT_MS = 5000

/**
 * Events: 'status' (status, sentence) when the link changes: 'connecting', 'ok', 'lost', 'refused';
 * 'hello' (message); 'state' (message); 'questions' (message): the audience questions, after hello and each change.
 */
class StudioConnection extends EventEmitter {
	/** @param {{url: string, token: string}} options url: ws://host:port/ws */
	constructor({ url, token }) {
		super()
		this.url = url
		this.token = token
		this.hello = null
		this.state = null
		this.questions = null // the audience questions this token may see (the last `questions` message); null: none yet
		this.connected = false
		this.offset = null // server time - Date.now(), ms
		this.pongs = [] // [round trip, offset]
		this.attempt = 0
		this.nextId = 1
		this.waiting = new Map() // command id -> {resolve, timer}
		this.ws = null
		this.timers = { retry: null, ping: null, watch: null }
		this.stopped = true
		this.lastMessage = 0
	}

	start() {
		this.stopped = false
		this._connect()
	}

	stop() {
		this.stopped = true
		for (const timer of Object.values(this.timers)) clearTimeout(timer)
		if (this.ws) {
			this.ws.removeAllListeners()
			this.ws.on('error', () => {})
			this.ws.terminate()
		}
		this.ws = null
		this._lost('stopped')
	}

	/** The studio's clock now, ms since 1970. */
	now() {
		return Date.now() + (this.offset ?? 0)
	}

	/** Seconds left of the segment on air, now (null when nothing is on air); frozen when paused. */
	remaining() {
		const s = this.state
		if (!s || !s.on_air) return null
		if (s.phase !== 'on_air') return s.on_air.remaining_s
		// never above its value at `at`: an offset a few ms off must not show 01:01 of a one-minute segment
		return s.on_air.remaining_s - Math.max(0, this.now() - s.at) / 1000
	}

	/** ok | warning | alarm | overtime from the computed countdown; idle when nothing is on air. */
	level() {
		const left = this.remaining()
		const on = this.state && this.state.on_air
		if (left === null || !on) return 'idle'
		if (left <= 0) return 'overtime'
		if (left <= on.alarm_s) return 'alarm'
		if (left <= on.warning_s) return 'warning'
		return 'ok'
	}

	/**
	 * Send a command of the registry (docs/control.md); resolves with the studio's `outcome` or
	 * `error` message, or an error-like {type: 'error', message} when the link is down or silent.
	 */
	command(name, args = {}) {
		if (!this.connected) {
			return Promise.resolve({ type: 'error', message: `Not connected to studio: ${name} was not sent.` })
		}
		const id = `c${this.nextId++}`
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.waiting.delete(id)
				resolve({ type: 'error', id, message: `studio did not answer ${name} within ${ANSWER_TIMEOUT_MS / 1000} s.` })
			}, ANSWER_TIMEOUT_MS)
			this.waiting.set(id, { resolve, timer })
			this.ws.send(JSON.stringify({ type: 'command', id, name, arguments: args }))
		})
	}

	_connect() {
		if (this.stopped) return
		this.emit('status', 'connecting', `Connecting to ${this.url}`)
		const ws = new WebSocket(this.url, { headers: { Authorization: `Bearer ${this.token}` }, handshakeTimeout: 5000 })
		this.ws = ws
		ws.on('message', (data, binary) => {
			if (!binary) this._receive(JSON.parse(data.toString()))
		})
		ws.on('unexpected-response', (request, response) => {
			const refused = response.statusCode === 401
			this._closed(ws, refused ? 'refused' : 'lost',
				refused ? 'studio refused the token (401): check the control token.' : `studio answered HTTP ${response.statusCode}.`)
			request.destroy()
		})
		ws.on('error', (error) => this._closed(ws, 'lost', `No link to studio: ${error.message}`))
		ws.on('close', (code) => this._closed(ws, 'lost', `The link to studio closed (${code}).`))
	}

	_receive(message) {
		this.lastMessage = Date.now()
		if (this.offset === null || !this.pongs.length) {
			// one-way delay only makes this sample smaller than the truth: keep the largest until a pong
			const sample = message.server_time - Date.now()
			this.offset = this.offset === null ? sample : Math.max(this.offset, sample)
		}
		if (message.type === 'hello') {
			this.hello = message
			this.connected = true
			this.attempt = 0
			this.emit('status', 'ok', `Connected to studio as ${message.role}`)
			this.emit('hello', message)
			this._ping()
			this._watch()
		} else if (message.type === 'state') {
			this.state = message
			this.emit('state', message)
		} else if (message.type === 'questions') {
			this.questions = message.questions
			this.emit('questions', message)
		} else if (message.type === 'pong') {
			this._learnOffset(message)
		} else if (message.type === 'outcome' || message.type === 'error') {
			const waiting = this.waiting.get(message.id)
			if (waiting) {
				this.waiting.delete(message.id)
				clearTimeout(waiting.timer)
				waiting.resolve(message)
			}
		}
	}

	_ping() {
		if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return
		this.ws.send(JSON.stringify({ type: 'ping', id: 'ping', client_time: Date.now() }))
		clearTimeout(this.timers.ping)
		this.timers.ping = setTimeout(() => this._ping(), PING_EVERY_MS)
	}

	_learnOffset(pong) {
		const received = Date.now()
		this.pongs.push([received - pong.client_time, pong.server_time - (pong.client_time + received) / 2])
		if (this.pongs.length > PONGS_KEPT) this.pongs.shift()
		this.offset = this.pongs.reduce((best, p) => (p[0] < best[0] ? p : best))[1] // the shortest round trip wins
	}

	_watch() {
		// a studio that goes silent with the socket open (frozen, cable pulled) is lost after 2.5 heartbeats
		const heartbeatMs = (this.hello ? this.hello.heartbeat_s : 1) * 1000
		clearTimeout(this.timers.watch)
		this.timers.watch = setTimeout(() => {
			if (Date.now() - this.lastMessage > 2.5 * heartbeatMs) {
				const ws = this.ws
				this._closed(ws, 'lost', 'studio went silent: reconnecting.')
				if (ws) ws.terminate()
			} else {
				this._watch()
			}
		}, heartbeatMs / 2)
	}

	_closed(ws, status, sentence) {
		if (ws !== this.ws || this.stopped) return // an old socket's late news, or stopped on purpose
		ws.removeAllListeners()
		ws.on('error', () => {})
		this.ws = null
		this._lost(status, sentence)
		const delay = Math.min(RETRY_FIRST_MS * 1.6 ** this.attempt, RETRY_MAX_MS) * (0.8 + 0.4 * Math.random())
		this.attempt += 1
		clearTimeout(this.timers.retry)
		this.timers.retry = setTimeout(() => this._connect(), delay)
	}

	_lost(status, sentence) {
		clearTimeout(this.timers.ping)
		clearTimeout(this.timers.watch)
		const wasConnected = this.connected
		this.connected = false
		this.pongs = []
		for (const [id, waiting] of this.waiting) {
			clearTimeout(waiting.timer)
			waiting.resolve({ type: 'error', id, message: 'The link to studio was lost before it answered.' })
		}
		this.waiting.clear()
		if (wasConnected || status !== 'stopped') this.emit('status', status, sentence)
	}
}

module.exports = { StudioConnection, RETRY_FIRST_MS, RETRY_MAX_MS }
