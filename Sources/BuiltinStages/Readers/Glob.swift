#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file that a `paths:` entry matched.
///
/// The reader opens `path` and names the document `id`. The folder the id is relative to is one string that every
/// file of a pattern shares, and the path is joined only when the file is opened; a `FileList` keeps many of them
/// compactly.
struct MatchedFile: Sendable, Equatable {
    /// What `path` starts with: the pattern's root (shared), or "" when the path is the id; the whole path when
    /// the id is not its end (standard input's "-").
    let root: String
    let rootIsPath: Bool
    /// The path relative to the pattern's root, '/'-separated.
    let id: String

    /// The path as found: the root as given joined with the relative part.
    var path: String { rootIsPath ? root : Glob.joined(root, id) }

    /// A file at `path` named `id`.
    init(path: String, id: String) {
        if path == id {
            (root, rootIsPath) = ("", false)
        } else if path.hasSuffix("/" + id) {
            (root, rootIsPath) = (String(path.utf8.dropLast(id.utf8.count))!, false)
        } else {
            (root, rootIsPath) = (path, true)
        }
        self.id = id
    }

    /// The file `id` below `root`, or at `root` itself when `rootIsPath`.
    init(root: String, rootIsPath: Bool = false, id: String) {
        self.root = root
        self.rootIsPath = rootIsPath
        self.id = id
    }

    static func == (first: MatchedFile, second: MatchedFile) -> Bool {
        first.id == second.id && first.path == second.path
    }
}

/// A `paths:` entry that names no file, or a folder that could not be read while expanding it.
///
/// Carries the entry as written so the message points at the line of the configuration the user has to change.
struct GlobError: Error, Sendable, Equatable, CustomStringConvertible {
    var pattern: String
    var message: String

    var description: String { "\(pattern): \(message)" }
}

/// Expands the `paths:` entries of the `files` reader the way bash does with `globstar` on.
///
/// Written against opendir/readdir rather than FileManager or regular expressions so that a folder of 100,000
/// files costs one pass over its entries and one stat per name that matches. Each folder is visited once with every
/// pattern position that is active in it, so `a/**/b/**/c` stays linear and never yields a path twice.
///
/// Links to folders are handled as in bash 4.3 and later: `**` never goes through one, so link loops are harmless,
/// but a link can be the last folder `**` matches (`a/**/*.txt` reads `a/link/*.txt`, not `a/link/sub/*.txt`), and
/// a named or wildcard component follows it. Every step through a link uses up a component of the pattern, which
/// bounds the walk. Links to files count as files.
enum Glob {
    /// True when the string holds glob syntax (`*`, `?`, `[`).
    static func isPattern(_ path: some StringProtocol) -> Bool {
        path.unicodeScalars.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// Expands one pattern (or plain path) into the regular files it names, sorted by path (byte order).
    ///
    /// The root is the leading run of components without glob syntax; ids are relative to it. A plain path is its
    /// own pattern with its folder as the root, and says why when it is missing or names a folder.
    static func expand(_ pattern: String) throws(GlobError) -> FileList {
        let prefix = pattern.hasPrefix("/") ? "/" : ""
        let parts = pattern.split(separator: "/").map(String.init)
        guard let firstGlob = parts.firstIndex(where: { isPattern($0) }) else {
            return try plainFile(prefix + parts.joined(separator: "/"), pattern: pattern)
        }
        var components: [Component] = []
        for part in parts[firstGlob...] {
            switch part {
            case "**" where components.last?.isGlobstar == true: continue  // `**/**` is `**`: one closure step
            case "**": components.append(.globstar)
            case _ where isPattern(part): components.append(.pattern(ComponentPattern(part)))
            default: components.append(.literal(part))
            }
        }
        var walker = Walker(
            pattern: pattern, root: prefix + parts[..<firstGlob].joined(separator: "/"), components: components)
        try walker.visit("", states: walker.closure([0]))
        guard !walker.found.isEmpty else { throw GlobError(pattern: pattern, message: "matched no files") }
        return walker.found
    }

    /// Does `name` (one path component) match `pattern` (one component, no '/')?
    ///
    /// A name starting with `.` matches only a pattern that starts with `.` too, as in bash.
    static func matches(_ name: some StringProtocol, pattern: some StringProtocol) -> Bool {
        ComponentPattern(pattern).matches(String(name))
    }

    /// The size of the file at `path`; 0 when it cannot be stat'ed.
    static func size(ofFile path: String) -> Int {
        (try? FileStatus(of: path))?.size ?? 0
    }

    private static func plainFile(_ path: String, pattern: String) throws(GlobError) -> FileList {
        let status: FileStatus
        do {
            status = try FileStatus(of: path)
        } catch {
            throw GlobError(pattern: pattern, message: error.isMissing ? "no such file" : error.message)
        }
        switch status.kind {
        case .file:
            let id = path.split(separator: "/").last.map(String.init) ?? path
            var list = FileList()
            list.append(MatchedFile(path: path, id: id), size: status.size)
            return list
        case .directory:
            let hint = joined(path, "**")
            throw GlobError(pattern: pattern, message: "is a directory; use '\(hint)' to read every file below it")
        case .other:
            throw GlobError(pattern: pattern, message: "is not a regular file")
        }
    }

    fileprivate static func joined(_ folder: String, _ name: String) -> String {
        if folder.isEmpty { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}

/// One component of a pattern below its root.
private enum Component {
    case literal(String)
    case pattern(ComponentPattern)
    case globstar

    var isGlobstar: Bool { if case .globstar = self { true } else { false } }
}

/// Walks the folders below a pattern's root, carrying the set of pattern positions active in each folder.
///
/// A position `i` active in a folder means "the entries here are matched against component `i`"; a folder that
/// both `**` and a named component reach is listed once with both positions, which is what keeps the walk linear.
/// Each folder's entries are visited in the order their paths sort, so the files come out sorted without a final
/// sort of long paths, which dominated the time for large folders.
private struct Walker {
    let pattern: String
    let root: String
    let components: [Component]
    private(set) var found = FileList()

    /// Matches the entries of the folder at `relative` (to the root) against the active `states`.
    mutating func visit(_ relative: String, states: [Int]) throws(GlobError) {
        let folder = Glob.joined(root, relative)
        let isNamedOnly = states.allSatisfy { if case .literal = components[$0] { true } else { false } }
        var children =
            try isNamedOnly ? namedChildren(of: folder, states: states) : listedChildren(of: folder, states: states)
        children.files.sort()
        found.totalSize += children.size
        // The files between two folders are one run of the sorted names, which the list takes as they are.
        var next = 0
        for (child, prefix) in children.sortedFolders() {
            var end = next
            while end < children.files.count, children.files.precedes(end, folder: prefix) { end += 1 }
            found.append(root: root, folder: relative, names: children.files, sorted: next..<end)
            next = end
            let throughGlobstar = child.isLink ? past(child.step.byGlobstar) : child.step.byGlobstar
            let states = closure(child.step.byName + throughGlobstar)
            if !states.isEmpty { try visit(Glob.joined(relative, child.name), states: states) }
        }
        found.append(root: root, folder: relative, names: children.files, sorted: next..<children.files.count)
    }

    /// The positions after `**`s that end at a link to a folder: `**` does not go on through a link.
    private func past(_ globstars: [Int]) -> [Int] {
        globstars.map { $0 + 1 }.filter { $0 < components.count }
    }

    /// Adds the position after each `**`, since `**` also matches zero folders.
    func closure(_ positions: [Int]) -> [Int] {
        var result = Set(positions)
        for position in positions where position + 1 < components.count {
            if components[position].isGlobstar { result.insert(position + 1) }
        }
        return result.sorted()
    }

    /// Children of a folder whose active components are all plain names: stat them, no listing needed.
    private func namedChildren(of folder: String, states: [Int]) throws(GlobError) -> Children {
        var steps: [(name: String, step: Step)] = []
        for state in states {
            guard case .literal(let name) = components[state] else { continue }
            let step = self.step(for: name, states: states)
            if !steps.contains(where: { $0.name.utf8.elementsEqual(name.utf8) }) { steps.append((name, step)) }
        }
        var children = Children()
        for (name, step) in steps {
            do {
                children.append(name, step: step, status: try FileStatus(of: Glob.joined(folder, name)))
            } catch  where error.isMissing {
                continue
            } catch {
                throw cannotRead(folder, error)
            }
        }
        return children
    }

    /// Children of a folder listed with readdir; only entries some active component matches are stat'ed.
    private func listedChildren(of folder: String, states: [Int]) throws(GlobError) -> Children {
        guard let directory = opendir(folder.isEmpty ? "." : folder) else {
            let error = SystemError(code: errno)
            if error.isMissing { return Children() }
            throw cannotRead(folder, error)
        }
        defer { closedir(directory) }
        var children = Children()
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw cannotRead(folder, SystemError(code: errno)) }
                return children
            }
            let name = withUnsafePointer(to: &entry.pointee.d_name) { field in
                field.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: field.pointee)) {
                    String(validatingCString: $0)
                }
            }
            guard let name else { continue }  // not UTF-8: skipped, as ids and paths are Strings
            let step = self.step(for: name, states: states)
            guard !step.isEmpty else { continue }
            do {
                let status: FileStatus
                switch entry.pointee.d_type {
                case UInt8(DT_DIR):
                    status = FileStatus(kind: .directory, size: 0)
                case UInt8(DT_REG):
                    guard step.matchesFile else { continue }
                    status = try FileStatus(of: name, in: dirfd(directory))
                default:
                    status = try FileStatus(linkOrEntry: name, in: dirfd(directory))
                }
                children.append(name, step: step, status: status)
            } catch  where error.isMissing {
                continue
            } catch {
                throw cannotRead(folder, error)
            }
        }
    }

    /// What one entry named `name` means to the positions active in its folder.
    private func step(for name: String, states: [Int]) -> Step {
        var step = Step()
        let isDotOrDotDot = name == "." || name == ".."
        for state in states {
            switch components[state] {
            case .literal(let literal):
                guard name.utf8.elementsEqual(literal.utf8) else { continue }
            case .pattern(let pattern):
                guard !isDotOrDotDot, pattern.matches(name) else { continue }
            case .globstar:
                guard !name.hasPrefix(".") else { continue }
                step.byGlobstar.append(state)
                if state == components.count - 1 { step.matchesFile = true }
                continue
            }
            if state == components.count - 1 { step.matchesFile = true } else { step.byName.append(state + 1) }
        }
        return step
    }

    private func cannotRead(_ folder: String, _ error: SystemError) -> GlobError {
        GlobError(pattern: pattern, message: "cannot read folder '\(folder.isEmpty ? "." : folder)': \(error.message)")
    }
}

/// The positions an entry leads to: by its name matching a component, or by `**` descending into it.
///
/// Kept apart because `**` must not go on through a link to a folder while a named component may.
private struct Step {
    var matchesFile = false
    var byName: [Int] = []
    var byGlobstar: [Int] = []

    var isEmpty: Bool { !matchesFile && byName.isEmpty && byGlobstar.isEmpty }
}

/// The entries of one folder that the walk goes on with: the files that match, and the folders to descend into.
///
/// A folder can hold hundreds of thousands of files, so their names go into a `NameTable` and only their total
/// size is kept; only folders keep a `Step`.
private struct Children {
    /// The names of the files that match.
    var files = NameTable()
    /// The bytes of those files together.
    var size = 0
    /// The folders, with their steps and whether each is a link.
    private var folders: [(name: String, step: Step, isLink: Bool)] = []

    /// Keeps the entry `name` when it is a file the step matches or a folder; drops anything else.
    mutating func append(_ name: String, step: Step, status: FileStatus) {
        switch status.kind {
        case .file where step.matchesFile:
            files.append(name)
            size += status.size
        case .directory:
            folders.append((name, step, status.isLink))
        case .file, .other:
            break
        }
    }

    /// The folders in the order of the paths below them, each with its name and a `/`, which is how its
    /// files' paths go on: `a-b/x` < `a.txt` < `a/z` < `ab`.
    func sortedFolders() -> [(folder: (name: String, step: Step, isLink: Bool), prefix: [UInt8])] {
        folders.map { ($0, Array($0.name.utf8) + [UInt8(ascii: "/")]) }
            .sorted { $0.prefix.lexicographicallyPrecedes($1.prefix) }
    }
}

/// The little of `struct stat` the walk needs.
private struct FileStatus {
    enum Kind { case file, directory, other }

    var kind: Kind
    var size: Int
    /// The entry is a symbolic link; `kind` and `size` describe what it points to.
    var isLink = false

    init(kind: Kind, size: Int) {
        self.kind = kind
        self.size = size
    }

    /// Stats `name`, relative to the folder open as `folder` (or the current directory).
    init(of name: String, in folder: Int32 = AT_FDCWD, followingLinks: Bool = true) throws(SystemError) {
        var info = stat()
        guard fstatat(folder, name, &info, followingLinks ? 0 : AT_SYMLINK_NOFOLLOW) == 0 else {
            throw SystemError(code: errno)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        default: kind = .other
        }
        size = Int(info.st_size)
        isLink = info.st_mode & S_IFMT == S_IFLNK
    }

    /// Stats an entry readdir did not type as a folder or file: a link is followed, and remembered as one.
    init(linkOrEntry name: String, in folder: Int32) throws(SystemError) {
        self = try FileStatus(of: name, in: folder, followingLinks: false)
        guard isLink else { return }
        self = try FileStatus(of: name, in: folder)
        isLink = true
    }
}

/// An errno from a failed call, kept as a value so typed throws can carry it.
private struct SystemError: Error {
    var code: Int32

    /// Vanished, never there, or a dangling or looping link: the entry simply names no file.
    var isMissing: Bool { code == ENOENT || code == ENOTDIR || code == ELOOP }
    var message: String { String(cString: strerror(code)) }
}

/// One compiled component of a pattern: `*`, `?`, bracket classes and `\` escapes, matched on Unicode scalars.
///
/// Compiled once and reused for every folder entry. Scalars rather than bytes so that `?` takes one whole UTF-8
/// character and a range such as `[à-ü]` compares code points; no normalization, as on the file system.
private struct ComponentPattern {
    private enum Token {
        case scalar(Unicode.Scalar)
        case any
        case star
        case set(ScalarSet)

        /// Does this single-character token take `scalar`? A star is handled by the matcher.
        func takes(_ scalar: Unicode.Scalar) -> Bool {
            switch self {
            case .scalar(let expected): expected == scalar
            case .any: true
            case .star: false
            case .set(let set): set.contains(scalar)
            }
        }
    }

    private struct ScalarSet {
        var isNegated: Bool
        var ranges: [ClosedRange<Unicode.Scalar>]

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            ranges.contains { $0.contains(scalar) } != isNegated
        }
    }

    private let tokens: [Token]
    private let allowsHidden: Bool

    init(_ pattern: some StringProtocol) {
        let scalars = Array(pattern.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            switch scalars[index] {
            case "*":
                tokens.append(.star)
                index += 1
            case "?":
                tokens.append(.any)
                index += 1
            case "[":
                if let (set, end) = Self.bracket(scalars, at: index) {
                    tokens.append(.set(set))
                    index = end
                } else {
                    tokens.append(.scalar("["))  // unclosed: a literal '[', as in bash
                    index += 1
                }
            case "\\" where index + 1 < scalars.count:
                tokens.append(.scalar(scalars[index + 1]))
                index += 2
            case let scalar:
                tokens.append(.scalar(scalar))
                index += 1
            }
        }
        self.tokens = tokens
        allowsHidden = scalars.first == "."
    }

    /// Parses the class opening at `start`; nil when it never closes. Returns the index after its `]`.
    private static func bracket(_ scalars: [Unicode.Scalar], at start: Int) -> (ScalarSet, Int)? {
        var index = start + 1
        let isNegated = index < scalars.count && (scalars[index] == "!" || scalars[index] == "^")
        if isNegated { index += 1 }
        var ranges: [ClosedRange<Unicode.Scalar>] = []
        var isFirst = true
        while index < scalars.count {
            if scalars[index] == "]", !isFirst { return (ScalarSet(isNegated: isNegated, ranges: ranges), index + 1) }
            isFirst = false
            var low = scalars[index]
            if low == "\\", index + 1 < scalars.count {
                index += 1
                low = scalars[index]
            }
            index += 1
            guard index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] != "]" else {
                ranges.append(low...low)
                continue
            }
            var high = scalars[index + 1]
            index += 2
            if high == "\\", index < scalars.count {
                high = scalars[index]
                index += 1
            }
            if low <= high { ranges.append(low...high) }  // a reversed range matches nothing
        }
        return nil
    }

    /// Matches with one backtrack point, the last `*` seen: linear for the usual patterns, never exponential.
    func matches(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        if !allowsHidden, scalars.first == "." { return false }
        var token = 0
        var position = scalars.startIndex
        var lastStar: (token: Int, position: String.Index)?
        while position < scalars.endIndex {
            if token < tokens.count {
                if case .star = tokens[token] {
                    lastStar = (token, position)
                    token += 1
                    continue
                }
                if tokens[token].takes(scalars[position]) {
                    token += 1
                    position = scalars.index(after: position)
                    continue
                }
            }
            guard let star = lastStar else { return false }
            let retry = scalars.index(after: star.position)
            lastStar = (star.token, retry)
            token = star.token + 1
            position = retry
        }
        return tokens[token...].allSatisfy { if case .star = $0 { true } else { false } }
    }
}
