/// §2 Type tests: all accept NULL and always return a Boolean (TYPEOF a Text).
extension FunctionLibrary {
    static let typeTests: [BuiltinFunction] = [
        BuiltinFunction(
            ["ISEMPTY(value: Any) -> Boolean"], category: .typeTests,
            summary: "TRUE for NULL, \"\", [] and {}; FALSE for everything else.",
            propagatesNull: false
        ) { a, _ in .bool(a[0].isEmptyValue) },
        BuiltinFunction(
            ["ISNOTEMPTY(value: Any) -> Boolean"], category: .typeTests,
            summary: "The negation of ISEMPTY.",
            propagatesNull: false
        ) { a, _ in .bool(!a[0].isEmptyValue) },
        BuiltinFunction(
            ["ISNUMBER(value: Any) -> Boolean"], category: .typeTests,
            summary: "TRUE for any Number (NaN included); numeric Text is not a Number.",
            propagatesNull: false
        ) { a, _ in
            if case .number = a[0] { return .bool(true) }
            return .bool(false)
        },
        BuiltinFunction(
            ["ISSTRING(value: Any) -> Boolean"], category: .typeTests,
            summary: "TRUE for any Text.",
            propagatesNull: false
        ) { a, _ in
            if case .text = a[0] { return .bool(true) }
            return .bool(false)
        },
        BuiltinFunction(
            ["ISEMAIL(value: Any) -> Boolean"], category: .typeTests,
            summary: "TRUE when the value is Text shaped like an e-mail address (a format check only).",
            propagatesNull: false
        ) { a, _ in
            guard case .text(let s) = a[0] else { return .bool(false) }
            return .bool(EmailSyntax.isValid(s))
        },
        BuiltinFunction(
            ["ISEVEN(number: Number) -> Boolean"], category: .typeTests,
            summary: "TRUE when the number, truncated toward zero, is even."
        ) { a, call throws(RuntimeError) in
            .bool(try call.integer(a, 0) % 2 == 0)
        },
        BuiltinFunction(
            ["ISODD(number: Number) -> Boolean"], category: .typeTests,
            summary: "TRUE when the number, truncated toward zero, is odd."
        ) { a, call throws(RuntimeError) in
            .bool(try call.integer(a, 0) % 2 != 0)
        },
        BuiltinFunction(
            ["TYPEOF(value: Any) -> Text"], category: .typeTests,
            summary: "The kind of the value: Null, Boolean, Number, Text, List, Object, Date, Time, DateTime or Currency.",
            propagatesNull: false
        ) { a, _ in .text(a[0].kindName) },
    ]
}

/// ISEMAIL's rule (functions.md §2, D56): one `@`, a permissive local part, a dotted domain.
enum EmailSyntax {
    private static let localCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~.-".unicodeScalars)

    static func isValid(_ s: String) -> Bool {
        guard s.utf16.count <= 254 else { return false }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0], domain = parts[1]
        guard (1...64).contains(local.count), local.unicodeScalars.allSatisfy(localCharacters.contains),
            !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.count), !label.hasPrefix("-"), !label.hasSuffix("-"),
                label.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") })
            else { return false }
        }
        return labels.last!.count >= 2
    }
}
