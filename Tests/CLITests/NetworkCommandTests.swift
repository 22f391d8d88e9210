// SPDX-License-Identifier: MIT
import Foundation
import TestSupport
import Testing

/// `esp32emu run`'s network flags: host forwards, the monitor's link control, and their errors.
@Suite struct NetworkCommandTests {
    func emulator(_ arguments: [String], timeout: TimeInterval = 60) throws -> ProcessResult {
        try ProcessRunner.run(Repository.releaseEmulator.path, ["run"] + arguments, timeout: timeout)
    }

    @Test func aHostForwardOnAPortInUseIsAnError() throws {
        let listener = try TCPListener()
        let result = try emulator([
            "--nic", "user,hostfwd=tcp::\(listener.port)-:80", try FirmwareBuild.elf("hello").path,
        ])
        #expect(result.status == 2)
        #expect(
            result.standardError.contains(
                "network: cannot forward tcp:127.0.0.1:\(listener.port)-10.0.2.15:80: the host port is in use"),
            "\(result.standardError)")
    }

    @Test func theMonitorPullsTheCableAndReportsTheNetwork() throws {
        let port = try TCPClient.freePort()
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: ProcessResult?
        let elfPath = try FirmwareBuild.elf("idle_wait").path
        DispatchQueue.global().async {
            result = try? emulator(["--monitor", "tcp:\(port)", "--idle", "realtime", "--timeout", "3", elfPath])
            done.signal()
        }
        let client = try TCPClient.connect(port: port, timeout: 20)
        defer { client.close() }
        func ask(_ command: String) throws -> String {
            try client.write(command + "\n")
            return try client.read(until: "(esp32emu) ", timeout: 10)
        }
        #expect(try ask("info network").hasPrefix("link up\nMAC: 0 frames sent"))
        #expect(try ask("link down") == "link down\n(esp32emu) ")
        #expect(try ask("info network").hasPrefix("link down\n"))
        #expect(try ask("set_link net0 on") == "link up\n(esp32emu) ")
        #expect(try ask("reboot").hasPrefix("unknown command 'reboot' (help lists the commands)"))
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(result?.status == 0, "\(result?.standardError ?? "no result")")
        #expect(result?.standardError.contains("monitor on tcp 127.0.0.1:\(port)") == true)
    }
}
