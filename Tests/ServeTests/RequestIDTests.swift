import Testing

@testable import AirscriptServe

/// Request ids (Delivery/RequestID): random version-4 UUIDs, lowercase, as `X-Request-Id` carries them.
@Suite struct RequestIDTests {
    @Test(arguments: [
        (UInt64(0), UInt64(0), "00000000-0000-4000-8000-000000000000"),
        (UInt64.max, UInt64.max, "ffffffff-ffff-4fff-bfff-ffffffffffff"),
        (0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210, "01234567-89ab-4def-bedc-ba9876543210"),
    ])
    func bitsAreWrittenWithTheVersionAndVariant(high: UInt64, low: UInt64, expected: String) {
        #expect(RequestID.format(high: high, low: low) == expected)
    }

    @Test func everyIdIsAnotherVersionFourUUID() {
        let ids = (0..<1000).map { _ in RequestID.random() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let groups = id.split(separator: "-").map(\.count)
            #expect(groups == [8, 4, 4, 4, 12], "\(id)")
            #expect(id.allSatisfy { "0123456789abcdef-".contains($0) }, "\(id)")
            #expect(Array(id)[14] == "4", "\(id)")
            #expect("89ab".contains(Array(id)[19]), "\(id)")
        }
    }
}
