/// A value shared between threads with no synchronisation of its own,
/// like a Python global.
///
/// Swift 6 will not let two threads touch a plain `var` (that is a data
/// race, and the compiler rejects it). This cell opts out of that check on
/// purpose: it is correct only while something else orders the accesses,
/// a `join()` or a lock. Without one, updates are lost.
package final class UnsafeSharedCell<Value>: @unchecked Sendable {
    package var value: Value

    package init(_ value: Value) {
        self.value = value
    }
}
