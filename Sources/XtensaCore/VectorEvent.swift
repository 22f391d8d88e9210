// SPDX-License-Identifier: MIT

/// An exception or interrupt the core is about to take, as reported to `Core.onVectorTaken`.
public enum VectorEvent: Sendable, CustomStringConvertible {
    /// A general exception; `address` is what EXCVADDR receives (meaningful for memory faults).
    case exception(cause: ExceptionCause, pc: UInt32, address: UInt32, isDouble: Bool)
    /// An interrupt at `level`; `pending` holds the enabled, pending interrupts that caused it.
    case interrupt(level: UInt32, pending: UInt32, pc: UInt32)

    public var description: String {
        switch self {
        case .exception(let cause, let pc, let address, let isDouble):
            "\(isDouble ? "double exception" : "exception") \(cause.name) (\(cause.rawValue)) at PC \(pc.hexWord)"
                + (cause.recordsAddress ? ", EXCVADDR \(address.hexWord)" : "")
        case .interrupt(let level, let pending, let pc):
            "interrupt level \(level) (pending \(pending.hexWord)) at PC \(pc.hexWord)"
        }
    }
}
