import Airscript
import AirscriptLanguageServer
import Foundation
import XCTest

/// A language server in the test's process, spoken to through framed bytes as a client would:
/// requests wait for their response, diagnostics are collected as they are pushed.
final class LanguageServerSession: @unchecked Sendable {
    private let lock = NSLock()
    private var framing = MessageFraming()
    private var messages: [Value] = []
    private var status: Int32?
    private var nextID = 1
    private(set) var server: LanguageServer!

    init(debounce: DispatchTimeInterval = .milliseconds(1)) {
        server = LanguageServer(
            debounce: debounce,
            output: { [weak self] bytes in self?.collect(bytes) },
            finish: { [weak self] status in self?.lock.withLock { self?.status = status } })
    }

    private func collect(_ bytes: [UInt8]) {
        lock.withLock {
            framing.append(bytes)
            while case .message(let body)? = framing.next() {
                messages.append(try! JSONReader.read(body))
            }
        }
    }

    func send(_ message: Value) {
        var body: [UInt8] = []
        JSONWriter.write(message, into: &body)
        server.receive(body)
    }

    func notify(_ method: String, _ params: Value) {
        send(["jsonrpc": "2.0", "method": .text(method), "params": params])
    }

    /// Sends a request and waits for its response (its `result`, or its `error` object).
    @discardableResult
    func request(_ method: String, _ params: Value, file: StaticString = #filePath, line: UInt = #line) -> Value {
        let id = lock.withLock { () -> Int in
            defer { nextID += 1 }
            return nextID
        }
        send(["jsonrpc": "2.0", "id": .number(Double(id)), "method": .text(method), "params": params])
        let response = waitFor(file: file, line: line) { $0.member("id") == .number(Double(id)) }
        return response.member("error") != .null ? response.member("error") : response.member("result")
    }

    /// The next `publishDiagnostics` for `uri` not yet taken.
    func diagnostics(for uri: String, file: StaticString = #filePath, line: UInt = #line) -> [Value] {
        let message = waitFor(file: file, line: line) {
            $0.member("method") == "textDocument/publishDiagnostics" && $0.member("params").member("uri") == .text(uri)
        }
        guard case .list(let all) = message.member("params").member("diagnostics") else { return [] }
        return all
    }

    /// Waits (up to 10 s) for a message matching `predicate`, and takes it.
    func waitFor(file: StaticString = #filePath, line: UInt = #line, _ predicate: (Value) -> Bool) -> Value {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let found = lock.withLock { () -> Value? in
                guard let k = messages.firstIndex(where: predicate) else { return nil }
                return messages.remove(at: k)
            }
            if let found { return found }
            usleep(1000)
        }
        XCTFail("no such message within 10 s", file: file, line: line)
        return .null
    }

    /// Messages received and not yet taken.
    var pending: [Value] { lock.withLock { messages } }

    /// Returns once every message sent so far has been handled.
    func drain() {
        let done = DispatchSemaphore(value: 0)
        server.drain { done.signal() }
        done.wait()
    }

    /// The exit status, once the session has ended.
    func exitStatus(within seconds: Double = 5) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let status = lock.withLock({ status }) { return status }
            usleep(1000)
        }
        return nil
    }

    /// `initialize` and `initialized`, with the client's capabilities.
    @discardableResult
    func initialize(capabilities: Value = [:]) -> Value {
        let result = request("initialize", ["processId": .null, "rootUri": .null, "capabilities": capabilities])
        notify("initialized", [:])
        return result
    }

    func open(_ uri: String, _ text: String, language: String = "yaml") {
        notify("textDocument/didOpen", ["textDocument": ["uri": .text(uri), "languageId": .text(language), "version": 1, "text": .text(text)]])
    }

    static func position(_ line: Int, _ character: Int) -> Value {
        ["line": .number(Double(line)), "character": .number(Double(character))]
    }

    func at(_ method: String, _ uri: String, _ line: Int, _ character: Int) -> Value {
        request(method, ["textDocument": ["uri": .text(uri)], "position": LanguageServerSession.position(line, character)])
    }
}

extension Value {
    /// The texts of a list's members' `key` (labels of completion items, codes of diagnostics).
    func texts(_ key: String) -> [String] {
        guard case .list(let items) = self else { return [] }
        return items.compactMap { if case .text(let s) = $0.member(key) { s } else { nil } }
    }
}

/// A test whose documents live in a folder of their own (samples are read beside them).
class DocumentFolderTestCase: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lsp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func uri(_ name: String) -> String { "file://" + folder.appendingPathComponent(name).path }
}
