"""A hot standby: a second studio follows the primary's push feed and takes the show over when it falls silent.

`config` (where the primary is: `--standby-of`, or OBS's marker after this studio was replaced),
`feed` (the primary's push WebSocket), `followed` (its state, as this studio's clock reads it,
and how it is copied into this studio's as-run log), `service` (the `Standby` service: follows,
notices the silence, takes over), `takeover` (what taking over does on the show loop), `marker`
(OBS's note of which studio has the show), `edits` (the primary's live edits made on this
studio's rundown file), `guard` and `gate` (a studio that was replaced while frozen stands down
and sends none of its overdue cuts). docs/deployment.md.
"""
