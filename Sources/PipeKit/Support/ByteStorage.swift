/// The byte buffer behind a `JSONWriter`, copied on write like an array's, and replaced by a bigger one to grow.
///
/// Its fields are constants, so reading them needs no exclusivity check. `@unchecked Sendable`: a writer stores
/// through `base` only after `isKnownUniquelyReferenced` (or when it made the buffer), so a buffer that two
/// values share is never written, as with `Array`'s storage.
@usableFromInline
final class ByteStorage: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<UInt8>
    @usableFromInline let capacity: Int

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// A new buffer of `capacity` bytes starting with this one's first `count`.
    @usableFromInline
    func copy(count: Int, capacity: Int) -> ByteStorage {
        let copy = ByteStorage(capacity: capacity)
        copy.base.initialize(from: base, count: count)
        return copy
    }
}
