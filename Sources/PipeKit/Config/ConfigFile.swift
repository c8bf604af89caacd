internal import Foundation

/// A configuration file read from disk: its text, and the folder its relative paths resolve
/// against. Shared by pipeline files and `pipe test` files, so both fail the same way.
struct ConfigFile {
    var text: String
    var baseDirectory: String

    /// Reads `path`; `kind` names the file in messages ("pipeline file", "test file").
    init(path: String, kind: String) throws(ConfigErrors) {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason = !exists ? "no such file" : isDirectory.boolValue ? "it is a folder" : "it cannot be read"
            throw ConfigErrors([ConfigError("cannot read the \(kind): \(reason)", file: path)])
        }
        let bytes = [UInt8](data)
        if let bad = UTF8Check.firstInvalidByte(in: bytes) {
            let location = UTF8Check.location(ofByte: bad, in: bytes, file: path)
            throw ConfigErrors([ConfigError("the \(kind) is not valid UTF-8 (byte \(bad))", at: location)])
        }
        text = String(decoding: bytes, as: UTF8.self)
        baseDirectory = Paths.directory(of: Paths.resolve(path, against: Paths.current))
    }
}
