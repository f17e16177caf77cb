"""The show's local HTTP API: order intake, order totals and the remote control, on one listener."""
