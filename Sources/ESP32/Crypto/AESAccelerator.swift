// SPDX-License-Identifier: MIT
import CMbedCrypto
import XtensaCore

/// The AES accelerator (0x3FF01000): one 16-byte block in ECB mode, encrypted or decrypted with a 128-, 192- or
/// 256-bit key, computed by mbedtls when START is written. Keys and text are packed little-endian into their
/// words (byte k of the key is bits 8(k%4)+7…8(k%4) of KEY_(k/4)), as ESP-IDF writes them.
///
/// Registers: 0x00 START, 0x04 IDLE (1 once an operation has completed), 0x08 MODE (0/1/2 encrypt with a
/// 128/192/256-bit key, 4/5/6 decrypt; 3 and 7 act as 2 and 6), 0x10–0x2C KEY_0…7, 0x30–0x3C TEXT_0…3 (the
/// result replaces the input), 0x40 ENDIAN (kept, no effect: ESP-IDF leaves it at its reset value).
final class AESAccelerator: MemoryMappedDevice {
    let name = "AES"
    private var key = [UInt32](repeating: 0, count: 8)
    private var text = [UInt32](repeating: 0, count: 4)
    private var mode: UInt32 = 0
    private var endian: UInt32 = 0
    private var idle: UInt32 = 0

    func read(offset: UInt32, size: Int) -> UInt32 {
        switch offset & ~3 {
        case 0x04: idle
        case 0x08: mode
        case 0x10...0x2C: key[Int((offset & ~3) - 0x10) / 4]
        case 0x30...0x3C: text[Int((offset & ~3) - 0x30) / 4]
        case 0x40: endian
        default: 0
        }
    }

    func write(offset: UInt32, size: Int, value: UInt32) {
        switch offset & ~3 {
        case 0x00: run()
        case 0x08: mode = value & 7
        case 0x10...0x2C: key[Int((offset & ~3) - 0x10) / 4] = value
        case 0x30...0x3C: text[Int((offset & ~3) - 0x30) / 4] = value
        case 0x40: endian = value
        default: break
        }
    }

    private static func bytes(_ words: [UInt32]) -> [UInt8] {
        words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
    }

    private func run() {
        let keyBits = [128, 192, 256, 256][Int(mode & 3)]
        let decrypt = mode & 4 != 0
        let keyBytes = Array(AESAccelerator.bytes(key).prefix(keyBits / 8))
        var input = AESAccelerator.bytes(text)
        var output = [UInt8](repeating: 0, count: 16)
        var context = mbedtls_aes_context()
        mbedtls_aes_init(&context)
        defer { mbedtls_aes_free(&context) }
        _ =
            decrypt
            ? mbedtls_aes_setkey_dec(&context, keyBytes, UInt32(keyBits))
            : mbedtls_aes_setkey_enc(&context, keyBytes, UInt32(keyBits))
        _ = mbedtls_aes_crypt_ecb(&context, decrypt ? MBEDTLS_AES_DECRYPT : MBEDTLS_AES_ENCRYPT, &input, &output)
        for index in 0..<4 {
            text[index] = (0..<4).reduce(0) { $0 | UInt32(output[4 * index + $1]) << (8 * $1) }
        }
        idle = 1
    }
}
