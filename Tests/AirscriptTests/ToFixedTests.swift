import XCTest

@testable import Airscript

/// JavaScript's `toFixed` (Values/ExactDecimal): the quick path in doubles must agree with the exact
/// expansion wherever it answers, and leave ties to the exact path.
final class ToFixedTests: XCTestCase {
    func testTheTable() {
        let table: [(Double, Int, String)] = [
            (0, 0, "0"), (0, 2, "0.00"), (1.005, 2, "1.00"), (1.045, 2, "1.04"), (2.5, 0, "3"), (0.5, 0, "1"),
            (1.5, 0, "2"), (0.125, 2, "0.13"), (10.235, 2, "10.23"), (5.3, 1, "5.3"), (0.000001, 7, "0.0000010"),
            (123.456, 0, "123"), (999.995, 2, "1000.00"), (0.05, 1, "0.1"), (1e20, 2, "100000000000000000000.00"),
            (1e21, 2, "1e+21"), (4_503_599_627_370_495.5, 1, "4503599627370495.5"), (0.1, 20, "0.10000000000000000555"),
        ]
        for (x, p, expected) in table {
            XCTAssertEqual(JavaScriptNumber.toFixed(x, p), expected, "(\(x)).toFixed(\(p))")
        }
    }

    func testTheQuickPathAgreesWithTheExactOne() {
        var generator = SeededGenerator(seed: 20_261_205)
        var answered = 0
        for round in 0..<40_000 {
            let p = round % 16
            let magnitude = Double.random(in: -8...14, using: &generator)
            var x = (pow(10, magnitude) * Double.random(in: 0.5...1, using: &generator))
            // Every fourth value a short decimal (a price, a percentage): the ties live there.
            if round % 4 == 0 { x = (x * 1000).rounded() / 1000 }
            guard let quick = JavaScriptNumber.toFixedFar(fromTies: x, p) else { continue }
            answered += 1
            XCTAssertEqual(quick, JavaScriptNumber.toFixedExactly(x, p), "(\(x)).toFixed(\(p))")
        }
        XCTAssertGreaterThan(answered, 20_000, "the quick path should answer most values")
        // Exact ties (in binary) are never the quick path's.
        for (x, p) in [(0.5, 0), (2.5, 0), (0.125, 2), (0.375, 2), (1.5, 0)] {
            XCTAssertNil(JavaScriptNumber.toFixedFar(fromTies: x, p), "(\(x)).toFixed(\(p))")
        }
    }
}
