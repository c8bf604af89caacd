internal import Foundation
import PipeKit

/// Reads files named by paths and globs, one document per file.
struct FilesReader: Reader {
    static let declaration = StageDeclaration.reader(
        "files",
        summary: "Reads text files named by paths and globs (** for any depth), one document per file.",
        options: [
            OptionSpec(
                "paths", .paths, required: true,
                help: "Files and globs, relative to the pipeline file; '-' reads standard input.")
        ],
        example: """
            reader:
              type: files
              paths: ["../Examples/data/*.txt"]
            """,
        make: { options, _ in FilesReader(patterns: options.strings("paths")) })

    let patterns: [String]

    func read(into output: ReaderOutput) throws {
        var files: [MatchedFile] = []
        var seen = Set<String>()
        for pattern in patterns {
            if pattern == "-" {
                files.append(MatchedFile(path: "-", id: "stdin", size: 0))
                continue
            }
            do {
                for file in try Glob.expand(pattern) where seen.insert(file.path).inserted { files.append(file) }
            } catch {
                let shown = Paths.display(pattern)
                throw ReadError("'\(shown)': " + error.message.replacingOccurrences(of: pattern, with: shown))
            }
        }
        output.expect(documents: files.count, bytes: files.reduce(0) { $0 + $1.size })
        for file in files {
            let source = file.path == "-" ? "-" : Paths.display(file.path)
            let bytes: [UInt8]
            do {
                bytes = try file.path == "-" ? InputStream.standardInput.readAll() : InputStream.readFile(file.path)
            } catch {
                try output.fail(DocumentFailure(id: file.id, source: source, message: "\(error)"))
                continue
            }
            switch TextDecoding.decode(bytes) {
            case .success(let text):
                try output.emit(Document(id: file.id, source: source, text: text))
            case .failure(let problem):
                try output.fail(DocumentFailure(id: file.id, source: source, message: problem.description))
            }
        }
    }
}

/// A reader could not go on at all (not one bad document, which `ReaderOutput.fail` reports).
struct ReadError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
