extension Array {
    /// A copy of `buffer`, in one block copy: the standard library copies a buffer of structs into
    /// an array element by element.
    init(copying buffer: UnsafeBufferPointer<Element>) {
        self.init(unsafeUninitializedCapacity: buffer.count) { array, count in
            if let source = buffer.baseAddress { array.baseAddress!.initialize(from: source, count: buffer.count) }
            count = buffer.count
        }
    }
}
