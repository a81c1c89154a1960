"""`python -m county_hub ...`: the hub's command line."""

from county_hub.cli import main

raise SystemExit(main())
