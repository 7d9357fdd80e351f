import Airscript
import TestSupport
import XCTest

@testable import AirscriptMapping

final class OutputRecordTests: XCTestCase {
    /// The output record's NaN scan looks at every depth and kind, in place.
    func testNonFiniteNumbersAreFoundAtEveryDepth() {
        let currency: Value = .currency(CurrencyValue(amount: .nan, code: "USD", precision: 2))
        let cases: [(Value, Bool)] = [
            (.null, false), (1, false), (.number(.nan), true), (.number(-.infinity), true), ("NaN", false),
            (.list([]), false), (.list([1, .list([2, .list([.number(.infinity)])])]), true),
            (.object(["a": .object(["b": .list([1, 2])])]), false), (.object(["a": .object(["b": .number(.nan)])]), true),
            (currency, true), (.list([.object(["c": currency])]), true),
            (.currency(CurrencyValue(amount: 5, code: "USD", precision: 2)), false),
        ]
        for (value, expected) in cases {
            XCTAssertEqual(RecordProcessor.containsNonFinite(value), expected, JSONWriter.write(value))
        }
    }
}
