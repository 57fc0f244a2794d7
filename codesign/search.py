"""Full-text search over ideas and proposals, on SQLite (FTS5) and PostgreSQL
(a weighted tsvector with a GIN index); the indexes are built by migration 0003."""

SEARCH_TABLES = ("idea_fts", "proposal_fts")
SEARCH_OBJECTS = {"search_vector", "ix_idea_search_vector", "ix_proposal_search_vector"}


def include_object(object, name, type_, reflected, compare_to):
    """Alembic's filter: leave the hand-written search indexes out of autogenerate."""
    if reflected and compare_to is None:
        if type_ == "table" and name.startswith(SEARCH_TABLES):
            return False
        if type_ in ("column", "index") and name in SEARCH_OBJECTS:
            return False
    return True
