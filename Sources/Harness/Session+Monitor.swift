// SPDX-License-Identifier: MIT
import ESP32
import Foundation
import VirtualNetwork

/// The monitor: commands for a running session from outside the guest (the CLI's `--monitor` socket, or
/// `monitorCommand` called directly), in the spirit of QEMU's monitor.
extension Session {
    static let monitorHelp = """
        link up | link down      plug the Ethernet cable in or pull it out (QEMU: set_link NAME on|off)
        info network             the link, frame counts, DNS answers and slirp's connections
        help                     this list
        """

    /// Ends every answer on the monitor socket, so that a client knows where it ends (QEMU's is "(qemu) ").
    public static let monitorPrompt = "(esp32emu) "

    /// Runs one monitor command and returns its answer.
    public func monitorCommand(_ line: String) -> String {
        var words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        // QEMU's spelling, set_link NAME on|off (there is one NIC, so NAME is not checked).
        if words.count == 3, words[0] == "set_link", let state = ["on": "up", "off": "down"][words[2]] {
            words = ["link", state]
        }
        switch words {
        case []: return ""
        case ["help"]: return Session.monitorHelp
        case ["link", "up"]: return changeLink(up: true)
        case ["link", "down"]: return changeLink(up: false)
        case ["info", "network"]: return networkReport
        default: return "unknown command '\(line)' (help lists the commands)"
        }
    }

    private func changeLink(up: Bool) -> String {
        guard network != nil else { return "no network (--nic none)" }
        setLink(up: up)
        return "link \(up ? "up" : "down")"
    }

    private var networkReport: String {
        guard let network else { return "no network (--nic none)" }
        let mac = machine.ethernet.statistics, net = network.statistics
        return """
            link \(machine.ethernet.isLinkUp ? "up" : "down")
            MAC: \(mac.framesSent) frames sent, \(mac.framesReceived) received, \(mac.busyEvents) busy, \
            \(machine.ethernet.waitingFrameCount) waiting, \(mac.framesDroppedQueueFull) dropped (queue full), \
            \(mac.descriptorErrors) descriptor errors
            network: \(net.framesFromGuest) frames from the guest, \(net.framesToGuest) to it, \
            \(net.framesBlocked) blocked; DNS \(net.dnsAnswered) answered, \(net.dnsUnknownNames) unknown, \
            \(net.dnsMalformed) malformed; SNTP \(net.timeAnswered) answered
            \(network.connectionInfo)
            """
    }

    /// Executes the complete lines that arrived on `monitorInput`.
    func serviceMonitor() {
        pendingMonitorBytes += monitorInput.drain()
        while let newline = pendingMonitorBytes.firstIndex(of: 0x0A) {
            let line = String(decoding: pendingMonitorBytes[..<newline], as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            pendingMonitorBytes.removeFirst(newline + 1)
            let answer = monitorCommand(line)
            onMonitorReply((answer.isEmpty ? "" : answer + "\n") + Session.monitorPrompt)
        }
    }
}
