internal import Foundation

/// Writes to the terminal's streams; data goes to stdout, everything for a person to stderr.
enum Terminal {
    static func error(_ text: String) { standardError(text + "\n") }

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
