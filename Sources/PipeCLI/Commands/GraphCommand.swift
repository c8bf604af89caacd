internal import ArgumentParser
internal import Foundation
internal import PipeKit

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph", abstract: "Prints the pipeline as a graph (Graphviz DOT or Mermaid).")

    @OptionGroup var pipelineFile: PipelineFileOptions

    @Option(help: "dot or mermaid.")
    var format: GraphFormat = .dot

    func run() throws {
        let pipeline = try pipelineFile.load()
        Terminal.output(PipelineGraph(pipeline: pipeline).render(format))
    }
}

enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
    case dot, mermaid
}

/// Readers feed the transformer chain in order, and the chain's end feeds every sink.
struct PipelineGraph {
    struct Node {
        var id: String
        var type: String
        var kind: StageKind

        var label: String { id == type ? id : "\(id) (\(type))" }
    }

    let name: String
    let readers: [Node]
    let chain: [Node]
    let sinks: [Node]

    init(pipeline: Pipeline) {
        name = pipeline.name
        readers = pipeline.readers.map { Node(id: $0.id, type: $0.type, kind: .reader) }
        chain = pipeline.transformers.map { Node(id: $0.id, type: $0.type, kind: .transformer) }
        sinks = pipeline.sinks.map { Node(id: $0.id, type: $0.type, kind: .sink) }
    }

    var edges: [(Node, Node)] {
        var edges: [(Node, Node)] = []
        let heads = chain.first.map { [$0] } ?? sinks
        for reader in readers { for head in heads { edges.append((reader, head)) } }
        for (from, to) in zip(chain, chain.dropFirst()) { edges.append((from, to)) }
        if let last = chain.last { for sink in sinks { edges.append((last, sink)) } }
        return edges
    }

    func render(_ format: GraphFormat) -> String {
        let nodes = readers + chain + sinks
        switch format {
        case .dot:
            var out = "digraph \(quoted(name)) {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n"
            for node in nodes {
                let shape = node.kind == .reader ? "invhouse" : node.kind == .sink ? "cylinder" : "box"
                out +=
                    "  \(quoted("\(node.kind.rawValue):\(node.id)")) [label=\(quoted(node.label)), shape=\(shape)];\n"
            }
            for (from, to) in edges {
                out += "  \(quoted("\(from.kind.rawValue):\(from.id)")) -> \(quoted("\(to.kind.rawValue):\(to.id)"));\n"
            }
            return out + "}\n"
        case .mermaid:
            let index = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ("\($1.kind):\($1.id)", "n\($0)") })
            var out = "flowchart LR\n"
            for (number, node) in nodes.enumerated() {
                let label = "\"" + node.label.replacingOccurrences(of: "\"", with: "#quot;") + "\""
                let shaped = node.kind == .reader ? "([\(label)])" : node.kind == .sink ? "[(\(label))]" : "[\(label)]"
                out += "  n\(number)\(shaped)\n"
            }
            for (from, to) in edges {
                out += "  \(index["\(from.kind):\(from.id)"]!) --> \(index["\(to.kind):\(to.id)"]!)\n"
            }
            return out
        }
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
