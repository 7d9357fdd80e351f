import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `airscript serve` as a real process on a port it picked (`--port 0`), its log read line by
/// line; requests go to it over loopback on raw sockets, so that a test can also leave one
/// half-sent.
final class ServedProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let log = LogLines()

    /// Starts the server in `folder` and waits (at most 30 s) for `listening on http://HOST:PORT`.
    init(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws {
        process.executableURL = try CommandTests.requireBinary()
        process.arguments = ["serve", "--port", "0", "--store", "memory:", "--log-format", "text"] + arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.merging(["NO_COLOR": "1"]) { $1 }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        let log = self.log
        err.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { log.append(data) }
        }
        try process.run()
        guard let line = log.wait(for: "listening on http://", seconds: 30),
            let port = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
        else {
            process.terminate()
            throw Failure(message: "the server did not start: \(log.text)")
        }
        self.port = port
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Everything logged so far.
    var logText: String { log.text }

    /// Waits (at most `seconds`) for a log line containing `text`.
    func waitForLog(_ text: String, seconds: Double = 10) -> String? { log.wait(for: text, seconds: seconds) }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits (at most `seconds`) for the process to end: its status, nil if it did not.
    func waitForExit(seconds: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            return nil
        }
        return process.terminationStatus
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    /// A whole request; the response's status line and the rest.
    func request(_ method: String, _ path: String, body: String = "", headers: [String] = []) throws -> (status: Int, text: String) {
        let connection = try Connection(port: port)
        try connection.send(head(method, path, body: body, headers: headers) + body)
        return try connection.response()
    }

    func head(_ method: String, _ path: String, body: String, headers: [String]) -> String {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if !body.isEmpty || method == "POST" { text += "Content-Length: \(body.utf8.count)\r\n" }
        for header in headers { text += header + "\r\n" }
        return text + "\r\n"
    }

    /// A TCP connection to the server.
    final class Connection {
        let socket: Int32

        init(port: Int) throws {
            socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var timeout = timeval(tv_sec: 20, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw Failure(message: "cannot connect to port \(port)") }
        }

        deinit { close(socket) }

        func send(_ text: String) throws {
            let bytes = Array(text.utf8)
            guard Glibc.send(socket, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw Failure(message: "send failed") }
        }

        /// Reads until the server closes the connection (the requests say `Connection: close`).
        func response() throws -> (status: Int, text: String) {
            var data: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = recv(socket, &buffer, buffer.count, 0)
                if n <= 0 { break }
                data += buffer[0..<n]
            }
            let text = String(decoding: data, as: UTF8.self)
            guard let status = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
                throw Failure(message: "no response: \(text)")
            }
            return (status, text)
        }
    }
}

/// Log lines, appended by the pipe's reader and waited on by the test.
final class LogLines: @unchecked Sendable {
    private let condition = NSCondition()
    private var data = Data()

    func append(_ more: Data) {
        condition.lock()
        data.append(more)
        condition.broadcast()
        condition.unlock()
    }

    var text: String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    func wait(for needle: String, seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while true {
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
            if let line = lines.first(where: { $0.contains(needle) }) { return String(line) }
            if !condition.wait(until: deadline) { return nil }
        }
    }
}
