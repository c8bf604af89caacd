internal import Foundation
internal import PipeKit

/// The `--stats` table: per stage, documents, time, share of all stage time and throughput.
struct StatsTable {
    let report: RunReport

    var rendered: String {
        let total = report.stages.reduce(0) { $0 + $1.seconds }
        var rows = [["stage", "kind", "documents", "time", "share", "MB/s"]]
        for stage in report.stages {
            rows.append([
                stage.id == stage.type ? stage.id : "\(stage.id) (\(stage.type))",
                stage.kind.rawValue,
                String(stage.documents),
                String(format: "%.3f s", stage.seconds),
                total > 0 ? String(format: "%.1f%%", stage.seconds / total * 100) : "-",
                stage.seconds > 0 ? String(format: "%.1f", stage.megabytesPerSecond) : "-",
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var out = ""
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column < 2 ? cell + pad : pad + cell
            }
            out += cells.joined(separator: "  ") + "\n"
        }
        let seconds = max(report.seconds, 1e-9)
        out += String(
            format: "%d read, %d written, %d dropped, %d failed in %.3f s: %.1f MB/s, %.0f documents/s\n",
            report.documentsRead, report.documentsWritten, report.documentsDropped, report.documentsFailed,
            report.seconds, Double(report.bytesRead) / 1e6 / seconds, Double(report.documentsRead) / seconds)
        if report.documentsOutsideShard > 0 {
            out += "\(report.documentsOutsideShard) outside this shard\n"
        }
        return out
    }
}
