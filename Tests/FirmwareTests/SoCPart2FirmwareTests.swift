// SPDX-License-Identifier: MIT
import CMbedCrypto
import ESP32
import Foundation
import Harness
import TestSupport
import Testing

/// The second half of the SoC through firmware: both CPUs, and the crypto accelerators checked against the
/// host's own mbedtls.
@Suite struct SoCPart2FirmwareTests {
    func log(_ app: String, until done: String) throws -> String {
        let session = try Session(imagePath: FirmwareBuild.elf(app).path)
        let outcome = try session.run(
            expecting: [.text(done)], failText: ["FAILED"], limits: Session.Limits(timeout: 5))
        #expect(outcome == .completed, "\(outcome)\n\(session.log)")
        return session.log
    }

    @Test func theProCPUStartsTheAppCPUAndTheyInterruptEachOther() throws {
        let text = try log("dual_core", until: "dual_core: done")
        #expect(text.contains("dual_core: pro cpu running, prid 0xcdcd"))
        #expect(text.contains("dual_core: app cpu running, prid 0xabab"))
        #expect(text.contains(try Regex(#"crosscore interrupts ok both ways \(20 to the pro cpu\)"#)))
        #expect(text.contains("dual_core: atomic counter 40000 ok"))
    }

    /// The bytes crypto_check derives its inputs from (the same recurrence as the firmware's).
    func testBytes(_ count: Int, seed: UInt8) -> [UInt8] {
        var value = seed
        return (0..<count).map { _ in
            value = value &* 37 &+ 11
            return value
        }
    }

    func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    func digest(
        _ message: [UInt8], size: Int, _ function: (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt8>?) -> Int32
    )
        -> String
    {
        var output = [UInt8](repeating: 0, count: size)
        #expect(function(message, message.count, &output) == 0)
        return hex(output)
    }

    /// A little-endian big number from `bytes`, for mbedtls.
    final class Number {
        var mpi = mbedtls_mpi()
        init(_ bytes: [UInt8] = []) {
            mbedtls_mpi_init(&mpi)
            #expect(mbedtls_mpi_read_binary_le(&mpi, bytes, bytes.count) == 0)
        }
        deinit { mbedtls_mpi_free(&mpi) }
        func littleEndian(_ count: Int) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count)
            #expect(mbedtls_mpi_write_binary_le(&mpi, &bytes, count) == 0)
            return bytes
        }
    }

    @Test func acceleratorResultsEqualTheHostsComputation() throws {
        let text = try log("crypto_check", until: "crypto_check: done")
        func result(_ name: String) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix("crypto_check: \(name) ") }.map {
                String($0.split(separator: " ")[2])
            }
        }
        let abc = Array("abc".utf8), long = [UInt8](repeating: 0x61, count: 200)
        #expect(result("sha1") == digest(abc, size: 20) { mbedtls_sha1_ret($0, $1, $2) })
        #expect(result("sha256") == digest(abc, size: 32) { mbedtls_sha256_ret($0, $1, $2, 0) })
        #expect(result("sha256-long") == digest(long, size: 32) { mbedtls_sha256_ret($0, $1, $2, 0) })
        #expect(result("sha512") == digest(abc, size: 64) { mbedtls_sha512_ret($0, $1, $2, 0) })

        var aes = mbedtls_aes_context()
        mbedtls_aes_init(&aes)
        defer { mbedtls_aes_free(&aes) }
        var cipher = [UInt8](repeating: 0, count: 16)
        #expect(mbedtls_aes_setkey_enc(&aes, testBytes(16, seed: 1), 128) == 0)
        #expect(mbedtls_aes_crypt_ecb(&aes, MBEDTLS_AES_ENCRYPT, testBytes(16, seed: 2), &cipher) == 0)
        #expect(result("aes128-ecb") == hex(cipher))
        #expect(result("aes128-roundtrip") == "ok")

        var modulusBytes = testBytes(64, seed: 3)
        modulusBytes[0] |= 1
        modulusBytes[63] |= 0x80
        var baseBytes = testBytes(64, seed: 4)
        baseBytes[63] &= 0x7F
        let modulus = Number(modulusBytes), base = Number(baseBytes), exponent = Number([1, 0, 1]), power = Number()
        #expect(mbedtls_mpi_exp_mod(&power.mpi, &base.mpi, &exponent.mpi, &modulus.mpi, nil) == 0)
        #expect(result("rsa512-modexp") == hex(power.littleEndian(64)))

        let product = Number()
        let left = Number(testBytes(32, seed: 5)), right = Number(testBytes(32, seed: 6))
        #expect(mbedtls_mpi_mul_mpi(&product.mpi, &left.mpi, &right.mpi) == 0)
        #expect(result("mult256") == hex(product.littleEndian(64)))
    }
}
