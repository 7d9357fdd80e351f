/// A store's URL (store.md §2, §6 "URLs"): `memory:`, `sqlite:PATH` or `postgres://…`.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// The in-memory store of one process.
    case memory
    /// A SQLite database file, relative to the working directory.
    case sqlite(path: String)
    /// A PostgreSQL database: the URL as given (it holds no password: those are refused).
    case postgres(url: String)

    /// Parses a store URL; a wrong one is a usage error whose message says what is accepted.
    public init(parsing text: String) throws(StoreError) {
        if text == "memory:" {
            self = .memory
        } else if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else {
                throw StoreError(.usage, "store URL `sqlite:` names no file; write `sqlite:PATH`, for example `sqlite:airscript.sqlite`")
            }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            if let authority = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).first,
                let at = authority.lastIndex(of: "@"), authority[..<at].contains(":")
            {
                throw StoreError(
                    .usage, "store URL holds a password; give it by `PGPASSWORD` or `?password=env:NAME`, never in the URL")
            }
            self = .postgres(url: text)
        } else {
            throw StoreError(
                .usage, "unknown store URL `\(text)`; use `memory:`, `sqlite:PATH` or `postgres://USER@HOST:PORT/DB`")
        }
    }

    /// The URL, as it is written in messages.
    public var description: String {
        switch self {
        case .memory: "memory:"
        case .sqlite(let path): "sqlite:" + path
        case .postgres(let url): url
        }
    }
}
