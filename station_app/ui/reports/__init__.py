"""The report page (报表, Alt+8): a period's figures, charts, export and the printed summary."""
