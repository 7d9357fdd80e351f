import Airscript
import Foundation

/// A Salesforce Outbound Message (serve.md §3): the SOAP `notifications` call a workflow rule
/// sends, read by namespace URI (never by prefix), every field Text, `xsi:nil="true"` NULL. Each
/// notification becomes one payload, `{organizationId, actionId, notificationId, result}`, whose
/// `result` reads as Airkit's Salesforce payloads do (the `sf:` prefix gone, the object's type in
/// `attributes.type`).
public struct OutboundMessage: Sendable, Equatable {
    /// One notification: its id (the delivery key) and the payload the mapping sees.
    public struct Notification: Sendable, Equatable {
        /// The notification's `Id`.
        public var id: String
        /// `{organizationId, actionId, notificationId, result}`.
        public var payload: Value
    }

    /// The sending organization.
    public var organizationId: String
    /// The workflow action.
    public var actionId: String
    /// The notifications, in order (Salesforce sends up to 100).
    public var notifications: [Notification]

    static let outbound = "http://soap.sforce.com/2005/09/outbound"
    static let instance = "http://www.w3.org/2001/XMLSchema-instance"
    /// Deeper than any sObject Salesforce sends (fields, and related records in them).
    static let maxDepth = 32
    static let maxNotifications = 100

    /// Why a body is not an outbound message: 400.
    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, without the body's content.
        public var reason: String
        public var description: String { reason }
    }

    /// Reads a SOAP body.
    public static func parse(_ bytes: [UInt8]) throws(Malformed) -> OutboundMessage {
        // Salesforce sends UTF-8; anything else is refused, a declared encoding too.
        guard String(validating: bytes, as: UTF8.self) != nil else { throw Malformed(reason: "the body is not UTF-8") }
        if let declaration = declaredEncoding(bytes), !["utf-8", "utf8"].contains(declaration.lowercased()) {
            throw Malformed(reason: "the body declares encoding `\(declaration)`; outbound messages are UTF-8")
        }
        var reader = Reader()
        var events = XMLEvents(bytes, maxDepth: maxDepth)
        do {
            while let event = try events.next() { try reader.take(event) }
        } catch {
            throw Malformed(reason: error.reason)
        }
        guard reader.sawNotifications else { throw Malformed(reason: "no `notifications` element of \(outbound)") }
        guard let organizationId = reader.fields["OrganizationId"] else { throw Malformed(reason: "no `OrganizationId`") }
        let actionId = reader.fields["ActionId"] ?? ""
        let notifications = reader.notifications.map { n in
            var result = n.fields
            result["attributes"] = .object(["type": n.type.map(Value.text) ?? .null])
            let payload: Value.Object = [
                "organizationId": .text(organizationId), "actionId": .text(actionId), "notificationId": .text(n.id),
                "result": .object(result),
            ]
            return Notification(id: n.id, payload: .object(payload))
        }
        return OutboundMessage(organizationId: organizationId, actionId: actionId, notifications: notifications)
    }

    /// The `encoding` of an XML declaration at the start of the body, if any.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(200), as: UTF8.self)
        guard head.hasPrefix("<?xml"), let end = head.range(of: "?>") else { return nil }
        let declaration = head[..<end.lowerBound]
        guard let at = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[at.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote })
    }

    /// The acknowledgement Salesforce waits for (200, text/xml).
    public static let acknowledgement = Array(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>\
        <notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse>\
        </soapenv:Body></soapenv:Envelope>
        """.utf8)

    /// A SOAP fault (500): Salesforce retries the message.
    public static func fault(_ reason: String) -> [UInt8] {
        let escaped = reason.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return Array(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>\
            <faultcode>soapenv:Server</faultcode><faultstring>\(escaped)</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>
            """.utf8)
    }

    /// Follows the events: the message's own fields, then each `Notification` and its `sObject`.
    struct Reader {
        struct Parsed {
            var id = ""
            var type: String?
            var fields = Value.Object()
        }

        /// An element being read inside the sObject: its name, its text, its children.
        struct Open {
            var name: String
            var text = ""
            var children = Value.Object()
            var isNil = false
        }

        var sawNotifications = false
        var fields: [String: String] = [:]
        var notifications: [Parsed] = []
        private var text = ""
        private var current: Parsed?
        private var sObject: [Open] = []
        private var inSObject = false

        mutating func take(_ event: XMLEvents.Event) throws(XMLEvents.Malformed) {
            switch event {
            case .start(let name, let attributes): start(name, attributes)
            case .text(let string):
                if inSObject, !sObject.isEmpty { sObject[sObject.count - 1].text += string } else { text += string }
            case .end(let name): end(name)
            }
            if notifications.count > OutboundMessage.maxNotifications {
                throw XMLEvents.Malformed(reason: "more than \(OutboundMessage.maxNotifications) notifications")
            }
        }

        mutating func start(_ name: XMLEvents.Name, _ attributes: [XMLEvents.Attribute]) {
            text = ""
            if inSObject {
                sObject.append(Open(name: name.local, isNil: Reader.isNil(attributes)))
                return
            }
            guard name.uri == OutboundMessage.outbound else { return }
            switch name.local {
            case "notifications": sawNotifications = true
            case "Notification": current = Parsed()
            case "sObject" where current != nil:
                inSObject = true
                // `xsi:type="sf:Lead"`: the type without its prefix.
                let type = attributes.first { $0.name == XMLEvents.Name(uri: OutboundMessage.instance, local: "type") }?.value
                current?.type = type.map { String($0.split(separator: ":").last ?? Substring($0)) }
            default: break
            }
        }

        mutating func end(_ name: XMLEvents.Name) {
            if inSObject {
                guard let open = sObject.popLast() else {
                    // The sObject itself ends.
                    inSObject = false
                    return
                }
                let value: Value = open.isNil ? .null : open.children.isEmpty ? .text(open.text) : .object(open.children)
                if sObject.isEmpty { current?.fields[open.name] = value } else { sObject[sObject.count - 1].children[open.name] = value }
                return
            }
            guard name.uri == OutboundMessage.outbound else { return }
            switch name.local {
            case "Notification":
                if let current { notifications.append(current) }
                current = nil
            case "Id" where current != nil:
                current?.id = text.trimmingCharacters(in: .whitespacesAndNewlines)
            case "OrganizationId", "ActionId", "SessionId", "EnterpriseUrl",
                "PartnerUrl" where current == nil:
                fields[name.local] = text.trimmingCharacters(in: .whitespacesAndNewlines)
            default:
                break
            }
        }

        static func isNil(_ attributes: [XMLEvents.Attribute]) -> Bool {
            attributes.contains { $0.name == XMLEvents.Name(uri: OutboundMessage.instance, local: "nil") && $0.value == "true" }
        }
    }
}
