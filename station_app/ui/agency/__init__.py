"""The agency orders page (代购) and its dialogs."""
