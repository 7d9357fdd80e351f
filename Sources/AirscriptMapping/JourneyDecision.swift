import Airscript

/// The journey behaviours (mapping.md §3.3, §4): what one journey of a record does to the store.
extension RecordProcessor {
    /// Decides journey `k` against the store and makes its changes (which `commit` takes back if
    /// the record fails). A failure marks the record failed and changes nothing more.
    func decide(journey k: Int, of prepared: inout PreparedRecord, store: inout JourneyStore, now: String) {
        let definition = mapping.definition
        // Taken out and put back, not copied: a copy would retain each of its values.
        var j = PreparedJourney()
        swap(&j, &prepared.journeys[k])
        defer { swap(&j, &prepared.journeys[k]) }
        if let error = j.identifierError {
            fail(&j, &prepared, error)
            return
        }
        let match = j.identifier.flatMap { store.match(definition.identifierType, $0) }
        if j.identifier == nil && definition.behavior != .start {
            let consequence = definition.behavior == .lookup ? "finds no journey" : "starts a journey without one"
            prepared.diagnostics.append(
                RecordProcessor.plainDiagnostic(
                    "M0305", "no identifier (NULL or empty); behaviour `\(definition.behavior.rawValue)` \(consequence)", severity: .warning,
                    slot: .identifier))
        }
        var startNew = false
        var newIdentifier = j.identifier
        switch (definition.behavior, match) {
        case (.start, let m?):
            startNew = true
            newIdentifier = nil
            prepared.diagnostics.append(
                RecordProcessor.plainDiagnostic(
                    "M0306", "identifier `\(j.identifier!)` is already held by journey \(store[m].id); the new journey was started without it",
                    severity: .warning, slot: .identifier))
        case (.start, nil), (.replace, nil), (.abort, nil):
            startNew = true
        case (.replace, let m?):
            startNew = true
            j.replacedJourneyID = store[m].id
        case (.abort, let m?):
            j.outcome = .aborted
            j.matchedJourneyID = store[m].id
        case (.lookup, let m?):
            j.outcome = .resumed
            j.journeyID = store[m].id
            j.delivered = true
        case (.lookup, nil):
            if definition.onNoMatchStart { startNew = true } else { j.outcome = .noMatch }
        }
        // The slots this outcome needs must have succeeded; otherwise nothing is committed.
        if startNew, case .failure(let d)? = j.startParameters {
            fail(&j, &prepared, d)
            return
        }
        if startNew || j.delivered, case .failure(let d)? = j.eventPayload {
            fail(&j, &prepared, d)
            return
        }
        if startNew {
            if j.replacedJourneyID != nil, let m = match {
                store.end(m, reason: "replaced", now: now)
                j.outcome = .replaced
            } else {
                j.outcome = .started
            }
            let assignable = definition.identifierType == .text ? newIdentifier : nil
            let phone = definition.identifierType == .phone ? newIdentifier : nil
            let index = store.create(
                identifier: assignable, phone: phone, now: now, mapping: definition.name, seed: options.seed,
                file: prepared.record.file, line: prepared.record.line)
            j.journeyID = store[index].id
            j.started = true
            j.delivered = true
            if case .success(let v)? = j.startParameters { j.startValue = v }
            store.deliverEvent(index)
        } else if j.outcome == .resumed, let m = match {
            store.deliverEvent(m)
        }
        if j.delivered, case .success(let v)? = j.eventPayload { j.eventValue = v }
    }

    /// The journey failed, and with it the record. In multiple-journeys mode the diagnostic names
    /// the element (`"element": 2`): the same slot fails differently for each.
    private func fail(_ j: inout PreparedJourney, _ prepared: inout PreparedRecord, _ d: MappingDiagnostic) {
        var diagnostic = RecordProcessor.json(d)
        if let index = j.index, case .object(var fields) = diagnostic {
            fields["element"] = .number(Double(index))
            diagnostic = .object(fields)
        }
        prepared.diagnostics.append(diagnostic)
        prepared.failed = true
        j.outcome = .error
    }
}
