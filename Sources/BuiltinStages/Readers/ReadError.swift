/// An input could not be read on (not one bad record, which `ReaderOutput.fail` reports).
///
/// The formats throw it when nothing more can come out of one input, such as a binary file or
/// a broken read; the reader then reports that input as failed and goes on to the next.
struct ReadError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
