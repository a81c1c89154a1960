"""The villagers page (村民): credit accounts and statements."""
