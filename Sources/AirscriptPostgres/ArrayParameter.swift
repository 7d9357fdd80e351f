import NIOCore
import PostgresNIO

/// One column of a batch's rows, bound as one array parameter in PostgreSQL's binary format, for
/// `INSERT … SELECT … FROM unnest($1::text[], $2::int8[], …)`: a batch's rows in one statement
/// without JSON.
///
/// The store sent each table's rows as one JSON document read by `json_to_recordset`: the server
/// parsed every row's text twice (the document, then the output record inside it as a JSON
/// string), and most of a PostgreSQL run went there. An array arrives as lengths and bytes.
/// postgres-nio encodes arrays of non-optional values only; a row's column may be NULL, so these
/// write the array themselves (PostgreSQL's `array_send` layout: dimensions, a has-nulls flag, the
/// element type, then each element's length, -1 for NULL, and bytes).
struct TextArrayParameter: PostgresNonThrowingEncodable {
    var values: [String?]

    static var psqlType: PostgresDataType { .textArray }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        writeArrayHeader(into: &buffer, count: values.count, hasNulls: values.contains(nil), element: .text)
        for value in values {
            guard let value else {
                buffer.writeInteger(Int32(-1))
                continue
            }
            buffer.writeInteger(Int32(value.utf8.count))
            buffer.writeString(value)
        }
    }
}

/// A column of 64-bit integers (`int8[]`), NULL where a row has none.
struct IntegerArrayParameter: PostgresNonThrowingEncodable {
    var values: [Int?]

    static var psqlType: PostgresDataType { .int8Array }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        writeArrayHeader(into: &buffer, count: values.count, hasNulls: values.contains(nil), element: .int8)
        for value in values {
            guard let value else {
                buffer.writeInteger(Int32(-1))
                continue
            }
            buffer.writeInteger(Int32(8))
            buffer.writeInteger(Int64(value))
        }
    }
}

/// A one-dimensional array's header: no dimension at all when it is empty, as the server writes it.
private func writeArrayHeader(into buffer: inout ByteBuffer, count: Int, hasNulls: Bool, element: PostgresDataType) {
    buffer.writeInteger(Int32(count == 0 ? 0 : 1))
    buffer.writeInteger(Int32(hasNulls ? 1 : 0))
    buffer.writeInteger(Int32(bitPattern: element.rawValue))
    if count > 0 {
        buffer.writeInteger(Int32(count))
        buffer.writeInteger(Int32(1))  // lower bound
    }
}
