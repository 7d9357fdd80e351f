/// Typing of calls through the function table's signatures (types.md §5.2).
extension Checker {
    mutating func callType(_ call: FunctionCall, _ e: Expr) -> StaticType {
        let span = e.span
        let argumentTypes = call.arguments.map { type(of: $0) }
        let function: BuiltinFunction
        switch resolution.callee(e) {
        case nil:
            return .any  // unknown, or the wrong number of arguments: the resolver reported it
        case .user(_, let udf)?:
            for (i, (parameter, argument)) in zip(udf.parameters, argumentTypes).enumerated() where !Checker.fits(argument, parameter.type) {
                report("E0304", "argument \(i + 1) of `\(udf.name)` must be \(parameter.type), found \(argument)", call.arguments[i].span)
            }
            return udf.returns
        case .builtin(let builtin)?:
            function = builtin
        }
        if function.form == .conditional { return conditionalType(call, argumentTypes) }
        if function.name == "MAX" || function.name == "MIN", call.arguments.count > 1, argumentTypes.contains(where: \.isListLike) {
            report(
                "W0405", "`\(function.name)` of a List mixed with other arguments always returns NULL", span,
                help: "pass one List, or several Numbers")
            return .null
        }
        let arity = call.arguments.count
        // Usually every overload takes this many arguments: then there is nothing to filter (or allocate).
        let overloads =
            function.overloads.allSatisfy { $0.accepts(arity) }
            ? function.overloads : function.overloads.filter { $0.accepts(arity) }
        let anyArgument = argumentTypes.contains(.any)
        var joined: StaticType? = nil
        var firstMismatch: (index: Int, overloadCount: Int)? = nil
        for overload in overloads {
            var bindings: [String: StaticType] = [:]
            var fits = true
            for (i, argument) in argumentTypes.enumerated() {
                guard let parameter = overload.parameter(for: i) else {
                    fits = false
                    break
                }
                if !Checker.fits(argument, parameter.type) {
                    fits = false
                    if firstMismatch == nil || i > firstMismatch!.index { firstMismatch = (i, overloads.count) }
                    break
                }
                Checker.bind(parameter.type, argument.nonNull, &bindings)
            }
            guard fits else { continue }
            let result = Checker.substitute(overload.result, bindings)
            joined = joined.map { $0.join(result) } ?? result
            // With a known argument the first fitting overload decides; with Any, all fitting ones count.
            if !anyArgument { break }
        }
        guard var result = joined else {
            let i = firstMismatch?.index ?? 0
            let accepted = overloads.compactMap { $0.parameter(for: i)?.type.description }
            report(
                "E0304",
                "argument \(i + 1) of `\(function.name)` must be \(Array(Set(accepted)).sorted().joined(separator: " or ")), found \(argumentTypes[i])",
                call.arguments[i].span, help: "signature: " + function.signatures.joined(separator: "; "))
            return .any
        }
        checkLiterals(function, call)
        // A nullable argument where NULL is not accepted: the function returns NULL (W0404).
        if function.propagatesNull, let overload = overloads.first {
            for (i, argument) in argumentTypes.enumerated() where argument.isNullable {
                guard let parameter = overload.parameter(for: i), !parameter.type.admitsNull, !parameter.isOptional else { continue }
                report("W0404", "argument may be NULL; \(function.name) returns NULL", call.arguments[i].span)
                result = result.nullable
                break
            }
            if argumentTypes.prefix(function.minArguments).contains(.null) { result = result.nullable }
        }
        for (i, argument) in argumentTypes.enumerated() where argument.nonNull == .text {
            if let parameter = overloads.first?.parameter(for: i), parameter.type.nonNull == .phone, function.name == "FORMAT_PHONE" {
                // A literal that parses as a phone already (it has its country code) is certain to work.
                if case .text(let literal) = call.arguments[i].kind, (try? PhoneNumbers.parse(literal, region: nil)) != nil { continue }
                report("W0419", "Text used where Phone is expected; it will be parsed as a phone number at run time", call.arguments[i].span)
            }
        }
        return result
    }

    /// Whether an argument of type `a` can be passed where `p` is expected.
    package static func fits(_ a: StaticType, _ p: StaticType) -> Bool {
        switch a {
        case .any, .never, .null: return true
        default: break
        }
        let arg = a.nonNull
        switch p {
        case .any, .variable: return true
        case .optional(let inner): return fits(arg, inner)
        case .union(let options): return options.contains { fits(arg, $0) }
        case .email, .phone, .literals: return arg.isSubtype(of: .text)
        case .list(let e):
            guard case .list(let x) = arg else { return false }
            return fits(x, e)
        case .dict(let v):
            if case .dict(let x) = arg { return fits(x, v) }
            if case .record(let r) = arg { return r.fields.values.allSatisfy { fits($0.type, v) } }
            return arg == .object
        case .object: return arg.isObjectLike
        case .asset, .detailedAsset: return arg.isObjectLike
        default: return arg.isSubtype(of: p)
        }
    }

    /// Binds type variables by matching a parameter type against an argument type.
    static func bind(_ p: StaticType, _ a: StaticType, _ bindings: inout [String: StaticType]) {
        switch (p, a) {
        case (.variable(let name), _):
            bindings[name] = bindings[name].map { $0.join(a) } ?? a
        case (.list(let pe), .list(let ae)):
            if case .union(let options) = pe {
                // List<List<T> | T>: each element is a list of T, or a T.
                let variable = options.first { if case .variable = $0 { return true } else { return false } }
                if case .list(let inner) = ae.nonNull,
                    let listOption = options.first(where: { if case .list = $0 { return true } else { return false } }),
                    case .list(let pv) = listOption
                {
                    bind(pv, inner, &bindings)
                    // A NULL element is not a list: it is kept as it is (found by fuzzing).
                    if ae.admitsNull, let variable { bind(variable, .null, &bindings) }
                } else if let variable {
                    bind(variable, ae, &bindings)
                }
            } else {
                bind(pe, ae, &bindings)
            }
        case (.optional(let inner), _): bind(inner, a, &bindings)
        case (.dict(let pv), .dict(let av)): bind(pv, av, &bindings)
        default: break
        }
    }

    static func substitute(_ t: StaticType, _ bindings: [String: StaticType]) -> StaticType {
        switch t {
        case .variable(let name): return bindings[name] ?? .any
        case .list(let e): return .list(substitute(e, bindings))
        case .dict(let v): return .dict(substitute(v, bindings))
        case .optional(let inner): return substitute(inner, bindings).nullable
        case .union(let options): return options.map { substitute($0, bindings) }.reduce(StaticType.never) { $0.join($1) }
        default: return t
        }
    }

    /// IF(c1, v1, …, else): the join of the values; nullable without an else.
    mutating func conditionalType(_ call: FunctionCall, _ types: [StaticType]) -> StaticType {
        var result = StaticType.never
        var k = 0
        while k + 1 < types.count {
            result = result.join(types[k + 1])
            k += 2
        }
        if k < types.count { return result.join(types[k]) }
        return result.nullable
    }

    /// Literal arguments of closed sets are validated now (E0308): units, zones, formats.
    mutating func checkLiterals(_ function: BuiltinFunction, _ call: FunctionCall) {
        guard let overload = function.overloads.first(where: { $0.accepts(call.arguments.count) }) else { return }
        for (i, argument) in call.arguments.enumerated() {
            guard case .text(let literal) = argument.kind, let parameter = overload.parameter(for: i) else { continue }
            switch parameter.type.nonNull {
            case .literals(let values)
            where parameter.name == "unit" || parameter.name == "format" && function.name == "FORMAT_PHONE"
                || parameter.name == "side" || parameter.name == "encoding":
                let caseInsensitive = function.name == "FORMAT_PHONE" || parameter.name == "side" || parameter.name == "encoding"
                let extra = parameter.name == "side" ? ["left", "right"] : []
                let ok = (values + extra).contains { caseInsensitive ? $0.lowercased() == literal.lowercased() : $0 == literal }
                if !ok {
                    let what = parameter.name == "unit" ? "time unit" : parameter.name == "format" ? "phone format" : parameter.name
                    let suggestion =
                        parameter.name == "unit" ? TimeUnit.suggestion(for: literal) : nearestNames(to: literal, among: values, limit: 1).first
                    report(
                        "E0308", "invalid \(what) `\(literal)`; expected one of \(values.map { "\"\($0)\"" }.joined(separator: ", "))",
                        argument.span, help: suggestion.map { "did you mean \"\($0)\"?" })
                }
            default:
                if parameter.name == "timeZone", TimeZones.canonicalName(literal == "Z" ? "UTC" : literal) == nil {
                    report(
                        "E0308", "invalid time zone `\(literal)`; expected an IANA name such as \"America/New_York\"", argument.span,
                        help: didYouMean(
                            nearestNames(
                                to: literal,
                                among: [
                                    "UTC", "America/New_York", "America/Los_Angeles",
                                    "America/Chicago", "Europe/London", "Europe/Berlin",
                                ], limit: 1)))
                }
                if function.name == "FORMAT_NUMBER" && parameter.name == "format" {
                    do throws(D3Format.InvalidSpecifier) {
                        _ = try D3Format(literal)
                    } catch {
                        report(
                            "E0308", "invalid d3-format specifier `\(literal)`: \(error.reason)", argument.span,
                            help: "for example \",.2f\", \".0%\", \"$,\"")
                    }
                }
            }
        }
    }
}
