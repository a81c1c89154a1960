"""The first-run set-up wizard: a station with no operators starts here, not at sign-in."""
