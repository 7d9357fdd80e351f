#if canImport(CJemalloc)
import CJemalloc
#endif

/// The allocator the command runs on: jemalloc on Linux, linked in (Package.swift) because `map`
/// measured up to a third faster on it than on glibc's malloc; the system's elsewhere. `--version`
/// names it, which also keeps the link: jemalloc's `malloc` takes the place of glibc's only when
/// the executable depends on the library.
enum Allocator {
    static var name: String {
        #if canImport(CJemalloc)
        var version: UnsafePointer<CChar>?
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl("version", &version, &size, nil, 0) == 0, let version else { return "jemalloc" }
        return "jemalloc " + String(cString: version)
        #else
        return "the system's malloc"
        #endif
    }
}
