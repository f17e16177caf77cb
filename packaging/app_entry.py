"""The packaged app's entry point: `studio COMMAND ...` as from the source tree.

With no command at all (a double-click on the app, the Dock, the Start menu), it opens the
director console on the demo rundown, as `studio run` does.
"""

import sys

from ui.main import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["run"]))
