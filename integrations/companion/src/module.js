// The module without Companion: the connection, the definitions and the refresh of variables and
// feedbacks, driving a `host` (the InstanceBase in src/main.js, or a test's recorder).
'use strict'

const { InstanceStatus } = require('@companion-module/base')
const { StudioConnection } = require('./connection.js')
const { actionDefinitions, feedbackDefinitions, presetDefinitions } = require('./definitions.js')
const { VARIABLES, FEEDBACK_TESTS, freeTimers, variableValues } = require('./view.js')

const REFRESH_MS = 200 // the countdown is computed here: a second's change shows within this
const STATUS = {
	connecting: InstanceStatus.Connecting,
	ok: InstanceStatus.Ok,
	lost: InstanceStatus.ConnectionFailure,
	refused: InstanceStatus.AuthenticationFailure,
	stopped: InstanceStatus.Disconnected,
}

const CONFIG_FIELDS = [
	{ type: 'static-text', id: 'info', width: 12, label: 'studio', value: 'The push API of a running studio (docs/push-api.md): its address and the control token.' },
	{ type: 'textinput', id: 'host', label: 'Host', width: 8, default: '127.0.0.1' },
	{ type: 'number', id: 'port', label: 'Port (--orders-port)', width: 4, default: 8417, min: 1, max: 65535 },
]
const SECRET_FIELDS = [{ type: 'secret-text', id: 'token', label: 'Control token (STUDIO_CONTROL_TOKEN)', width: 12, default: '' }]

class StudioModule {
	/** @param host what Companion's InstanceBase offers: set*Definitions, setVariableValues, checkFeedbacks, updateStatus, log */
	constructor(host) {
		this.host = host
		this.connection = null
		this.values = {}
		this.feedbackState = {}
		this.timer = null
	}

	/** Connect with `config` ({host, port}) and `secrets` ({token}); replaces a running connection. */
	start(config, secrets) {
		this.stop()
		const url = `ws://${config.host || '127.0.0.1'}:${config.port || 8417}/ws`
		const connection = new StudioConnection({ url, token: (secrets && secrets.token) || '' })
		this.connection = connection
		const module = {
			connection,
			log: (level, text) => this.host.log(level, text),
			parse: this.host.parseVariablesInString ? (text) => this.host.parseVariablesInString(text) : undefined,
		}
		this.host.setActionDefinitions(actionDefinitions(module))
		this.host.setFeedbackDefinitions(feedbackDefinitions(module))
		this.host.setVariableDefinitions(VARIABLES)
		this.host.setPresetDefinitions(presetDefinitions(this.host.label || 'studio'))
		connection.on('status', (status, sentence) => {
			this.host.updateStatus(STATUS[status], sentence)
			if (status !== 'ok') this.host.log(status === 'connecting' ? 'debug' : 'warn', sentence)
			this.refresh()
		})
		connection.on('state', () => this.refresh())
		connection.start()
		this.timer = setInterval(() => this.refresh(), REFRESH_MS)
		this.refresh()
	}

	stop() {
		clearInterval(this.timer)
		this.timer = null
		if (this.connection) this.connection.stop()
		this.connection = null
	}

	/** Send the variables that changed, and check the feedbacks whose answer changed. */
	refresh() {
		if (!this.connection) return
		const values = variableValues(this.connection)
		const changed = Object.fromEntries(Object.entries(values).filter(([id, value]) => this.values[id] !== value))
		if (Object.keys(changed).length) {
			this.values = values
			this.host.setVariableValues(changed)
		}
		const withOptions = { // feedbacks that take options: what their answers depend on
			level: this.connection.level(),
			timer_running: freeTimers(this.connection).map((t) => t.running).join(),
		}
		const answers = {
			...withOptions,
			...Object.fromEntries(Object.keys(FEEDBACK_TESTS).filter((id) => !(id in withOptions)).map((id) => [id, FEEDBACK_TESTS[id](this.connection)])),
		}
		const moved = Object.keys(answers).filter((id) => this.feedbackState[id] !== answers[id])
		if (moved.length) {
			this.feedbackState = answers
			this.host.checkFeedbacks(...moved)
		}
	}
}

module.exports = { StudioModule, CONFIG_FIELDS, SECRET_FIELDS, REFRESH_MS }
