import BuiltinStages
import PipeCLI
import PipeKit

PipeCLI.main(registry: .builtin)
