import Airscript
import AirscriptServe
import Foundation
import XCTest

/// Salesforce Outbound Messages read as serve.md §3 and §10 say: by namespace URI, every field
/// Text, `xsi:nil` NULL, one payload per notification.
final class OutboundMessageTests: XCTestCase {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples/payloads/salesforce-outbound-message.xml")

    func testTheDocumentedEnvelope() throws {
        let message = try OutboundMessage.parse(Array(try Data(contentsOf: Self.sample)))
        XCTAssertEqual(message.organizationId, "00D5e000000AbCdEAK")
        XCTAssertEqual(message.actionId, "04k5e000000XyZaAAK")
        XCTAssertEqual(message.notifications.map(\.id), ["04l5e000003Lq1mAAC", "04l5e000003Lq1nAAC"])
        let first = message.notifications[0].payload
        XCTAssertEqual(first.member("notificationId"), .text("04l5e000003Lq1mAAC"))
        XCTAssertEqual(first.member("organizationId"), .text("00D5e000000AbCdEAK"))
        let result = first.member("result")
        XCTAssertEqual(result.member("FirstName"), .text("Dana"))
        XCTAssertEqual(result.member("Rating"), .null, "xsi:nil is NULL")
        XCTAssertEqual(result.member("attributes").member("type"), .text("Lead"))
        XCTAssertEqual(message.notifications[1].payload.member("result").member("Rating"), .text("Hot"))
        // The payload the sample mapping was written against is the first notification's.
        let sample = try JSONReader.read(
            Array(try Data(contentsOf: Self.sample.deletingLastPathComponent().appendingPathComponent("salesforce-outbound-lead.json"))))
        XCTAssertEqual(first, sample)
    }

    func testPrefixesDoNotMatterNamespacesDo() throws {
        let body = """
            <e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
             <e:Body><o:notifications xmlns:o="http://soap.sforce.com/2005/09/outbound">
              <o:OrganizationId>00D1</o:OrganizationId><o:ActionId>04k1</o:ActionId>
              <o:Notification><o:Id>04l1</o:Id>
               <o:sObject i:type="x:Contact" xmlns:x="urn:sobject.enterprise.soap.sforce.com">
                <x:Id>003A</x:Id><x:Owner><x:Name>Kim</x:Name></x:Owner><x:Title i:nil="true"/><x:Note>a &amp; b</x:Note>
               </o:sObject></o:Notification>
             </o:notifications></e:Body></e:Envelope>
            """
        let message = try OutboundMessage.parse(Array(body.utf8))
        let result = message.notifications[0].payload.member("result")
        XCTAssertEqual(result.member("attributes").member("type"), .text("Contact"))
        XCTAssertEqual(result.member("Owner").member("Name"), .text("Kim"), "a related record is an object")
        XCTAssertEqual(result.member("Title"), .null)
        XCTAssertEqual(result.member("Note"), .text("a & b"))
        // The same element names in another namespace are not an outbound message.
        let foreign = body.replacingOccurrences(of: "http://soap.sforce.com/2005/09/outbound", with: "urn:other")
        XCTAssertThrowsError(try OutboundMessage.parse(Array(foreign.utf8)))
    }

    func testWhatIsRefused() {
        let cases: [(String, String)] = [
            ("", "empty"),
            ("<a>", "not well-formed"),
            // Found by fuzz-soap: FoundationXML trapped on an element name that is not UTF-8.
            ("<noti\u{FFFD}fications xmlns='http://soap.sforce.com/2005/09/outbound'/>", "replacement character is fine"),
            ("<?xml version='1.0' encoding='ISO-8859-1'?><notifications xmlns='http://soap.sforce.com/2005/09/outbound'/>", "latin-1"),
            ("<notifications xmlns='http://soap.sforce.com/2005/09/outbound'/>", "no OrganizationId"),
            (
                "<notifications xmlns='http://soap.sforce.com/2005/09/outbound'><OrganizationId>1</OrganizationId>"
                    + String(repeating: "<Notification><Id>x</Id></Notification>", count: 101) + "</notifications>",
                "more than 100 notifications"
            ),
            (
                "<notifications xmlns='http://soap.sforce.com/2005/09/outbound'><OrganizationId>1</OrganizationId><Notification><Id>x</Id><sObject>"
                    + String(repeating: "<a>", count: 40) + String(repeating: "</a>", count: 40) + "</sObject></Notification></notifications>",
                "too deep"
            ),
            (
                "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                    + "<notifications xmlns='http://soap.sforce.com/2005/09/outbound'><OrganizationId>&x;</OrganizationId></notifications>",
                "external entity"
            ),
        ]
        for (body, name) in cases {
            do {
                let message = try OutboundMessage.parse(Array(body.utf8))
                // An external entity is never read: at most it is empty.
                XCTAssertFalse(message.organizationId.contains("root:"), name)
                XCTAssertEqual(name, "external entity", "\(name) was accepted")
            } catch {
                XCTAssertFalse(error.reason.isEmpty, name)
            }
        }
    }

    /// What fuzz-soap found FoundationXML crashing on, now read by our own reader: refused.
    func testTheFuzzersFindingsAreRefused() {
        let findings: [[UInt8]] = [
            Array("<?xmlencodin-?>p.".utf8),  // a processing instruction without data, then text
            Array("<noti".utf8) + [0xFF] + Array("ications xmlns='http://soap.sforce.com/2005/09/outbound'/>".utf8),
        ]
        for bytes in findings { XCTAssertThrowsError(try OutboundMessage.parse(bytes)) }
    }

    func testBytesThatAreNotUTF8AreRefusedBeforeParsing() throws {
        var body = Array("<notifications xmlns='http://soap.sforce.com/2005/09/outbound'><OrganizationId>1</OrganizationId></notifications>".utf8)
        body[5] = 0xFF
        XCTAssertThrowsError(try OutboundMessage.parse(body)) { error in
            XCTAssertEqual((error as? OutboundMessage.Malformed)?.reason, "the body is not UTF-8")
        }
    }

    func testTheAckAndTheFaultAreSOAP() {
        let ack = String(decoding: OutboundMessage.acknowledgement, as: UTF8.self)
        XCTAssertTrue(ack.contains("<Ack>true</Ack>"))
        XCTAssertTrue(ack.contains("http://soap.sforce.com/2005/09/outbound"))
        let fault = String(decoding: OutboundMessage.fault("a <b> & c"), as: UTF8.self)
        XCTAssertTrue(fault.contains("<faultstring>a &lt;b&gt; &amp; c</faultstring>"), fault)
    }
}
