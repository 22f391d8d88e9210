// SPDX-License-Identifier: MIT

/// The guest's time server at 10.0.2.3 (UDP 123, beside DNS): answers SNTP requests with the network's clock,
/// so that firmware can set its clock — which TLS needs to check certificate dates — without reaching outside.
/// The clock is `epoch` (seconds since 1970 at power-on: the host's time when the session starts unless
/// `--time-epoch` fixes it) plus the virtual time since power-on, so answers follow the guest's virtual clock.
struct TimeResponder {
    static let port: UInt16 = 123
    /// Seconds from 1900 (NTP's era 0) to 1970.
    static let unixToNTP: UInt64 = 2_208_988_800
    let epoch: UInt64

    /// The reply to an SNTP client request, or nil if `request` is none (too short, or not mode 3).
    func respond(to request: ArraySlice<UInt8>, virtualNanoseconds: UInt64) -> [UInt8]? {
        let message = Array(request)
        guard message.count >= 48, message[0] & 0x7 == 3 else { return nil }
        let version = message[0] >> 3 & 0x7
        var reply = [UInt8](repeating: 0, count: 48)
        reply[0] = (version == 0 ? 4 : version) << 3 | 4  // no leap warning, the client's version, mode 4
        reply[1] = 1  // stratum 1: a reference clock
        reply[2] = message[2]  // poll interval, as asked
        reply[3] = 0xEC  // precision 2^-20 s
        reply.replaceSubrange(12..<16, with: Array("LOCL".utf8))
        let now = timestamp(virtualNanoseconds)
        reply.replaceSubrange(16..<24, with: now)  // reference
        reply.replaceSubrange(24..<32, with: message[40..<48])  // origin: the client's transmit time
        reply.replaceSubrange(32..<40, with: now)  // receive
        reply.replaceSubrange(40..<48, with: now)  // transmit
        return reply
    }

    /// NTP's 64-bit timestamp: seconds since 1900 and a binary fraction, big-endian.
    private func timestamp(_ virtualNanoseconds: UInt64) -> [UInt8] {
        let seconds = epoch + TimeResponder.unixToNTP + virtualNanoseconds / 1_000_000_000
        let fraction = (virtualNanoseconds % 1_000_000_000) << 32 / 1_000_000_000
        return (0..<8).map { index in
            let value = index < 4 ? seconds : fraction
            return UInt8(truncatingIfNeeded: value >> (8 * (3 - UInt64(index % 4))))
        }
    }
}
