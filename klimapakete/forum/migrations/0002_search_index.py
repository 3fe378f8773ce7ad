"""The full-text index beside forum_searchdocument, per database.

PostgreSQL: a generated tsvector column with the ``german`` configuration (title weight A,
text weight B) and a GIN index. SQLite: an FTS5 table over the Snowball stems the app
writes into ``stemmed_title``/``stemmed_body``, kept in step by triggers (so rows deleted
by cascade leave the index too). Other databases get no index and no search.
"""

from django.db import migrations

POSTGRES = [
    "ALTER TABLE forum_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('german'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('german'::regconfig, coalesce(body, '')), 'B')) STORED",
    "CREATE INDEX forum_search_vector ON forum_searchdocument USING GIN (search_vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS forum_search_vector",
    "ALTER TABLE forum_searchdocument DROP COLUMN IF EXISTS search_vector",
]
SQLITE = [
    "CREATE VIRTUAL TABLE forum_search_fts USING fts5(stemmed_title, stemmed_body, "
    "content='forum_searchdocument', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER forum_search_ai AFTER INSERT ON forum_searchdocument BEGIN "
    "INSERT INTO forum_search_fts(rowid, stemmed_title, stemmed_body) "
    "VALUES (new.id, new.stemmed_title, new.stemmed_body); END",
    "CREATE TRIGGER forum_search_ad AFTER DELETE ON forum_searchdocument BEGIN "
    "INSERT INTO forum_search_fts(forum_search_fts, rowid, stemmed_title, stemmed_body) "
    "VALUES ('delete', old.id, old.stemmed_title, old.stemmed_body); END",
    "CREATE TRIGGER forum_search_au AFTER UPDATE ON forum_searchdocument BEGIN "
    "INSERT INTO forum_search_fts(forum_search_fts, rowid, stemmed_title, stemmed_body) "
    "VALUES ('delete', old.id, old.stemmed_title, old.stemmed_body); "
    "INSERT INTO forum_search_fts(rowid, stemmed_title, stemmed_body) "
    "VALUES (new.id, new.stemmed_title, new.stemmed_body); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS forum_search_au",
    "DROP TRIGGER IF EXISTS forum_search_ad",
    "DROP TRIGGER IF EXISTS forum_search_ai",
    "DROP TABLE IF EXISTS forum_search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
