import Airscript
import AirscriptMapping
import Foundation

/// The language server (lsp.md): the protocol's lifecycle, the open documents, and the requests,
/// each answered from the document's analysis. Every message is handled in order on one serial
/// queue; the checks that feed `publishDiagnostics` run there too, after a short debounce, and a
/// newer change to the document cancels a check not yet started.
package final class LanguageServer: @unchecked Sendable {
    /// Where framed messages go (standard output, or a test's buffer).
    private let output: @Sendable ([UInt8]) -> Void
    /// Called once, with the exit status, when the session ends (`exit`, or the client vanished).
    private let finish: @Sendable (Int32) -> Void
    /// How long after the last change a document is checked.
    package let debounce: DispatchTimeInterval

    private let queue = DispatchQueue(label: "airscript.lsp")
    // State below is touched on `queue` only, but for `cancelled` (under `lock`: the reader marks
    // a request cancelled while the queue may be busy with it).
    private var documents: [String: OpenDocument] = [:]
    private var checkGeneration: [String: Int] = [:]
    private var encoding = PositionEncoding.utf16
    private var initialized = false
    private var shuttingDown = false
    private var finished = false
    private let lock = NSLock()
    private var cancelled: Set<String> = []

    package init(
        debounce: DispatchTimeInterval = .milliseconds(15), output: @escaping @Sendable ([UInt8]) -> Void,
        finish: @escaping @Sendable (Int32) -> Void
    ) {
        self.debounce = debounce
        self.output = output
        self.finish = finish
    }

    // MARK: Receiving

    /// Takes one framed message's body, from any thread.
    package func receive(_ body: [UInt8]) {
        let message = JSONRPC.decode(body)
        if case .notification("$/cancelRequest", let params) = message {
            lock.withLock { _ = cancelled.insert(LanguageServer.key(params.member("id"))) }
            return
        }
        queue.async { self.handle(message) }
    }

    /// The input ended without `exit` (the client vanished): the session ends, with status 1
    /// unless `shutdown` came first.
    package func inputEnded() {
        queue.async { self.end(self.shuttingDown ? 0 : 1) }
    }

    /// Runs `body` after every message received so far has been handled (tests wait on it).
    package func drain(_ body: @escaping @Sendable () -> Void) {
        queue.async(execute: body)
    }

    private func end(_ status: Int32) {
        guard !finished else { return }
        finished = true
        finish(status)
    }

    private static func key(_ id: Value) -> String { JSONWriter.write(id) }

    private func handle(_ message: JSONRPC.Incoming) {
        guard !finished else { return }
        switch message {
        case .request(let id, let method, let params):
            let wasCancelled = lock.withLock { cancelled.remove(LanguageServer.key(id)) != nil }
            if wasCancelled { return send(JSONRPC.error(id: id, code: .requestCancelled, message: "cancelled")) }
            respond(id: id, method: method, params: params)
        case .notification(let method, let params):
            notify(method, params)
        case .response:
            break
        case .invalid(let id, let code, let message):
            send(JSONRPC.error(id: id, code: code, message: message))
        }
    }

    private func send(_ body: [UInt8]) {
        output(MessageFraming.frame(body))
    }

    // MARK: Requests

    private func respond(id: Value, method: String, params: Value) {
        if method == "initialize" {
            initialized = true
            return send(JSONRPC.response(id: id, result: initialize(params)))
        }
        guard initialized else {
            return send(JSONRPC.error(id: id, code: .serverNotInitialized, message: "the first request must be `initialize`"))
        }
        if method == "shutdown" {
            shuttingDown = true
            return send(JSONRPC.response(id: id, result: .null))
        }
        guard !shuttingDown else {
            return send(JSONRPC.error(id: id, code: .invalidRequest, message: "the server is shutting down"))
        }
        let uri = params.member("textDocument").member("uri")
        guard case .text(let uri) = uri, var document = documents[uri] else {
            let known = LanguageServer.documentMethods.contains(method)
            return send(
                known
                    ? JSONRPC.response(id: id, result: .null)
                    : JSONRPC.error(id: id, code: .methodNotFound, message: "`\(method)` is not supported"))
        }
        let analysis = document.analysed()
        documents[uri] = document
        let position = LSPPosition(params.member("position"))
        let cursor = position.flatMap { document.expression(at: $0, in: analysis) }
        let result: Value
        switch method {
        case "textDocument/completion":
            result = cursor.map(Completion.items(at:)) ?? Completion.list([])
        case "textDocument/hover":
            guard let cursor, let (markdown, span) = Hover.contents(at: cursor, sample: analysis.payloadSample) else {
                result = .null
                break
            }
            result = [
                "contents": ["kind": "markdown", "value": .text(markdown)],
                "range": PublishedDiagnostics.range(span, in: cursor.expression.source, document: document),
            ]
        case "textDocument/signatureHelp":
            result = cursor.map(SignatureHelp.help(at:)) ?? .null
        case "textDocument/definition":
            guard let cursor, let target = Definition.target(at: cursor, mapping: analysis.mapping) else {
                result = .null
                break
            }
            result = ["uri": .text(uri), "range": PublishedDiagnostics.range(target.span, in: target.source, document: document)]
        case "textDocument/formatting":
            result = Formatting.edits(analysis, in: document)
        case "textDocument/codeAction":
            let range = params.member("range")
            guard let start = LSPPosition(range.member("start")), let end = LSPPosition(range.member("end")) else {
                return send(JSONRPC.error(id: id, code: .invalidParams, message: "a code action request needs a `range`"))
            }
            result = CodeActions.actions(in: (start, end), analysis: analysis, document: document)
        case "textDocument/semanticTokens/full":
            result = SemanticTokens.data(analysis, in: document)
        default:
            return send(JSONRPC.error(id: id, code: .methodNotFound, message: "`\(method)` is not supported"))
        }
        send(JSONRPC.response(id: id, result: result))
    }

    static let documentMethods: Set<String> = [
        "textDocument/completion", "textDocument/hover", "textDocument/signatureHelp", "textDocument/definition",
        "textDocument/formatting", "textDocument/codeAction", "textDocument/semanticTokens/full",
    ]

    /// The server's capabilities; UTF-8 positions when the client offers them (lsp.md §1).
    private func initialize(_ params: Value) -> Value {
        if case .list(let offered) = params.member("capabilities").member("general").member("positionEncodings"),
            offered.contains(.text(PositionEncoding.utf8.rawValue))
        {
            encoding = .utf8
        }
        if case .number(let pid) = params.member("processId") { watchParent(pid_t(pid)) }
        return [
            "capabilities": [
                "positionEncoding": .text(encoding.rawValue),
                "textDocumentSync": ["openClose": true, "change": 2, "save": false],
                "completionProvider": ["triggerCharacters": [".", "#", "("], "resolveProvider": false],
                "hoverProvider": true,
                "signatureHelpProvider": ["triggerCharacters": ["(", ","], "retriggerCharacters": [","]],
                "definitionProvider": true,
                "documentFormattingProvider": true,
                "codeActionProvider": ["codeActionKinds": ["quickfix"]],
                "semanticTokensProvider": [
                    "legend": ["tokenTypes": .list(SemanticTokens.legend.map { .text($0) }), "tokenModifiers": []],
                    "full": true,
                ],
            ],
            "serverInfo": ["name": "airscript", "version": .text(LanguageServer.version)],
        ]
    }

    /// The version the server reports.
    package static let version = "0.4.0"

    /// Ends the session when the editor that started the server is gone (LSP `processId`):
    /// a server whose client crashed must not linger.
    private func watchParent(_ pid: pid_t) {
        guard pid > 0 else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + 2, repeating: 2)
        timer.setEventHandler { [weak self] in
            if kill(pid, 0) != 0 && errno == ESRCH {
                timer.cancel()
                self?.end(1)
            }
        }
        timer.resume()
        parentWatch = timer
    }
    private var parentWatch: DispatchSourceTimer?

    // MARK: Notifications

    private func notify(_ method: String, _ params: Value) {
        switch method {
        case "exit":
            end(shuttingDown ? 0 : 1)
        case "textDocument/didOpen":
            let item = params.member("textDocument")
            guard case .text(let uri) = item.member("uri"), case .text(let text) = item.member("text") else { return }
            var version = 0
            if case .number(let v) = item.member("version") { version = Int(v) }
            documents[uri] = OpenDocument(uri: uri, version: version, text: text, encoding: encoding)
            scheduleCheck(uri)
        case "textDocument/didChange":
            guard case .text(let uri) = params.member("textDocument").member("uri"), var document = documents[uri],
                case .list(let changes) = params.member("contentChanges")
            else { return }
            for change in changes {
                guard case .text(let text) = change.member("text") else { continue }
                let range = change.member("range")
                if let start = LSPPosition(range.member("start")), let end = LSPPosition(range.member("end")) {
                    document.text.apply(range: (start, end), text: text)
                } else {
                    document.text.apply(range: nil, text: text)
                }
            }
            if case .number(let v) = params.member("textDocument").member("version") { document.version = Int(v) }
            document.analysis = nil
            documents[uri] = document
            scheduleCheck(uri)
        case "textDocument/didClose":
            guard case .text(let uri) = params.member("textDocument").member("uri") else { return }
            documents[uri] = nil
            checkGeneration[uri] = nil
            send(JSONRPC.notification(method: "textDocument/publishDiagnostics", params: ["uri": .text(uri), "diagnostics": []]))
        case "workspace/didChangeWatchedFiles":
            // A file changed on disk: a sample read, or one that now appears beside an expression
            // file. Checks are cheap: every open document is checked again.
            for uri in documents.keys {
                documents[uri]?.analysis = nil
                scheduleCheck(uri)
            }
        default:
            break  // `initialized`, `$/setTrace`, and notifications the server has no use for
        }
    }

    // MARK: Diagnostics

    /// Checks the document after the debounce, unless it changes again before: the newer change
    /// schedules its own check and this one does nothing (the previous check cancelled).
    private func scheduleCheck(_ uri: String) {
        let generation = (checkGeneration[uri] ?? 0) + 1
        checkGeneration[uri] = generation
        queue.asyncAfter(deadline: .now() + debounce) { [weak self] in
            guard let self, !self.finished, self.checkGeneration[uri] == generation, var document = self.documents[uri] else { return }
            let analysis = document.analysed()
            self.documents[uri] = document
            var params: Value.Object = ["uri": .text(uri), "diagnostics": PublishedDiagnostics.json(analysis.diagnostics, in: document)]
            params["version"] = .number(Double(document.version))
            self.send(JSONRPC.notification(method: "textDocument/publishDiagnostics", params: .object(params)))
        }
    }
}
