internal import Dispatch
internal import Foundation
internal import PipeKit

/// A one-line progress display on stderr: documents and bytes done, rate, and the ETA when the
/// reader announced its totals (elapsed time otherwise). Redrawn five times a second; `pipe run`
/// shows it only when stderr is a terminal (or with `--progress always`), and never on stdout.
///
/// `@unchecked Sendable`: the timer is a dispatch source, safe from any thread though Dispatch
/// does not mark it `Sendable`; everything else is immutable.
final class ProgressBar: @unchecked Sendable {
    private let runner: PipelineRunner
    private let timer: any DispatchSourceTimer
    private let started = DispatchTime.now().uptimeNanoseconds

    init(runner: PipelineRunner) {
        self.runner = runner
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "pipe.progress"))
    }

    func start() {
        timer.schedule(deadline: .now() + .milliseconds(200), repeating: .milliseconds(200))
        timer.setEventHandler { [self] in draw() }
        timer.resume()
    }

    func stop() {
        timer.cancel()
        Terminal.standardError("\r\u{1B}[K")
    }

    private func draw() {
        let seconds = max(0.001, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        Terminal.standardError("\r\u{1B}[K" + Self.line(runner.progress, seconds: seconds))
    }

    /// The bar's text after `seconds`: `[████····] 120/400 docs  1.2 MB/4.0 MB  3.1 MB/s  250 docs/s  ETA 0:01`.
    ///
    /// The ETA goes by bytes when the reader announced them (text files: the sizes in the file
    /// list), else by documents; with neither total, the elapsed time stands in its place.
    static func line(_ progress: PipelineRunner.Progress, seconds: Double) -> String {
        let rate = Double(progress.bytes) / seconds
        let documentRate = Double(progress.documents) / seconds
        var parts: [String] = []
        if let total = progress.expectedDocuments, total > 0 {
            let fraction = min(1, Double(progress.documents) / Double(total))
            let filled = Int(fraction * 24)
            parts.append("[" + String(repeating: "█", count: filled) + String(repeating: "·", count: 24 - filled) + "]")
            parts.append("\(progress.documents)/\(total) docs")
        } else {
            parts.append("\(progress.documents) docs")
        }
        parts.append(Format.bytes(progress.bytes) + (progress.expectedBytes.map { "/" + Format.bytes($0) } ?? ""))
        parts.append(Format.bytes(Int(rate)) + "/s")
        parts.append(String(format: "%.0f docs/s", documentRate))
        if let total = progress.expectedBytes, total > 0, rate > 0, progress.bytes < total {
            parts.append("ETA " + Format.duration(Double(total - progress.bytes) / rate))
        } else if let total = progress.expectedDocuments, documentRate > 0, progress.documents < total {
            parts.append("ETA " + Format.duration(Double(total - progress.documents) / documentRate))
        } else {
            parts.append(Format.duration(seconds) + " elapsed")
        }
        return parts.joined(separator: "  ")
    }
}

/// Numbers for people: `12.3 MB`, `1:05`.
enum Format {
    static func bytes(_ count: Int) -> String {
        let value = Double(count)
        if value >= 1e9 { return String(format: "%.2f GB", value / 1e9) }
        if value >= 1e6 { return String(format: "%.1f MB", value / 1e6) }
        if value >= 1e3 { return String(format: "%.1f kB", value / 1e3) }
        return "\(count) B"
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600
            ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%d:%02d", total / 60, total % 60)
    }
}
