// SPDX-License-Identifier: MIT
import ArgumentParser

/// Where a UART's bytes go on the host (`--uart0 stdio|tcp:PORT[,nowait]|file:PATH|none`).
enum UARTEndpoint: Equatable, ExpressibleByArgument {
    /// Output to stdout, input from stdin.
    case stdio
    /// A TCP server on 127.0.0.1; unless `waits` is false the run starts once a client has connected.
    case tcp(port: UInt16, waits: Bool)
    /// Output written to a file (created or truncated); no input.
    case file(String)
    /// Output discarded; no input.
    case none

    init?(argument: String) {
        switch argument {
        case "stdio": self = .stdio
        case "none": self = .none
        case _ where argument.hasPrefix("file:") && argument.count > 5:
            self = .file(String(argument.dropFirst(5)))
        case _ where argument.hasPrefix("tcp:"):
            let parts = argument.dropFirst(4).split(separator: ",", omittingEmptySubsequences: false)
            guard let port = UInt16(parts[0]), parts.count <= 2, parts.count == 1 || parts[1] == "nowait" else {
                return nil
            }
            self = .tcp(port: port, waits: parts.count == 1)
        default: return nil
        }
    }

    static var defaultCompletionKind: CompletionKind { .list(["stdio", "none", "tcp:", "file:"]) }
}
