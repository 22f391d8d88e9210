// SPDX-License-Identifier: MIT
import Harness
import TestSupport
import Testing

/// The WebSocket protocol core compiled in Embedded Swift for Xtensa (the same files as the host's
/// WebSocketCore target) links without unresolved symbols and gives the host's answers on the ESP32.
@Suite struct WebSocketCoreFirmwareTests {
    @Test func theProtocolCoreRunsOnTheESP32() throws {
        let session = try Session(imagePath: FirmwareBuild.elf("ws_core_check").path)
        let outcome = try session.run(
            expecting: [.text("ws_core: done")], failText: ["FAILED"], limits: Session.Limits(timeout: 10))
        #expect(outcome == .completed, "\(outcome)\n\(session.log)")
        for check in [
            "uri-precedence", "uri-rejects-invalid", "accept-derivation", "frames-round-trip", "client-session",
        ] {
            #expect(session.log.contains("ws_core: \(check) ok"), "\(check):\n\(session.log)")
        }
    }
}
