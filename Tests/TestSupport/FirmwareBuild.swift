// SPDX-License-Identifier: MIT
import Foundation

/// Builds firmware through the one entry point (Firmware/Makefile) and hands out the outputs.
public enum FirmwareBuild {
    public struct Failure: Error, CustomStringConvertible {
        public let output: String
        public var description: String { "firmware build failed:\n\(output)" }
        public init(output: String) { self.output = output }
    }

    /// The repository's apps, built once per test process (make is incremental, so this is cheap when
    /// Tools/test has already built them).
    private static let repositoryApps: Result<Void, Failure> = {
        do {
            let result = try make([])
            return result.status == 0 ? .success(()) : .failure(Failure(output: result.combinedOutput))
        } catch {
            return .failure(Failure(output: "\(error)"))
        }
    }()

    /// The output directory of a repository app, after making sure it is built.
    public static func app(_ name: String) throws -> URL {
        try repositoryApps.get()
        return Repository.firmwareBuildDirectory.appendingPathComponent(name)
    }

    /// The app's ELF; an error naming it if the build did not produce it (a test must not hand a missing file
    /// to QEMU, which then spins instead of failing).
    public static func elf(_ name: String) throws -> URL {
        let elf = try app(name).appendingPathComponent("\(name).elf")
        guard FileManager.default.fileExists(atPath: elf.path) else {
            throw Failure(output: "make succeeded but did not produce \(elf.path)")
        }
        return elf
    }

    /// Runs make in Firmware/ with extra `VARIABLE=value` arguments and returns its result.
    public static func make(_ arguments: [String], timeout: TimeInterval = 600) throws -> ProcessResult {
        let jobs = "-j\(max(1, min(2, ProcessInfo.processInfo.activeProcessorCount)))"
        return try ProcessRunner.run(
            "/usr/bin/make", ["-C", Repository.firmwareDirectory.path, "--no-print-directory", jobs] + arguments,
            timeout: timeout)
    }
}
