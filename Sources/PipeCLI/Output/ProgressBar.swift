internal import Dispatch
internal import Foundation
internal import PipeKit

/// A one-line progress display on stderr: documents and bytes done, rate, and the ETA when the
/// reader announced its totals (elapsed time otherwise). Redrawn five times a second.
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
        let progress = runner.progress
        let seconds = max(0.001, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        let rate = Double(progress.bytes) / seconds
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
        if let total = progress.expectedBytes, total > 0, rate > 0, progress.bytes < total {
            parts.append("ETA " + Format.duration(Double(total - progress.bytes) / rate))
        } else {
            parts.append(Format.duration(seconds) + " elapsed")
        }
        Terminal.standardError("\r\u{1B}[K" + parts.joined(separator: "  "))
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
