public import PipeKit

extension StageRegistry {
    /// Every stage that ships with `pipe`.
    public static var builtin: StageRegistry {
        StageRegistry([
            FilesReader.declaration,
            StdinReader.declaration,
            TextReader.declaration,
            FilterTransformer.declaration,
            CommandTransformer.declaration,
            ParseTransformer.declaration,
            EntitiesTransformer.declaration,
            SummarizeTransformer.declaration,
            KeywordsTransformer.declaration,
            JSONLinesSink.declaration,
            JSONSink.declaration,
            CSVSink.declaration,
            MarkdownSink.declaration,
            HTMLSink.declaration,
            SQLiteSink.declaration,
            StdoutSink.declaration,
        ])
    }
}
