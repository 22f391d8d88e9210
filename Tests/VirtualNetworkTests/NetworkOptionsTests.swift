// SPDX-License-Identifier: MIT
import Testing
import VirtualNetwork

/// The `--nic` and `--dns` spellings, QEMU's where QEMU has one.
@Suite struct NetworkOptionsTests {
    @Test func qemuSpellingsParse() throws {
        let options = try NetworkOptions(
            nic: "user,model=open_eth,id=lo0,hostfwd=tcp:127.0.0.1:8080-:80,hostfwd=udp::5353-10.0.2.15:53,restrict=on")
        #expect(options.backend == .user && options.restrict && !options.allowsOutside)
        #expect(
            options.hostForwards.map(\.description) == [
                "tcp:127.0.0.1:8080-10.0.2.15:80", "udp:127.0.0.1:5353-10.0.2.15:53",
            ])
        #expect(try NetworkOptions(nic: "user,hostfwd=::2222-:22").hostForwards.first?.hostPort == 2222)
        #expect(try NetworkOptions(nic: "none").backend == .none)
        #expect(try NetworkOptions(nic: "user,outside=on").allowsOutside)
        #expect(try NetworkOptions(nic: "user").restrict == false, "QEMU's default")
    }

    @Test func badSpellingsSayWhatIsWrong() {
        let cases: [(String, String)] = [
            ("tap,ifname=tap0", "the network is 'user' (slirp) or 'none'"),
            ("none,restrict=on", "--nic none takes no options"),
            ("user,restrict", "'restrict' is not KEY=VALUE"),
            ("user,restrict=perhaps", "expected on or off"),
            ("user,model=e1000", "the ESP32's emulated MAC is open_eth"),
            ("user,hostfwd=tcp::0-:80", "hostfwd=tcp::0-:80"),
            ("user,hostfwd=tcp::80", "hostfwd=tcp::80"),
            ("user,hostfwd=sctp::80-:80", "hostfwd=sctp::80-:80"),
            ("user,hostfwd=tcp:example.com:80-:80", "hostfwd=tcp:example.com:80-:80"),
            ("user,smb=/tmp", "unknown option 'smb'"),
        ]
        for (text, message) in cases {
            #expect(throws: NetworkOptions.ParseError.self, "\(text)") { try NetworkOptions(nic: text) }
            do { _ = try NetworkOptions(nic: text) } catch {
                #expect(error.description.contains(message), "\(text): \(error)")
            }
        }
    }

    @Test func dnsEntriesAreNameEqualsIPv4() throws {
        var options = NetworkOptions()
        try options.addDNSEntry("echo.local=10.0.2.2")
        try options.addDNSEntry("ws-server=10.0.2.2")
        #expect(options.dnsEntries.map(\.name) == ["echo.local", "ws-server"])
        for bad in ["echo.local", "=10.0.2.2", "a..b=10.0.2.2", "x=10.0.2.256", "x=10.0.2", "bad name=1.2.3.4"] {
            #expect(throws: NetworkOptions.ParseError.self, "\(bad)") { try options.addDNSEntry(bad) }
        }
    }
}
