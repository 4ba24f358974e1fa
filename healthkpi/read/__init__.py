"""Files → one table of units (DESIGN §4): formats, the sandbox, sheets, headers, row kinds,
cells, and the plan's side files (annex, hierarchy, unit map) read and applied."""
