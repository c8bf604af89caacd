/// The files a `files` reader's `paths:` matched, in reading order, kept compactly.
///
/// Every file is listed before the first is read (sorted, and summed for the progress bar), so a corpus
/// of a million files is a million entries held for the whole run. Ids sit one after another in one
/// byte buffer, with their ends and sizes in two integer arrays: about 16 bytes a file beside its id,
/// where an array of `MatchedFile` took 48 and a `String` for each id longer than 15 bytes. A
/// `MatchedFile` is made when one is read.
struct FileList: RandomAccessCollection, Sendable {
    /// Every id's UTF-8 bytes, one after another.
    private var ids: [UInt8] = []
    /// Where each id ends in `ids`.
    private var ends: [Int] = []
    /// Each file's size in bytes.
    private var sizes: [Int] = []
    /// Runs of files that share a root (every file of one pattern does): the index of the first.
    private var roots: [Root] = []

    private struct Root: Sendable {
        var first: Int
        var path: String
        var isPath: Bool
    }

    var startIndex: Int { 0 }
    var endIndex: Int { ends.count }

    subscript(position: Int) -> MatchedFile {
        let start = position == 0 ? 0 : ends[position - 1]
        let id = ids.withUnsafeBufferPointer { String(decoding: $0[start..<ends[position]], as: UTF8.self) }
        let root = roots[rootIndex(of: position)]
        return MatchedFile(root: root.path, rootIsPath: root.isPath, id: id, size: sizes[position])
    }

    /// The bytes of every file together.
    var totalSize: Int { sizes.reduce(0, +) }

    /// Adds `file` at the end.
    mutating func append(_ file: MatchedFile) {
        startRun(root: file.root, isPath: file.rootIsPath)
        ids.append(contentsOf: file.id.utf8)
        ends.append(ids.count)
        sizes.append(file.size)
    }

    /// Adds the file `folder/name` (`name` alone when `folder` is empty) below `root`.
    mutating func append(root: String, folder: String, name: UnsafeBufferPointer<UInt8>, size: Int) {
        startRun(root: root, isPath: false)
        if !folder.isEmpty {
            ids.append(contentsOf: folder.utf8)
            ids.append(UInt8(ascii: "/"))
        }
        ids.append(contentsOf: name)
        ends.append(ids.count)
        sizes.append(size)
    }

    /// Makes room for `files` more files with `bytes` bytes of ids: a folder of 200,000 files grows the
    /// list once, not by doubling.
    mutating func reserve(files: Int, bytes: Int) {
        if ends.count + files > ends.capacity {
            let capacity = Swift.max(ends.count + files, ends.capacity + ends.capacity / 2)
            ends.reserveCapacity(capacity)
            sizes.reserveCapacity(capacity)
        }
        if ids.count + bytes > ids.capacity {
            ids.reserveCapacity(Swift.max(ids.count + bytes, ids.capacity + ids.capacity / 2))
        }
    }

    private mutating func startRun(root: String, isPath: Bool) {
        if let last = roots.last, last.isPath == isPath, last.path == root { return }
        roots.append(Root(first: ends.count, path: root, isPath: isPath))
    }

    /// The run the file at `position` belongs to: the last that starts at or before it.
    private func rootIndex(of position: Int) -> Int {
        var low = 0
        var high = roots.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if roots[middle].first <= position { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
