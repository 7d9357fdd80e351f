import AirscriptLanguageServer
import XCTest

/// The base protocol's framing on the reads a pipe really gives: partial, several at once, broken.
final class MessageFramingTests: XCTestCase {
    func frame(_ body: String) -> [UInt8] { MessageFraming.frame(Array(body.utf8)) }

    func drain(_ framing: inout MessageFraming) -> [MessageFraming.Frame] {
        var frames: [MessageFraming.Frame] = []
        while let f = framing.next() { frames.append(f) }
        return frames
    }

    func testOneByteAtATime() {
        var framing = MessageFraming()
        var frames: [MessageFraming.Frame] = []
        for byte in frame(#"{"a":1}"#) {
            framing.append([byte])
            frames += drain(&framing)
        }
        XCTAssertEqual(frames, [.message(Array(#"{"a":1}"#.utf8))])
    }

    func testSeveralMessagesInOneRead() {
        var framing = MessageFraming()
        framing.append(frame("[1]") + frame("[2]") + frame("[3]").prefix(10))
        XCTAssertEqual(drain(&framing), [.message(Array("[1]".utf8)), .message(Array("[2]".utf8))])
        framing.append(frame("[3]").dropFirst(10))
        XCTAssertEqual(drain(&framing), [.message(Array("[3]".utf8))])
    }

    func testHeaderWithoutBodyWaits() {
        var framing = MessageFraming()
        framing.append(Array("Content-Length: 5\r\n\r\n".utf8))
        XCTAssertNil(framing.next())
        framing.append(Array("hello".utf8))
        XCTAssertEqual(framing.next(), .message(Array("hello".utf8)))
    }

    func testOtherHeadersAndCaseAreAccepted() {
        var framing = MessageFraming()
        framing.append(Array("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}".utf8))
        XCTAssertEqual(framing.next(), .message(Array("{}".utf8)))
    }

    func testGarbageIsDroppedAndTheNextMessageStillRead() {
        var framing = MessageFraming()
        framing.append(Array("garbage without length\r\n\r\n".utf8) + frame("[7]"))
        let frames = drain(&framing)
        XCTAssertEqual(frames.count, 2)
        guard case .malformed = frames[0] else { return XCTFail("\(frames)") }
        XCTAssertEqual(frames[1], .message(Array("[7]".utf8)))
    }

    func testNegativeAndHugeLengthsAreMalformed() {
        for header in ["Content-Length: -4\r\n\r\n", "Content-Length: 99999999999\r\n\r\n", "Content-Length: x\r\n\r\n"] {
            var framing = MessageFraming(maximumLength: 1 << 20)
            framing.append(Array(header.utf8))
            guard case .malformed? = framing.next() else { return XCTFail(header) }
        }
    }

    func testEndlessHeaderIsDroppedNotBuffered() {
        var framing = MessageFraming()
        framing.append([UInt8](repeating: 0x41, count: 10_000))
        guard case .malformed? = framing.next() else { return XCTFail() }
        framing.append(frame("{}"))
        XCTAssertEqual(framing.next(), .message(Array("{}".utf8)))
    }
}
