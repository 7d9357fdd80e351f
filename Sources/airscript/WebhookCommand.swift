import Airscript
import AirscriptServe
import ArgumentParser
import Foundation

/// `airscript webhook sign`: the headers a provider would send with a body (serve.md §10), so that a
/// signed delivery can be sent with curl.
struct WebhookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Helpers for senders of webhooks.",
        subcommands: [Sign.self]
    )

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the headers a provider would send with the body in FILE, signed now.",
            discussion: """
                One `Name: value` line per header, as `curl -H @FILE` reads them. The secret is named, never written: `env:NAME` or `file:PATH`. For Twilio with a body that is not a form, the URL to send to gains `bodySHA256`: it is printed on standard error.

                Example:
                  GH_SECRET=s3cr3t airscript webhook sign --scheme github --secret env:GH_SECRET body.json > headers.txt
                  curl -H @headers.txt -H 'Content-Type: application/json' --data-binary @body.json http://127.0.0.1:8080/subscriptions/gh
                """
        )

        @Option(help: ArgumentHelp("standard-webhooks, stripe, github, twilio, zendesk, shopify, slack.", valueName: "NAME"))
        var scheme: String

        @Option(help: ArgumentHelp("The secret, as `env:NAME` or `file:PATH`.", valueName: "REF"))
        var secret: String

        @Option(help: ArgumentHelp("The public URL the delivery is sent to (Twilio signs it).", valueName: "URL"))
        var url: String = ""

        @Option(help: ArgumentHelp("The delivery's id, where the scheme sends one (default: a new one).", valueName: "ID"))
        var id: String?

        @Option(help: ArgumentHelp("Sign at this instant instead of now (ISO 8601).", valueName: "ISO-8601"))
        var now: String?

        @Argument(help: "The body to sign (`-`: standard input).")
        var file: String

        func validate() throws {
            guard let scheme = SignatureScheme(rawValue: scheme), scheme != .none else {
                let names = SignatureScheme.allCases.filter { $0 != .none }.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("unknown scheme '\(scheme)'; use one of \(names)")
            }
            if let now, ISO8601Instant.parse(now, zone: "UTC") == nil {
                throw ValidationError("cannot read --now '\(now)'; use ISO 8601 such as 2024-05-02T17:21:09Z")
            }
        }

        func run() throws {
            let resolved: String
            do {
                resolved = try SecretReference.resolve(secret, key: "--secret")
            } catch {
                printError("error[\(error.code)]: \(error.message)")
                throw Status.usage
            }
            let body = try Inputs.read(file)
            let instant = now.flatMap { ISO8601Instant.parse($0, zone: "UTC") }.map { $0 / 1000 } ?? Date().timeIntervalSince1970
            let signed =
                id.map { WebhookSigner.sign(body, scheme: SignatureScheme(rawValue: scheme)!, secret: resolved, url: url, now: instant, id: $0) }
                ?? WebhookSigner.sign(body, scheme: SignatureScheme(rawValue: scheme)!, secret: resolved, url: url, now: instant)
            print(signed.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n"))
            if signed.url != url { printError("send to: \(signed.url)") }
        }
    }
}
