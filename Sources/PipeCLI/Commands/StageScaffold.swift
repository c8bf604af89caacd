internal import Foundation
internal import PipeKit

/// The package `pipe init --stage NAME` writes: a transformer, an executable that adds it to the
/// built-in stages, a test, a pipeline and its `pipe test` file, which build and pass as written.
struct StageScaffold {
    /// How the package depends on pipe.
    enum Dependency {
        /// A checkout of pipe, by absolute path.
        case path(String)
        /// pipe's repository, from this version on.
        case url(String)
    }

    /// The stage's name, as pipeline files use it: `word-count`.
    let name: String
    let dependency: Dependency

    /// `word-count` → `WordCount`, the transformer's type.
    var typeName: String {
        name.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    /// The library target holding the stage.
    var library: String { typeName + "Stage" }

    var executable: String { name + "-pipe" }

    /// Whether `name` can name a stage, a package and (camel-cased) a Swift type.
    static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
            && !name.hasSuffix("-") && !name.hasSuffix("_")
    }

    /// The checkout this `pipe` was built from, when it is still there: the scaffold's default.
    static var buildCheckout: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        guard let manifest = try? String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8),
            manifest.contains("name: \"pipe\"")
        else { return nil }
        return root.path
    }

    /// Every file, by path inside the package folder.
    var files: [(path: String, text: String)] {
        [
            ("Package.swift", manifest),
            (".gitignore", ".build/\nPackage.resolved\n.swiftpm/\n/out/\n"),
            ("README.md", readme),
            ("Sources/\(library)/\(typeName).swift", transformer),
            ("Sources/\(executable)/main.swift", main),
            ("Tests/\(library)Tests/\(typeName)Tests.swift", tests),
            ("pipelines/\(name).yaml", pipeline),
            ("pipelines/tests/\(name).test.yaml", pipelineTest),
        ]
    }

    /// The name `.product(package:)` must use: pipe's identity.
    private var packageIdentity: String {
        switch dependency {
        case .path: return "pipe"
        case .url(let url):
            let last = url.split(separator: "/").last.map(String.init) ?? "pipe"
            return last.hasSuffix(".git") ? String(last.dropLast(4)) : last
        }
    }

    private var manifest: String {
        let dependencyLine =
            switch dependency {
            case .path(let path): ".package(name: \"pipe\", path: \(Self.quoted(path)))"
            case .url(let url): ".package(url: \(Self.quoted(url)), from: \"\(PipeVersion.current)\")"
            }
        let pipe = Self.quoted(packageIdentity)
        return """
            // swift-tools-version:6.2
            import PackageDescription

            let package = Package(
                name: "\(name)",
                platforms: [.macOS(.v15)],
                products: [
                    .executable(name: "\(executable)", targets: ["\(executable)"])
                ],
                dependencies: [
                    \(dependencyLine)
                ],
                targets: [
                    .target(name: "\(library)", dependencies: [.product(name: "PipeKit", package: \(pipe))]),
                    .executableTarget(
                        name: "\(executable)",
                        dependencies: [
                            "\(library)",
                            .product(name: "PipeKit", package: \(pipe)),
                            .product(name: "BuiltinStages", package: \(pipe)),
                            .product(name: "PipeCLI", package: \(pipe)),
                        ]),
                    .testTarget(
                        name: "\(library)Tests",
                        dependencies: [
                            "\(library)",
                            .product(name: "PipeKit", package: \(pipe)),
                            .product(name: "BuiltinStages", package: \(pipe)),
                        ]),
                ]
            )

            """
    }

    private var transformer: String {
        """
        import PipeKit

        /// The `\(name)` stage: counts each document's words into `fields["\(name)"]`.
        ///
        /// Written by `pipe init --stage` as a starting point: make `transform` do what your stage
        /// does, and list the options it takes in its declaration.
        public struct \(typeName): Transformer {
            /// Names the stage, documents its options (`\(executable) describe \(name)`) and builds it.
            public static let declaration = StageDeclaration.transformer(
                "\(name)",
                summary: "Counts each document's words into fields.\(name).",
                options: [
                    OptionSpec(
                        "min_length", .integer(minimum: 1), default: 1,
                        help: "Count only words of at least this many letters.")
                ],
                make: { options, _ in \(typeName)(minimumLength: options.int("min_length")) })

            /// The fewest letters a counted word has.
            public let minimumLength: Int

            /// A stage counting words of at least `minimumLength` letters.
            public init(minimumLength: Int = 1) {
                self.minimumLength = minimumLength
            }

            /// Called from several threads at once: reads only the document and immutable settings.
            public func transform(_ document: inout Document, context: StageContext) throws -> Disposition {
                var words = 0
                var letters = 0
                for scalar in document.text.unicodeScalars {
                    if scalar.properties.isAlphabetic {
                        letters += 1
                    } else {
                        if letters >= minimumLength { words += 1 }
                        letters = 0
                    }
                }
                if letters >= minimumLength { words += 1 }
                document.fields["\(name)"] = .int(words)
                return .keep
            }
        }

        """
    }

    private var main: String {
        """
        import BuiltinStages
        import PipeCLI
        import PipeKit
        import \(library)

        // Every command of pipe, with this package's stage beside the built-in ones.
        var registry = StageRegistry.builtin
        registry.register(\(typeName).declaration)
        PipeCLI.main(registry: registry)

        """
    }

    private var tests: String {
        """
        import BuiltinStages
        import Foundation
        import PipeKit
        import Testing
        import \(library)

        struct \(typeName)Tests {
            @Test func countsTheWordsOfAtLeastTheMinimumLength() throws {
                var document = Document(id: "d", text: "A pipeline, in Swift: 5 words?")
                let stage = \(typeName)(minimumLength: 2)
                _ = try stage.transform(&document, context: StageContext(stageID: "\(name)", pipelineName: "test"))
                #expect(document.fields["\(name)"] == 4)
            }

            @Test func thePipelineRunsWithTheStage() throws {
                var registry = StageRegistry.builtin
                registry.register(\(typeName).declaration)
                let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().appendingPathComponent("pipelines/\(name).yaml")
                var pipeline = try PipelineLoader(registry: registry).load(file: file.path)
                let sink = MemorySink()
                pipeline.sinks = [Stage(id: "memory", type: "memory", instance: SinkBox(sink))]
                _ = PipelineRunner(pipeline: pipeline, options: RunOptions(concurrency: 2)).run()
                #expect(sink.documents.map { $0.fields["\(name)"] } == [6, 3])
            }
        }

        """
    }

    private var pipeline: String {
        """
        name: \(name)
        description: The \(name) stage on two inline documents; try it on files with --input 'texts/*.txt'.

        reader:
          type: text
          texts:
            - "Pipelines read, change and write documents."
            - "A second one."

        stages:
          - type: \(name)
            min_length: 1

        sinks:
          - type: jsonl
            path: "-"

        """
    }

    private var pipelineTest: String {
        """
        # Run with: swift run \(executable) test pipelines/tests/\(name).test.yaml
        pipeline: ../\(name).yaml

        cases:
          - name: words are counted into fields
            documents:
              - {id: short, text: "Three short words."}
              - {id: empty, text: ""}
            expect:
              jsonl:
                documents:
                  - {id: short, fields: {\(name): 3}}
                  - {id: empty, fields: {\(name): 0}}

        """
    }

    private var readme: String {
        """
        # \(name)

        A custom stage for pipe, written by `pipe init --stage \(name)`.

        ```sh
        swift test                                                  # the stage's tests
        swift run \(executable) list                                # the built-in stages and \(name)
        swift run \(executable) run pipelines/\(name).yaml
        swift run \(executable) test pipelines/tests/\(name).test.yaml
        ```

        Sources/\(library)/\(typeName).swift holds the stage; Sources/\(executable)/main.swift registers it.

        """
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
