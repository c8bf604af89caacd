internal import Foundation

/// Path arithmetic done on strings, lexically, so that messages and outputs show the paths a
/// person would write, not symlink-resolved ones.
public enum Paths {
    /// `path` made absolute against `base` (unless it already is, or is `-`), with `.` and `..`
    /// folded away.
    public static func resolve(_ path: String, against base: String) -> String {
        if path == "-" { return path }
        let expanded = path.hasPrefix("~/") ? NSHomeDirectory() + path.dropFirst() : path
        return normalize(expanded.hasPrefix("/") ? expanded : base + "/" + expanded)
    }

    /// Folds `.`, `..` and repeated slashes out of an absolute or relative path.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", absolute {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// The working directory.
    public static var current: String { FileManager.default.currentDirectoryPath }

    /// How to show `path` to the person who ran `pipe`: relative to the working directory when it
    /// lies below it, absolute otherwise.
    public static func display(_ path: String, relativeTo base: String = current) -> String {
        guard path.hasPrefix("/") else { return path }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// The folder part of a path (`.` for a bare name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
