"""OSC in and out (docs/osc.md): the director's commands from a lighting desk, QLab or TouchOSC,
and the show's key state sent to one of them. Started by studio/app/builder.py; never blocks the show."""

from studio.osc.adapter import OscConfig, OscIn, OscOut, osc_address, osc_config, state_messages

__all__ = ["OscConfig", "OscIn", "OscOut", "osc_address", "osc_config", "state_messages"]
