"""libvlc, if this machine can play media: one instance, or the sentence saying why not."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Sequence

# No VLC interface, no title over the video, and VLC's log kept out of the director's terminal.
BASE_OPTIONS = ("--intf=dummy", "--quiet", "--no-video-title-show", "--no-snapshot-preview")
INSTALL_HINT = "install libvlc5 and vlc-plugin-base, or VLC"


class MediaOff(Exception):
    """libvlc cannot be used here; str() is the sentence for the director."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"Media playback is off: {reason}.")


@dataclass(frozen=True)
class Vlc:
    module: ModuleType  # the `vlc` module: its enums and event types
    instance: Any  # vlc.Instance

    @property
    def version(self) -> str:
        return self.module.libvlc_get_version().decode(errors="replace").split()[0]

    def release(self) -> None:
        self.instance.release()


def open_vlc(options: Sequence[str] = ()) -> Vlc:
    """A libvlc instance with BASE_OPTIONS and `options`; raises MediaOff with a plain sentence."""
    try:
        import vlc
    except ImportError:
        raise MediaOff("the python-vlc package is not installed") from None
    except NotImplementedError:  # python-vlc found no libvlc
        raise MediaOff(f"libvlc is not installed ({INSTALL_HINT})") from None
    except SystemExit:  # python-vlc exits when PYTHON_VLC_LIB_PATH names no loadable libvlc
        raise MediaOff(f"libvlc could not be loaded ({INSTALL_HINT})") from None
    except Exception as exc:  # a libvlc that does not load
        raise MediaOff(f"libvlc could not be loaded ({exc}; {INSTALL_HINT})") from None
    try:
        instance = vlc.Instance([*BASE_OPTIONS, *options])
    except Exception as exc:
        raise MediaOff(f"libvlc could not start ({exc})") from None
    if instance is None:
        raise MediaOff(f"libvlc could not start with the options {' '.join(options) or '(none)'} "
                       f"(are VLC's plugins installed? {INSTALL_HINT})")
    return Vlc(vlc, instance)


def embed(player: Any, handle: int | None) -> None:
    """Draw `player`'s video into the native window `handle` (X11 window, HWND or NSView)."""
    if handle is None:
        return
    if sys.platform.startswith("win"):
        player.set_hwnd(handle)
    elif sys.platform == "darwin":
        player.set_nsobject(handle)
    else:
        player.set_xwindow(handle)
    player.video_set_key_input(False)  # keys and clicks go to the console, not to VLC
    player.video_set_mouse_input(False)
