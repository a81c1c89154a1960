"""Signed updates of the frozen station app (TUF through tufup), and its launcher.

The launcher falls back to the previous version when a new one does not reach the
sign-in screen.

No Qt here: the nightly job, the command line and the GUI's status bar all use it.
"""
