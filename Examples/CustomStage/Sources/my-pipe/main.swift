import BuiltinStages
import CustomStages
import PipeCLI
import PipeKit

// The built-in stages, plus this package's: `my-pipe list` shows them all, and every command of
// `pipe` (run, validate, describe, graph, test) works with them.
var registry = StageRegistry.builtin
registry.register(Redact.declaration)
registry.register(WordFrequency.declaration)
PipeCLI.main(registry: registry)
