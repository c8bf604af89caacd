internal import Foundation
import Testing

@testable import BuiltinStages

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The expansion of `paths:` entries: the component matcher against a table, the walk against real folders.
@Suite struct GlobTests {
    // MARK: - One component

    static let componentCases: [(name: String, pattern: String, matches: Bool)] = [
        ("a.txt", "*.txt", true),
        ("a.md", "*.txt", false),
        ("txt", "*txt", true),
        ("A.TXT", "*.txt", false),
        ("abcabd", "*abd", true),
        ("aaa", "a*a*a", true),
        ("aa", "a*a*a", false),
        ("abc", "a?c", true),
        ("ac", "a?c", false),
        ("abbc", "a?c", false),
        ("day-07.txt", "day-??.txt", true),
        ("day-7.txt", "day-??.txt", false),
        ("b.txt", "[a-c]*.txt", true),
        ("d.txt", "[a-c]*.txt", false),
        ("d.txt", "[!a-c]*.txt", true),
        ("a.txt", "[^abc].txt", false),
        ("x.txt", "[^abc].txt", true),
        ("z", "[z-a]", false),
        ("]", "[]]", true),
        ("x", "[!]]", true),
        ("-", "[a-]", true),
        ("b", "[a-]", false),
        ("[x", "[x", true),
        ("*", "\\*", true),
        ("a", "\\*", false),
        ("a?", "a\\?", true),
        ("ab", "a\\?", false),
        ("]", "[\\]]", true),
        ("\\", "\\\\", true),
        ("é.txt", "?.txt", true),
        ("日本.txt", "??.txt", true),
        ("日本.txt", "?.txt", false),
        ("🙂", "?", true),
        ("e\u{301}", "??", true),
        ("ü", "[à-ÿ]", true),
        ("u", "[à-ÿ]", false),
        ("Straße.md", "Stra?e.*", true),
        (".hidden", "*", false),
        (".hidden", "?hidden", false),
        (".hidden", "[.]hidden", false),
        (".hidden", ".*", true),
        (".hidden", ".h?dden", true),
        ("x.hidden", "*.hidden", true),
    ]

    @Test("A component pattern matches a name as bash does", arguments: componentCases)
    func componentMatching(_ row: (name: String, pattern: String, matches: Bool)) {
        #expect(Glob.matches(row.name, pattern: row.pattern) == row.matches)
    }

    @Test("Only star, question mark and bracket make a pattern")
    func patternDetection() {
        #expect(Glob.isPattern("data/*.txt"))
        #expect(Glob.isPattern("notes/day-??.txt"))
        #expect(Glob.isPattern("data/[a-c].txt"))
        #expect(!Glob.isPattern("notes/a.txt"))
        #expect(!Glob.isPattern("../Examples/data/a-b_c.txt"))
    }

    // MARK: - Walking folders

    @Test("A double star in the middle matches zero or more folders, with ids relative to the root")
    func globstarInTheMiddle() throws {
        let tree = ["corpus/a.md", "corpus/2024/jan/a.md", "corpus/2024/b.md", "corpus/2024/c.txt"]
        try withFolder(tree) { root throws in
            let files = try Glob.expand("\(root)/corpus/**/*.md")
            #expect(files.map(\.id) == ["2024/b.md", "2024/jan/a.md", "a.md"])
            #expect(files.map(\.path) == files.map { "\(root)/corpus/\($0.id)" })
        }
    }

    @Test("A double star as the first glob component searches the whole root")
    func globstarFirst() throws {
        try withFolder(["b.txt", "x/b.txt", "x/y/b.txt", "x/y/c.txt"]) { root throws in
            #expect(try Glob.expand("\(root)/**/b.txt").map(\.id) == ["b.txt", "x/b.txt", "x/y/b.txt"])
        }
    }

    @Test("A trailing double star matches every file below, including the root's own")
    func trailingGlobstar() throws {
        try withFolder(["d/a.txt", "d/s/b.bin", "d/s/t/c"]) { root throws in
            #expect(try Glob.expand("\(root)/d/**").map(\.id) == ["a.txt", "s/b.bin", "s/t/c"])
        }
    }

    @Test("Repeated double stars find each file once")
    func repeatedGlobstars() throws {
        try withFolder(["a/b/a/b/x.txt", "a/x.txt", "b/x.txt"]) { root throws in
            #expect(try Glob.expand("\(root)/**/**/x.txt").map(\.id) == ["a/b/a/b/x.txt", "a/x.txt", "b/x.txt"])
            #expect(try Glob.expand("\(root)/**/a/**/x.txt").map(\.id) == ["a/b/a/b/x.txt", "a/x.txt"])
        }
    }

    @Test("Hidden files and folders are matched only by components that start with a dot")
    func hiddenEntries() throws {
        let tree = [".top.txt", "a.txt", ".git/config", "s/.hidden/x.txt", "s/y.txt", ".h/.deep/z.txt"]
        try withFolder(tree) { root throws in
            #expect(try Glob.expand("\(root)/**").map(\.id) == ["a.txt", "s/y.txt"])
            #expect(try Glob.expand("\(root)/*").map(\.id) == ["a.txt"])
            #expect(try Glob.expand("\(root)/.*").map(\.id) == [".top.txt"])
            #expect(try Glob.expand("\(root)/.git/*").map(\.id) == ["config"])
            #expect(try Glob.expand("\(root)/**/.hidden/*.txt").map(\.id) == ["s/.hidden/x.txt"])
            #expect(try Glob.expand("\(root)/.*/**").map(\.id) == [".git/config"])
            #expect(try Glob.expand("\(root)/.*/.*/*").map(\.id) == [".h/.deep/z.txt"])
        }
    }

    @Test("Question marks and classes select files by name")
    func classesOnDisk() throws {
        let tree = ["notes/day-01.txt", "notes/day-1.txt", "data/a1.txt", "data/c.txt", "data/d.txt"]
        try withFolder(tree) { root throws in
            #expect(try Glob.expand("\(root)/notes/day-??.txt").map(\.id) == ["day-01.txt"])
            #expect(try Glob.expand("\(root)/data/[a-c]*.txt").map(\.id) == ["a1.txt", "c.txt"])
            #expect(try Glob.expand("\(root)/data/[!a-c]*.txt").map(\.id) == ["d.txt"])
        }
    }

    @Test("A wildcard folder component is followed by plain components")
    func namedComponentsAfterAGlob() throws {
        try withFolder(["2023/data/a.txt", "2024/data/b.txt", "2024/other/c.txt", "2025/data"]) { root throws in
            #expect(try Glob.expand("\(root)/*/data/*.txt").map(\.id) == ["2023/data/a.txt", "2024/data/b.txt"])
        }
    }

    @Test("Results are sorted by the bytes of their paths")
    func byteOrder() throws {
        let tree = ["é.txt", "b.txt", "a.txt", "Z.txt", "a.b.txt", "B.txt", "a-b/x.txt", "a/z.txt", "a b/y", "ab/c"]
        try withFolder(tree) { root throws in
            let sorted = ["B.txt", "Z.txt", "a b/y", "a-b/x.txt", "a.b.txt", "a.txt", "a/z.txt", "ab/c", "b.txt"]
            #expect(try Glob.expand("\(root)/**").map(\.id) == sorted + ["é.txt"])
        }
    }

    @Test("A plain path is one file whose id is its name and whose size comes from stat")
    func plainPath() throws {
        try withFolder(["notes/a.txt"]) { root throws in
            let files = try Glob.expand("\(root)/notes/a.txt")
            #expect(Array(files) == [MatchedFile(path: "\(root)/notes/a.txt", id: "a.txt")])
            #expect(files.totalSize == "notes/a.txt".utf8.count)
        }
    }

    @Test("Relative patterns with dot and dot-dot keep the root as written")
    func relativePatterns() throws {
        try withFolder(["data/a.txt", "data/b.md"]) { root throws in
            let up = FileManager.default.currentDirectoryPath.split(separator: "/").map { _ in ".." }
            let relative = "./" + (up + [String(root.dropFirst())]).joined(separator: "/") + "/data"
            let files = try Glob.expand("\(relative)/*.txt")
            #expect(Array(files) == [MatchedFile(path: "\(relative)/a.txt", id: "a.txt")])
            #expect(files.totalSize == "data/a.txt".utf8.count)
            #expect(try Glob.expand("\(relative)/../data/b.md").map(\.path) == ["\(relative)/../data/b.md"])
        }
    }

    @Test("A pattern without a folder part reads the current directory")
    func currentDirectory() throws {
        let manager = FileManager.default
        let expected = try manager.contentsOfDirectory(atPath: ".").filter { name in
            var isFolder: ObjCBool = false
            let exists = manager.fileExists(atPath: name, isDirectory: &isFolder)
            return exists && !isFolder.boolValue && !name.hasPrefix(".")
        }
        guard !expected.isEmpty else {
            #expect(throws: GlobError(pattern: "*", message: "matched no files")) { try Glob.expand("*") }
            return
        }
        let files = try Glob.expand("*")
        #expect(files.map(\.id) == expected.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(files.allSatisfy { $0.path == $0.id })
    }

    @Test("Only regular files are returned: links to files count, folders, dangling links and fifos do not")
    func onlyRegularFiles() throws {
        try withFolder(["real.txt", "sub/x.txt"]) { root throws in
            try FileManager.default.createSymbolicLink(atPath: "\(root)/link.txt", withDestinationPath: "real.txt")
            try FileManager.default.createSymbolicLink(atPath: "\(root)/dangling.txt", withDestinationPath: "none")
            try FileManager.default.createSymbolicLink(atPath: "\(root)/folder.txt", withDestinationPath: "sub")
            #expect(mkfifo("\(root)/fifo.txt", 0o600) == 0)
            let files = try Glob.expand("\(root)/*.txt")
            #expect(files.map(\.id) == ["link.txt", "real.txt"])
            #expect(files.totalSize == 2 * "real.txt".utf8.count)
            #expect(throws: GlobError(pattern: "\(root)/fifo.txt", message: "is not a regular file")) {
                try Glob.expand("\(root)/fifo.txt")
            }
        }
    }

    @Test("A link to a folder is followed by a named component and can end a double star, never go through one")
    func linkedFolders() throws {
        try withFolder(["real/y.txt", "real/sub/x.txt"]) { root throws in
            try FileManager.default.createSymbolicLink(atPath: "\(root)/linked", withDestinationPath: "real")
            #expect(try Glob.expand("\(root)/*/y.txt").map(\.id) == ["linked/y.txt", "real/y.txt"])
            #expect(try Glob.expand("\(root)/linked/*/*.txt").map(\.id) == ["sub/x.txt"])
            #expect(try Glob.expand("\(root)/**/y.txt").map(\.id) == ["linked/y.txt", "real/y.txt"])
            #expect(try Glob.expand("\(root)/**/x.txt").map(\.id) == ["real/sub/x.txt"])
            #expect(try Glob.expand("\(root)/**").map(\.id) == ["real/sub/x.txt", "real/y.txt"])
        }
    }

    @Test("A symlink loop does not hang the walk")
    func symlinkLoop() throws {
        try withFolder(["a/x.txt"]) { root throws in
            try FileManager.default.createSymbolicLink(atPath: "\(root)/a/up", withDestinationPath: "..")
            try FileManager.default.createSymbolicLink(atPath: "\(root)/a/self", withDestinationPath: ".")
            try FileManager.default.createSymbolicLink(atPath: "\(root)/a/knot", withDestinationPath: "knot")
            #expect(try Glob.expand("\(root)/**").map(\.id) == ["a/x.txt"])
            #expect(try Glob.expand("\(root)/**/*.txt").map(\.id) == ["a/self/x.txt", "a/x.txt"])
            let throughLinks = ["a/self/x.txt", "a/up/a/self/x.txt", "a/up/a/x.txt", "a/x.txt"]
            #expect(try Glob.expand("\(root)/**/a/**/x.txt").map(\.id) == throughLinks)
            #expect(try Glob.expand("\(root)/a/*/*/x.txt").map(\.id) == ["self/self/x.txt", "up/a/x.txt"])
        }
    }

    // MARK: - Errors

    @Test("A missing plain path says there is no such file")
    func missingPlainPath() throws {
        try withFolder(["a.txt"]) { root throws in
            #expect(throws: GlobError(pattern: "\(root)/b.txt", message: "no such file")) {
                try Glob.expand("\(root)/b.txt")
            }
            #expect(throws: GlobError(pattern: "\(root)/a.txt/b.txt", message: "no such file")) {
                try Glob.expand("\(root)/a.txt/b.txt")
            }
        }
    }

    @Test("A plain path naming a folder suggests a double star below it")
    func folderPlainPath() throws {
        try withFolder(["notes/a.txt"]) { root throws in
            let message = "is a directory; use '\(root)/notes/**' to read every file below it"
            #expect(throws: GlobError(pattern: "\(root)/notes/", message: message)) {
                try Glob.expand("\(root)/notes/")
            }
        }
    }

    @Test("A pattern that matches nothing, or whose root is missing, says so")
    func noMatches() throws {
        try withFolder(["a.txt", "sub/b.md"]) { root throws in
            let patterns = ["*.md", "missing/*.txt", "a.txt/*", ".*", "sub/*/**"].map { "\(root)/\($0)" }
            for pattern in patterns {
                #expect(throws: GlobError(pattern: pattern, message: "matched no files")) { try Glob.expand(pattern) }
            }
        }
    }

    @Test(
        "An unreadable folder met while walking is named with the system's reason",
        .enabled(if: geteuid() != 0, "root reads every folder")
    )
    func unreadableFolder() throws {
        try withFolder(["open/a.txt", "locked/b.txt"]) { root throws in
            #expect(chmod("\(root)/locked", 0) == 0)
            defer { chmod("\(root)/locked", 0o755) }
            let message = "cannot read folder '\(root)/locked': Permission denied"
            #expect(throws: GlobError(pattern: "\(root)/**", message: message)) { try Glob.expand("\(root)/**") }
        }
    }

    // MARK: - Scale

    @Test("Twenty thousand files in one folder expand in well under a second")
    func largeFolder() throws {
        let count = 20_000
        try withFolder([]) { root throws in
            for index in 0..<count {
                let file = open("\(root)/f\(index).txt", O_CREAT | O_WRONLY, 0o644)
                #expect(file >= 0)
                close(file)
            }
            let clock = ContinuousClock()
            var files = FileList()
            let elapsed = try clock.measure { files = try Glob.expand("\(root)/*.txt") }
            print("Glob.expand of \(count) files took \(elapsed)")
            #expect(files.count == count)
            #expect(elapsed < .seconds(5))
        }
    }

    // MARK: - Helpers

    /// Runs `body` on a fresh folder holding `files` (each containing its own relative path), then removes it.
    private func withFolder(_ files: [String], _ body: (String) throws -> Void) throws {
        let manager = FileManager.default
        let root = manager.temporaryDirectory.appendingPathComponent("GlobTests-\(UUID().uuidString)").path
        try manager.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? manager.removeItem(atPath: root) }
        for file in files {
            let url = URL(fileURLWithPath: "\(root)/\(file)")
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.utf8).write(to: url)
        }
        try body(root)
    }
}
