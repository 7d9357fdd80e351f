import Airscript
import AirscriptMapping
import Foundation
import TestSupport
import XCTest

/// `airscript map` reads only what its mapping uses of each payload (`Mapping.recordDemand`): the
/// output records are the same as when every payload is read whole.
final class MappingProjectionTests: XCTestCase {
    /// Every sample mapping over its stream, and over every truncation of every line of it: the
    /// same output records with and without projection, for one and two threads.
    func testProjectionNeverChangesTheOutput() throws {
        let samples = MappingTests.samples
        for name in ["salesforce-lead", "zendesk-ticket", "stripe-invoice", "twilio-sms", "app-api-signup"] {
            let mapping = try Mapping.load(path: samples.appendingPathComponent("\(name).yaml").path)
            XCTAssertNotEqual(mapping.recordDemand, .all, "\(name) reads parts of its payloads")
            let stream = try String(contentsOf: samples.appendingPathComponent("streams/\(name).ndjson"), encoding: .utf8)
            var lines = stream.split(separator: "\n").map(String.init)
            for line in lines where line.count > 10 {
                for cut in stride(from: 1, to: line.count, by: max(1, line.count / 25)) { lines.append(String(line.prefix(cut))) }
            }
            let input = lines.joined(separator: "\n")
            let options = RunOptions(
                now: MappingTests.now, timeZone: mapping.definition.settings.timezone,
                locale: mapping.definition.settings.locale, region: mapping.definition.settings.defaultRegion)
            let whole = try map(mapping, input, options: options, projection: false, jobs: 1)
            XCTAssertEqual(whole.count, lines.count)
            for jobs in [1, 2] {
                XCTAssertEqual(try map(mapping, input, options: options, projection: true, jobs: jobs), whole, "\(name), \(jobs) jobs")
            }
        }
    }

    func map(_ mapping: Mapping, _ ndjson: String, options: RunOptions, projection: Bool, jobs: Int) throws -> [String] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-\(UUID().uuidString).ndjson")
        try Data(ndjson.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var runner = BatchRunner(processor: try RecordProcessor(mapping: mapping, options: options), jobs: jobs)
        runner.projection = projection
        runner.batchSize = 7
        var store = JourneyStore()
        var lines: [String] = []
        _ = runner.run(
            [.init(name: "in", handle: try FileHandle(forReadingFrom: url))], store: &store,
            emit: { _, line in lines.append(String(decoding: line, as: UTF8.self)) })
        return lines
    }
}
