import Foundation

/// Reads what the export sinks wrote with tools that share no code with them: Python's `csv` and
/// `sqlite3` modules, run as a separate process, and Foundation's JSON parser.
///
/// A sink that agrees with its own reader proves little; these are the readers a user's tools use.
public enum IndependentReaders {
    /// Rows of a CSV file as Python's `csv` module reads it (byte-order mark removed, quotes and line
    /// breaks inside fields handled by the module).
    public static func csvRows(_ path: String) throws -> [[String]] {
        let json = try python(
            """
            import csv, json, sys
            with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
                print(json.dumps(list(csv.reader(f, strict=True))))
            """, path)
        return try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String]] ?? []
    }

    /// The rows a query returns from an SQLite database, through Python's `sqlite3` module; each value
    /// as JSON gives it back (`String`, `NSNumber`, `NSNull`).
    public static func sqlite(_ path: String, _ query: String) throws -> [[Any]] {
        let json = try python(
            """
            import json, sqlite3, sys
            db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
            print(json.dumps([list(row) for row in db.execute(sys.argv[2])]))
            """, path, query)
        return try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[Any]] ?? []
    }

    /// A JSON file parsed by Foundation.
    public static func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Runs a Python 3 script with arguments and returns its standard output; a non-zero exit throws
    /// with the script's standard error.
    public static func python(_ script: String, _ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ReaderFailure(description: "python3 failed: " + String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    public struct ReaderFailure: Error, CustomStringConvertible {
        public var description: String
    }
}
