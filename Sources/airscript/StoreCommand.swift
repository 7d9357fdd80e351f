import Airscript
import AirscriptMapping
import ArgumentParser
import Foundation

/// `airscript store`: look into a durable journey store, move it, prune it, check it (store.md §3).
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Inspect and maintain a journey store (sqlite:PATH or postgres://…).",
        discussion: """
            A store is named by its URL, as `map --store` takes it: `sqlite:PATH` (relative to the working directory) or `postgres://USER@HOST:PORT/DB` (`?host=/socket/folder`, `?sslmode=disable|prefer|require`; the password from PGPASSWORD or `?password=env:NAME`, never in the URL). Listings take --format text (the default) or json.

            Exit statuses: 0 done, 1 `check` found violations or `import` was refused (the store holds journeys), 64 usage error, 65 not an airscript store (or one written by a newer airscript), 66 the store does not exist (only `import` makes one) or the file to import cannot be read, 69 the store is unavailable.

            Examples:
              airscript store journeys sqlite:journeys.sqlite --active
              airscript store show sqlite:journeys.sqlite 3f6b2d0e-8c41-4a7e-9f12-6d5e4c3b2a10
              airscript store export sqlite:journeys.sqlite -o backup.json
              airscript store import sqlite:copy.sqlite backup.json
              airscript store prune sqlite:journeys.sqlite --deliveries-older-than 7d
              airscript store check sqlite:journeys.sqlite
            """,
        subcommands: [
            Export.self, Import.self, Journeys.self, Show.self, Deliveries.self, Prune.self, Check.self,
        ]
    )

    /// How listings are printed.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the whole store as a state file (version 2): journeys, their events, the sequence, the seed.")

        @Argument(help: "The store's URL.") var url: String

        @Option(name: [.long, .customShort("o")], help: ArgumentHelp("Write to FILE (atomically) instead of standard output.", valueName: "FILE"))
        var output: String?

        @Flag(help: "Include the delivery rows.") var deliveries = false

        func run() throws {
            let store = try StoreOpening.administered(url, for: "store export")
            let snapshot = try StoreOpening.attempt { () throws(StoreError) in try store.snapshot(deliveries: deliveries) }
            let bytes = snapshot.stateBytes(version: 2)
            guard let output else {
                FileHandle.standardOutput.write(Data(bytes))
                return
            }
            do {
                try FileDestination.check(output).write(Data(bytes))
            } catch {
                printError("error: cannot write `\(output)`: \(error.reason)")
                throw Status.cannotWrite
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill an empty store from a state file (version 1 or 2), exactly.",
            discussion:
                "A store that already holds journeys is refused (exit 1). Two active holders of one identifier or phone in the file: the first keeps it (warning M0403)."
        )

        @Argument(help: "The store's URL.") var url: String
        @Argument(help: "The state file (`-`: standard input).") var file: String

        func run() throws {
            let bytes = try Inputs.read(file)
            let snapshot: StoreSnapshot
            do {
                snapshot = try StoreSnapshot(json: bytes)
            } catch {
                printError("error[M0401]: cannot read state file `\(file)`: \(error)")
                throw Status.dataError
            }
            let store = try StoreOpening.administered(url, seed: snapshot.seed, create: true, for: "store import")
            let warnings = try StoreOpening.attempt { () throws(StoreError) in try store.restore(snapshot) }
            for warning in warnings { printError("warning[M0403]: \(warning)") }
            printError("imported \(snapshot.journeys.count) journeys and \(snapshot.events.count) events into `\(store.location)`")
        }
    }

    struct Journeys: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List journeys, in creation order.")

        @Argument(help: "The store's URL.") var url: String
        @Flag(help: "Only active journeys.") var active = false
        @Option(help: ArgumentHelp("Only journeys with this Text identifier.", valueName: "X")) var identifier: String?
        @Option(help: ArgumentHelp("Only journeys with this phone (E.164).", valueName: "P")) var phone: String?
        @Option(help: ArgumentHelp("Only journeys started by this mapping.", valueName: "M")) var mapping: String?
        @Option(help: "text or json.") var format: Format = .text

        func run() throws {
            let store = try StoreOpening.administered(url, for: "store journeys")
            var filter = JourneyFilter()
            filter.activeOnly = active
            filter.identifier = identifier
            filter.phone = phone
            filter.mapping = mapping
            let journeys = try StoreOpening.attempt { () throws(StoreError) in try store.journeys(matching: filter) }
            switch format {
            case .json:
                for journey in journeys { StoreListing.printJSON(.object(StoreSnapshot.value(of: journey))) }
            case .text:
                StoreListing.printTable(
                    ["ID", "STATUS", "IDENTIFIER", "CREATED", "ENDED", "EVENTS", "MAPPING"],
                    journeys.map {
                        [
                            $0.id, $0.status, $0.identifier ?? $0.phone ?? "-", $0.createdAt ?? "-",
                            $0.endedAt ?? "-", String($0.events), $0.mapping ?? "-",
                        ]
                    })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a journey and its events in order.")

        @Argument(help: "The store's URL.") var url: String
        @Argument(help: "The journey's session id.") var journeyID: String
        @Option(help: "text or json.") var format: Format = .text

        func run() throws {
            let store = try StoreOpening.administered(url, for: "store show")
            guard let (journey, events) = try StoreOpening.attempt({ () throws(StoreError) in try store.journey(id: journeyID) }) else {
                printError("error: store `\(store.location)` has no journey `\(journeyID)`")
                throw Status.runtimeError
            }
            var fields = StoreSnapshot.value(of: journey)
            fields["history"] = .list(events.map(StoreSnapshot.value(of:)))
            let value = Value.object(fields)
            switch format {
            case .json: StoreListing.printJSON(value)
            case .text:
                var bytes: [UInt8] = []
                JSONWriter.write(value, into: &bytes, pretty: true)
                bytes.append(0x0A)
                FileHandle.standardOutput.write(Data(bytes))
            }
        }
    }

    struct Deliveries: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List delivery rows, oldest first.")

        @Argument(help: "The store's URL.") var url: String
        @Option(help: ArgumentHelp("Only this mapping's.", valueName: "M")) var mapping: String?
        @Option(help: ArgumentHelp("Only those first seen within DURATION (30s, 15m, 6h, 7d).", valueName: "DURATION"))
        var since: StoreDuration?
        @Option(help: "text or json.") var format: Format = .text

        func run() throws {
            let store = try StoreOpening.administered(url, for: "store deliveries")
            let cutoff = since.map { Date().timeIntervalSince1970 - $0.seconds }
            let rows = try StoreOpening.attempt { () throws(StoreError) in try store.deliveryLog(mapping: mapping, since: cutoff) }
            switch format {
            case .json:
                for (row, seen) in rows {
                    StoreListing.printJSON(
                        .object([
                            "mapping": .text(row.mapping), "key": .text(row.key), "firstSeen": .text(ISO8601Instant.format(seen * 1000)),
                            "outcome": .text(row.outcome), "status": row.status.map { .number(Double($0)) } ?? .null,
                            "journeyId": row.journeyID.map(Value.text) ?? .null,
                        ]))
                }
            case .text:
                StoreListing.printTable(
                    ["FIRST SEEN", "MAPPING", "KEY", "OUTCOME", "STATUS", "JOURNEY"],
                    rows.map { row, seen in
                        [
                            ISO8601Instant.format(seen * 1000), row.mapping, row.key, row.outcome, row.status.map(String.init) ?? "-",
                            row.journeyID ?? "-",
                        ]
                    })
            }
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove old delivery rows, and ended journeys with their events.",
            discussion:
                "Active journeys are never pruned. A journey's end is its context instant (what `map --now` said), compared with the wall clock.")

        @Argument(help: "The store's URL.") var url: String
        @Option(help: ArgumentHelp("Delivery rows first seen longer ago than DURATION.", valueName: "DURATION"))
        var deliveriesOlderThan: StoreDuration?
        @Option(help: ArgumentHelp("Journeys ended longer ago than DURATION.", valueName: "DURATION"))
        var endedOlderThan: StoreDuration?

        func validate() throws {
            if deliveriesOlderThan == nil && endedOlderThan == nil {
                throw ValidationError("say what to prune: --deliveries-older-than, --ended-older-than, or both")
            }
        }

        func run() throws {
            let store = try StoreOpening.administered(url, for: "store prune")
            let now = Date().timeIntervalSince1970
            let removed = try StoreOpening.attempt { () throws(StoreError) in
                try store.prune(
                    deliveriesBefore: deliveriesOlderThan.map { now - $0.seconds },
                    endedBefore: endedOlderThan.map { ISO8601Instant.format((now - $0.seconds) * 1000) })
            }
            printError("pruned \(removed.deliveries) delivery rows and \(removed.journeys) ended journeys from `\(store.location)`")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Verify the store's invariants: one active holder per identifier and phone, events of existing journeys, the sequence above every journey's number.",
            discussion: "Exit 0 when they hold; 1 and one line per violation when not.")

        @Argument(help: "The store's URL.") var url: String

        func run() throws {
            let store = try StoreOpening.administered(url, for: "store check")
            let violations = try StoreOpening.attempt { () throws(StoreError) in try store.violations() }
            for violation in violations { print("violation: \(violation)") }
            if !violations.isEmpty { throw Status.runtimeError }
            printError("store `\(store.location)`: the invariants hold")
        }
    }
}

/// A duration as the store commands take it: `<integer>(s|m|h|d)` (store.md §6).
struct StoreDuration: ExpressibleByArgument {
    var seconds: Double

    init?(argument: String) {
        guard let unit = argument.last, let count = Int(argument.dropLast()), count >= 0 else { return nil }
        switch unit {
        case "s": seconds = Double(count)
        case "m": seconds = Double(count) * 60
        case "h": seconds = Double(count) * 3600
        case "d": seconds = Double(count) * 86400
        default: return nil
        }
    }
}

/// How the store commands print what they list.
enum StoreListing {
    static func printJSON(_ value: Value) {
        var bytes: [UInt8] = []
        JSONWriter.write(value, into: &bytes)
        bytes.append(0x0A)
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Columns padded to their widest cell.
    static func printTable(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        var text = ""
        for row in all {
            let cells = row.enumerated().map { k, cell in k == row.count - 1 ? cell : cell.padding(toLength: widths[k], withPad: " ", startingAt: 0) }
            text += cells.joined(separator: "  ") + "\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

extension StoreOpening {
    /// Runs a store operation; its failure is printed and becomes the exit status.
    static func attempt<T>(_ operation: () throws(StoreError) -> T) throws -> T {
        do throws(StoreError) {
            return try operation()
        } catch {
            throw report(error)
        }
    }
}
