import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a run writes a whole file (the output records, the state file), decided and checked
/// before anything is read, so that nothing is lost and nothing is damaged:
/// - a regular file, or a name not yet taken, is written to a temporary file beside it and renamed
///   over it at the end, so a reader sees the old file or the new one; a symbolic link is followed
///   first, so the link keeps pointing at the file it named and that file is the one replaced;
/// - anything else that can be written (a FIFO, a terminal, `/dev/null`) is written straight
///   through and never replaced;
/// - a directory, or a folder that cannot take a new file, is refused with the system's reason.
package struct FileDestination: Sendable {
    package enum Mode: Sendable, Equatable {
        /// Written beside `target` and renamed over it.
        case replace(target: String)
        /// Written to the path as it is.
        case straight
    }

    /// The path as the user gave it.
    package let path: String
    package let mode: Mode

    /// Checks `path` as a destination: what it is, and that the folder a replacement is written in
    /// takes a new file (a temporary file is made there and removed at once).
    package static func check(_ path: String) throws(DestinationError) -> FileDestination {
        let target = FileIdentity.followingLinks(path)
        var status = stat()
        if stat(target, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFDIR: throw DestinationError(path: path, reason: "it is a directory")
            case S_IFREG: break
            default:
                guard access(target, W_OK) == 0 else { throw DestinationError(path: path, reason: String(cString: strerror(errno))) }
                return FileDestination(path: path, mode: .straight)
            }
        } else if errno != ENOENT {
            throw DestinationError(path: path, reason: String(cString: strerror(errno)))
        }
        let destination = FileDestination(path: path, mode: .replace(target: target))
        let probe = try destination.createTemporary()
        TemporaryFiles.shared.remove(probe)
        return destination
    }

    /// A new, empty temporary file beside the target, registered so that an interrupted run
    /// removes it (`TemporaryFiles`). Only for `.replace`.
    package func createTemporary() throws(DestinationError) -> URL {
        guard case .replace(let target) = mode else { preconditionFailure("a straight destination has no temporary file") }
        let url = URL(fileURLWithPath: target)
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw DestinationError(path: path, reason: "the folder \(folder.path) does not exist")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw DestinationError(path: path, reason: String(cString: strerror(errno))) }
        close(descriptor)
        TemporaryFiles.shared.add(temporary)
        return temporary
    }

    /// Writes `data` as the whole file: through a temporary file and a rename, or straight.
    package func write(_ data: Data) throws(DestinationError) {
        switch mode {
        case .straight:
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw DestinationError(path: path, reason: String(cString: strerror(errno)))
            }
            defer { try? handle.close() }
            do { try handle.write(contentsOf: data) } catch { throw DestinationError(path: path, reason: error.localizedDescription) }
        case .replace:
            let temporary = try createTemporary()
            do {
                try data.write(to: temporary)
            } catch {
                TemporaryFiles.shared.remove(temporary)
                throw DestinationError(path: path, reason: error.localizedDescription)
            }
            try commit(temporary)
        }
    }

    /// Renames a finished temporary file over the target in one step; on failure it is removed.
    package func commit(_ temporary: URL) throws(DestinationError) {
        guard case .replace(let target) = mode else { return }
        if rename(temporary.path, target) != 0 {
            let reason = String(cString: strerror(errno))
            TemporaryFiles.shared.remove(temporary)
            throw DestinationError(path: path, reason: reason)
        }
        TemporaryFiles.shared.forget(temporary)
    }
}

/// A destination that cannot be written, with the system's reason (M0402).
package struct DestinationError: Error, Sendable, CustomStringConvertible {
    package let path: String
    package let reason: String
    package var description: String { reason }

    package init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// What a path names on the disk, to tell whether two paths (or a path and standard input) are the
/// same file however they are spelt: its device and inode when it exists, else its absolute path
/// with links followed.
package enum FileIdentity: Hashable, Sendable {
    case file(device: UInt64, inode: UInt64)
    case name(String)

    package static func of(_ path: String) -> FileIdentity {
        var status = stat()
        if stat(path, &status) == 0 { return .file(device: UInt64(status.st_dev), inode: UInt64(status.st_ino)) }
        return .name(followingLinks(path))
    }

    /// Whether `path` exists and is neither a regular file nor a directory (a FIFO, a device).
    package static func isSpecial(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        let kind = status.st_mode & S_IFMT
        return kind != S_IFREG && kind != S_IFDIR
    }

    /// Standard input's file, when it is one (a redirection `< file`).
    package static var standardInput: FileIdentity? {
        var status = stat()
        guard fstat(0, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return .file(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// The absolute path `path` names once symbolic links are followed; for a name not yet
    /// taken, its folder's real path and the name.
    package static func followingLinks(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        if let resolved = realpath(absolute.path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let folder = absolute.deletingLastPathComponent().path
        guard let resolved = realpath(folder, nil) else { return absolute.path }
        defer { free(resolved) }
        return URL(fileURLWithPath: String(cString: resolved)).appendingPathComponent(absolute.lastPathComponent).path
    }
}

/// The temporary files a run has open, so that an interrupted run (Ctrl-C, SIGTERM) removes them
/// on its way out and leaves the destinations as they were. The paths are also kept as C strings
/// in fixed slots, which a signal handler can read without allocating or locking.
package final class TemporaryFiles: @unchecked Sendable {
    // Unchecked: the set is read and written under the lock; the slots are written under it too,
    // and a signal handler only reads them.
    package static let shared = TemporaryFiles()
    private let lock = NSLock()
    private var paths: [String: Int] = [:]
    private static let slotCount = 16
    private let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: TemporaryFiles.slotCount)

    private init() {
        slots.initialize(repeating: nil, count: Self.slotCount)
    }

    func add(_ url: URL) {
        lock.withLock {
            guard paths[url.path] == nil, let free = (0..<Self.slotCount).first(where: { slots[$0] == nil }) else { return }
            slots[free] = strdup(url.path)
            paths[url.path] = free
        }
    }

    /// Removes the file and forgets it.
    package func remove(_ url: URL) {
        forget(url)
        unlink(url.path)
    }

    /// Forgets a file that became the destination.
    func forget(_ url: URL) {
        lock.withLock {
            guard let slot = paths.removeValue(forKey: url.path) else { return }
            let path = slots[slot]
            slots[slot] = nil
            free(path)
        }
    }

    /// Removes every registered file. Safe in a signal handler: it only reads the slots and calls
    /// `unlink`.
    package func removeAllInSignalHandler() {
        for k in 0..<Self.slotCount {
            if let path = slots[k] { unlink(path) }
        }
    }
}
