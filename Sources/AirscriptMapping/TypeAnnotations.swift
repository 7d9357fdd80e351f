import Airscript
import OrderedCollections

/// `payload.types` (mapping.md §5.3): replaces the inferred type at a path below `payload`.
/// Paths are dot-separated keys, `[]` for list elements, quoted segments for odd keys:
/// `body.contacts[].phone`, `header."x-request-id"`.
package enum TypeAnnotations {
    public enum Segment: Equatable, Sendable {
        case key(String)
        case elements
    }

    /// The segments of `path`, or nil when it is malformed: an empty path, a `[` that does not open
    /// `[]`, or a quoted key without its closing quote.
    static func segments(_ path: String) -> [Segment]? {
        var result: [Segment] = []
        var chars = Substring(path)
        while !chars.isEmpty {
            if chars.hasPrefix(".") {
                // A dot separates two segments: none at the start, none doubled, none at the end.
                chars = chars.dropFirst()
                guard !result.isEmpty, let next = chars.first, next != ".", next != "[" else { return nil }
                continue
            }
            if chars.hasPrefix("[]") {
                result.append(.elements)
                chars = chars.dropFirst(2)
                continue
            }
            if chars.first == "\"" {
                let rest = chars.dropFirst()
                guard let end = rest.firstIndex(of: "\"") else { return nil }
                result.append(.key(String(rest[..<end])))
                chars = rest[rest.index(after: end)...]
                continue
            }
            let key = chars.prefix { $0 != "." && $0 != "[" }
            // Every pass must consume input: a lone `[` is not a path.
            guard !key.isEmpty else { return nil }
            result.append(.key(String(key)))
            chars = chars.dropFirst(key.count)
        }
        return result.isEmpty ? nil : result
    }

    /// The type with `replacement` at `path` (fields are added where the sample lacks them).
    static func apply(_ replacement: StaticType, at path: ArraySlice<Segment>, in t: StaticType) -> StaticType {
        guard let first = path.first else { return replacement }
        let rest = path.dropFirst()
        switch (first, t) {
        case (.elements, .list(let e)): return .list(apply(replacement, at: rest, in: e))
        case (.elements, .optional(let inner)): return apply(replacement, at: path, in: inner).nullable
        case (.elements, _): return .list(apply(replacement, at: rest, in: .any))
        case (.key(let k), .record(var r)):
            let existing = r.fields[k]
            r.fields[k] = StaticType.Field(apply(replacement, at: rest, in: existing?.type ?? .any), optional: existing?.isOptional ?? false)
            return .record(r)
        case (.key, .optional(let inner)): return apply(replacement, at: path, in: inner).nullable
        case (.key(let k), _):
            return .record(StaticType.Record(fields: [k: StaticType.Field(apply(replacement, at: rest, in: .any))], isOpen: true))
        }
    }

    /// Closes every record of a sample-derived type (`payload.closed: true`).
    static func closed(_ t: StaticType) -> StaticType {
        switch t {
        case .record(var r):
            r.isOpen = false
            for (k, f) in r.fields { r.fields[k] = StaticType.Field(closed(f.type), optional: f.isOptional) }
            return .record(r)
        case .list(let e): return .list(closed(e))
        case .optional(let inner): return closed(inner).nullable
        default: return t
        }
    }
}
