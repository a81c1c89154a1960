"""The printing menu (F7), print jobs and printer settings."""
