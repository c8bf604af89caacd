import Testing

@testable import BuiltinStages

/// The compact list of matched files: names coded against the name before, read back in order and by index.
@Suite struct FileListTests {
    /// Names that share prefixes, suffixes, both or nothing with their neighbours, one longer than a one-byte count,
    /// and more of them than one stretch between names kept whole.
    static let names: [String] = {
        var names = (0..<150).map { "doc-\(String(1000 + $0 * 7)).txt" }
        names += ["doc.txt", "docs.txt", "e", "é.txt", "éé.txt", "😀", String(repeating: "x", count: 200) + ".md"]
        names += ["y" + String(repeating: "x", count: 200) + ".md", "z", "z.txt", "zz.txt"]
        return names
    }()

    @Test func namesComeBackInOrderAndByIndex() {
        var table = NameTable()
        for name in Self.names.reversed() { table.append(name) }
        table.sort()
        var list = FileList()
        list.append(root: "/corpus", folder: "", names: table, sorted: 0..<table.count)
        let sorted = Self.names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(list.map(\.id) == sorted)
        #expect(list.indices.map { list[$0].id } == sorted)
        #expect(list.allSatisfy { $0.path == "/corpus/\($0.id)" })
    }

    @Test func runsKeepTheirRootsAndFolders() {
        var table = NameTable()
        for name in ["b.txt", "a.txt", "c.txt"] { table.append(name) }
        table.sort()
        var list = FileList()
        list.append(MatchedFile(path: "notes/x.md", id: "x.md"), size: 5)
        list.append(root: "data", folder: "", names: table, sorted: 0..<1)
        list.append(root: "data", folder: "2024", names: table, sorted: 1..<3)
        list.append(MatchedFile(path: "-", id: "stdin"), size: 0)
        let paths = ["notes/x.md", "data/a.txt", "data/2024/b.txt", "data/2024/c.txt", "-"]
        #expect(list.map(\.path) == paths)
        #expect(list.indices.map { list[$0].path } == paths)
        #expect(list.map(\.id) == ["x.md", "a.txt", "2024/b.txt", "2024/c.txt", "stdin"])
        #expect(list.totalSize == 5)
    }

    @Test func aTableSortsByBytesAndPlacesFilesAroundAFolder() {
        var table = NameTable()
        for name in ["ab", "a.txt", "a-b", "B", "é"] { table.append(name) }
        table.sort()
        let sorted = (0..<table.count).map { index in table.withName(index) { String(decoding: $0, as: UTF8.self) } }
        #expect(sorted == ["B", "a-b", "a.txt", "ab", "é"])
        let folder = Array("a/".utf8)
        #expect((0..<table.count).filter { table.precedes($0, folder: folder) }.count == 3)
    }
}
