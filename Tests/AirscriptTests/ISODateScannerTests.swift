import Foundation
import XCTest

@testable import Airscript

/// The ISO 8601 reader (Library/ISODateScanner) against the regular expressions it replaced, on
/// random texts made of the characters dates are made of: the same texts accepted, the same fields.
final class ISODateScannerTests: XCTestCase {
    /// The four forms and the time alone, as they were written with ICU's regular expressions, but
    /// with ASCII digits: ICU's `\d` also took other scripts' digits, which then read as no number
    /// at all (a year of "200٣" became the current year); the scanner refuses them.
    static let zone = #"(Z|z|[+-]\d{2}(?::?\d{2})?)?"#
    static let time = #"(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?"#
    static let forms = [
        #"^([+-]?\d{4,6})-(\d{2})-(\d{2})(?:[T ]"# + time + ")?" + zone + "$",
        #"^([+-]?\d{4,6})-(\d{2})()$"#,
        #"^([+-]?\d{4})()()$"#,
        #"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(?:(\d{2})(?:[.,](\d{1,9}))?)?)?"# + zone + "$",
    ].map { try! NSRegularExpression(pattern: asciiDigits($0)) }
    static let timeAlone = try! NSRegularExpression(pattern: asciiDigits("^" + time + zone + "$"))

    static func asciiDigits(_ pattern: String) -> String { pattern.replacingOccurrences(of: #"\d"#, with: "[0-9]") }

    /// The fields the regular expressions find, in the scanner's order, or nil.
    static func expected(_ text: String, timeOnly: Bool) -> [String?]? {
        func groups(_ regex: NSRegularExpression) -> [String?]? {
            guard let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
            return (1..<m.numberOfRanges).map { i in
                guard let r = Range(m.range(at: i), in: text), !r.isEmpty else { return nil }
                return String(text[r])
            }
        }
        for (k, form) in forms.enumerated() {
            guard let g = groups(form) else { continue }
            return k == 0 || k == 3 ? g : [g[0], g[1], g[2], nil, nil, nil, nil, nil]
        }
        guard timeOnly, let g = groups(timeAlone) else { return nil }
        return [nil, nil, nil] + g
    }

    static func found(_ text: String, timeOnly: Bool) -> [String?]? {
        guard let f = ISODateScanner.scan(Substring(text), timeOnly: timeOnly) else { return nil }
        return [f.year, f.month, f.day, f.hour, f.minute, f.second, f.fraction, f.zone].map { $0.map { String(Substring($0)) } }
    }

    func testRandomTextsReadAsTheRegularExpressionsReadThem() {
        var generator = SeededGenerator(seed: 8_601)
        let alphabet: [String] = Array("0123456789").map(String.init) + ["-", "+", ":", "T", " ", "Z", "z", ".", ",", "t", "é", "٣", "\n"]
        // Most texts start as dates so that every form is reached; the rest are free.
        let starts = ["2007-01-09T09:41:00", "20070109T0941", "+002007-01", "2007", "09:41:07.5", ""]
        var accepted = 0
        for round in 0..<30_000 {
            var text = starts[round % starts.count]
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                let cut = Int.random(in: 0...text.count, using: &generator)
                let index = text.index(text.startIndex, offsetBy: cut)
                if Bool.random(using: &generator), index < text.endIndex {
                    text.remove(at: index)
                } else {
                    text.insert(contentsOf: alphabet.randomElement(using: &generator)!, at: index)
                }
            }
            for timeOnly in [false, true] {
                let expected = Self.expected(text, timeOnly: timeOnly)
                XCTAssertEqual(Self.found(text, timeOnly: timeOnly), expected, "\(text.debugDescription) timeOnly: \(timeOnly)")
                if expected != nil { accepted += 1 }
            }
        }
        XCTAssertGreaterThan(accepted, 10_000, "most texts should still be dates")
    }
}
