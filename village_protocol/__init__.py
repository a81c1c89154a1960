"""The wire contract shared by the station and the county hub (protocol version 1).

Standard library only, and no import of `station_app` or `county_hub`: both sides import
this package, never each other. It holds what both must agree on: event kinds and the
meaning of their payloads, money bounds, and parcel carriers with their detection.
"""
