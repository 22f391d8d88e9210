// SPDX-License-Identifier: MIT
import Foundation

/// The outcome of a finished child process.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let standardOutputBytes: [UInt8]
    public var standardOutput: String { String(decoding: standardOutputBytes, as: UTF8.self) }
    public let standardError: String
    public let timedOut: Bool

    public var combinedOutput: String { standardOutput + standardError }
}

/// Runs external programs (make, llvm tools, QEMU, the emulator) from tests.
public enum ProcessRunner {
    /// Runs `executable` with `arguments`, feeding `input` to its standard input, and kills it after `timeout`
    /// seconds. Output is collected concurrently so a chatty child cannot block on a full pipe.
    public static func run(
        _ executable: String, _ arguments: [String], input: Data? = nil, environment: [String: String]? = nil,
        currentDirectory: URL? = nil, timeout: TimeInterval = 300
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        let collector = OutputCollector()
        let group = DispatchGroup()
        for (pipe, isError) in [(outPipe, false), (errPipe, true)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collector.store(data, isError: isError)
                group.leave()
            }
        }
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(input) }
        try? inPipe.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                stop(process)
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.waitUntilExit()
        group.wait()
        return ProcessResult(
            status: process.terminationStatus, standardOutputBytes: collector.outputBytes,
            standardError: collector.error, timedOut: timedOut)
    }

    /// SIGTERM, then SIGKILL if the child is still there after a grace period: a child of a Foundation
    /// Process can inherit blocked signals from the spawning thread and never see SIGTERM (QEMU then runs on,
    /// and waiting for it hung CI once).
    private static func stop(_ process: Process) {
        process.terminate()
        let grace = Date().addingTimeInterval(3)
        while process.isRunning && Date() < grace { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

private final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()

    func store(_ data: Data, isError: Bool) {
        lock.withLock { if isError { err = data } else { out = data } }
    }

    var outputBytes: [UInt8] { lock.withLock { [UInt8](out) } }
    var error: String { lock.withLock { String(decoding: err, as: UTF8.self) } }
}
