import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PipeProcess {
    /// Runs `pipe` as `run` does, in `folder`, and also returns the processor time (user and system) it
    /// used, from `wait4`.
    ///
    /// A bound on processor time holds on a machine busy with other builds, where a bound on the clock
    /// fails at random; it still fails when the work itself blows up. `Process` does not report a
    /// child's usage, so this spawns `/bin/sh`, which changes folder and then becomes `pipe` (`exec`):
    /// the usage `wait4` returns is `pipe`'s.
    static func runMeasuringTime(_ arguments: [String], in folder: URL) throws -> (result: Result, seconds: Double) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pipe-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outPath = scratch.appendingPathComponent("stdout").path
        let errPath = scratch.appendingPathComponent("stderr").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let script = #"cd "$1" && shift && exec "$@""#
        let argv = ["/bin/sh", "-c", script, "sh", folder.path, executable.path] + arguments
        var cArguments = argv.map { strdup($0) }
        defer { cArguments.forEach { free($0) } }
        cArguments.append(nil)
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, &cArguments, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
        }
        let seconds =
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
        // Exited normally: the low seven bits are zero and the code is in the next eight.
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let result = Result(
            status: exitStatus, stdout: try String(contentsOfFile: outPath, encoding: .utf8),
            stderr: try String(contentsOfFile: errPath, encoding: .utf8))
        return (result, seconds)
    }
}
