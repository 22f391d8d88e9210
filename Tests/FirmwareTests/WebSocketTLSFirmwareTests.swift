// SPDX-License-Identifier: MIT
import Foundation
import Harness
import TestSupport
import Testing
import VirtualNetwork

/// wss:// through esp-tls and mbedtls in the firmware (ws_check), against Python `websockets` servers with ssl,
/// with certificates made at test time (TestCertificates) and the firmware's clock set by SNTP to 2026-01-01.
@Suite(.serialized) struct WebSocketTLSFirmwareTests {
    /// ws_check at its prompt with the clock set and the test CA pasted; `esp32emu.test` resolves to 10.0.2.2.
    final class Bench {
        let session: Session
        let sntp: LoopbackServer

        init(pasting pems: [(name: String, text: String)] = []) throws {
            sntp = try LoopbackServer(.sntp(seconds: TestCertificates.sntpSeconds))
            var network = NetworkOptions()
            network.dnsEntries = [(TestCertificates.host, .host)]
            session = try Session(imagePath: FirmwareBuild.elf("ws_check").path, network: network)
            try expect("ws_check: ready>")
            try command("time \(sntp.port)", then: "ws_check: time \(TestCertificates.sntpSeconds)")
            for pem in [("ca", try TestCertificates.pem("ca"))] + pems {
                try command("pem \(pem.0)\n" + pem.1.trimmingCharacters(in: .newlines), then: "ws_check: pem \(pem.0) ")
            }
        }

        func expect(_ text: String, timeout: Double = 30) throws {
            let outcome = try session.run(
                expecting: [.text(text)],
                limits: Session.Limits(timeout: session.virtualSeconds + timeout, wallTimeout: 120))
            #expect(outcome == .completed, "\(outcome)\n\(session.recentLog(lines: 40))")
        }

        func command(_ line: String, then text: String, timeout: Double = 30) throws {
            session.send(line + "\n")
            try expect(text, timeout: timeout)
        }

        /// Sends `line` and returns the whole output line (without its end) that matches `start` afterwards.
        func command(_ line: String, thenLineStarting start: String, timeout: Double = 30) throws -> Substring {
            session.send(line + "\n")
            return try session.waitFor(.pattern(start + #"[^\n]*\n"#), timeout: timeout, wallTimeout: 120).dropLast()
        }

        var events: [String] {
            session.log.split(separator: "\n").filter { $0.hasPrefix("ws_check: event ") }.map {
                String($0.dropFirst("ws_check: event ".count))
            }
        }

        var eventNames: [String] {
            events.map { String($0.split(separator: " ")[0]) }.filter { $0 != "HEADER_RECEIVED" }
        }
    }

    static func server(_ name: String, clientCA: String? = nil) throws -> WebSocketEchoServer {
        try WebSocketEchoServer(
            certificate: TestCertificates.file(name), key: TestCertificates.file(name, key: true),
            clientCA: try clientCA.map { try TestCertificates.file($0) })
    }

    func uri(_ server: WebSocketEchoServer, host: String = TestCertificates.host) -> String {
        "wss://\(host):\(server.port)/"
    }

    @Test(arguments: ["server", "server-rsa"]) func aValidChainConnectsAndEchoes(certificate: String) throws {
        let server = try Self.server(certificate)
        let bench = try Bench()
        try bench.command("connect \(uri(server)) ca=1", then: "event CONNECTED")
        try bench.command("text hello over tls", then: "data=hello over tls")
        let summary = try bench.command("bin 3000", thenLineStarting: "ws_check: bin 3000 crc")
        try bench.command("close", then: "ws_check: destroy 0")
        #expect(
            bench.eventNames == [
                "BEGIN", "BEFORE_CONNECT", "CONNECTED", "DATA", "DATA", "DATA", "DATA", "DATA", "CLOSED", "FINISH",
            ],
            "\(bench.events)")
        #expect(bench.session.log.contains("esp-tls-mbedtls: Certificate verified."))
        let crcs = summary.split(separator: " ").filter { $0.count == 8 && $0.allSatisfy(\.isHexDigit) }
        #expect(crcs.count == 2 && crcs[0] == crcs[1], "\(summary)")
    }

    /// Each bad certificate: no CONNECTED; ERROR and DISCONNECTED carry ESP_ERR_MBEDTLS_SSL_HANDSHAKE_FAILED, mbedtls'
    /// X509_CERT_VERIFY_FAILED (-0x2700) and the verification flag that names the problem.
    @Test(arguments: [
        ("untrusted", "", 0x08),  // MBEDTLS_X509_BADCERT_NOT_TRUSTED
        ("expired", "", 0x01),  // MBEDTLS_X509_BADCERT_EXPIRED
        ("future", "", 0x200),  // MBEDTLS_X509_BADCERT_FUTURE
        ("wronghost", "", 0x04),  // MBEDTLS_X509_BADCERT_CN_MISMATCH
        ("server", " cn=someone.else", 0x04),
    ])
    func aBadCertificateIsRefusedWithTheReason(certificate: String, options: String, flags: Int) throws {
        let server = try Self.server(certificate)
        let bench = try Bench()
        try bench.command("connect \(uri(server)) ca=1 auto=0\(options)", then: "event FINISH")
        #expect(!bench.eventNames.contains("CONNECTED"), "\(bench.events)")
        #expect(Array(bench.eventNames.suffix(3)) == ["ERROR", "DISCONNECTED", "FINISH"], "\(bench.events)")
        let expected = "tls=801a stack=2700 flags=\(String(flags, radix: 16))"
        for event in bench.events where event.hasPrefix("ERROR") || event.hasPrefix("DISCONNECTED") {
            #expect(event.contains(expected), "\(event)")
        }
        #expect(bench.session.log.contains("esp-tls-mbedtls: mbedtls_ssl_handshake returned -0x2700"))
        #expect(bench.session.log.contains("esp-tls-mbedtls: Failed to verify peer certificate!"))
    }

    @Test func theNameCheckCanBeSkippedOrPointedElsewhere() throws {
        let server = try Self.server("wronghost")
        let bench = try Bench()
        try bench.command("connect \(uri(server)) ca=1 skipcn=1", then: "event CONNECTED")
        try bench.command("close", then: "ws_check: destroy 0")
        try bench.command("connect \(uri(server)) ca=1 cn=other.test", then: "event CONNECTED")
        try bench.command("text named", then: "data=named")
        try bench.command("close", then: "ws_check: destroy 0")
    }

    @Test func withoutAWayToVerifyTheServerTheConnectionIsRefusedAsInESPIDF5() throws {
        let server = try Self.server("server")
        let bench = try Bench()
        try bench.command("connect \(uri(server)) auto=0", then: "event FINISH")
        #expect(
            bench.session.log.contains(
                "No server verification option set in esp_tls_cfg_t structure. Check esp_tls API reference"))
        let error = try #require(bench.events.first { $0.hasPrefix("ERROR") })
        #expect(error.contains("tls=8017 stack=0 flags=0"), "ESP_ERR_MBEDTLS_SSL_SETUP_FAILED: \(error)")
        #expect(!bench.eventNames.contains("CONNECTED"))
    }

    @Test func theGlobalCAStoreVerifiesToo() throws {
        let server = try Self.server("server")
        let bench = try Bench(pasting: [("global", try TestCertificates.pem("ca"))])
        try bench.command("connect \(uri(server)) global=1", then: "event CONNECTED")
        try bench.command("text global", then: "data=global")
    }

    @Test func mutualTLSAcceptsTheRightClientCertificateOnly() throws {
        let server = try Self.server("server", clientCA: "ca")
        let good = try Bench(pasting: [
            ("cert", try TestCertificates.pem("client")), ("key", try TestCertificates.pem("client", key: true)),
        ])
        try good.command("connect \(uri(server)) ca=1 cert=1", then: "event CONNECTED")
        try good.command("text mutual", then: "data=mutual")

        for pems in [
            [
                ("cert", try TestCertificates.pem("rogue-client")),
                ("key", try TestCertificates.pem("rogue-client", key: true)),
            ],
            [],  // none configured, but the server demands one
        ] {
            let bad = try Bench(pasting: pems)
            try bad.command("connect \(uri(server)) ca=1 auto=0\(pems.isEmpty ? "" : " cert=1")", then: "event FINISH")
            #expect(!bad.eventNames.contains("CONNECTED"), "\(bad.events)")
            let error = try #require(bad.events.first { $0.hasPrefix("ERROR") })
            // Python's server hangs up without an alert: MBEDTLS_ERR_SSL_CONN_EOF, no verification flags.
            #expect(error.contains("tls=801a stack=7280 flags=0"), "\(error)")
        }
    }

    @Test func aMebibyteEachWayAndFiftyCyclesLeaveTheHeapAsItWas() throws {
        let server = try Self.server("server")
        let bench = try Bench()
        try bench.command("connect \(uri(server)) ca=1", then: "event CONNECTED")
        let line = try bench.command("stream 1024", thenLineStarting: "ws_check: stream ")
        let match = try #require(
            line.wholeMatch(
                of: #/ws_check: stream ok sent ([0-9a-f]{8}) received ([0-9a-f]{8}) bytes 1048576 in \d+ us/#),
            "\(line)")
        #expect(match.1 == match.2)
        try bench.command("close", then: "ws_check: destroy 0")
        let cycles = try bench.command("cycles 50 \(uri(server))", thenLineStarting: "ws_check: cycles ", timeout: 120)
        let heap = try #require(
            cycles.wholeMatch(of: #/ws_check: cycles 50 ok heap (\d+) -> (\d+) in \d+ us/#), "\(cycles)")
        #expect(heap.1 == heap.2, "\(cycles)")
    }
}
