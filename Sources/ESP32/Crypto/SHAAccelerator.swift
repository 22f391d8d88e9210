// SPDX-License-Identifier: MIT
import CMbedCrypto
import XtensaCore

/// The SHA accelerator (0x3FF03000; esp32_emu_anchors.md §2.10): software writes one block of message words
/// to TEXT (each word big-endian: bytes 4i…4i+3 are TEXT[i] from its most significant byte down), starts or
/// continues a hash, and LOAD copies the running digest back into TEXT. Software pads the message; the block
/// runs through mbedtls's compression function, so the state is the real intermediate state.
///
/// Registers: 0x00–0x7C TEXT[0…31]; per algorithm START, CONTINUE, LOAD, BUSY at 0x80 (SHA-1), 0x90 (SHA-256),
/// 0xA0 (SHA-384), 0xB0 (SHA-512). BUSY reads 0: every operation completes at once.
final class SHAAccelerator: MemoryMappedDevice {
    let name = "SHA"

    enum Algorithm: Int {
        case sha1 = 0, sha256, sha384, sha512

        var blockWords: Int { self == .sha1 || self == .sha256 ? 16 : 32 }
    }

    private var text = [UInt32](repeating: 0, count: 32)
    private var sha1 = mbedtls_sha1_context()
    private var sha256 = mbedtls_sha256_context()
    /// SHA-384 and SHA-512 share one context, as they share the hardware.
    private var sha512 = mbedtls_sha512_context()

    init() {
        mbedtls_sha1_init(&sha1)
        mbedtls_sha256_init(&sha256)
        mbedtls_sha512_init(&sha512)
    }

    deinit {
        mbedtls_sha1_free(&sha1)
        mbedtls_sha256_free(&sha256)
        mbedtls_sha512_free(&sha512)
    }

    func read(offset: UInt32, size: Int) -> UInt32 {
        let aligned = offset & ~3
        return aligned < 0x80 ? text[Int(aligned / 4)] : 0
    }

    func write(offset: UInt32, size: Int, value: UInt32) {
        let aligned = offset & ~3
        if aligned < 0x80 {
            text[Int(aligned / 4)] = value
            return
        }
        guard aligned < 0xC0, let algorithm = Algorithm(rawValue: Int(aligned - 0x80) / 16) else { return }
        switch (aligned - 0x80) % 16 {
        case 0: start(algorithm); process(algorithm)
        case 4: process(algorithm)
        case 8: load(algorithm)
        default: break
        }
    }

    private func start(_ algorithm: Algorithm) {
        switch algorithm {
        case .sha1: _ = mbedtls_sha1_starts_ret(&sha1)
        case .sha256: _ = mbedtls_sha256_starts_ret(&sha256, 0)
        case .sha384: _ = mbedtls_sha512_starts_ret(&sha512, 1)
        case .sha512: _ = mbedtls_sha512_starts_ret(&sha512, 0)
        }
    }

    private func process(_ algorithm: Algorithm) {
        let block = text.prefix(algorithm.blockWords).flatMap { word in
            [UInt8(word >> 24), UInt8(word >> 16 & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word & 0xFF)]
        }
        switch algorithm {
        case .sha1: _ = mbedtls_internal_sha1_process(&sha1, block)
        case .sha256: _ = mbedtls_internal_sha256_process(&sha256, block)
        case .sha384, .sha512: _ = mbedtls_internal_sha512_process(&sha512, block)
        }
    }

    /// TEXT ← the digest state as numbers (64-bit words as high half, then low half).
    private func load(_ algorithm: Algorithm) {
        switch algorithm {
        case .sha1:
            withUnsafeBytes(of: sha1.state) { state in
                for index in 0..<5 { text[index] = state.load(fromByteOffset: 4 * index, as: UInt32.self) }
            }
        case .sha256:
            withUnsafeBytes(of: sha256.state) { state in
                for index in 0..<8 { text[index] = state.load(fromByteOffset: 4 * index, as: UInt32.self) }
            }
        case .sha384, .sha512:
            withUnsafeBytes(of: sha512.state) { state in
                for index in 0..<8 {
                    let word = state.load(fromByteOffset: 8 * index, as: UInt64.self)
                    text[2 * index] = UInt32(word >> 32)
                    text[2 * index + 1] = UInt32(truncatingIfNeeded: word)
                }
            }
        }
    }
}
