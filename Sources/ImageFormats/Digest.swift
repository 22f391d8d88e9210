// SPDX-License-Identifier: MIT
import CMbedCrypto

/// Message digests the image formats use, computed by the host's mbedtls.
public enum Digest {
    /// SHA-256, as appended to esptool app images.
    public static func sha256<C: Collection<UInt8>>(_ data: C) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        let bytes = Array(data)
        let status = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                mbedtls_sha256_ret(input.baseAddress, input.count, out.baseAddress, 0)
            }
        }
        precondition(status == 0, "mbedtls_sha256_ret cannot fail for in-memory input")
        return output
    }

    /// MD5, as in the checksum entry of ESP32 partition tables.
    public static func md5<C: Collection<UInt8>>(_ data: C) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 16)
        let bytes = Array(data)
        let status = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                mbedtls_md5_ret(input.baseAddress, input.count, out.baseAddress)
            }
        }
        precondition(status == 0, "mbedtls_md5_ret cannot fail for in-memory input")
        return output
    }
}
