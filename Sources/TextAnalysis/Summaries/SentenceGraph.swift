/// A symmetric weighted graph of sentences in compressed rows: node a's neighbours are
/// `targets[edges(a)]` with `weights[edges(a)]`, in the order its edges were added.
struct SentenceGraph {
    let nodeCount: Int
    private let offsets: [Int]
    let targets: [Int32]
    let weights: [Double]

    /// Where node `node`'s edges are in `targets` and `weights`.
    func edges(_ node: Int) -> Range<Int> { offsets[node]..<offsets[node + 1] }

    /// Collects undirected edges, then lays them out in rows in one pass: no array per node.
    struct Builder {
        private let nodeCount: Int
        private var from: [Int32] = []
        private var to: [Int32] = []
        private var weights: [Double] = []
        private var degrees: [Int]

        init(nodeCount: Int) {
            self.nodeCount = nodeCount
            degrees = Array(repeating: 0, count: nodeCount)
        }

        /// An edge between `a` and `b`; each node lists it after the edges it already has.
        @inline(__always)
        mutating func add(_ a: Int, _ b: Int, _ weight: Double) {
            from.append(Int32(a))
            to.append(Int32(b))
            weights.append(weight)
            degrees[a] += 1
            degrees[b] += 1
        }

        func graph() -> SentenceGraph {
            var offsets = [Int](repeating: 0, count: nodeCount + 1)
            for node in 0..<nodeCount { offsets[node + 1] = offsets[node] + degrees[node] }
            let size = offsets[nodeCount]
            var rowWeights: [Double] = []
            let targets = [Int32](unsafeUninitializedCapacity: size) { targets, initialized in
                rowWeights = [Double](unsafeUninitializedCapacity: size) { rowWeights, weightCount in
                    var cursor = offsets
                    for edge in weights.indices {
                        let a = Int(from[edge])
                        let b = Int(to[edge])
                        targets[cursor[a]] = Int32(b)
                        rowWeights[cursor[a]] = weights[edge]
                        cursor[a] += 1
                        targets[cursor[b]] = Int32(a)
                        rowWeights[cursor[b]] = weights[edge]
                        cursor[b] += 1
                    }
                    weightCount = size
                }
                initialized = size
            }
            return SentenceGraph(nodeCount: nodeCount, offsets: offsets, targets: targets, weights: rowWeights)
        }
    }
}
