import Foundation

/// The server on standard input and output (lsp.md: "over standard input and output"): a thread
/// reads and unframes, the server's queue answers, and the process exits with the session's status.
package enum StandardIO {
    package static func run(debounce: DispatchTimeInterval = .milliseconds(15)) -> Never {
        // A write to a client that has gone must not kill the process before it can end cleanly.
        signal(SIGPIPE, SIG_IGN)
        let server = LanguageServer(
            debounce: debounce,
            output: { bytes in StandardIO.writeAll(bytes) },
            finish: { status in exit(status) })
        let reader = Thread {
            var framing = MessageFraming()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                framing.append(buffer[0..<n])
                while let frame = framing.next() {
                    switch frame {
                    case .message(let body): server.receive(body)
                    case .malformed(let why): FileHandle.standardError.write(Data("airscript lsp: dropped input: \(why)\n".utf8))
                    }
                }
            }
            server.inputEnded()
        }
        reader.start()
        dispatchMain()
    }

    private static func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(1, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return }
                offset += n
            }
        }
    }
}
