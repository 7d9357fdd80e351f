import Airscript
import AirscriptMapping
import Foundation

extension DeliveryPipeline {
    /// A Salesforce Outbound Message (serve.md §3, §10): each notification mapped in order, in a
    /// transaction of its own, keyed by its `Id`; the `Ack` when every one was processed (or was a
    /// duplicate, or was filtered out), a SOAP fault (500) otherwise, so that Salesforce retries.
    func answerOutboundMessage(
        _ request: ReceivedRequest, _ served: ServedMapping, _ delivery: Delivery, access: AccessRecord
    ) async
        -> ServeResponse
    {
        var access = access
        let message: OutboundMessage
        do throws(OutboundMessage.Malformed) {
            message = try OutboundMessage.parse(request.body)
        } catch {
            return .problem(400, "M0201", detail: "not a Salesforce outbound message: \(error.reason)", instance: request.path, access: access)
        }
        if let organization = served.mapping.definition.serve.verify?.organizationId, organization != message.organizationId {
            return .problem(
                403, "S0405", detail: "organization \(message.organizationId) is not allowed", instance: request.path, access: access)
        }
        // The envelope of the request without its SOAP body, which the reader above has read.
        var headers = request
        headers.body = []
        let requestRoot = Self.requestRoot((try? RequestEnvelope.build(headers).envelope) ?? .null, claims: .null)
        var failures: [String] = []
        var duplicates = 0
        for (index, notification) in message.notifications.enumerated() {
            let record = self.record(served, delivery, payload: notification.payload, request: requestRoot, line: index + 1)
            let answer = await map(record, served, delivery, access: access, notification: (notification.id, index))
            access.outcome = answer.access.outcome
            access.journeyID = answer.access.journeyID ?? access.journeyID
            if answer.access.duplicate { duplicates += 1 }
            if answer.status >= 500 || answer.status == 409 {
                failures.append("\(notification.id): \(answer.access.code ?? String(answer.status))")
            }
        }
        access.duplicate = duplicates > 0 && duplicates == message.notifications.count
        if failures.isEmpty {
            return ServeResponse(
                status: 200, headers: [("Content-Type", "text/xml; charset=utf-8")], body: OutboundMessage.acknowledgement, access: access)
        }
        access.code = "S0500"
        return ServeResponse(
            status: 500, headers: [("Content-Type", "text/xml; charset=utf-8")],
            body: OutboundMessage.fault("not processed: " + failures.joined(separator: "; ")), access: access)
    }
}
