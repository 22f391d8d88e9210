// SPDX-License-Identifier: MIT

/// How the emulated Ethernet is connected, in QEMU's `-nic` spelling:
/// `user[,hostfwd=tcp:HOSTADDR:HOSTPORT-GUESTADDR:GUESTPORT]…[,restrict=on|off][,outside=on]` or `none`.
///
/// The guest reaches the host's loopback interface as 10.0.2.2 and nothing else: frames for other addresses
/// are dropped before slirp sees them, and slirp's own sockets are bound to 127.0.0.1 besides. `outside=on`
/// (ours, not QEMU's) lifts that for users who want their firmware on the internet; tests never use it.
/// `restrict=on` is QEMU's: the guest reaches nothing on the host, only host forwards reach the guest.
public struct NetworkOptions: Sendable, Equatable {
    public enum Backend: Sendable, Equatable {
        /// slirp user networking.
        case user
        /// No network: the MAC is there but its PHY reports no link.
        case none
    }

    /// A listening socket on the host whose connections (or datagrams) slirp forwards to the guest.
    public struct HostForward: Sendable, Equatable, CustomStringConvertible {
        public var isUDP = false
        /// Where to listen; empty in the option means 127.0.0.1 (QEMU listens on every interface; we do not).
        public var hostAddress = IPv4Address.loopback
        public var hostPort: UInt16
        public var guestAddress = IPv4Address.guest
        public var guestPort: UInt16

        public init(hostPort: UInt16, guestPort: UInt16) {
            self.hostPort = hostPort
            self.guestPort = guestPort
        }

        public var description: String {
            "\(isUDP ? "udp" : "tcp"):\(hostAddress):\(hostPort)-\(guestAddress):\(guestPort)"
        }
    }

    public var backend = Backend.user
    public var hostForwards: [HostForward] = []
    public var restrict = false
    public var allowsOutside = false
    /// Names the DNS server at 10.0.2.3 answers (`--dns NAME=IP`).
    public var dnsEntries: [(name: String, address: IPv4Address)] = []
    /// Ask the host's resolver about names not in `dnsEntries` (`--dns-forward`; tests never do).
    public var forwardsDNS = false
    /// Where to write a capture of every frame (`--pcap`).
    public var pcapPath: String?
    /// The time (seconds since 1970) the network's SNTP server at 10.0.2.3 reports at power-on (`--time-epoch`);
    /// nil: the host's clock when the network starts. Virtual time since power-on is added to it.
    public var timeEpoch: UInt64?

    public init(backend: Backend = .user) { self.backend = backend }

    public static func == (lhs: NetworkOptions, rhs: NetworkOptions) -> Bool {
        lhs.backend == rhs.backend && lhs.hostForwards == rhs.hostForwards && lhs.restrict == rhs.restrict
            && lhs.allowsOutside == rhs.allowsOutside && lhs.forwardsDNS == rhs.forwardsDNS
            && lhs.pcapPath == rhs.pcapPath && lhs.timeEpoch == rhs.timeEpoch
            && lhs.dnsEntries.map(\.name) == rhs.dnsEntries.map(\.name)
            && lhs.dnsEntries.map(\.address) == rhs.dnsEntries.map(\.address)
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) { self.description = description }
    }

    /// Parses a `--nic` value.
    public init(nic: String) throws(ParseError) {
        let parts = nic.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        switch parts[0] {
        case "user": backend = .user
        case "none":
            guard parts.count == 1 else { throw ParseError(description: "--nic none takes no options") }
            backend = .none
            return
        default:
            throw ParseError(description: "--nic '\(parts[0])': the network is 'user' (slirp) or 'none'")
        }
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { throw ParseError(description: "--nic: '\(part)' is not KEY=VALUE") }
            switch pair[0] {
            case "hostfwd": hostForwards.append(try NetworkOptions.parseHostForward(pair[1]))
            case "restrict": restrict = try NetworkOptions.parseSwitch(pair[1], key: "restrict")
            case "outside": allowsOutside = try NetworkOptions.parseSwitch(pair[1], key: "outside")
            case "model":
                guard pair[1] == "open_eth" else {
                    throw ParseError(description: "--nic model=\(pair[1]): the ESP32's emulated MAC is open_eth")
                }
            case "id": break  // QEMU's netdev name: nothing refers to it here
            default:
                throw ParseError(
                    description: "--nic: unknown option '\(pair[0])' (hostfwd, restrict, outside, model, id)")
            }
        }
    }

    /// Adds a `--dns NAME=IP` entry.
    public mutating func addDNSEntry(_ text: String) throws(ParseError) {
        let pair = text.split(separator: "=", maxSplits: 1).map(String.init)
        let labels = pair.first?.split(separator: ".", omittingEmptySubsequences: false) ?? []
        guard pair.count == 2,
            !labels.isEmpty,
            labels.allSatisfy({
                (1...63).contains($0.count) && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
            })
        else { throw ParseError(description: "--dns '\(text)': expected NAME=IPV4 (echo.local=10.0.2.2)") }
        guard let address = IPv4Address(pair[1]) else {
            throw ParseError(description: "--dns '\(text)': '\(pair[1])' is not an IPv4 address")
        }
        dnsEntries.append((name: pair[0], address: address))
    }

    private static func parseSwitch(_ value: String, key: String) throws(ParseError) -> Bool {
        switch value {
        case "on", "yes", "true": return true
        case "off", "no", "false": return false
        default: throw ParseError(description: "--nic \(key)=\(value): expected on or off")
        }
    }

    /// `[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT`
    static func parseHostForward(_ text: String) throws(ParseError) -> HostForward {
        let problem = ParseError(
            description: "--nic hostfwd=\(text): expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT")
        var fields = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var isUDP = false
        if fields.first == "tcp" || fields.first == "udp" {
            isUDP = fields.removeFirst() == "udp"
        } else if fields.first == "" && fields.count == 4 {
            fields.removeFirst()  // ":HOSTADDR:…" with the protocol left out
        }
        guard fields.count == 3 else { throw problem }
        let middle = fields[1].split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard middle.count == 2, let hostPort = UInt16(middle[0]), hostPort > 0, let guestPort = UInt16(fields[2]),
            guestPort > 0
        else { throw problem }
        var forward = HostForward(hostPort: hostPort, guestPort: guestPort)
        forward.isUDP = isUDP
        if !fields[0].isEmpty {
            guard let address = IPv4Address(fields[0]) else { throw problem }
            forward.hostAddress = address
        }
        if !middle[1].isEmpty {
            guard let address = IPv4Address(middle[1]) else { throw problem }
            forward.guestAddress = address
        }
        return forward
    }
}
