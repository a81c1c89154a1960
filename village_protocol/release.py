"""How station and hub name the update repository and its archives (TUF via tufup)."""

# Archives are `village-station-<version>.tar.gz` in the repository's targets.
RELEASE_APP_NAME = "village-station"
# The hub serves the repository as static files here: `metadata/…`, `targets/…`.
UPDATES_PATH = "/updates/"
