// SPDX-License-Identifier: MIT
import CMbedCrypto
import XtensaCore

/// The RSA (big-number) accelerator (0x3FF02000), computed with mbedtls's bignum arithmetic. Operands live in
/// four memory blocks of 128 little-endian 32-bit words (word 0 least significant): M at 0x000, Z at 0x200,
/// Y at 0x400, X at 0x600. An operand has N = (mode + 1) · 512 bits.
///
/// - MODEXP_START (0x808, mode in 0x804): Z ← X^Y mod M. (The hardware also wants Z preloaded with R² mod M
///   and M' in 0x800; the result does not depend on them, so they are not checked.)
/// - MULT_START (0x810, mode in 0x80C) with mode 0–7: Z ← X · Z · R⁻¹ mod M, R = 2^N (Montgomery
///   multiplication, which ESP-IDF uses twice for X · Y mod M); mode 8–15: Z ← X · Z_high, plain
///   multiplication of two (mode − 7) · 256-bit operands, the second in Z's upper half, into (mode − 7) · 512 bits.
/// - 0x814 reads 1 once an operation has completed; writing clears those bits. 0x818 (QUERY_CLEAN) reads 1:
///   the memory is ready.
final class RSAAccelerator: MemoryMappedDevice {
    let name = "RSA"
    static let blockWords = 128
    private var blocks = [[UInt32]](repeating: [UInt32](repeating: 0, count: blockWords), count: 4)  // M Z Y X
    private var mDash: UInt32 = 0
    private var modexpMode: UInt32 = 0
    private var multMode: UInt32 = 0
    private var done: UInt32 = 0

    private enum Block: Int { case m = 0, z, y, x }

    func read(offset: UInt32, size: Int) -> UInt32 {
        let aligned = offset & ~3
        switch aligned {
        case 0x000..<0x800: return blocks[Int(aligned / 0x200)][Int(aligned % 0x200) / 4]
        case 0x800: return mDash
        case 0x804: return modexpMode
        case 0x80C: return multMode
        case 0x814: return done
        case 0x818: return 1
        default: return 0
        }
    }

    func write(offset: UInt32, size: Int, value: UInt32) {
        let aligned = offset & ~3
        switch aligned {
        case 0x000..<0x800: blocks[Int(aligned / 0x200)][Int(aligned % 0x200) / 4] = value
        case 0x800: mDash = value
        case 0x804: modexpMode = value & 7
        case 0x808: modularExponentiation()
        case 0x80C: multMode = value & 0xF
        case 0x810: multiply()
        case 0x814: done &= ~value
        default: break
        }
    }

    private func operand(_ block: Block, words: Int, from start: Int = 0) -> BigNumber {
        BigNumber(littleEndianWords: Array(blocks[block.rawValue][start..<start + words]))
    }

    private func store(_ value: BigNumber, words: Int) {
        let result = value.littleEndianWords(count: words)
        blocks[Block.z.rawValue].replaceSubrange(0..<words, with: result)
        done = 1
    }

    private func modularExponentiation() {
        let words = Int(modexpMode + 1) * 16
        let modulus = operand(.m, words: words)
        guard !modulus.isZero else { return store(BigNumber(), words: words) }
        store(operand(.x, words: words).power(operand(.y, words: words), modulo: modulus), words: words)
    }

    private func multiply() {
        if multMode < 8 {
            let words = Int(multMode + 1) * 16
            let modulus = operand(.m, words: words)
            guard !modulus.isZero, let rInverse = BigNumber.powerOfTwo(32 * words).inverse(modulo: modulus) else {
                return store(BigNumber(), words: words)
            }
            let product = operand(.x, words: words).times(operand(.z, words: words)).times(rInverse)
            store(product.remainder(modulo: modulus), words: words)
        } else {
            let inputWords = Int(multMode - 7) * 8
            store(
                operand(.x, words: inputWords).times(operand(.z, words: inputWords, from: inputWords)),
                words: 2 * inputWords)
        }
    }
}

/// An mbedtls big number with value semantics for the few operations the accelerator needs.
struct BigNumber {
    private let storage: Storage

    private final class Storage {
        var mpi = mbedtls_mpi()
        init() { mbedtls_mpi_init(&mpi) }
        deinit { mbedtls_mpi_free(&mpi) }
    }

    init() { storage = Storage() }

    init(littleEndianWords words: [UInt32]) {
        self.init()
        let bytes = words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
        _ = mbedtls_mpi_read_binary_le(&storage.mpi, bytes, bytes.count)
    }

    static func powerOfTwo(_ exponent: Int) -> BigNumber {
        let result = BigNumber()
        _ = mbedtls_mpi_lset(&result.storage.mpi, 1)
        _ = mbedtls_mpi_shift_l(&result.storage.mpi, exponent)
        return result
    }

    var isZero: Bool { mbedtls_mpi_cmp_int(&storage.mpi, 0) == 0 }

    /// The low `count` words; higher ones are dropped.
    func littleEndianWords(count: Int) -> [UInt32] {
        var bytes = [UInt8](repeating: 0, count: 4 * count)
        if mbedtls_mpi_write_binary_le(&storage.mpi, &bytes, bytes.count) != 0 {
            // Too large for the block: keep the low words, as a fixed-width register would.
            let size = mbedtls_mpi_size(&storage.mpi)
            var all = [UInt8](repeating: 0, count: size)
            _ = mbedtls_mpi_write_binary_le(&storage.mpi, &all, size)
            bytes = Array(all.prefix(4 * count))
        }
        return (0..<count).map { index in (0..<4).reduce(0) { $0 | UInt32(bytes[4 * index + $1]) << (8 * $1) } }
    }

    func times(_ other: BigNumber) -> BigNumber {
        let result = BigNumber()
        _ = mbedtls_mpi_mul_mpi(&result.storage.mpi, &storage.mpi, &other.storage.mpi)
        return result
    }

    func remainder(modulo modulus: BigNumber) -> BigNumber {
        let result = BigNumber()
        _ = mbedtls_mpi_mod_mpi(&result.storage.mpi, &storage.mpi, &modulus.storage.mpi)
        return result
    }

    func power(_ exponent: BigNumber, modulo modulus: BigNumber) -> BigNumber {
        let result = BigNumber()
        // mbedtls's exponentiation needs an odd modulus, as RSA's are; for an even one, square-and-multiply.
        if mbedtls_mpi_get_bit(&modulus.storage.mpi, 0) == 1 {
            _ = mbedtls_mpi_exp_mod(&result.storage.mpi, &storage.mpi, &exponent.storage.mpi, &modulus.storage.mpi, nil)
            return result
        }
        var accumulator = BigNumber.powerOfTwo(0).remainder(modulo: modulus)
        let base = remainder(modulo: modulus)
        for bit in stride(from: Int(mbedtls_mpi_bitlen(&exponent.storage.mpi)) - 1, through: 0, by: -1) {
            accumulator = accumulator.times(accumulator).remainder(modulo: modulus)
            if mbedtls_mpi_get_bit(&exponent.storage.mpi, bit) == 1 {
                accumulator = accumulator.times(base).remainder(modulo: modulus)
            }
        }
        return accumulator
    }

    func inverse(modulo modulus: BigNumber) -> BigNumber? {
        let result = BigNumber()
        return mbedtls_mpi_inv_mod(&result.storage.mpi, &storage.mpi, &modulus.storage.mpi) == 0 ? result : nil
    }
}
