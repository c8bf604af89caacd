internal import Foundation
internal import GRDB
import PipeKit

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Writes an SQLite database: documents, sentences, entities and keywords in tables with keys, indexes
/// on entity labels and canonical names, and an `entity_counts` view, through GRDB.
///
/// The sink works on a copy: a temporary database beside the target (started from the existing one
/// with SQLite's backup API in `append` and `upsert` modes), filled with prepared statements in
/// transactions of `batch` documents, in WAL mode, and renamed over the target when the run ends
/// well. A failed run deletes the copy, so the database that was there stays exactly as it was; a
/// process killed outright leaves at worst a stray temporary file, never a half-updated database.
/// One transaction over the whole run would promise the same for updates, but not for `replace`,
/// and it would hold the write lock and grow the WAL for as long as the run lasts. The price is a
/// copy of the existing database per `append` or `upsert` run. The database must not be written by
/// another program during the run: its changes would be lost at the rename.
///
/// In a journaled run (see `ResumableSink`) the copy is `.NAME.pipe-partial`, transactions end at
/// the runner's checkpoints rather than every `batch` documents, and a `pipe_resume` table records
/// which checkpoint wrote each document, so that `--resume` can delete what the run journal never
/// recorded; the table is dropped before the rename.
final class SQLiteSink: Sink {
    enum Mode: String, CaseIterable {
        case replace, append, upsert
    }

    static let declaration = StageDeclaration.sink(
        "sqlite",
        summary: "Writes an SQLite database: documents, sentences, entities, keywords, and an entity_counts view.",
        options: [
            OptionSpec("path", .path, required: true, help: "The database file."),
            OptionSpec(
                "mode", .choice(Mode.allCases.map(\.rawValue)), default: "replace",
                help: "replace: a new database; append: add documents (an id already there fails the run); "
                    + "upsert: add or update documents by id."),
            OptionSpec(
                "overwrite", .boolean, default: true,
                help: "With mode: replace, replace an existing database; false refuses to."),
            OptionSpec("include_text", .boolean, default: true, help: "Store each document's text."),
            OptionSpec("batch", .integer(minimum: 1), default: 500, help: "Documents written per transaction."),
        ],
        example: """
            - type: sqlite
              path: out/corpus.sqlite
              mode: upsert
            """,
        make: { options, _ in
            let path = options.string("path")
            if path == "-" {
                throw options.error(
                    "stage 'sqlite' cannot write to standard output", option: "path",
                    help: "name a database file, such as 'out/corpus.sqlite'")
            }
            let mode = Mode(rawValue: options.string("mode"))!
            if mode != .replace, options.isSet("overwrite") {
                throw options.error(
                    "'overwrite' applies only to mode: replace; mode: \(mode.rawValue) updates the database",
                    option: "overwrite", help: "remove 'overwrite'")
            }
            return SQLiteSink(
                path: path, mode: mode, overwrite: options.bool("overwrite"),
                includeText: options.bool("include_text"), batch: options.int("batch"))
        })

    private let path: String
    private let mode: Mode
    private let overwrite: Bool
    private let includeText: Bool
    private let batch: Int
    private var temporaryPath: String?
    private var database: DatabaseQueue?
    /// Documents written since the last commit.
    private var pending = 0
    /// In a journaled run: commits happen at checkpoints only, and each document's id is noted in
    /// `pipe_resume` with the checkpoint that will commit it, so that `--resume` can take back the
    /// documents of checkpoints the run journal never recorded.
    private var journaled = false
    /// The checkpoint the documents being written belong to (journaled runs).
    private var checkpointNumber = 1
    private var metadataWriter = JSONWriter(capacity: 256)

    init(path: String, mode: Mode, overwrite: Bool, includeText: Bool, batch: Int) {
        self.path = path
        self.mode = mode
        self.overwrite = overwrite
        self.includeText = includeText
        self.batch = batch
    }

    // MARK: Sink

    func open() throws {
        let folder = Paths.directory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? "database"
        try open(temporary: "\(folder)/.\(name).pipe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    private func open(temporary: String) throws {
        var info = stat()
        let exists = stat(path, &info) == 0
        if exists {
            if info.st_mode & S_IFMT == S_IFDIR { throw failure("it is a folder") }
            if info.st_mode & S_IFMT != S_IFREG { throw failure("it is not a regular file") }
            if mode == .replace && !overwrite {
                throw failure("it already exists", help: "remove it, or set 'overwrite: true' on the sink")
            }
        }
        let folder = Paths.directory(of: path)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw failure("cannot create its folder '\(Paths.display(folder))'")
        }
        temporaryPath = temporary
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            // A batch's transaction stays open from one `write` to the next.
            configuration.allowsUnsafeTransactions = true
            let database = try DatabaseQueue(path: temporary, configuration: configuration)
            self.database = database
            if exists && mode != .replace && info.st_size > 0 { try copyExisting(into: database) }
            try database.inDatabase { db in
                // WAL after the copy, which needs equal page sizes in WAL mode; NORMAL syncs at checkpoints.
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                // A checkpoint of a journaled run must survive a power cut: FULL syncs every commit.
                try db.execute(sql: journaled ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
                try db.execute(sql: SQLiteSchema.createTables)
                if journaled { try db.execute(sql: Self.createResumeTable) }
                try db.execute(sql: "PRAGMA application_id = \(SQLiteSchema.applicationID)")
                try db.execute(sql: "PRAGMA user_version = \(SQLiteSchema.version)")
            }
        } catch let error as OutputError {
            abort()
            throw error
        } catch {
            abort()
            throw failure(Self.describe(error))
        }
    }

    func write(_ document: Document) throws {
        guard let database else { return }
        do {
            try database.inDatabase { db in
                if !db.isInsideTransaction { try db.beginTransaction(.immediate) }
                try insert(document, into: db)
                if journaled {
                    try db.cachedStatement(sql: "INSERT INTO pipe_resume (checkpoint, id) VALUES (?, ?)")
                        .execute(arguments: [checkpointNumber, document.id])
                    return
                }
                pending += 1
                if pending >= batch {
                    try db.commit()
                    pending = 0
                }
            }
        } catch let error as OutputError {
            throw error
        } catch {
            throw failure(Self.describe(error))
        }
    }

    func finish() throws {
        guard let database, let temporaryPath else { return }
        do {
            try database.inDatabase { db in
                if db.isInsideTransaction { try db.commit() }
                try db.execute(sql: "DROP TABLE IF EXISTS pipe_resume")
                try db.execute(sql: SQLiteSchema.createIndexes)
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
            try database.close()
            self.database = nil
        } catch {
            abort()
            throw failure(Self.describe(error))
        }
        // The target's own WAL and shared-memory files belong to the database being replaced.
        unlink(path + "-wal")
        unlink(path + "-shm")
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            abort()
            throw failure("cannot move the finished database into place: \(reason)")
        }
        removeCompanions(of: temporaryPath)
        self.temporaryPath = nil
    }

    func abort() {
        if let database { try? database.close() }
        database = nil
        if let temporaryPath {
            unlink(temporaryPath)
            removeCompanions(of: temporaryPath)
        }
        temporaryPath = nil
    }

    // MARK: Resuming

    static let createResumeTable =
        "CREATE TABLE IF NOT EXISTS pipe_resume (checkpoint INTEGER NOT NULL, id TEXT NOT NULL)"

    /// `.NAME.pipe-partial` beside the database: the copy a journaled run works on.
    private var partialPath: String {
        let name = path.split(separator: "/").last.map(String.init) ?? "database"
        return "\(Paths.directory(of: path))/.\(name).pipe-partial"
    }

    /// Journaled runs only: the partial database, new, or continued from checkpoint `state`.
    private func openJournaled(resuming state: String?) throws {
        journaled = true
        let partial = partialPath
        guard let state, let committed = Int(state) else {
            unlink(partial)
            removeCompanions(of: partial)
            try open(temporary: partial)
            return
        }
        var info = stat()
        if stat(partial, &info) != 0 {
            // The interrupted run moved the database into place; it holds exactly the journal's documents.
            guard let input = FileManager.default.contents(atPath: path),
                FileManager.default.createFile(atPath: partial, contents: input)
            else {
                throw failure(
                    "cannot resume: its partial database '\(Paths.display(partial))' is gone, and so is the database",
                    help: "run without --resume to start over")
            }
        }
        temporaryPath = partial
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.allowsUnsafeTransactions = true
            let database = try DatabaseQueue(path: partial, configuration: configuration)
            self.database = database
            try database.inDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: Self.createResumeTable)
                // Documents of checkpoints the run journal never recorded are taken back; their rows
                // in other tables go with them (ON DELETE CASCADE).
                try db.execute(
                    sql: "DELETE FROM documents WHERE id IN (SELECT id FROM pipe_resume WHERE checkpoint > ?)",
                    arguments: [committed])
                try db.execute(sql: "DELETE FROM pipe_resume WHERE checkpoint > ?", arguments: [committed])
            }
            checkpointNumber = committed + 1
        } catch let error as OutputError {
            suspend()
            throw error
        } catch {
            suspend()
            throw failure(Self.describe(error))
        }
    }

    // MARK: Writing

    /// Starts the copy from the existing database, after checking that `pipe` wrote it.
    private func copyExisting(into database: DatabaseQueue) throws {
        do {
            // Opened for writing although only read: a read-only connection to a WAL database leaves its
            // -wal and -shm files behind, while the last writer to close removes them.
            let existing = try DatabaseQueue(path: path)
            defer { try? existing.close() }
            let (application, version, tables) = try existing.read { db in
                (
                    try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                    try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                )
            }
            if tables > 0 && application != SQLiteSchema.applicationID {
                throw failure(
                    "it is a database that pipe did not write, and mode: \(mode.rawValue) would add tables to it",
                    help: "choose another path, or mode: replace")
            }
            if application == SQLiteSchema.applicationID && version != SQLiteSchema.version {
                throw failure(
                    "its tables are version \(version), and this pipe writes version \(SQLiteSchema.version)",
                    help: "write a new database with mode: replace")
            }
            try existing.backup(to: database)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw failure("it is not an SQLite database")
        }
    }

    private func insert(_ document: Document, into db: Database) throws {
        let id = document.id
        if mode == .upsert {
            for sql in SQLiteSchema.deleteParts { try db.cachedStatement(sql: sql).execute(arguments: [id]) }
        }
        metadataWriter.removeAll()
        metadataWriter.value(.object(document.metadata.exportedObject))
        let metadata = metadataWriter.withBytes { String(decoding: $0, as: UTF8.self) }
        let fields = document.fields.isEmpty ? nil : JSONValue.object(document.fields).description
        do {
            try db.cachedStatement(sql: mode == .upsert ? SQLiteSchema.upsertDocument : SQLiteSchema.insertDocument)
                .execute(arguments: [
                    id, document.source, document.metadata.title, document.metadata.date,
                    includeText ? document.text : nil, ScalarOffsets.scalarCount(of: document.text), metadata,
                    document.summary?.text, fields,
                ])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw failure(
                "document '\(id)' is already in the database",
                help: "use 'mode: upsert' to update documents that are there")
        }
        guard document.sentences != nil || document.entities != nil || document.keywords != nil else { return }
        let offsets = ScalarOffsets(document.text)
        if let sentences = document.sentences {
            var scores: [Int: Double] = [:]
            for sentence in document.summary?.sentences ?? [] { scores[sentence.index] = sentence.score }
            let statement = try db.cachedStatement(sql: SQLiteSchema.insertSentence)
            for (position, span) in sentences.enumerated() {
                try statement.execute(arguments: [
                    id, position, offsets.scalarOffset(span.start), offsets.scalarOffset(span.end),
                    String(document[span]), scores[position],
                ])
            }
        }
        if let entities = document.entities {
            let statement = try db.cachedStatement(sql: SQLiteSchema.insertEntity)
            for (position, entity) in entities.enumerated() {
                try statement.execute(arguments: [
                    id, position, offsets.scalarOffset(entity.span.start), offsets.scalarOffset(entity.span.end),
                    String(document[entity.span]), entity.label, entity.canonical, entity.confidence,
                ])
            }
        }
        if let keywords = document.keywords {
            let statement = try db.cachedStatement(sql: SQLiteSchema.insertKeyword)
            for (position, keyword) in keywords.enumerated() {
                try statement.execute(arguments: [id, position, keyword.text, keyword.score])
            }
        }
    }

    // MARK: Errors and files

    private func failure(_ message: String, help: String? = nil) -> OutputError {
        OutputError(path: path, message: message, help: help)
    }

    /// SQLite's own message ("database or disk is full"), without GRDB's statement text.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode.rawValue)" }
        return "\(error)"
    }

    private func removeCompanions(of database: String) {
        unlink(database + "-wal")
        unlink(database + "-shm")
        unlink(database + "-journal")
    }
}

extension SQLiteSink: ResumableSink {
    var canResume: Bool { true }

    func open(resuming state: String?) throws { try openJournaled(resuming: state) }

    /// Commits the documents written since the last checkpoint, with their ids in `pipe_resume`;
    /// the state is the number of that checkpoint.
    func checkpoint() throws -> String {
        guard let database else { return String(checkpointNumber - 1) }
        do {
            try database.inDatabase { db in
                if db.isInsideTransaction { try db.commit() }
            }
        } catch {
            throw OutputError(path: path, message: Self.describe(error))
        }
        checkpointNumber += 1
        return String(checkpointNumber - 1)
    }

    func suspend() {
        if let database { try? database.close() }
        database = nil
        temporaryPath = nil
    }
}
