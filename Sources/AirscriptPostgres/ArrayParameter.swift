import NIOCore
import PostgresNIO

/// One column of a batch's rows, bound as one array parameter in PostgreSQL's binary format, for
/// `INSERT … SELECT … FROM unnest($1::text[], $2::int8[], …)`: a batch's rows in one statement
/// without JSON.
///
/// The store sent each table's rows as one JSON document read by `json_to_recordset`: the server
/// parsed every row's text twice (the document, then the output record inside it as a JSON
/// string), and most of a PostgreSQL run went there. An array arrives as lengths and bytes.
/// postgres-nio encodes arrays of non-optional values only; a row's column may be NULL, so this
/// writes the array itself (PostgreSQL's `array_send` layout: dimensions, a has-nulls flag, the
/// element type, then each element's length, -1 for NULL, and bytes).
struct ArrayParameter<Element: ArrayParameterElement>: PostgresNonThrowingEncodable {
    var values: [Element?]

    static var psqlType: PostgresDataType { Element.arrayType }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        // One dimension, or none for an empty array, as the server writes it.
        buffer.writeInteger(Int32(values.isEmpty ? 0 : 1))
        buffer.writeInteger(Int32(values.contains { $0 == nil } ? 1 : 0))
        buffer.writeInteger(Int32(bitPattern: Element.elementType.rawValue))
        if !values.isEmpty {
            buffer.writeInteger(Int32(values.count))
            buffer.writeInteger(Int32(1))  // lower bound
        }
        for value in values {
            if let value { value.write(into: &buffer) } else { buffer.writeInteger(Int32(-1)) }
        }
    }
}

/// A value an `ArrayParameter` holds: its types, and how it writes itself (length, then bytes).
protocol ArrayParameterElement {
    static var elementType: PostgresDataType { get }
    static var arrayType: PostgresDataType { get }
    func write(into buffer: inout ByteBuffer)
}

extension String: ArrayParameterElement {
    static var elementType: PostgresDataType { .text }
    static var arrayType: PostgresDataType { .textArray }
    func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(Int32(utf8.count))
        buffer.writeString(self)
    }
}

extension Int: ArrayParameterElement {
    static var elementType: PostgresDataType { .int8 }
    static var arrayType: PostgresDataType { .int8Array }
    func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(Int32(8))
        buffer.writeInteger(Int64(self))
    }
}
