import Airscript

/// Where an expression stands in a mapping (mapping.md §2, §5): what its diagnostics name, and the
/// random stream its evaluations draw RANDOM and UUID from.
public enum Slot: Hashable, Sendable, CustomStringConvertible {
    case validationInput(position: Int, name: String)
    case validation
    case multiple
    case identifier
    case startParameters
    case eventPayload
    case status
    /// The name expression of a header in the list form.
    case headerName(position: Int)
    /// The value of a header: in the list form (`name` nil) or the map form (`name` its key).
    case headerValue(position: Int, name: String?)
    case body
    case function(name: String)
    /// `source.dedupe`: a delivery's key under `serve`.
    case dedupe
    /// `source.when`: whether `serve` maps a delivery at all.
    case when

    /// The slot a user names on the command line (`identifier`, `response.status` or `status`,
    /// `response.headers` for a header value, `validation`…); nil for no slot's name.
    package init?(named name: String) {
        switch name {
        case "validation", "validation.expression": self = .validation
        case "multiple", "journey.multiple": self = .multiple
        case "identifier", "journey.identifier": self = .identifier
        case "startParameters", "journey.startParameters": self = .startParameters
        case "eventPayload", "journey.eventPayload": self = .eventPayload
        case "status", "response.status": self = .status
        case "headers", "response.headers": self = .headerValue(position: 0, name: nil)
        case "body", "response.body": self = .body
        case "dedupe", "source.dedupe": self = .dedupe
        case "when", "source.when": self = .when
        default:
            guard name.hasPrefix("validation.inputs.") else { return nil }
            self = .validationInput(position: 0, name: String(name.dropFirst("validation.inputs.".count)))
        }
    }

    /// The slot names `init(named:)` takes, for messages.
    package static let names = [
        "validation.inputs.NAME", "validation", "multiple", "identifier", "startParameters", "eventPayload", "response.status",
        "response.headers", "response.body", "source.dedupe", "source.when",
    ]

    /// The slot as messages and output records name it: `response.status`, `response.headers[1].value`.
    public var description: String {
        switch self {
        case .validationInput(_, let name): "validation.inputs.\(name)"
        case .validation: "validation.expression"
        case .multiple: "multiple"
        case .identifier: "identifier"
        case .startParameters: "startParameters"
        case .eventPayload: "eventPayload"
        case .status: "response.status"
        case .headerName(let position): "response.headers[\(position)].name"
        case .headerValue(let position, nil): "response.headers[\(position)].value"
        case .headerValue(_, let name?): "response.headers.\(name)"
        case .body: "response.body"
        case .function(let name): "function \(name)"
        case .dedupe: "source.dedupe"
        case .when: "source.when"
        }
    }

    /// The random stream of one evaluation of this slot, for the journey of element `element` in
    /// multiple-journeys mode (nil otherwise): distinct for every slot and element, so no two
    /// evaluations of a record see the same RANDOM or UUID (§6.3). The slot's kind, its position and
    /// the element are packed side by side (8, 24 and 32 bits): no two of them share a number.
    func stream(element: Int?) -> UInt64 {
        let kind: UInt64, position: Int
        switch self {
        case .validationInput(let k, _): (kind, position) = (1, k)
        case .validation: (kind, position) = (2, 0)
        case .multiple: (kind, position) = (3, 0)
        case .identifier: (kind, position) = (4, 0)
        case .startParameters: (kind, position) = (5, 0)
        case .eventPayload: (kind, position) = (6, 0)
        case .status: (kind, position) = (7, 0)
        case .headerName(let k): (kind, position) = (8, k)
        case .headerValue(let k, _): (kind, position) = (9, k)
        case .body: (kind, position) = (10, 0)
        case .function: (kind, position) = (11, 0)
        case .dedupe: (kind, position) = (12, 0)
        case .when: (kind, position) = (13, 0)
        }
        // Positions are below 2^24 (a mapping file has far fewer headers) and elements below 2^32 - 1
        // (a list that long exceeds any collection limit).
        return (kind << 56) | ((UInt64(truncatingIfNeeded: position) & 0xFF_FFFF) << 32) | Slot.elementBits(element)
    }

    /// The low 32 bits of a stream: 0 without an element, the element's number plus one with one.
    static func elementBits(_ element: Int?) -> UInt64 {
        UInt64(truncatingIfNeeded: (element ?? -1) + 1) & 0xFFFF_FFFF
    }
}

/// What happened to a record, or to one journey of it (mapping.md §4).
public enum Outcome: String, Sendable, CaseIterable {
    case started, replaced, aborted, resumed
    case noMatch = "no-match"
    case invalid, multiple, error
}

/// The roots every slot's program is compiled with, in their fixed order (mapping.md §2): a slot
/// that may not read one has it declared unavailable (E0307). The order is this enumeration's.
enum MappingRoot: Int, CaseIterable {
    case payload, connection, isValid, metadata, item, index, items, request

    var name: String {
        switch self {
        case .payload: "payload"
        case .connection: "connection"
        case .isValid: "isValid"
        case .metadata: "metadata"
        case .item: "item"
        case .index: "index"
        case .items: "items"
        case .request: "request"
        }
    }
}

/// The values of the roots for one evaluation, by name rather than by position.
struct SlotRoots: Sendable {
    private(set) var values = [Value](repeating: .null, count: MappingRoot.allCases.count)

    subscript(root: MappingRoot) -> Value {
        get { values[root.rawValue] }
        set { values[root.rawValue] = newValue }
    }
}
