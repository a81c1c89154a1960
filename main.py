"""Entry point of the village station counter app: GUI by default, or a command."""

import sys

from station_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
