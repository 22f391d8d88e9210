// SPDX-License-Identifier: MIT
import CSlirp
import ESP32
import Foundation

/// User-mode networking for one machine: libslirp's TCP/IP stack behind the emulated MAC, as QEMU's
/// `-nic user` does. The guest gets 10.0.2.15 by DHCP, reaches the host's loopback as 10.0.2.2 and our DNS
/// answers at 10.0.2.3; host forwards let host programs connect to servers in the guest.
///
/// slirp is single-threaded: it runs on the emulator's thread, in `service`, which the driver calls between
/// run slices (polling the host sockets without waiting); while the guest idles the driver sleeps in
/// `waitForTraffic` until host traffic arrives or the next virtual deadline. Its clock is the emulator's.
public final class UserNetwork {
    public struct Statistics: Sendable, Equatable {
        public var framesFromGuest = 0
        public var framesToGuest = 0
        /// Guest frames the traffic policy dropped (see `GuestTrafficPolicy`).
        public var framesBlocked = 0
        public var dnsAnswered = 0
        public var dnsUnknownNames = 0
        public var dnsMalformed = 0
        /// SNTP requests answered by the time server at 10.0.2.3.
        public var timeAnswered = 0
        /// Complaints slirp made about the guest's packets.
        public var guestErrors = 0
    }

    public enum SetupError: Error, CustomStringConvertible {
        case slirpFailed
        case hostForwardFailed(NetworkOptions.HostForward)
        case captureFailed(PcapWriter.Failure)

        public var description: String {
            switch self {
            case .slirpFailed: "libslirp could not set up the virtual network"
            case .hostForwardFailed(let forward):
                "cannot forward \(forward): the host port is in use or the address is not local"
            case .captureFailed(let failure): failure.description
            }
        }
    }

    public let options: NetworkOptions
    public private(set) var statistics = Statistics()
    /// Told about blocked traffic and guest mistakes, each distinct message once.
    public var onDiagnostic: (String) -> Void = { _ in }
    /// Where frames for the guest go (the MAC, once attached).
    public var deliverToGuest: ([UInt8]) -> Void = { _ in }
    public let pcap: PcapWriter?

    private var slirp: OpaquePointer?
    private let callbacks: UnsafeMutablePointer<SlirpCb>
    private let outboundAddress: UnsafeMutablePointer<sockaddr_in>
    private let clockNanoseconds: () -> UInt64
    private var dns: DNSResponder
    private let time: TimeResponder
    private let policy: GuestTrafficPolicy
    private var pollDescriptors: [pollfd] = []
    /// How many of `pollDescriptors` are slirp's after the last `service`.
    private var slirpDescriptorCount = 0
    private var timers: [ObjectIdentifier: SlirpTimer] = [:]
    private var reported: Set<String> = []
    private static let reportLimit = 100

    /// Creates the network; `clock` gives the emulator's virtual time in nanoseconds.
    public init(options: NetworkOptions, clock: @escaping () -> UInt64) throws(SetupError) {
        // slirp writes to host sockets whose peer may have closed them (a server that hangs up mid-handshake):
        // that must be an error slirp handles, not a SIGPIPE that ends the whole process (QEMU ignores it too).
        signal(SIGPIPE, SIG_IGN)
        self.options = options
        clockNanoseconds = clock
        dns = DNSResponder(entries: options.dnsEntries)
        time = TimeResponder(epoch: options.timeEpoch ?? UInt64(max(0, Date().timeIntervalSince1970)))
        policy = GuestTrafficPolicy(allowsOutside: options.allowsOutside)
        if let path = options.pcapPath {
            do { pcap = try PcapWriter(path: path) } catch { throw .captureFailed(error) }
        } else {
            pcap = nil
        }
        callbacks = .allocate(capacity: 1)
        callbacks.initialize(to: UserNetwork.slirpCallbacks)
        outboundAddress = .allocate(capacity: 1)
        outboundAddress.initialize(to: sockaddr_in())
        outboundAddress.pointee.sin_family = sa_family_t(AF_INET)
        outboundAddress.pointee.sin_addr.s_addr = IPv4Address.loopback.networkOrder
        if options.forwardsDNS { dns.hostLookup = UserNetwork.hostResolverLookup }

        var config = SlirpConfig()
        config.version = 4
        config.restricted = options.restrict ? 1 : 0
        config.in_enabled = true
        config.vnetwork.s_addr = IPv4Address.network.networkOrder
        config.vnetmask.s_addr = IPv4Address.netmask.networkOrder
        config.vhost.s_addr = IPv4Address.host.networkOrder
        config.vdhcp_start.s_addr = IPv4Address.guest.networkOrder
        config.vnameserver.s_addr = IPv4Address.nameserver.networkOrder
        config.in6_enabled = false
        // Defence in depth behind the traffic policy: slirp's sockets are bound to the loopback interface,
        // from which the host kernel routes nowhere else.
        config.outbound_addr = options.allowsOutside ? nil : outboundAddress
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        guard let slirp = slirp_new(&config, callbacks, opaque) else {
            callbacks.deallocate()
            outboundAddress.deallocate()
            throw .slirpFailed
        }
        self.slirp = slirp
        for forward in options.hostForwards {
            let hostAddress = in_addr(s_addr: forward.hostAddress.networkOrder)
            let guestAddress = in_addr(s_addr: forward.guestAddress.networkOrder)
            if slirp_add_hostfwd(
                slirp, forward.isUDP ? 1 : 0, hostAddress, Int32(forward.hostPort), guestAddress,
                Int32(forward.guestPort)) < 0
            {
                close()
                throw .hostForwardFailed(forward)
            }
        }
    }

    deinit { close() }

    /// Ends the network: host sockets close, the capture is flushed.
    public func close() {
        guard let slirp else { return }
        slirp_cleanup(slirp)
        self.slirp = nil
        for timer in timers.values { Unmanaged.passUnretained(timer).release() }
        timers = [:]
        callbacks.deallocate()
        outboundAddress.deallocate()
        pcap?.flush()
    }

    /// Connects this network to `mac`: its transmitted frames come here, frames for the guest go to it.
    public func attach(to mac: OpenEthernet) {
        mac.transmit = { [unowned self] frame in sendFromGuest(frame) }
        deliverToGuest = { [unowned mac] frame in mac.receive(frame) }
    }

    /// Whether slirp holds host sockets (forward listeners, connections): traffic may then arrive at any
    /// moment, so an idle guest's time should follow the wall clock.
    public var hasHostSockets: Bool { slirpDescriptorCount > 0 }

    /// slirp's table of connections (for a monitor's `info network`).
    public var connectionInfo: String {
        guard let slirp, let info = slirp_connection_info(slirp) else { return "" }
        defer { free(info) }
        return String(cString: info)
    }

    // MARK: - Frames

    /// A frame the guest transmitted.
    public func sendFromGuest(_ frame: [UInt8]) {
        guard let slirp else { return }
        statistics.framesFromGuest += 1
        pcap?.record(frame, nanoseconds: clockNanoseconds())
        switch policy.route(frame) {
        case .slirp:
            frame.withUnsafeBufferPointer { slirp_input(slirp, $0.baseAddress, Int32($0.count)) }
        case .nameserver:
            answerDNS(frame)
        case .timeServer:
            answerTime(frame)
        case .blocked(let reason):
            statistics.framesBlocked += 1
            report("blocked guest traffic: \(reason)")
        }
    }

    private func toGuest(_ frame: [UInt8]) {
        statistics.framesToGuest += 1
        pcap?.record(frame, nanoseconds: clockNanoseconds())
        deliverToGuest(frame)
    }

    private func answerDNS(_ frame: [UInt8]) {
        guard let packet = IPv4Frame(frame), let ports = packet.ports, let query = packet.udpPayload,
            let (response, result) = dns.respond(to: query)
        else {
            statistics.dnsMalformed += 1
            return
        }
        switch result {
        case .answered: statistics.dnsAnswered += 1
        case .unknown: statistics.dnsUnknownNames += 1
        case .malformed: statistics.dnsMalformed += 1
        }
        toGuest(
            PacketBuilder.udpFrame(
                from: packet.destinationMAC, to: packet.sourceMAC, source: .nameserver,
                sourcePort: GuestTrafficPolicy.dnsPort, destination: packet.source, destinationPort: ports.source,
                payload: response))
    }

    private func answerTime(_ frame: [UInt8]) {
        guard let packet = IPv4Frame(frame), let ports = packet.ports, let request = packet.udpPayload,
            let reply = time.respond(to: request, virtualNanoseconds: clockNanoseconds())
        else { return }
        statistics.timeAnswered += 1
        toGuest(
            PacketBuilder.udpFrame(
                from: packet.destinationMAC, to: packet.sourceMAC, source: .nameserver,
                sourcePort: TimeResponder.port, destination: packet.source, destinationPort: ports.source,
                payload: reply))
    }

    private func report(_ message: String) {
        guard reported.count < UserNetwork.reportLimit, reported.insert(message).inserted else { return }
        onDiagnostic(message)
    }

    // MARK: - Servicing slirp

    /// Lets slirp move data between its host sockets and the guest, and run its timers (without waiting).
    public func service() {
        guard let slirp else { return }
        collectPollDescriptors(timeout: 0)
        let ready = pollDescriptors.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), 0) }
        slirp_pollfds_poll(
            slirp, ready < 0 ? 1 : 0, UserNetwork.returnedEvents, Unmanaged.passUnretained(self).toOpaque())
        fireDueTimers()
    }

    /// Sleeps until a host socket has something for slirp, `wakeFileDescriptor` becomes readable, or `seconds`
    /// pass — whichever comes first — without handling it: the driver first brings virtual time up to the
    /// wall clock, then calls `service`, so what slirp does carries the right time.
    public func waitForTraffic(upTo seconds: Double, wakeFileDescriptor: Int32? = nil) {
        guard slirp != nil, seconds > 0 else { return }
        // slirp shortens the wait while its TCP timers (delayed ACKs, retransmissions) are pending.
        let wait = collectPollDescriptors(timeout: UInt32(min(seconds * 1000, 60_000).rounded(.up)))
        if let wakeFileDescriptor {
            pollDescriptors.append(pollfd(fd: wakeFileDescriptor, events: Int16(POLLIN), revents: 0))
        }
        _ = pollDescriptors.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), Int32(wait)) }
    }

    /// Puts the host sockets slirp wants watched in `pollDescriptors`; returns `timeout` (ms), shortened to
    /// when slirp's timers need it next.
    @discardableResult
    private func collectPollDescriptors(timeout: UInt32) -> UInt32 {
        guard let slirp else { return 0 }
        pollDescriptors.removeAll(keepingCapacity: true)
        var timeout = timeout
        slirp_pollfds_fill(slirp, &timeout, UserNetwork.addPollDescriptor, Unmanaged.passUnretained(self).toOpaque())
        slirpDescriptorCount = pollDescriptors.count
        return timeout
    }

    private func fireDueTimers() {
        let now = Int64(clockNanoseconds() / 1_000_000)
        for timer in Array(timers.values) where timer.expiry.map({ $0 <= now }) ?? false {
            timer.expiry = nil
            guard let slirp else { return }
            switch timer.kind {
            case .callback(let callback, let argument): callback(argument)
            case .identified(let id, let argument): slirp_handle_timer(slirp, id, argument)
            }
        }
    }

    /// Asks the host's resolver (getaddrinfo) for an IPv4 address: only with `--dns-forward`.
    private static func hostResolverLookup(_ name: String) -> IPv4Address? {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        guard let address = first.pointee.ai_addr else { return nil }
        return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
            withUnsafeBytes(of: pointer.pointee.sin_addr.s_addr) { IPv4Address(bytes: $0) }
        }
    }
}

// MARK: - slirp's callbacks (C function pointers: they find the network through the opaque pointer)

/// A timer slirp asked for, on the virtual clock.
private final class SlirpTimer {
    enum Kind {
        case callback(SlirpTimerCb, UnsafeMutableRawPointer?)
        case identified(SlirpTimerId, UnsafeMutableRawPointer?)
    }

    let kind: Kind
    /// Milliseconds of virtual time, or nil while not armed.
    var expiry: Int64?

    init(kind: Kind) { self.kind = kind }
}

extension UserNetwork {
    private static func network(_ opaque: UnsafeMutableRawPointer?) -> UserNetwork {
        Unmanaged<UserNetwork>.fromOpaque(opaque!).takeUnretainedValue()
    }

    private func addTimer(_ kind: SlirpTimer.Kind) -> UnsafeMutableRawPointer {
        let timer = SlirpTimer(kind: kind)
        timers[ObjectIdentifier(timer)] = timer
        return Unmanaged.passRetained(timer).toOpaque()
    }

    fileprivate static let slirpCallbacks: SlirpCb = {
        var callbacks = SlirpCb()
        callbacks.send_packet = { buffer, length, opaque in
            let frame = [UInt8](UnsafeRawBufferPointer(start: buffer, count: length))
            network(opaque).toGuest(frame)
            return length
        }
        callbacks.guest_error = { message, opaque in
            let network = network(opaque)
            network.statistics.guestErrors += 1
            network.report("slirp: \(message.map { String(cString: $0) } ?? "guest error")")
        }
        callbacks.clock_get_ns = { opaque in Int64(clamping: network(opaque).clockNanoseconds()) }
        callbacks.timer_new = { callback, argument, opaque in
            network(opaque).addTimer(.callback(callback!, argument))
        }
        callbacks.timer_new_opaque = { id, argument, opaque in network(opaque).addTimer(.identified(id, argument)) }
        callbacks.timer_free = { timer, opaque in
            guard let timer else { return }
            let object = Unmanaged<SlirpTimer>.fromOpaque(timer)
            network(opaque).timers[ObjectIdentifier(object.takeUnretainedValue())] = nil
            object.release()
        }
        callbacks.timer_mod = { timer, expiry, _ in
            guard let timer else { return }
            Unmanaged<SlirpTimer>.fromOpaque(timer).takeUnretainedValue().expiry = expiry
        }
        callbacks.register_poll_fd = { _, _ in }  // every service polls afresh
        callbacks.unregister_poll_fd = { _, _ in }
        callbacks.notify = { _ in }  // the emulator thread services slirp every slice anyway
        callbacks.init_completed = { _, _ in }
        return callbacks
    }()

    fileprivate static let addPollDescriptor: SlirpAddPollCb = { descriptor, events, opaque in
        let network = network(opaque)
        var pollEvents: Int32 = 0
        if events & Int32(SLIRP_POLL_IN) != 0 { pollEvents |= POLLIN }
        if events & Int32(SLIRP_POLL_OUT) != 0 { pollEvents |= POLLOUT }
        if events & Int32(SLIRP_POLL_PRI) != 0 { pollEvents |= POLLPRI }
        network.pollDescriptors.append(pollfd(fd: descriptor, events: Int16(pollEvents), revents: 0))
        return Int32(network.pollDescriptors.count - 1)
    }

    fileprivate static let returnedEvents: SlirpGetREventsCb = { index, opaque in
        let network = network(opaque)
        guard index >= 0, Int(index) < network.slirpDescriptorCount else { return 0 }
        let returned = Int32(network.pollDescriptors[Int(index)].revents)
        var events: Int32 = 0
        if returned & POLLIN != 0 { events |= Int32(SLIRP_POLL_IN) }
        if returned & POLLOUT != 0 { events |= Int32(SLIRP_POLL_OUT) }
        if returned & POLLPRI != 0 { events |= Int32(SLIRP_POLL_PRI) }
        if returned & POLLERR != 0 { events |= Int32(SLIRP_POLL_ERR) }
        if returned & POLLHUP != 0 { events |= Int32(SLIRP_POLL_HUP) }
        return events
    }
}
