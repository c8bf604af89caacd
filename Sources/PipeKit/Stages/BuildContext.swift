internal import Foundation
internal import Synchronization

/// What a stage factory may use while building a stage.
public struct BuildContext: Sendable {
    /// The pipeline's `name`.
    public let pipelineName: String
    /// The folder relative paths resolve against: the pipeline file's.
    public let baseDirectory: String
    /// Read-only resources shared by every stage of the pipeline, loaded once.
    public let resources: SharedResources

    /// What the stages of pipeline `pipelineName`, loaded from `baseDirectory`, share.
    public init(pipelineName: String, baseDirectory: String, resources: SharedResources = SharedResources()) {
        self.pipelineName = pipelineName
        self.baseDirectory = baseDirectory
        self.resources = resources
    }
}

/// Loads each shared resource (a gazetteer, a stop-word list) once per pipeline, however many
/// stages or workers use it.
public final class SharedResources: Sendable {
    private let cache = Mutex<[String: any Sendable]>([:])

    /// An empty cache.
    public init() {}

    /// The resource under `key`, built by `load` the first time it is asked for.
    ///
    /// Loading happens under the lock, so two stages asking at once load it once.
    public func resource<T: Sendable>(_ key: String, load: () throws -> T) rethrows -> T {
        try cache.withLock { cache in
            if let found = cache[key] as? T { return found }
            let loaded = try load()
            cache[key] = loaded
            return loaded
        }
    }
}
