// SPDX-License-Identifier: MIT

/// An IPv4 address.
public struct IPv4Address: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) { bytes = [a, b, c, d] }

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 4 else { return nil }
        self.bytes = Array(bytes)
    }

    /// Dotted decimal ("10.0.2.2"); nil for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        self.bytes = bytes
    }

    public var description: String { bytes.map(String.init).joined(separator: ".") }

    /// In network byte order, as `in_addr.s_addr` holds it on a little-endian host.
    var networkOrder: UInt32 { bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) } }

    /// The virtual network slirp builds (QEMU's defaults).
    public static let guest = IPv4Address(10, 0, 2, 15)
    public static let host = IPv4Address(10, 0, 2, 2)
    public static let nameserver = IPv4Address(10, 0, 2, 3)
    public static let network = IPv4Address(10, 0, 2, 0)
    public static let netmask = IPv4Address(255, 255, 255, 0)
    public static let loopback = IPv4Address(127, 0, 0, 1)
    static let broadcast = IPv4Address(255, 255, 255, 255)
    static let subnetBroadcast = IPv4Address(10, 0, 2, 255)
}

/// An Ethernet frame carrying IPv4, read without trusting a byte of it.
public struct IPv4Frame {
    public static let etherTypeIPv4: UInt16 = 0x0800
    public static let etherTypeARP: UInt16 = 0x0806
    public static let etherTypeIPv6: UInt16 = 0x86DD
    public static let ethernetHeaderBytes = 14
    public static let udp: UInt8 = 17
    public static let tcp: UInt8 = 6
    public static let icmp: UInt8 = 1

    public let frame: [UInt8]
    /// Where the IP header starts, its length, and the end of the IP packet in `frame`.
    public let ipStart: Int, ipHeaderBytes: Int, ipEnd: Int

    public static func etherType(of frame: [UInt8]) -> UInt16? {
        frame.count >= ethernetHeaderBytes ? UInt16(frame[12]) << 8 | UInt16(frame[13]) : nil
    }

    /// The IPv4 packet in `frame`, or nil if it is not one or its header does not hold together.
    public init?(_ frame: [UInt8]) {
        let start = IPv4Frame.ethernetHeaderBytes
        guard IPv4Frame.etherType(of: frame) == IPv4Frame.etherTypeIPv4, frame.count >= start + 20,
            frame[start] >> 4 == 4
        else { return nil }
        let headerBytes = Int(frame[start] & 0xF) * 4
        let totalBytes = Int(frame[start + 2]) << 8 | Int(frame[start + 3])
        guard headerBytes >= 20, totalBytes >= headerBytes, start + totalBytes <= frame.count else { return nil }
        self.frame = frame
        ipStart = start
        ipHeaderBytes = headerBytes
        ipEnd = start + totalBytes
    }

    public var protocolNumber: UInt8 { frame[ipStart + 9] }
    public var source: IPv4Address { IPv4Address(bytes: frame[(ipStart + 12)..<(ipStart + 16)])! }
    public var destination: IPv4Address { IPv4Address(bytes: frame[(ipStart + 16)..<(ipStart + 20)])! }
    public var payloadStart: Int { ipStart + ipHeaderBytes }
    /// Whether this is the first (or only) fragment: only it carries the transport header.
    var isFirstFragment: Bool { (UInt16(frame[ipStart + 6]) << 8 | UInt16(frame[ipStart + 7])) & 0x1FFF == 0 }

    /// Source and destination port of a TCP or UDP packet.
    public var ports: (source: UInt16, destination: UInt16)? {
        guard protocolNumber == IPv4Frame.tcp || protocolNumber == IPv4Frame.udp, isFirstFragment,
            payloadStart + 4 <= ipEnd
        else { return nil }
        let p = payloadStart
        return (UInt16(frame[p]) << 8 | UInt16(frame[p + 1]), UInt16(frame[p + 2]) << 8 | UInt16(frame[p + 3]))
    }

    /// The payload of a UDP datagram (bounded by the UDP length field).
    public var udpPayload: ArraySlice<UInt8>? {
        guard protocolNumber == IPv4Frame.udp, isFirstFragment, payloadStart + 8 <= ipEnd else { return nil }
        let length = Int(frame[payloadStart + 4]) << 8 | Int(frame[payloadStart + 5])
        guard length >= 8, payloadStart + length <= ipEnd else { return nil }
        return frame[(payloadStart + 8)..<(payloadStart + length)]
    }

    public var sourceMAC: ArraySlice<UInt8> { frame[6..<12] }
    public var destinationMAC: ArraySlice<UInt8> { frame[0..<6] }
}

/// Builds Ethernet frames with IPv4 packets, checksums filled in (the DNS answers; tests build guest frames).
public enum PacketBuilder {
    /// An Ethernet frame carrying an IPv4 packet with `transport` as its payload. If `checksumAt` is given,
    /// the transport checksum (over the pseudo header, as TCP and UDP define it) goes at that offset.
    public static func ipv4Frame(
        from sourceMAC: some Collection<UInt8>, to destinationMAC: some Collection<UInt8>, source: IPv4Address,
        destination: IPv4Address, protocolNumber: UInt8, transport: [UInt8], checksumAt: Int? = nil
    ) -> [UInt8] {
        let totalLength = 20 + transport.count
        var ip: [UInt8] = [0x45, 0, UInt8(totalLength >> 8), UInt8(totalLength & 0xFF), 0, 0, 0x40, 0, 64]
        ip += [protocolNumber, 0, 0] + source.bytes + destination.bytes
        store(internetChecksum(ip), in: &ip, at: 10)
        var transport = transport
        if let offset = checksumAt {
            let length = transport.count
            let pseudoHeader =
                source.bytes + destination.bytes + [0, protocolNumber, UInt8(length >> 8), UInt8(length & 0xFF)]
            var sum = internetChecksum(pseudoHeader + transport)
            if sum == 0 && protocolNumber == IPv4Frame.udp { sum = 0xFFFF }  // 0 means "none" in UDP over IPv4
            store(sum, in: &transport, at: offset)
        }
        return Array(destinationMAC) + Array(sourceMAC) + [0x08, 0x00] + ip + transport
    }

    /// An Ethernet frame with an IPv4 UDP datagram.
    public static func udpFrame(
        from sourceMAC: some Collection<UInt8>, to destinationMAC: some Collection<UInt8>,
        source: IPv4Address, sourcePort: UInt16, destination: IPv4Address, destinationPort: UInt16,
        payload: [UInt8]
    ) -> [UInt8] {
        var udp = [UInt8](repeating: 0, count: 8) + payload
        store(sourcePort, in: &udp, at: 0)
        store(destinationPort, in: &udp, at: 2)
        store(UInt16(udp.count), in: &udp, at: 4)
        return ipv4Frame(
            from: sourceMAC, to: destinationMAC, source: source, destination: destination,
            protocolNumber: IPv4Frame.udp, transport: udp, checksumAt: 6)
    }

    /// The ones' complement of the ones' complement sum of 16-bit words (RFC 1071).
    public static func internetChecksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var index = 0
        while index + 1 < bytes.count {
            sum += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            index += 2
        }
        if index < bytes.count { sum += UInt32(bytes[index]) << 8 }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }

    /// Stores `value` big-endian at `offset`.
    public static func store(_ value: UInt16, in bytes: inout [UInt8], at offset: Int) {
        bytes[offset] = UInt8(value >> 8)
        bytes[offset + 1] = UInt8(value & 0xFF)
    }
}
