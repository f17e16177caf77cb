// Companion's entry point: the InstanceBase that wires studio's module (src/module.js) to Companion.
'use strict'

const { InstanceBase, runEntrypoint } = require('@companion-module/base')
const { StudioModule, CONFIG_FIELDS, SECRET_FIELDS } = require('./module.js')

class StudioInstance extends InstanceBase {
	async init(config, isFirstInit, secrets) {
		this.studio = new StudioModule(this)
		this.studio.start(config, secrets)
	}

	async configUpdated(config, secrets) {
		this.studio.start(config, secrets)
	}

	async destroy() {
		this.studio.stop()
	}

	getConfigFields() {
		return [...CONFIG_FIELDS, ...SECRET_FIELDS]
	}
}

if (require.main === module) runEntrypoint(StudioInstance, [])

module.exports = { StudioInstance }
