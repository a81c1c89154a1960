"""The reference county hub (县级服务中心): the server village stations sync with.

A separate program from the station: it never imports `station_app` or Qt. See
`docs/sync-protocol.md` for the contract it implements; the contract itself (kinds,
limits, protocol version) is the shared `village_protocol` package.
"""
