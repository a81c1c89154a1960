"""The owner's people page: operators and their PINs, and the station's backups."""
