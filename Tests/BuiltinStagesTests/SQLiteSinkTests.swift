import Foundation
import PipeKit
import TestSupport
import Testing

@testable import BuiltinStages

/// The `sqlite` sink, read back with Python's `sqlite3` module.
struct SQLiteSinkTests {
    /// The rows a query returns, as the `sqlite3` shell prints them: one a line, values joined by `|`.
    func query(_ folder: ScratchFolder, _ sql: String) throws -> String {
        try IndependentReaders.sqlite(folder.path("db.sqlite"), sql)
            .map { row in row.map { $0 is NSNull ? "NULL" : "\($0)" }.joined(separator: "|") }
            .joined(separator: "\n")
    }

    func counts(_ folder: ScratchFolder) throws -> String {
        try query(
            folder,
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sentences), "
                + "(SELECT count(*) FROM entities), (SELECT count(*) FROM keywords)")
    }

    @Test func tablesHoldEveryAnnotationWithScalarOffsets() throws {
        let folder = try ScratchFolder()
        let seed = ExportSamples.seed
        let report = try ExportSamples.export(
            [seed, ReportTests.second, ExportSamples.hostile], sink: "{type: sqlite, path: db.sqlite, batch: 2}",
            in: folder)
        #expect(report.exitCode == 0)
        let sentences = seed.sentences!.count + ReportTests.second.sentences!.count + 3
        let entities = seed.entities!.count + ReportTests.second.entities!.count + 4
        #expect(try counts(folder) == "3|\(sentences)|\(entities)|8")
        #expect(
            try query(
                folder, "SELECT label, count(*) FROM entities GROUP BY label ORDER BY count(*) DESC, label LIMIT 3")
                == "LOC|36\nPERSON|33\nNORP|12")
        #expect(
            try query(
                folder,
                "SELECT canonical, mentions, documents FROM entity_counts WHERE label = 'ORG' ORDER BY mentions DESC, canonical LIMIT 2"
            )
                == "NATO|4|2\n<b>Script</b> & Co|1|1")
        let python = try IndependentReaders.python(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            bad = [(d, s, e, t) for d, s, e, t, text in db.execute(
                "SELECT e.document_id, e.start, e.end, e.text, d.text FROM entities e JOIN documents d ON d.id = e.document_id")
                if text[s:e] != t]
            print(len(bad), db.execute("SELECT count(*) FROM sentences WHERE summary_score IS NOT NULL").fetchone()[0])
            """, folder.path("db.sqlite"))
        #expect(python == "0 4\n", "Python's text[start:end] gives every entity back")
        #expect(
            try query(folder, "SELECT title, metadata, fields FROM documents WHERE id = 'hostile, \"one\"'")
                == #"=HYPERLINK("http://x","<i>click</i>")|{"note":"a,b\n\"c\"","rank":3}|{"flag":true}"#)
    }

    @Test func theDatabaseHasKeysIndexesAViewAndWAL() throws {
        let folder = try ScratchFolder()
        try ExportSamples.export([ExportSamples.hostile], sink: "{type: sqlite, path: db.sqlite}", in: folder)
        #expect(try folder.contents() == ["db.sqlite"], "no temporary, WAL or journal file is left")
        #expect(
            try query(folder, "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
                == "index|entities_canonical\nindex|entities_label\nindex|keywords_text\ntable|documents\n"
                + "table|entities\ntable|keywords\ntable|sentences\nview|entity_counts")
        #expect(
            try query(folder, "SELECT * FROM pragma_journal_mode, pragma_application_id, pragma_user_version")
                == "wal|1885958245|1")
    }

    @Test func upsertingTwiceLeavesTheSameRowsUpdated() throws {
        let folder = try ScratchFolder()
        var seed = ExportSamples.seed
        try ExportSamples.export(
            [seed, ReportTests.second], sink: "{type: sqlite, path: db.sqlite, mode: upsert}", in: folder)
        let before = try counts(folder)
        seed.metadata.title = "Updated"
        seed.keywords = [Keyword(text: "only one", score: 1)]
        try ExportSamples.export([seed], sink: "{type: sqlite, path: db.sqlite, mode: upsert}", in: folder)
        try ExportSamples.export([seed], sink: "{type: sqlite, path: db.sqlite, mode: upsert}", in: folder)
        let expected = before.dropLast(2) + "|1"
        #expect(before.hasSuffix("|5"))
        #expect(try counts(folder) == expected)
        #expect(
            try query(folder, "SELECT id, title FROM documents ORDER BY rowid")
                == "seed.txt|Updated\nsecond.txt|Ministers meet", "the row is updated in place")
    }

    @Test func appendingADocumentThatIsThereFailsAndLeavesTheDatabaseAsItWas() throws {
        let folder = try ScratchFolder()
        try ExportSamples.export([ReportTests.second], sink: "{type: sqlite, path: db.sqlite}", in: folder)
        let original = try Data(contentsOf: URL(fileURLWithPath: folder.path("db.sqlite")))
        let report = try ExportSamples.export(
            [ExportSamples.seed, ReportTests.second], sink: "{type: sqlite, path: db.sqlite, mode: append, batch: 1}",
            in: folder)
        guard case .failed(let error) = report.outcome else {
            Issue.record("expected a failure, got \(report.outcome)")
            return
        }
        #expect(
            error.message.hasSuffix(
                "db.sqlite': document 'second.txt' is already in the database; "
                    + "use 'mode: upsert' to update documents that are there"))
        #expect(error.documentID == "second.txt")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path("db.sqlite"))) == original)
        #expect(try folder.contents() == ["db.sqlite"])

        try ExportSamples.export(
            [ExportSamples.seed], sink: "{type: sqlite, path: db.sqlite, mode: append}", in: folder)
        #expect(try query(folder, "SELECT id FROM documents ORDER BY id") == "second.txt\nseed.txt")
    }

    @Test func replaceStartsAfreshAndOverwriteFalseRefuses() throws {
        let folder = try ScratchFolder()
        try ExportSamples.export([ExportSamples.seed], sink: "{type: sqlite, path: db.sqlite}", in: folder)
        try ExportSamples.export([ReportTests.second], sink: "{type: sqlite, path: db.sqlite}", in: folder)
        #expect(try query(folder, "SELECT id FROM documents") == "second.txt")
        let refused = try ExportSamples.export(
            [ExportSamples.seed], sink: "{type: sqlite, path: db.sqlite, overwrite: false}", in: folder)
        guard case .failed(let error) = refused.outcome else {
            Issue.record("expected a failure")
            return
        }
        #expect(
            error.message.hasSuffix("db.sqlite': it already exists; remove it, or set 'overwrite: true' on the sink"))
        #expect(try query(folder, "SELECT id FROM documents") == "second.txt")
    }

    @Test func aDatabaseThatPipeDidNotWriteIsLeftAlone() throws {
        let folder = try ScratchFolder()
        _ = try IndependentReaders.python(
            "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute('CREATE TABLE mine (x)'); db.commit()",
            folder.path("db.sqlite"))
        try folder.write("text.sqlite", "not a database at all, just some text that is long enough to have a header")
        for (database, reason) in [
            ("db.sqlite", "it is a database that pipe did not write, and mode: upsert would add tables to it"),
            ("text.sqlite", "it is not an SQLite database"),
        ] {
            let original = try Data(contentsOf: URL(fileURLWithPath: folder.path(database)))
            let report = try ExportSamples.export(
                [ExportSamples.seed], sink: "{type: sqlite, path: \(database), mode: upsert}", in: folder)
            guard case .failed(let error) = report.outcome else {
                Issue.record("expected a failure for \(database)")
                continue
            }
            #expect(error.message.contains("\(database)': \(reason)"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path(database))) == original)
        }
        #expect(try folder.contents() == ["db.sqlite", "text.sqlite"])
    }

    @Test(arguments: [
        ("{type: sqlite, path: '-'}", "stage 'sqlite' cannot write to standard output"),
        ("{type: sqlite}", "sink 'sqlite' needs option 'path'"),
        (
            "{type: sqlite, path: x.sqlite, mode: upsert, overwrite: false}",
            "'overwrite' applies only to mode: replace; mode: upsert updates the database"
        ),
    ])
    func mistakesAreConfigurationErrors(sink: String, message: String) throws {
        let folder = try ScratchFolder()
        #expect {
            try ExportSamples.export([], sink: sink, in: folder)
        } throws: { error in
            "\(error)".contains("error: \(message)")
        }
    }
}
