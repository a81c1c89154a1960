"""The county console: server-rendered pages for county operators, on the hub's app.

`install_console(app, store, clock)` adds them; see `pages.py` for the routes,
`web.Gate` for the one access check, `access.py` for sessions and lockout.
"""
