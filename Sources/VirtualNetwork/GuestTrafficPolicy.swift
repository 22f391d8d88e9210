// SPDX-License-Identifier: MIT

/// Where each frame the guest sends goes. The rule this project lives by: the guest reaches the host's
/// loopback (10.0.2.2) and the DNS answers at 10.0.2.3, nothing else — unless the user asked for the outside
/// (`outside=on`). So frames are checked before slirp, which would otherwise connect anywhere.
struct GuestTrafficPolicy {
    let allowsOutside: Bool

    enum Route: Equatable {
        /// Into slirp (ARP, DHCP, traffic for the host's loopback, and, with `outside=on`, the rest).
        case slirp
        /// A DNS query for our responder.
        case nameserver
        /// SNTP to 10.0.2.3: answered by `TimeResponder`.
        case timeServer
        /// Dropped, with the reason.
        case blocked(String)
    }

    static let dnsPort: UInt16 = 53

    func route(_ frame: [UInt8]) -> Route {
        switch IPv4Frame.etherType(of: frame) {
        case nil: return .blocked("a frame of \(frame.count) bytes, shorter than an Ethernet header")
        case IPv4Frame.etherTypeARP: return .slirp
        case IPv4Frame.etherTypeIPv6: return .blocked("IPv6 (the virtual network is IPv4 only)")
        case IPv4Frame.etherTypeIPv4: break
        case let type?: return .blocked("EtherType 0x\(String(type, radix: 16)) (only IPv4 and ARP are routed)")
        }
        guard let packet = IPv4Frame(frame) else { return .blocked("an IPv4 packet with a malformed header") }
        let destination = packet.destination
        if destination == .nameserver {
            guard packet.protocolNumber == IPv4Frame.udp else {
                return .blocked("\(describe(packet)): 10.0.2.3 answers DNS and SNTP over UDP only")
            }
            switch packet.ports?.destination {
            case GuestTrafficPolicy.dnsPort: return .nameserver
            case TimeResponder.port: return .timeServer
            default: return .blocked("\(describe(packet)): 10.0.2.3 answers DNS and SNTP over UDP only")
            }
        }
        if destination == .broadcast || destination.bytes.prefix(3) == IPv4Address.network.bytes.prefix(3) {
            return .slirp  // the host, DHCP, the virtual subnet
        }
        if allowsOutside { return .slirp }
        return .blocked(
            "\(describe(packet)): the guest reaches only the host's loopback as 10.0.2.2 "
                + "(--nic user,outside=on lifts this)")
    }

    private func describe(_ packet: IPv4Frame) -> String {
        let name: String
        switch packet.protocolNumber {
        case IPv4Frame.tcp: name = "TCP"
        case IPv4Frame.udp: name = "UDP"
        case IPv4Frame.icmp: name = "ICMP"
        default: name = "IP protocol \(packet.protocolNumber)"
        }
        let port = packet.ports.map { ":\($0.destination)" } ?? ""
        return "\(name) to \(packet.destination)\(port)"
    }
}
