/// A symmetric weighted graph of sentences in compressed rows: node a's neighbours are
/// `targets[edges(a)]` with `weights[edges(a)]`, in the order its edges were added.
struct SentenceGraph {
    let nodeCount: Int
    private let offsets: [Int]
    let targets: [Int32]
    let weights: [Double]

    /// Where node `node`'s edges are in `targets` and `weights`.
    func edges(_ node: Int) -> Range<Int> { offsets[node]..<offsets[node + 1] }

    /// Runs `body` with the rows' storage: node a's edges are `offsets[a]..<offsets[a + 1]`.
    func withRows<Result>(
        _ body: (
            _ offsets: UnsafeBufferPointer<Int>, _ targets: UnsafeBufferPointer<Int32>,
            _ weights: UnsafeBufferPointer<Double>
        ) -> Result
    ) -> Result {
        offsets.withUnsafeBufferPointer { offsets in
            targets.withUnsafeBufferPointer { targets in
                weights.withUnsafeBufferPointer { body(offsets, targets, $0) }
            }
        }
    }

    /// Collects undirected edges a node at a time, then lays them out in rows in one pass: no array
    /// per node.
    struct Builder {
        private let nodeCount: Int
        /// The nodes given edges, each with the end of its edges in `to` and `weights`.
        private var rows: [(node: Int32, end: Int32)] = []
        private var to: [Int32] = []
        private var weights: [Double] = []

        init(nodeCount: Int) {
            self.nodeCount = nodeCount
        }

        /// Edges between `a` and each of `others`, weighing `weights`; each node lists them after
        /// the edges it already has.
        mutating func add(_ a: Int, _ others: UnsafeBufferPointer<Int32>, _ weights: UnsafeBufferPointer<Double>) {
            guard !others.isEmpty else { return }
            to.append(contentsOf: others)
            self.weights.append(contentsOf: weights)
            rows.append((Int32(a), Int32(to.count)))
        }

        func graph() -> SentenceGraph {
            var offsets = [Int](repeating: 0, count: nodeCount + 1)
            let size = 2 * to.count
            var targets: [Int32] = []
            var rowWeights: [Double] = []
            offsets.withUnsafeMutableBufferPointer { offsets in
                rows.withUnsafeBufferPointer { rows in
                    to.withUnsafeBufferPointer { to in
                        weights.withUnsafeBufferPointer { weights in
                            var start = 0
                            for row in rows {
                                offsets[Int(row.node) + 1] += Int(row.end) - start
                                for edge in start..<Int(row.end) { offsets[Int(to[edge]) + 1] += 1 }
                                start = Int(row.end)
                            }
                            for node in 0..<nodeCount { offsets[node + 1] += offsets[node] }
                            let cursor = UnsafeMutableBufferPointer<Int>.allocate(capacity: nodeCount)
                            defer { cursor.deallocate() }
                            _ = cursor.initialize(from: offsets[0..<nodeCount])
                            targets = [Int32](unsafeUninitializedCapacity: size) { targets, initialized in
                                rowWeights = [Double](unsafeUninitializedCapacity: size) { rowWeights, weightCount in
                                    var start = 0
                                    for row in rows {
                                        let a = Int(row.node)
                                        for edge in start..<Int(row.end) {
                                            let b = Int(to[edge])
                                            targets[cursor[a]] = to[edge]
                                            rowWeights[cursor[a]] = weights[edge]
                                            cursor[a] += 1
                                            targets[cursor[b]] = row.node
                                            rowWeights[cursor[b]] = weights[edge]
                                            cursor[b] += 1
                                        }
                                        start = Int(row.end)
                                    }
                                    weightCount = size
                                }
                                initialized = size
                            }
                        }
                    }
                }
            }
            return SentenceGraph(nodeCount: nodeCount, offsets: offsets, targets: targets, weights: rowWeights)
        }
    }
}
