"""The PIN sign-in screen."""
