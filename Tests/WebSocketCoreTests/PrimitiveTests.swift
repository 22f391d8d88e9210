// SPDX-License-Identifier: MIT
import Testing
import WebSocketCore

func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// SHA-1 and Base64 against their standards' test vectors, and the handshake's Accept derivation (RFC 6455 §1.3).
@Suite struct PrimitiveTests {
    @Test func sha1MatchesFIPSVectors() {
        func hex(_ bytes: [UInt8]) -> String {
            bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
                .joined()
        }
        #expect(hex(SHA1.digest(ascii("abc"))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(SHA1.digest([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(
            hex(SHA1.digest(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(
            hex(SHA1.digest([UInt8](repeating: 0x61, count: 1_000_000))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func base64MatchesRFC4648() {
        for (input, output) in [
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
        ] {
            #expect(text(Base64.encode(ascii(input))) == output)
        }
    }

    @Test func acceptIsDerivedAsRFC6455Shows() {
        #expect(
            text(Handshake.expectedAccept(for: ascii("dGhlIHNhbXBsZSBub25jZQ=="))) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(Handshake.key(random: [UInt8](0..<16)).count == 24)
    }
}
