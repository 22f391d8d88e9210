// SPDX-License-Identifier: MIT
import Foundation
import Harness
import TestSupport
import Testing
import VirtualNetwork

/// The network inside a harness session: while the guest idles, time follows the wall clock once host
/// sockets exist, and host traffic wakes the idle sleep at once.
@Suite struct SessionNetworkTests {
    @Test func hostTrafficWakesTheIdleGuestAtOnce() throws {
        let port = try TCPClient.freePort()
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("wake-\(getpid()).pcap").path
        defer { try? FileManager.default.removeItem(atPath: capture) }
        var options = try NetworkOptions(nic: "user,hostfwd=tcp::\(port)-:80")
        options.pcapPath = capture
        let session = try Session(imagePath: FirmwareBuild.elf("idle_wait").path, network: options)
        let connected = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var connectedAt = 0.0
        let start = Date()
        DispatchQueue.global().async {
            Thread.sleep(forTimeInterval: 0.3)
            connectedAt = Date().timeIntervalSince(start)
            let client = try? TCPClient.connect(port: port, timeout: 2)
            connected.signal()
            Thread.sleep(forTimeInterval: 1)
            client?.close()
        }
        _ = try session.run(forSeconds: 1)
        #expect(connected.wait(timeout: .now() + 5) == .success)
        session.network?.close()
        // The first frame slirp sends the guest (an ARP request for 10.0.2.15, then the SYN), in virtual time.
        let bytes = try Session.read(capture)
        #expect(bytes.count > 24 + 16, "no frame was captured")
        guard bytes.count > 24 + 16 else { return }
        let seconds = Double(bytes[24..<28].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        let microseconds = Double(bytes[28..<32].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        let virtual = seconds + microseconds / 1e6 - session.machine.clock.seconds(cycles: 0)
        #expect(abs(virtual - connectedAt) < 0.1, "frame at \(virtual) s virtual, connection at \(connectedAt) s wall")
        #expect(session.virtualSeconds >= 1)
    }

    @Test func aSessionWithoutANetworkHasNoLink() throws {
        let session = try Session(imagePath: FirmwareBuild.elf("hello").path)
        #expect(session.network == nil && !session.machine.ethernet.isLinkUp)
        #expect(session.monitorCommand("link up") == "no network (--nic none)")
        #expect(session.monitorCommand("help").contains("info network"))
    }
}
