/// The three roles a stage can play in a pipeline.
public enum StageKind: String, Sendable, CaseIterable, Comparable {
    case reader, transformer, sink

    public var plural: String { rawValue + "s" }

    public static func < (lhs: StageKind, rhs: StageKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
