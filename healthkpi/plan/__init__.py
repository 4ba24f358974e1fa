"""Plans (targets files, DESIGN §3): the schema, loading with line marks, safe expressions,
target forms and the bundled plans."""
