// SPDX-License-Identifier: MIT
import Foundation
import WebSocketServer

/// The throwaway certificate of `esp32emu demo --wss`: a self-signed P-256 certificate for `host`, valid for a
/// day from now, made by the openssl command (Tools/setup installs it) in a temporary directory.
struct DemoCertificate {
    static let host = "esp32emu.test"
    let directory: URL
    let files: EchoWebSocketServer.TLSFiles
    /// The certificate, which the firmware is given as its CA.
    let pem: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("esp32emu-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = directory.appendingPathComponent("cert.pem"),
            key = directory.appendingPathComponent("key.pem")
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-days", "1", "-subj", "/CN=\(DemoCertificate.host)", "-addext",
            "subjectAltName=DNS:\(DemoCertificate.host)",
            "-keyout", key.path, "-out", certificate.path,
        ]
        openssl.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        openssl.standardError = errors
        do { try openssl.run() } catch { throw fail("cannot run openssl (Tools/setup installs it): \(error)") }
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0, let pem = try? String(contentsOf: certificate, encoding: .utf8) else {
            throw fail("openssl could not make the demo's certificate: \(String(decoding: problem, as: UTF8.self))")
        }
        self.pem = pem
        files = EchoWebSocketServer.TLSFiles(certificatePath: certificate.path, privateKeyPath: key.path)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
