import Synchronization

/// The names of a compiled path `x.a.b.c`, each with the position its object held it at the last
/// time the path was followed. Documents from one source share their layout, so a position that
/// held the name last time nearly always holds it now: the step checks it first, and scans the
/// object's keys only when it does not (then remembers where the name was).
///
/// The positions are hints shared by every evaluation of the program, on every thread: atomics
/// read and written relaxed (plain loads and stores on the machines we run on). A stale or raced
/// hint costs a scan, never a wrong result.
final class PropertyPath: @unchecked Sendable {
    let names: [PropertyName]
    private let hints: UnsafeMutablePointer<Atomic<Int>>

    init(_ names: [PropertyName]) {
        self.names = names
        hints = .allocate(capacity: max(names.count, 1))
        for k in 0..<names.count { (hints + k).initialize(to: Atomic(0)) }
    }

    deinit {
        hints.deinitialize(count: names.count)
        hints.deallocate()
    }

    /// This path with one more name.
    func appending(_ name: PropertyName) -> PropertyPath { PropertyPath(names + [name]) }

    @inline(__always)
    func hint(_ k: Int) -> Int { hints[k].load(ordering: .relaxed) }

    @inline(__always)
    func remember(_ k: Int, _ position: Int) { hints[k].store(position, ordering: .relaxed) }
}
