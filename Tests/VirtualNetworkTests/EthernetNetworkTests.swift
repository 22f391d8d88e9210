// SPDX-License-Identifier: MIT
import ESP32
import Foundation
import TestSupport
import Testing
import VirtualNetwork

/// The OpenCores MAC with libslirp behind it, driven through registers and descriptors as ESP-IDF's openeth
/// driver drives them. Every destination is the host's loopback (10.0.2.2) or our own DNS answers.
@Suite struct EthernetNetworkTests {
    @Test func registersAndThePHYResetAsQEMUModelsThem() throws {
        let bench = try NetworkBench()
        bench.write(NetworkBench.Register.mode, 0xA000 | 1 << 11)
        bench.write(NetworkBench.Register.mode, 0xA000)
        #expect(bench.read(NetworkBench.Register.mode) == 0xA000)
        #expect(bench.read(NetworkBench.Register.txDescriptorCount) == 0x40)
        #expect(bench.read(0x18) == 0x0040_0600)  // PACKETLEN
        #expect(bench.readPHY(0x02) == 0x2000 && bench.readPHY(0x03) == 0x5C90)  // DP83848 identifier
        #expect(bench.readPHY(0x01) == 0x786C)  // link up, autonegotiation complete
        #expect(bench.read(NetworkBench.Register.miiStatus) & 1 == 0)
        #expect(bench.readPHY(0x01, phy: 7) == 0xFFFF)  // nobody at address 7
        bench.machine.ethernet.isLinkUp = false
        #expect(bench.readPHY(0x01) == 0x7868)
        #expect(bench.read(NetworkBench.Register.miiStatus) & 1 == 1)  // LINKFAIL
        bench.write(NetworkBench.Register.txDescriptorCount, 0x81)
        #expect(bench.read(NetworkBench.Register.txDescriptorCount) == 0x40)  // values above 0x80 are ignored
    }

    @Test func aDHCPDiscoverGetsSlirpsOfferWithTheReceiveInterrupt() throws {
        let bench = try NetworkBench()
        bench.send(GuestFrames.dhcpDiscover(xid: 0xC0FF_EE01))
        #expect(bench.read(NetworkBench.Register.interruptSource) & 1 == 1)  // TXB
        let offer = try #require(bench.waitForFrame { IPv4Frame($0)?.ports?.source == 67 })
        let bootp = try #require(IPv4Frame(offer)?.udpPayload.map(Array.init))
        #expect(bootp[0] == 2 && Array(bootp[4..<8]) == [0xC0, 0xFF, 0xEE, 0x01])  // BOOTREPLY to our xid
        #expect(Array(bootp[16..<20]) == IPv4Address.guest.bytes)  // yiaddr 10.0.2.15
        let options = Array(bootp[240...])
        #expect(options.starts(with: [53, 1, 2]))  // DHCPOFFER
        let dnsOption: [UInt8] = [6, 4, 10, 0, 2, 3]
        #expect(options.indices.contains { Array(options[$0...].prefix(6)) == dnsOption }, "DNS 10.0.2.3: \(options)")
        #expect(bench.read(NetworkBench.Register.interruptSource) & 1 << 2 != 0)  // RXB
        #expect(bench.machine.matrix.isAsserted(source: InterruptMatrix.Source.ethernetMAC))
        bench.write(NetworkBench.Register.interruptSource, 0x1F)  // write 1 to clear
        #expect(bench.read(NetworkBench.Register.interruptSource) == 0)
        #expect(!bench.machine.matrix.isAsserted(source: InterruptMatrix.Source.ethernetMAC))
    }

    @Test func anARPRequestForTheGatewayIsAnswered() throws {
        let bench = try NetworkBench()
        bench.send(GuestFrames.arpRequest(for: .host))
        let reply = try #require(bench.waitForFrame { IPv4Frame.etherType(of: $0) == IPv4Frame.etherTypeARP })
        #expect(Array(reply[20..<22]) == [0, 2])  // ARP reply
        #expect(Array(reply[22..<28]) == GuestFrames.gatewayMAC)
        #expect(Array(reply[28..<32]) == IPv4Address.host.bytes)
        #expect(Array(reply[0..<6]) == GuestFrames.guestMAC)
    }

    @Test func aSYNTo10_0_2_2ReachesAListenerOnTheHostsLoopback() throws {
        let listener = try TCPListener()
        let bench = try NetworkBench()
        bench.send(GuestFrames.arpRequest(for: .host))
        bench.send(GuestFrames.tcp(to: .host, port: listener.port, from: 49152, flags: 0x02, sequence: 1000))
        let reply = try #require(bench.waitForFrame { GuestFrames.tcpFlags($0) != nil })
        #expect(GuestFrames.tcpFlags(reply) == 0x12, "SYN-ACK expected")
        #expect(IPv4Frame(reply)?.ports?.source == listener.port)
        #expect(listener.acceptsConnection(within: 2))
    }

    @Test func aHostForwardConnectionReachesTheGuest() throws {
        let port = try TCPClient.freePort()
        var options = try NetworkOptions(nic: "user,hostfwd=tcp::\(port)-:80")
        options.restrict = true  // forwards work in restricted mode too
        let bench = try NetworkBench(options)
        bench.send(GuestFrames.arpRequest(for: .host))  // slirp learns the guest's MAC
        bench.advance()
        let client = try TCPClient.connect(port: port, timeout: 2)
        defer { client.close() }
        let syn = try #require(bench.waitForFrame { GuestFrames.tcpFlags($0) == 0x02 })
        let packet = try #require(IPv4Frame(syn))
        #expect(packet.destination == .guest && packet.ports?.destination == 80)
    }

    @Test func theRestrictedGuestGetsNoHostConnection() throws {
        let listener = try TCPListener()
        let bench = try NetworkBench(try NetworkOptions(nic: "user,restrict=on"))
        bench.send(GuestFrames.arpRequest(for: .host))
        bench.send(GuestFrames.tcp(to: .host, port: listener.port, from: 49153, flags: 0x02, sequence: 7))
        bench.advance(milliseconds: 50, waiting: true)
        #expect(!listener.acceptsConnection(within: 0.3))
        let answers = bench.takeFrames().compactMap(GuestFrames.tcpFlags)
        #expect(!answers.contains(0x12), "no SYN-ACK: \(answers)")
    }

    @Test func trafficForAnyOtherAddressNeverReachesSlirp() throws {
        let bench = try NetworkBench()
        var diagnostics: [String] = []
        bench.network.onDiagnostic = { diagnostics.append($0) }
        bench.send(GuestFrames.tcp(to: IPv4Address(192, 0, 2, 1), port: 80, from: 49154, flags: 0x02, sequence: 1))
        bench.send(GuestFrames.tcp(to: IPv4Address(192, 0, 2, 1), port: 80, from: 49155, flags: 0x02, sequence: 1))
        bench.send(
            GuestFrames.tcp(to: .nameserver, port: 53, from: 49156, flags: 0x02, sequence: 1))  // DNS over TCP
        bench.advance(milliseconds: 20, waiting: true)
        #expect(bench.network.statistics.framesBlocked == 3)
        #expect(bench.takeFrames().isEmpty)
        #expect(
            diagnostics == [
                "blocked guest traffic: TCP to 192.0.2.1:80: the guest reaches only the host's loopback as 10.0.2.2 "
                    + "(--nic user,outside=on lifts this)",
                "blocked guest traffic: TCP to 10.0.2.3:53: 10.0.2.3 answers DNS and SNTP over UDP only",
            ])
    }

    /// Runt frames, broken IPv4 headers and random bytes: counted, reported, and never a host crash (slirp
    /// is built for hostile guests; what it does not see, our policy checks first).
    @Test func malformedGuestFramesAreCountedNotFatal() throws {
        let bench = try NetworkBench()
        var diagnostics: [String] = []
        bench.network.onDiagnostic = { diagnostics.append($0) }
        let runt = Array(GuestFrames.arpRequest(for: .host).prefix(10))
        bench.send(runt)  // the MAC pads it to 64 bytes (MODER.PAD): a frame of EtherType 0
        bench.network.sendFromGuest(runt)  // a backend fed directly still checks
        var badHeader = GuestFrames.tcp(to: .host, port: 80, from: 40000, flags: 0x02, sequence: 1)
        badHeader[14] = 0x4F  // IHL 60 bytes, longer than the packet
        bench.send(badHeader)
        #expect(bench.network.statistics.framesBlocked == 3)
        #expect(diagnostics.contains("blocked guest traffic: EtherType 0x0 (only IPv4 and ARP are routed)"))
        #expect(diagnostics.contains("blocked guest traffic: a frame of 10 bytes, shorter than an Ethernet header"))
        #expect(diagnostics.contains("blocked guest traffic: an IPv4 packet with a malformed header"))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var frame = (0..<Int.random(in: 5...1500, using: &generator)).map { _ in UInt8.random(in: 0...255) }
            if frame.count >= 14 {
                let type: [[UInt8]] = [[0x08, 0x00], [0x08, 0x06], [0x86, 0xDD], [frame[12], frame[13]]]
                frame.replaceSubrange(12..<14, with: type.randomElement()!)
            }
            if frame.count >= 34 && Bool.random() {
                frame[14] = 0x45
                frame.replaceSubrange(30..<34, with: IPv4Address.host.bytes)
            }
            bench.send(frame)
            bench.advance()
        }
        _ = bench.takeFrames()
        #expect(bench.network.statistics.framesFromGuest == 3003)
        #expect(diagnostics.count <= 100, "each distinct message once, at most 100")
    }

    @Test func dnsAnswersConfiguredNamesAndNXDOMAINOtherwise() throws {
        var options = NetworkOptions()
        try options.addDNSEntry("echo.test=10.0.2.2")
        let bench = try NetworkBench(options)
        bench.send(GuestFrames.dnsQuery("Echo.Test", id: 1))
        let known = try #require(bench.waitForDNSAnswer(id: 1))
        #expect(known[3] & 0xF == 0 && known[7] == 1, "NOERROR, one answer: \(known)")
        #expect(Array(known.suffix(4)) == [10, 0, 2, 2])
        bench.send(GuestFrames.dnsQuery("unknown.example", id: 2))
        let unknown = try #require(bench.waitForDNSAnswer(id: 2))
        #expect(unknown[3] & 0xF == 3 && unknown[7] == 0, "NXDOMAIN")
        bench.send(GuestFrames.dnsQuery("localhost", id: 3))
        #expect(try #require(bench.waitForDNSAnswer(id: 3)).suffix(4) == [127, 0, 0, 1])
        bench.send(GuestFrames.dnsQuery("echo.test", type: 28, id: 4))  // AAAA: the name exists, no record
        let ipv6 = try #require(bench.waitForDNSAnswer(id: 4))
        #expect(ipv6[3] & 0xF == 0 && ipv6[7] == 0)
        var payload = try #require(IPv4Frame(GuestFrames.dnsQuery("echo.test", id: 5))?.udpPayload.map(Array.init))
        payload.removeLast(6)  // the question cut short
        bench.send(
            PacketBuilder.udpFrame(
                from: GuestFrames.guestMAC, to: GuestFrames.gatewayMAC, source: .guest, sourcePort: 40000,
                destination: .nameserver, destinationPort: 53, payload: payload))
        #expect(try #require(bench.waitForDNSAnswer(id: 5))[3] & 0xF == 1, "FORMERR")
        #expect(bench.network.statistics.dnsAnswered == 3 && bench.network.statistics.dnsUnknownNames == 1)
    }

    /// 10.0.2.3:123 answers SNTP with `--time-epoch` plus the virtual time since power-on, echoing the client's
    /// transmit time as the origin; what is not a client request gets nothing.
    @Test func theTimeServerAnswersSNTPWithTheNetworksClock() throws {
        var options = NetworkOptions()
        options.timeEpoch = 1_767_225_600  // 2026-01-01
        let bench = try NetworkBench(options)
        bench.advance(milliseconds: 1500)
        var request = [UInt8](repeating: 0, count: 48)
        request[0] = 0x23  // version 4, client
        request.replaceSubrange(40..<48, with: [1, 2, 3, 4, 5, 6, 7, 8])
        func ask(_ payload: [UInt8]) {
            bench.send(
                PacketBuilder.udpFrame(
                    from: GuestFrames.guestMAC, to: GuestFrames.gatewayMAC, source: .guest, sourcePort: 40123,
                    destination: .nameserver, destinationPort: 123, payload: payload))
        }
        ask(request)
        let reply = try #require(
            bench.waitForFrame { IPv4Frame($0)?.ports?.source == 123 }.flatMap {
                IPv4Frame($0)?.udpPayload.map(Array.init)
            })
        #expect(reply.count == 48 && reply[0] == 0x24 && reply[1] == 1, "version 4, server, stratum 1")
        #expect(Array(reply[24..<32]) == [1, 2, 3, 4, 5, 6, 7, 8], "origin = the request's transmit time")
        let seconds = reply[40..<44].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(seconds - 2_208_988_800 == 1_767_225_601, "epoch + 1.5 virtual seconds, whole seconds")
        request[0] = 0x24  // a server's message: no answer
        ask(request)
        ask([0x23, 0, 0])  // too short: no answer
        bench.advance(milliseconds: 10)
        #expect(bench.takeFrames().allSatisfy { IPv4Frame($0)?.ports?.source != 123 })
        #expect(bench.network.statistics.timeAnswered == 1)
    }

    @Test func aFullReceiveRingRaisesBusyAndQueuedFramesArriveLater() throws {
        let bench = try NetworkBench(rxCount: 2)
        for id in 0..<10 { bench.send(GuestFrames.dnsQuery("localhost", id: UInt16(id))) }
        #expect(bench.read(NetworkBench.Register.interruptSource) & 1 << 4 != 0)  // BUSY
        #expect(bench.machine.ethernet.waitingFrameCount == 8)
        var ids: [Int] = []
        for _ in 0..<10 where ids.count < 10 {
            ids += bench.takeFrames().compactMap { frame in
                IPv4Frame(frame)?.udpPayload.map { Int($0[$0.startIndex]) << 8 | Int($0[$0.startIndex + 1]) }
            }
        }
        #expect(ids == Array(0..<10), "every answer, in order")
        #expect(bench.machine.ethernet.statistics.busyEvents >= 1)
        #expect(bench.machine.ethernet.statistics.framesDroppedQueueFull == 0)
    }

    @Test func theWaitQueueIsBounded() throws {
        let bench = try NetworkBench(rxCount: 2)
        let sent = OpenEthernet.receiveQueueLimit + 50
        for id in 0..<sent { bench.send(GuestFrames.dnsQuery("localhost", id: UInt16(id))) }
        #expect(bench.machine.ethernet.waitingFrameCount == OpenEthernet.receiveQueueLimit)
        #expect(bench.machine.ethernet.statistics.framesDroppedQueueFull == sent - 2 - OpenEthernet.receiveQueueLimit)
    }

    @Test func descriptorsOutsideRAMAreCountedAndReported() throws {
        let bench = try NetworkBench()
        var diagnostics: [String] = []
        bench.machine.ethernet.onDiagnostic = { diagnostics.append($0) }
        bench.descriptor(0, flags: 60 << 16 | 1 << 15 | 1 << 14 | 1 << 13, buffer: 0x1000_0000)
        #expect(bench.read(NetworkBench.Register.interruptSource) & 1 << 1 != 0)  // TXE
        #expect(bench.read(NetworkBench.Register.descriptors) & 1 << 15 == 0, "the descriptor is handed back")
        bench.descriptor(0, flags: 1 << 13, buffer: NetworkBench.txBuffer)
        bench.descriptor(1, flags: 1 << 15 | 1 << 14, buffer: 0x2000_0000)
        bench.send(GuestFrames.dnsQuery("localhost", id: 9))
        #expect(bench.read(NetworkBench.Register.interruptSource) & 1 << 3 != 0)  // RXE
        #expect(bench.machine.ethernet.statistics.descriptorErrors == 2)
        #expect(diagnostics.first == "EMAC: TX descriptor 0 points at 0x10000000 (60 bytes), outside RAM")
    }

    @Test func withTheLinkDownFramesGoNowhere() throws {
        let bench = try NetworkBench()
        bench.machine.ethernet.isLinkUp = false
        bench.send(GuestFrames.arpRequest(for: .host))
        #expect(bench.read(NetworkBench.Register.descriptors) & 1 == 1, "carrier sense lost")
        #expect(bench.network.statistics.framesFromGuest == 0)
        #expect(bench.machine.ethernet.statistics.framesSentWithoutLink == 1)
        bench.machine.ethernet.isLinkUp = true
        bench.send(GuestFrames.arpRequest(for: .host))
        #expect(bench.waitForFrame { IPv4Frame.etherType(of: $0) == IPv4Frame.etherTypeARP } != nil)
    }

    @Test func thePacketCaptureReadsInTshark() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("capture-\(getpid()).pcap").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = NetworkOptions()
        options.pcapPath = path
        let bench = try NetworkBench(options)
        bench.send(GuestFrames.arpRequest(for: .host))
        _ = bench.waitForFrame { IPv4Frame.etherType(of: $0) == IPv4Frame.etherTypeARP }
        bench.send(GuestFrames.dnsQuery("localhost", id: 77))
        _ = bench.waitForDNSAnswer(id: 77)
        bench.network.close()
        let result = try ProcessRunner.run(
            "/usr/bin/tshark", ["-r", path, "-T", "fields", "-e", "_ws.col.Protocol", "-e", "_ws.col.Info"],
            timeout: 60)
        #expect(result.status == 0, "\(result.combinedOutput)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(lines)")
        #expect(lines.first?.hasPrefix("ARP\tWho has 10.0.2.2? Tell 10.0.2.15") == true, "\(lines)")
        #expect(lines.last?.contains("DNS\tStandard query response 0x004d A localhost A 127.0.0.1") == true, "\(lines)")
    }
}
