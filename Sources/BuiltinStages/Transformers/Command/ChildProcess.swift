#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// What to start: a resolved program, its arguments as written, its environment and folder.
struct CommandLine: Sendable {
    /// The program's absolute path, found when the stage was built.
    var executable: String
    /// `argv`, starting with the program as the pipeline file names it.
    var arguments: [String]
    /// `NAME=VALUE` entries.
    var environment: [String]
    /// The pipeline file's folder, where the program runs.
    var directory: String

    /// How messages name the program: its arguments as written.
    var display: String { arguments.joined(separator: " ") }
}

/// A program's stdout or stdin stopped making sense, or the program stopped: the process cannot
/// serve another document.
struct CommandFailure: Error, Sendable {
    var message: String
}

/// One running program, spoken to over its standard streams: a JSON line in, a JSON line out.
///
/// Started with `posix_spawn` in its own process group (so Ctrl-C reaches `pipe`, which finishes
/// the documents in flight, and not the program), with default signal handling and an empty signal
/// mask. Its stdin is a socket written with `MSG_NOSIGNAL`, so a program that dies never kills
/// `pipe` with SIGPIPE. Every exit path reaps the child: no zombies.
///
/// `@unchecked Sendable`: a process is used by one thread at a time. `ProcessPool` hands it to one
/// worker under its lock, and that worker hands it back (or discards it) before anyone else sees it.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    let command: CommandLine
    private var input: Int32
    private var output: Int32
    private var errors: Int32
    /// Bytes of stdout read beyond the last answer.
    private var pending: [UInt8] = []
    private var stderrTail = OutputTail()
    private var reaped = false
    /// The longest answer accepted, so a runaway program cannot exhaust memory before its timeout.
    private static let maximumAnswer = 256 << 20

    private init(pid: pid_t, command: CommandLine, input: Int32, output: Int32, errors: Int32) {
        self.pid = pid
        self.command = command
        self.input = input
        self.output = output
        self.errors = errors
    }

    deinit {
        if !reaped {
            systemKill(-pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        for descriptor in [input, output, errors] where descriptor >= 0 { close(descriptor) }
    }

    // MARK: Starting

    /// Starts the program; the error says why it could not be.
    static func start(_ command: CommandLine) throws(CommandFailure) -> ChildProcess {
        var pairs: [(ours: Int32, theirs: Int32)] = []
        defer {
            for pair in pairs where pair.theirs >= 0 { close(pair.theirs) }
        }
        for _ in 0..<3 {
            guard let pair = socketPair() else {
                for pair in pairs { close(pair.ours) }
                throw CommandFailure(message: "cannot start program '\(command.display)': \(Self.reason())")
            }
            pairs.append(pair)
        }

        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t? = nil
        #else
            var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, pair) in pairs.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, pair.theirs, Int32(target))
        }
        #if canImport(Darwin)
            var attributes: posix_spawnattr_t? = nil
            // Darwin's sockets cannot be made close-on-exec atomically: close every descriptor not
            // handed to the program instead.
            let extraFlags = POSIX_SPAWN_CLOEXEC_DEFAULT
        #else
            var attributes = posix_spawnattr_t()
            let extraFlags: Int32 = 0
        #endif
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        // `pipe` ignores SIGINT and SIGTERM while it runs; the program must not inherit that.
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP | extraFlags))

        let status = setWorkingDirectory(&actions, command.directory)
        guard status == 0 else {
            for pair in pairs { close(pair.ours) }
            throw CommandFailure(
                message: "cannot start program '\(command.display)' in '\(command.directory)': "
                    + String(cString: strerror(status)))
        }

        var pid: pid_t = 0
        let spawned = withCStrings(command.arguments) { argv in
            withCStrings(command.environment) { environment in
                posix_spawn(&pid, command.executable, &actions, &attributes, argv, environment)
            }
        }
        guard spawned == 0 else {
            for pair in pairs { close(pair.ours) }
            throw CommandFailure(
                message: "cannot start program '\(command.display)': " + String(cString: strerror(spawned)))
        }
        for pair in pairs { _ = fcntl(pair.ours, F_SETFL, O_NONBLOCK) }
        return ChildProcess(
            pid: pid, command: command, input: pairs[0].ours, output: pairs[1].ours, errors: pairs[2].ours)
    }

    /// A connected pair of close-on-exec sockets, both above the standard descriptors: in a `pipe`
    /// started with stdin closed, descriptor 0 could come back, and `dup2` of a descriptor onto
    /// itself keeps it close-on-exec, so the program would start without its stdin.
    private static func socketPair() -> (ours: Int32, theirs: Int32)? {
        var descriptors: [Int32] = [-1, -1]
        #if canImport(Glibc)
            let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
            let type = SOCK_STREAM
        #endif
        guard socketpair(AF_UNIX, type, 0, &descriptors) == 0 else { return nil }
        for index in 0..<2 {
            #if canImport(Darwin)
                var on: Int32 = 1
                setsockopt(descriptors[index], SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
            #endif
            if descriptors[index] <= STDERR_FILENO {
                let moved = fcntl(descriptors[index], F_DUPFD_CLOEXEC, STDERR_FILENO + 1)
                close(descriptors[index])
                descriptors[index] = moved
            }
        }
        guard descriptors[0] >= 0, descriptors[1] >= 0 else {
            for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
            return nil
        }
        return (descriptors[0], descriptors[1])
    }

    // MARK: Talking

    /// Sends one request line and returns the one line that answers it, without its line break.
    ///
    /// Fails when the program printed a line nobody asked for, exits, closes its stdout, or does
    /// not answer within `timeout`. Its stderr is read all the while, so a chatty program never
    /// blocks on it mid-answer.
    func exchange(_ request: [UInt8], timeout: Duration) throws(CommandFailure) -> [UInt8] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        drainAvailable()
        if !pending.isEmpty { throw unsolicited() }
        var written = 0
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if !pending.isEmpty { throw unsolicited() }
                return line.last == UInt8(ascii: "\r") ? Array(line.dropLast()) : line
            }
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero {
                throw CommandFailure(
                    message: "program '\(command.display)' did not answer within \(Self.seconds(timeout)) "
                        + "and was stopped (a program must answer every line, and flush its output after each "
                        + "answer: print(..., flush=True) in Python)")
            }
            var descriptors = [
                pollfd(fd: output, events: Int16(POLLIN), revents: 0),
                pollfd(fd: errors, events: Int16(POLLIN), revents: 0),
                pollfd(fd: written < request.count ? input : -1, events: Int16(POLLOUT), revents: 0),
            ]
            let ready = poll(&descriptors, nfds_t(descriptors.count), Self.milliseconds(left))
            if ready < 0 && errno != EINTR {
                throw CommandFailure(message: "cannot wait for program '\(command.display)': \(Self.reason())")
            }
            if descriptors[1].revents != 0 { readErrors() }
            if descriptors[2].revents != 0 {
                switch send(request, from: written) {
                case .some(let count): written += count
                // The program closed its stdin: it is exiting, which reading its stdout will show.
                case .none: written = request.count
                }
            }
            if descriptors[0].revents != 0 {
                guard readOutput() else { throw stopped(while: "before answering") }
                if pending.count > Self.maximumAnswer {
                    throw CommandFailure(
                        message: "program '\(command.display)' printed more than \(Self.maximumAnswer >> 20) MiB "
                            + "without a line break")
                }
            }
        }
    }

    /// Writes what it can of `request` from `offset`; `nil` once the program's stdin is closed.
    private func send(_ request: [UInt8], from offset: Int) -> Int? {
        #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)
        #else
            let flags = MSG_DONTWAIT
        #endif
        let count = request.withUnsafeBytes { raw in
            systemSend(input, raw.baseAddress! + offset, raw.count - offset, flags)
        }
        if count >= 0 { return count }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : nil
    }

    /// Reads what stdout has; `false` at its end.
    private func readOutput() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
        if count > 0 {
            pending.append(contentsOf: buffer[..<count])
            return true
        }
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
    }

    /// Reads what stderr has into the tail; closes it at its end.
    private func readErrors() {
        guard errors >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 16384)
        let count = buffer.withUnsafeMutableBytes { read(errors, $0.baseAddress, $0.count) }
        if count > 0 {
            stderrTail.append(buffer[..<count])
        } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            close(errors)
            errors = -1
        }
    }

    /// Reads whatever stdout and stderr hold right now, without waiting.
    private func drainAvailable() {
        var descriptors = [
            pollfd(fd: output, events: Int16(POLLIN), revents: 0),
            pollfd(fd: errors, events: Int16(POLLIN), revents: 0),
        ]
        while poll(&descriptors, 2, 0) > 0 {
            if descriptors[1].revents != 0 { readErrors() }
            if descriptors[0].revents != 0 {
                if !readOutput() || pending.count > Self.maximumAnswer { return }
            }
            if descriptors[0].revents == 0 && descriptors[1].revents == 0 { return }
            descriptors[1].fd = errors
        }
    }

    private func unsolicited() -> CommandFailure {
        let line = pending.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).first ?? []
        return CommandFailure(
            message: "program '\(command.display)' printed a line that answers no document (each document "
                + "gets exactly one line back): \(Self.preview(Array(line)))")
    }

    /// The program closed its stdout: waits briefly for it to exit and says how it ended.
    private func stopped(while doing: String) -> CommandFailure {
        let ending = reap(until: ContinuousClock.now.advanced(by: .seconds(2))) ?? forceStop()
        return CommandFailure(message: "program '\(command.display)' \(Self.describe(ending)) \(doing)")
    }

    // MARK: Stopping

    /// Kills the program's process group, reaps it, and returns its last lines on stderr.
    func kill() -> [String] {
        if !reaped { _ = forceStop() }
        drainErrors(until: ContinuousClock.now.advanced(by: .milliseconds(200)))
        return stderrTail.lines
    }

    /// Closes the program's stdin, the sign to finish: a well-behaved program exits at once.
    func endInput() {
        if input >= 0 { close(input) }
        input = -1
    }

    /// After `endInput`: waits until `deadline` for the program to exit, then stops it.
    func finish(until deadline: ContinuousClock.Instant) {
        if !reaped, reap(until: deadline) == nil {
            Self.signal(pid, SIGTERM)
            if reap(until: ContinuousClock.now.advanced(by: .milliseconds(500))) == nil { _ = forceStop() }
        }
    }

    /// Waits for the program to exit, checking every 5 ms; its status, or `nil` at the deadline.
    private func reap(until deadline: ContinuousClock.Instant) -> Int32? {
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) {
                reaped = true
                return status
            }
            if ContinuousClock.now >= deadline { return nil }
            usleep(5000)
        }
    }

    /// SIGKILL to the whole process group, then a blocking wait: SIGKILL cannot be ignored.
    private func forceStop() -> Int32 {
        Self.signal(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
        return status
    }

    /// Reads stderr until its end or `deadline` (a grandchild may hold it open).
    private func drainErrors(until deadline: ContinuousClock.Instant) {
        while errors >= 0 {
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero { return }
            var descriptor = pollfd(fd: errors, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, Self.milliseconds(left)) <= 0 { return }
            readErrors()
        }
    }

    private static func signal(_ pid: pid_t, _ number: Int32) {
        // The group first (grandchildren too); the process itself if it left the group.
        if systemKill(-pid, number) != 0 { systemKill(pid, number) }
    }

    // MARK: Describing

    /// "exited with status 3", "was killed by signal 11 (SIGSEGV)".
    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7F
        if signal == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        let names: [Int32: String] = [
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGILL: "SIGILL", SIGINT: "SIGINT",
            SIGKILL: "SIGKILL", SIGPIPE: "SIGPIPE", SIGSEGV: "SIGSEGV", SIGTERM: "SIGTERM",
        ]
        return "was killed by signal \(signal)" + (names[signal].map { " (\($0))" } ?? "")
    }

    /// The start of a line of output, for messages.
    static func preview(_ line: [UInt8]) -> String {
        let text = String(decoding: line.prefix(200), as: UTF8.self)
        return line.isEmpty ? "an empty line" : "'" + text + (line.count > 200 ? "…" : "") + "'"
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    /// A poll timeout: at least 1 ms, so a fraction of a millisecond still waits.
    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}

/// The last lines a program wrote on stderr, kept as it writes them.
struct OutputTail {
    private var bytes: [UInt8] = []
    /// Enough for ten long lines; older output is dropped as more arrives.
    private static let limit = 8192

    mutating func append(_ more: ArraySlice<UInt8>) {
        bytes.append(contentsOf: more)
        if bytes.count > 2 * Self.limit { bytes.removeFirst(bytes.count - Self.limit) }
    }

    /// The last ten non-empty lines, each cut to 300 characters.
    var lines: [String] {
        let text = String(decoding: bytes.suffix(Self.limit), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).suffix(10).map { line in
            line.count > 300 ? String(line.prefix(300)) + "…" : String(line)
        }
    }
}

/// Calls `body` with a NULL-terminated array of C strings, freed afterwards.
private func withCStrings<Result>(
    _ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result
) -> Result {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
}

#if canImport(Glibc)
    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29 and later), looked up at run time because
    /// Swift's Glibc module leaves GNU extensions out.
    private func setWorkingDirectory(_ actions: inout posix_spawn_file_actions_t, _ directory: String) -> Int32 {
        typealias AddChdir =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return ENOSYS }
        return unsafeBitCast(symbol, to: AddChdir.self)(&actions, directory)
    }
#else
    private func setWorkingDirectory(_ actions: inout posix_spawn_file_actions_t?, _ directory: String) -> Int32 {
        posix_spawn_file_actions_addchdir_np(&actions, directory)
    }
#endif

// File-scope wrappers: inside `ChildProcess`, `send` and `kill` name its own methods.
private func systemSend(_ socket: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    send(socket, bytes, count, flags)
}
@discardableResult private func systemKill(_ pid: pid_t, _ signal: Int32) -> Int32 { kill(pid, signal) }
