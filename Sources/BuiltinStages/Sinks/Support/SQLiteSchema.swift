/// The tables the `sqlite` sink writes, and the marks that tell its databases apart from others.
///
/// Offsets are Unicode scalar offsets, as in every export. `position` numbers a document's sentences,
/// entities and keywords from 0 in their order (`index` is an SQL keyword). `entity_counts` counts
/// an entity without a canonical name under its mention's text, as `Document.distinctEntities` does.
enum SQLiteSchema {
    /// `PRAGMA application_id`: "pipe" in ASCII, so that `file(1)` and the sink itself recognise the file.
    static let applicationID: Int32 = 0x7069_7065
    /// `PRAGMA user_version`: the version of the tables below.
    static let version = 1

    static let createTables = """
        CREATE TABLE IF NOT EXISTS documents (
            id TEXT NOT NULL PRIMARY KEY,
            source TEXT NOT NULL,
            title TEXT,
            date TEXT,
            text TEXT,
            characters INTEGER NOT NULL,
            metadata TEXT NOT NULL,
            summary TEXT,
            fields TEXT
        );
        CREATE TABLE IF NOT EXISTS sentences (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            summary_score REAL,
            PRIMARY KEY (document_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS entities (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            canonical TEXT NOT NULL,
            confidence REAL NOT NULL,
            PRIMARY KEY (document_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS keywords (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            score REAL NOT NULL,
            PRIMARY KEY (document_id, position)
        ) WITHOUT ROWID;
        CREATE VIEW IF NOT EXISTS entity_counts AS
            SELECT label, coalesce(nullif(canonical, ''), text) AS canonical, count(*) AS mentions,
                count(DISTINCT document_id) AS documents
            FROM entities GROUP BY 1, 2;
        """

    /// Created when the run finishes: building an index once over sorted keys costs a third of
    /// keeping it up to date row by row. A database being appended to has them already.
    static let createIndexes = """
        CREATE INDEX IF NOT EXISTS entities_label ON entities (label);
        CREATE INDEX IF NOT EXISTS entities_canonical ON entities (canonical, label);
        CREATE INDEX IF NOT EXISTS keywords_text ON keywords (text);
        """

    static let insertDocument = """
        INSERT INTO documents (id, source, title, date, text, characters, metadata, summary, fields)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Replaces a document's row in place (its rowid stays); its sentences, entities and keywords are
    /// deleted before and written again after.
    static let upsertDocument =
        insertDocument + """

            ON CONFLICT (id) DO UPDATE SET source = excluded.source, title = excluded.title, date = excluded.date,
            text = excluded.text, characters = excluded.characters, metadata = excluded.metadata,
            summary = excluded.summary, fields = excluded.fields
            """

    static let deleteParts = [
        "DELETE FROM sentences WHERE document_id = ?",
        "DELETE FROM entities WHERE document_id = ?",
        "DELETE FROM keywords WHERE document_id = ?",
    ]

    static let insertSentence = """
        INSERT INTO sentences (document_id, position, start, end, text, summary_score) VALUES (?, ?, ?, ?, ?, ?)
        """

    static let insertEntity = """
        INSERT INTO entities (document_id, position, start, end, text, label, canonical, confidence)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let insertKeyword = "INSERT INTO keywords (document_id, position, text, score) VALUES (?, ?, ?, ?)"
}
