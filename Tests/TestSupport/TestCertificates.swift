// SPDX-License-Identifier: MIT
import Foundation

/// The wss tests' CA, server and client certificates (Tests/TestSupport/Servers/make_certs.py lists them),
/// generated once per test process into a temporary directory.
public enum TestCertificates {
    /// The host name the server certificates are for; tests resolve it to 10.0.2.2 with the guest's DNS.
    public static let host = "esp32emu.test"
    /// The instant the tests' SNTP server reports (2026-01-01 00:00:00 UTC), inside the validity of the good
    /// certificates and outside that of the expired and future ones.
    public static let sntpSeconds: UInt32 = 1_767_225_600

    private static let generated: Result<URL, Error> = Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("esp32emu-certs-\(getpid())")
        let result = try ProcessRunner.run(
            Repository.cache.appendingPathComponent("venv/bin/python").path,
            [
                Repository.root.appendingPathComponent("Tests/TestSupport/Servers/make_certs.py").path,
                directory.path,
            ], timeout: 60)
        guard result.status == 0 else {
            throw TCPClient.Failure(description: "make_certs.py: \(result.combinedOutput)")
        }
        return directory
    }

    /// NAME.pem (or NAME.key with `key: true`).
    public static func file(_ name: String, key: Bool = false) throws -> URL {
        try generated.get().appendingPathComponent(name + (key ? ".key" : ".pem"))
    }

    /// The PEM text of NAME.pem / NAME.key.
    public static func pem(_ name: String, key: Bool = false) throws -> String {
        try String(contentsOf: file(name, key: key), encoding: .utf8)
    }
}
