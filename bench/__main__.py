"""`python -m bench [--small]`: build (or reuse) the benchmark station and measure it."""

import sys

from bench.run import main

sys.exit(main())
