internal import Foundation
import PipeKit

/// Reads files named by paths and globs: one document per text, Markdown or HTML file, one per
/// record of a JSON Lines, JSON or CSV file. The format follows the extension unless `format:`
/// names one.
struct FilesReader: Reader {
    static let declaration = StageDeclaration.reader(
        "files",
        summary:
            "Reads files named by paths and globs (** for any depth): text, Markdown, HTML, JSON Lines, JSON, CSV.",
        options: [
            OptionSpec(
                "paths", .paths, required: true,
                help: "Files and globs, relative to the pipeline file; '-' reads standard input."),
            OptionSpec(
                "format", .choice(["auto"] + InputFormat.allCases.map(\.rawValue)), default: "auto",
                help: "'auto' goes by extension (.md, .html, .jsonl, .json, .csv, .tsv; text otherwise)."),
        ] + FormatOptions.specs,
        example: """
            reader:
              type: files
              paths: ["../Examples/data/*.txt"]
            """,
        make: { options, _ in
            FilesReader(
                patterns: options.strings("paths"), format: InputFormat(rawValue: options.string("format")),
                options: try FormatOptions(options))
        })

    let patterns: [String]
    /// The format every file is read in; `nil` goes by each file's extension.
    let format: InputFormat?
    let options: FormatOptions

    func read(into output: ReaderOutput) throws {
        var files = FileList()
        var seen = Set<String>()
        for pattern in patterns {
            if pattern == "-" {
                files.append(MatchedFile(path: "-", id: "stdin"), size: 0)
                continue
            }
            do {
                // One pattern never matches a file twice: the set of paths is needed only with several.
                let matched = try Glob.expand(pattern)
                if patterns.count == 1 {
                    files = matched
                } else {
                    // The list keeps only a total, so a file matched again is stat'ed to take it out.
                    files.totalSize += matched.totalSize
                    for file in matched {
                        if seen.insert(file.path).inserted {
                            files.append(file, size: 0)
                        } else {
                            files.totalSize -= Glob.size(ofFile: file.path)
                        }
                    }
                }
            } catch {
                let shown = Paths.display(pattern)
                throw ReadError("'\(shown)': " + error.message.replacingOccurrences(of: pattern, with: shown))
            }
        }
        // The formats are looked at twice rather than kept: a byte a file is still a list that grows with the corpus.
        var (allWhole, allText) = format.map { ($0.isWholeDocument, $0 == .text) } ?? (true, true)
        if format == nil {
            for file in files {
                let format = InputFormat(path: file.id)
                allText = allText && format == .text
                guard format.isWholeDocument else {
                    allWhole = false
                    break
                }
            }
        }
        output.expect(documents: allWhole ? files.count : nil, bytes: allText ? files.totalSize : nil)
        let workingDirectory = Paths.current
        for file in files {
            let isStandardInput = file.path == "-"
            let source = isStandardInput ? "-" : Paths.display(file.path, relativeTo: workingDirectory)
            let fileFormat = format ?? InputFormat(path: file.id)
            if !isStandardInput, fileFormat.isWholeDocument {
                try fileFormat.emitWhole(
                    id: file.id, source: source, bytes: Glob.size(ofFile: file.path), options: options, into: output
                ) { [path = file.path, invalid = options.invalidUTF8] () throws(DocumentFailure) in
                    do throws(ReadError) {
                        let stream = try InputStream.file(path, invalid: invalid)
                        return (try stream.readAll(sizeHint: stream.size), stream.markLength)
                    } catch {
                        throw DocumentFailure(id: file.id, source: source, message: error.description)
                    }
                }
                continue
            }
            let stream: InputStream
            do {
                stream =
                    isStandardInput
                    ? InputStream.standardInput(invalid: options.invalidUTF8)
                    : try InputStream.file(file.path, invalid: options.invalidUTF8)
            } catch {
                try output.fail(DocumentFailure(id: file.id, source: source, message: "\(error)"))
                continue
            }
            let input = InputSource(
                stream: stream, name: isStandardInput ? "stdin" : source, source: source, id: file.id,
                numbersRecordsAlone: isStandardInput, sizeHint: stream.size)
            try fileFormat.read(input, options: options, into: output)
        }
    }
}
