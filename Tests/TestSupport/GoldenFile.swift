import Foundation

/// Expected outputs kept as files beside the tests (reports that are too long to read in code).
///
/// Run the tests with `PIPE_UPDATE_GOLDEN=1` to write the current output into the golden files
/// instead of comparing, then review the difference with `git diff` before committing it.
public enum GoldenFile {
    /// Whether this run rewrites golden files.
    public static var updating: Bool { ProcessInfo.processInfo.environment["PIPE_UPDATE_GOLDEN"] == "1" }

    /// The golden file's text, after first replacing it with `actual` when updating.
    public static func expected(_ path: String, actual: String) throws -> String {
        if updating {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
