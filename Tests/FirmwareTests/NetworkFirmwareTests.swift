// SPDX-License-Identifier: MIT
import Foundation
import Harness
import TestSupport
import Testing
import VirtualNetwork

/// lwIP in the firmware over the emulated Ethernet and slirp (Firmware/Network), end to end: net_check
/// against servers on the host's loopback, reached as 10.0.2.2, and a host client reaching the guest's server
/// through a forward. Nothing leaves the loopback interface.
@Suite struct NetworkFirmwareTests {
    /// 2026-01-01 00:00:00 UTC, what the test's SNTP server says.
    static let sntpTime: UInt32 = 1_767_225_600

    @Test func theFirmwareNetworkWorksEndToEnd() throws {
        let echo = try LoopbackServer(.tcpEcho), udp = try LoopbackServer(.udpEcho)
        let sntp = try LoopbackServer(.sntp(seconds: Self.sntpTime)), reset = try LoopbackServer(.tcpReset)
        let refused = try TCPClient.freePort(), forwarded = try TCPClient.freePort()
        var options = try NetworkOptions(nic: "user,hostfwd=tcp::\(forwarded)-:8080")
        try options.addDNSEntry("echo.test=10.0.2.2")
        let session = try Session(imagePath: FirmwareBuild.elf("net_check").path, network: options)
        let failText = ["FAILED"]
        func wait(for text: String) throws {
            let outcome = try session.run(
                expecting: [.text(text)], failText: failText, limits: Session.Limits(timeout: 120, wallTimeout: 120))
            #expect(outcome == .completed, "\(outcome)\n\(session.log)")
        }

        try wait(for: "net_check: config>")
        session.send("\(echo.port) \(udp.port) \(sntp.port) \(refused) \(reset.port)\n")
        try wait(for: "net_check: listening on 8080")
        let reply = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var answer = ""
        DispatchQueue.global().async {
            if let client = try? TCPClient.connect(port: forwarded, timeout: 10) {
                try? client.write("ping")
                answer = (try? client.read(until: "ping", timeout: 30)) ?? ""
                client.close()
            }
            reply.signal()
        }
        try wait(for: "net_check: unplug the cable>")
        session.setLink(up: false)
        try wait(for: "net_check: plug it back>")
        session.setLink(up: true)
        try wait(for: "net_check: done")
        #expect(reply.wait(timeout: .now() + 10) == .success)
        #expect(answer == "pong:ping")

        let log = session.log
        for check in [
            "example-connect", "got-ip", "dns-known-name", "dns-unknown-name", "tcp-stream", "tcp-connection-refused",
            "tcp-peer-reset", "tcp-receive-timeout", "socket-options-and-poll", "udp-echo", "sntp",
            "server-through-host-forward",
            "link-down-and-up",
        ] {
            #expect(log.contains("net_check: \(check) ok"), "\(check):\n\(log)")
        }
        #expect(log.contains("net_check: got-ip ok 10.0.2.15 gw 10.0.2.2"))
        #expect(log.contains("sntp ok 2026-01-01 00:00:0"))
        let events = log.split(separator: "\n").filter { $0.hasPrefix("net_check: event ") }.map {
            String($0.dropFirst("net_check: event ".count))
        }
        #expect(
            events == [
                "WIFI_EVENT_STA_START", "WIFI_EVENT_STA_CONNECTED", "IP_EVENT_STA_GOT_IP 10.0.2.15",
                "WIFI_EVENT_STA_DISCONNECTED", "IP_EVENT_STA_LOST_IP", "WIFI_EVENT_STA_CONNECTED",
                "IP_EVENT_STA_GOT_IP 10.0.2.15",
            ], "\(events)")
        if let stream = log.split(separator: "\n").first(where: { $0.contains("tcp-stream ok") }) {
            print(stream)  // the guest's view of the throughput, for the record
        }
    }
}
