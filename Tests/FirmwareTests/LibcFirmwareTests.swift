// SPDX-License-Identifier: MIT
import Foundation
import Harness
import TestSupport
import Testing

/// newlib as the firmware builds it (Firmware/newlib.mk), through the same C cases run on the ESP32 and on the
/// host's C library (Firmware/Apps/libc_check/libc_cases.c): printf formatting, string-to-number conversion,
/// strtod and the compiler's arithmetic helpers (compiler-rt's builtins on the ESP32: double precision, float and
/// 64-bit division, over 20,000 random operands each), sorting, memory and string functions, character classes
/// and time.
@Suite struct LibcFirmwareTests {
    /// Where newlib 3.3.0 and the host's C library legitimately part: host line → the line newlib prints.
    /// C11 7.22.1.4 makes "0x" without hex digits a "0" followed by "x" (end 1); newlib 3.3.0 reports no
    /// conversion (end 0). Whether a subnormal result sets ERANGE is implementation-defined (C11 7.22.1.3):
    /// glibc does, newlib does not. Listed so that a change on either side shows up.
    static let knownNewlibDifferences = [
        #"libc: strtod "4.9e-324" -> 0000000000000001 end 8 errno ERANGE"#:
            #"libc: strtod "4.9e-324" -> 0000000000000001 end 8 errno 0"#,
        #"libc: strtol "0x" base 16 -> 0 end 1 errno 0"#: #"libc: strtol "0x" base 16 -> 0 end 0 errno 0"#,
        #"libc: strtoll "0x" base 16 -> 0 end 1 errno 0"#: #"libc: strtoll "0x" base 16 -> 0 end 0 errno 0"#,
        #"libc: strtol "0x" base 0 -> 0 end 1 errno 0"#: #"libc: strtol "0x" base 0 -> 0 end 0 errno 0"#,
        #"libc: strtoll "0x" base 0 -> 0 end 1 errno 0"#: #"libc: strtoll "0x" base 0 -> 0 end 0 errno 0"#,
    ]

    func hostLines() throws -> [String] {
        let cases = Repository.firmwareDirectory.appendingPathComponent("Apps/libc_check")
        let driver = Repository.root.appendingPathComponent("Tests/HostDifferential/libc_host.c")
        let executable = FileManager.default.temporaryDirectory.appendingPathComponent("libc-host-\(getpid())")
        defer { try? FileManager.default.removeItem(at: executable) }
        let build = try ProcessRunner.run(
            Repository.llvmBin.appendingPathComponent("clang").path,
            [
                "-O1", "-D_GNU_SOURCE", "-I", cases.path, cases.appendingPathComponent("libc_cases.c").path,
                driver.path,
                "-o", executable.path,
            ])
        guard build.status == 0 else { throw FirmwareBuild.Failure(output: build.combinedOutput) }
        let run = try ProcessRunner.run(executable.path, [])
        return run.standardOutput.split(separator: "\n").map(String.init)
    }

    @Test func theFirmwareCLibraryPrintsWhatTheHostPrints() throws {
        let host = try hostLines()
        #expect(host.count > 130 && host.last?.hasPrefix("libc: done") == true, "\(host)")
        let session = try Session(imagePath: FirmwareBuild.elf("libc_check").path)
        let outcome = try session.run(expecting: [.pattern(#"libc: done \d+\n"#)], limits: Session.Limits(timeout: 20))
        #expect(outcome == .completed, "\(outcome)\n\(session.log)")
        let firmware = session.log.split(separator: "\n").map(String.init).filter { $0.hasPrefix("libc: ") }
        #expect(firmware.count == host.count, "\(firmware.count) lines on the ESP32, \(host.count) on the host")
        var differences = 0
        for (hostLine, firmwareLine) in zip(host, firmware) {
            let expected = Self.knownNewlibDifferences[hostLine] ?? hostLine
            if firmwareLine != expected {
                differences += 1
                Issue.record("host:     \(hostLine)\nfirmware: \(firmwareLine)")
            }
        }
        #expect(differences == 0)
    }
}
