"""The sync page and the background sync worker."""
