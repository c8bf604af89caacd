/// The three roles a stage can play in a pipeline.
public enum StageKind: String, Sendable, CaseIterable, Comparable {
    case reader, transformer, sink

    /// "readers", "transformers", "sinks".
    public var plural: String { rawValue + "s" }

    /// Pipeline order: readers, then transformers, then sinks.
    public static func < (lhs: StageKind, rhs: StageKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
