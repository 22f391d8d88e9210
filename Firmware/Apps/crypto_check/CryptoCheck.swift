// SPDX-License-Identifier: MIT
// Drives the SHA, AES and RSA accelerators the way ESP-IDF's drivers do and prints each result in hex, for the
// host test to compare with its own computation: "crypto_check: <name> <hex>".
import _Volatile

enum SHA {
    static let base: UInt = 0x3FF0_3000
    static func text(_ index: Int) -> VolatileMappedRegister<UInt32> { register(base + UInt(4 * index)) }

    /// START, CONTINUE and LOAD of one algorithm (0 SHA-1, 1 SHA-256, 2 SHA-384, 3 SHA-512).
    static func operation(_ algorithm: Int, _ offset: UInt) -> VolatileMappedRegister<UInt32> {
        register(base + 0x80 + UInt(16 * algorithm) + offset)
    }

    /// Hashes `message` (software padding, big-endian words into TEXT, START then CONTINUE per block) and
    /// reads `digestWords` words after LOAD.
    static func digest(_ message: [UInt8], algorithm: Int) -> [UInt8] {
        let blockBytes = algorithm < 2 ? 64 : 128
        let lengthBytes = algorithm < 2 ? 8 : 16
        var padded = message + [0x80]
        while padded.count % blockBytes != blockBytes - lengthBytes { padded.append(0) }
        let bits = UInt64(message.count) * 8
        padded += [UInt8](repeating: 0, count: lengthBytes - 8) + (0..<8).map { UInt8(truncatingIfNeeded: bits >> (56 - 8 * $0)) }
        for block in 0..<padded.count / blockBytes {
            for word in 0..<blockBytes / 4 {
                let at = block * blockBytes + 4 * word
                text(word).store(UInt32(padded[at]) << 24 | UInt32(padded[at + 1]) << 16 | UInt32(padded[at + 2]) << 8
                                 | UInt32(padded[at + 3]))
            }
            operation(algorithm, block == 0 ? 0 : 4).store(1)
            while operation(algorithm, 12).load() != 0 {}       // BUSY
        }
        operation(algorithm, 8).store(1)                       // LOAD
        let digestWords = [5, 8, 12, 16][algorithm]
        return (0..<digestWords).flatMap { word -> [UInt8] in
            let value = text(word).load()
            return [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        }
    }
}

enum AES {
    static let base: UInt = 0x3FF0_1000

    /// One ECB block: MODE 0 encrypts with a 128-bit key, 4 decrypts.
    static func block(_ input: [UInt8], key: [UInt8], decrypt: Bool) -> [UInt8] {
        register(base + 0x08).store(decrypt ? 4 : 0)
        for word in 0..<4 { register(base + 0x10 + UInt(4 * word)).store(littleEndianWord(key, word)) }
        for word in 0..<4 { register(base + 0x30 + UInt(4 * word)).store(littleEndianWord(input, word)) }
        register(base).store(1)
        while register(base + 0x04).load() == 0 {}             // IDLE
        return (0..<16).map { UInt8(truncatingIfNeeded: register(base + 0x30 + UInt(4 * ($0 / 4))).load() >> UInt32(8 * ($0 % 4))) }
    }
}

enum RSA {
    static let base: UInt = 0x3FF0_2000

    static func storeBlock(_ offset: UInt, _ bytes: [UInt8]) {   // little-endian limbs, least significant first
        for word in 0..<16 { register(base + offset + UInt(4 * word)).store(littleEndianWord(bytes, word)) }
    }

    static func readZ(words: Int) -> [UInt8] {
        (0..<4 * words).map { UInt8(truncatingIfNeeded: register(base + 0x200 + UInt(4 * ($0 / 4))).load() >> UInt32(8 * ($0 % 4))) }
    }

    static func waitAndClear() {
        while register(base + 0x814).load() == 0 {}
        register(base + 0x814).store(1)
    }
}

func littleEndianWord(_ bytes: [UInt8], _ word: Int) -> UInt32 {
    (0..<4).reduce(0) { value, index in
        let at = 4 * word + index
        return value | (at < bytes.count ? UInt32(bytes[at]) << UInt32(8 * index) : 0)
    }
}

/// Deterministic test bytes: a simple recurrence, the same the host test computes.
func testBytes(_ count: Int, seed: UInt8) -> [UInt8] {
    var value = seed
    return (0..<count).map { _ in
        value = value &* 37 &+ 11
        return value
    }
}

@c public func app_main() {
    let abc: [UInt8] = Array("abc".utf8)
    let long = [UInt8](repeating: 0x61, count: 200)            // several blocks: START, then CONTINUE
    print("crypto_check: sha1 \(hex(SHA.digest(abc, algorithm: 0)))")
    print("crypto_check: sha256 \(hex(SHA.digest(abc, algorithm: 1)))")
    print("crypto_check: sha256-long \(hex(SHA.digest(long, algorithm: 1)))")
    print("crypto_check: sha512 \(hex(SHA.digest(abc, algorithm: 3)))")

    let key = testBytes(16, seed: 1), plain = testBytes(16, seed: 2)
    let cipher = AES.block(plain, key: key, decrypt: false)
    print("crypto_check: aes128-ecb \(hex(cipher))")
    print("crypto_check: aes128-roundtrip \(AES.block(cipher, key: key, decrypt: true) == plain ? "ok" : "FAILED")")

    // Z = X^Y mod M with 512-bit operands (mode 0); the modulus is made odd and given its top bit.
    var modulus = testBytes(64, seed: 3)
    modulus[0] |= 1
    modulus[63] |= 0x80
    var base = testBytes(64, seed: 4)
    base[63] &= 0x7F                                          // below the modulus
    let exponent: [UInt8] = [0x01, 0x00, 0x01] + [UInt8](repeating: 0, count: 61)   // 65537
    RSA.storeBlock(0x000, modulus)
    RSA.storeBlock(0x600, base)
    RSA.storeBlock(0x400, exponent)
    register(RSA.base + 0x804).store(0)
    register(RSA.base + 0x808).store(1)
    RSA.waitAndClear()
    print("crypto_check: rsa512-modexp \(hex(RSA.readZ(words: 16)))")

    // Plain multiplication (mode 8): two 256-bit operands, X and the upper half of Z, into 512 bits.
    RSA.storeBlock(0x600, testBytes(32, seed: 5) + [UInt8](repeating: 0, count: 32))
    for word in 0..<8 { register(RSA.base + 0x200 + UInt(4 * (8 + word))).store(littleEndianWord(testBytes(32, seed: 6), word)) }
    register(RSA.base + 0x80C).store(8)
    register(RSA.base + 0x810).store(1)
    RSA.waitAndClear()
    print("crypto_check: mult256 \(hex(RSA.readZ(words: 16)))")
    print("crypto_check: done")
}
