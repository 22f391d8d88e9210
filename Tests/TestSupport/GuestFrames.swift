// SPDX-License-Identifier: MIT
import VirtualNetwork

/// Frames a guest network stack would send, for tests that drive the Ethernet MAC directly (before any lwIP
/// exists), and readers for what comes back.
public enum GuestFrames {
    public static let guestMAC: [UInt8] = [0x24, 0x0A, 0xC4, 0x00, 0x00, 0x01]
    public static let broadcastMAC = [UInt8](repeating: 0xFF, count: 6)
    /// slirp's MAC for 10.0.2.2 (52:55 followed by the address).
    public static let gatewayMAC: [UInt8] = [0x52, 0x55, 10, 0, 2, 2]

    public static func arpRequest(for target: IPv4Address, from sender: IPv4Address = .guest) -> [UInt8] {
        broadcastMAC + guestMAC + [0x08, 0x06] + [0, 1, 0x08, 0x00, 6, 4, 0, 1] + guestMAC + sender.bytes
            + [UInt8](repeating: 0, count: 6) + target.bytes
    }

    /// A DHCPDISCOVER from 0.0.0.0:68 to 255.255.255.255:67 with transaction `xid`.
    public static func dhcpDiscover(xid: UInt32) -> [UInt8] {
        var bootp = [UInt8](repeating: 0, count: 236)
        bootp[0] = 1  // BOOTREQUEST
        bootp[1] = 1  // Ethernet
        bootp[2] = 6
        for index in 0..<4 { bootp[4 + index] = UInt8(xid >> (24 - 8 * UInt32(index)) & 0xFF) }
        bootp[10] = 0x80  // broadcast flag
        bootp.replaceSubrange(28..<34, with: guestMAC)
        bootp += [99, 130, 83, 99]  // magic cookie
        bootp += [53, 1, 1]  // DHCP message type: DISCOVER
        bootp += [55, 3, 1, 3, 6]  // parameters: subnet mask, router, DNS
        bootp += [255]
        return PacketBuilder.udpFrame(
            from: guestMAC, to: broadcastMAC, source: IPv4Address(0, 0, 0, 0), sourcePort: 68,
            destination: IPv4Address(255, 255, 255, 255), destinationPort: 67, payload: bootp)
    }

    /// A TCP segment from the guest (10.0.2.15) with the given flags (0x02 SYN, 0x10 ACK, 0x04 RST).
    public static func tcp(
        to destination: IPv4Address, port: UInt16, from sourcePort: UInt16, flags: UInt8, sequence: UInt32,
        acknowledgement: UInt32 = 0, payload: [UInt8] = [], destinationMAC: [UInt8] = gatewayMAC
    ) -> [UInt8] {
        var segment = [UInt8](repeating: 0, count: 20)
        PacketBuilder.store(sourcePort, in: &segment, at: 0)
        PacketBuilder.store(port, in: &segment, at: 2)
        for index in 0..<4 {
            segment[4 + index] = UInt8(sequence >> (24 - 8 * UInt32(index)) & 0xFF)
            segment[8 + index] = UInt8(acknowledgement >> (24 - 8 * UInt32(index)) & 0xFF)
        }
        segment[12] = 5 << 4
        segment[13] = flags
        PacketBuilder.store(8192, in: &segment, at: 14)  // window
        return PacketBuilder.ipv4Frame(
            from: guestMAC, to: destinationMAC, source: .guest, destination: destination,
            protocolNumber: IPv4Frame.tcp, transport: segment + payload, checksumAt: 16)
    }

    /// A DNS query for an A (type 1) or other record, from the guest's port `sourcePort` to 10.0.2.3:53.
    public static func dnsQuery(
        _ name: String, type: UInt16 = 1, id: UInt16 = 0x1234, sourcePort: UInt16 = 40000
    )
        -> [UInt8]
    {
        var message: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in name.split(separator: ".") { message += [UInt8(label.utf8.count)] + Array(label.utf8) }
        message += [0, UInt8(type >> 8), UInt8(type & 0xFF), 0, 1]
        return PacketBuilder.udpFrame(
            from: guestMAC, to: [0x52, 0x55, 10, 0, 2, 3], source: .guest, sourcePort: sourcePort,
            destination: .nameserver, destinationPort: 53, payload: message)
    }

    /// TCP flags of a segment (nil if `frame` is not TCP).
    public static func tcpFlags(_ frame: [UInt8]) -> UInt8? {
        guard let packet = IPv4Frame(frame), packet.protocolNumber == IPv4Frame.tcp,
            packet.payloadStart + 14 <= packet.ipEnd
        else { return nil }
        return frame[packet.payloadStart + 13]
    }

    /// The sequence number of a TCP segment.
    public static func tcpSequence(_ frame: [UInt8]) -> UInt32? {
        guard let packet = IPv4Frame(frame), packet.protocolNumber == IPv4Frame.tcp else { return nil }
        return (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(frame[packet.payloadStart + 4 + $1]) }
    }
}
