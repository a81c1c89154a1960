"""The shift (班次): the opening float at sign-in, the F11 menu, the count, X and Z reports."""
