import Support

/// The keys of CURATE.toml, in the order `--print-config` writes them: datatrove's parameter names for each filter.
extension CurateConfig {
    static let keys: [Key] = [
        Key(name: "input.field", get: { .string($0.field) }, set: {
            guard case .string(let s) = $1, !s.isEmpty else { throw Problem(message: "must be a non-empty string") }
            $0.field = s
        }),
        boolKey("run.mask_pii", \.masksPII),
        integerKey("run.memory_mb", \.memoryMegabytes, minimum: 1),
        numberKey("run.checkpoint_seconds", \.checkpointSeconds),

        enabledKey(GopherRepetitionFilter.name),
        fractionKey("gopher_repetition.dup_line_frac", \.pipeline.gopherRepetition.duplicateLineFraction),
        fractionKey("gopher_repetition.dup_para_frac", \.pipeline.gopherRepetition.duplicateParagraphFraction),
        fractionKey("gopher_repetition.dup_line_char_frac", \.pipeline.gopherRepetition.duplicateLineCharacterFraction),
        fractionKey("gopher_repetition.dup_para_char_frac", \.pipeline.gopherRepetition.duplicateParagraphCharacterFraction),
        Key(name: "gopher_repetition.top_n_grams",
            get: { .array($0.pipeline.gopherRepetition.topNGrams.map { .array([.integer($0.n), .float($0.fraction)]) }) },
            set: { $0.pipeline.gopherRepetition.topNGrams = try pairs($1) }),
        Key(name: "gopher_repetition.dup_n_grams",
            get: { .array($0.pipeline.gopherRepetition.duplicateNGrams.map { .array([.integer($0.n), .float($0.fraction)]) }) },
            set: { $0.pipeline.gopherRepetition.duplicateNGrams = try pairs($1) }),

        enabledKey(GopherQualityFilter.name),
        integerKey("gopher_quality.min_doc_words", \.pipeline.gopherQuality.minimumWords),
        integerKey("gopher_quality.max_doc_words", \.pipeline.gopherQuality.maximumWords),
        numberKey("gopher_quality.min_avg_word_length", \.pipeline.gopherQuality.minimumMeanWordLength),
        numberKey("gopher_quality.max_avg_word_length", \.pipeline.gopherQuality.maximumMeanWordLength),
        numberKey("gopher_quality.max_symbol_word_ratio", \.pipeline.gopherQuality.maximumSymbolWordRatio),
        fractionKey("gopher_quality.max_bullet_lines_ratio", \.pipeline.gopherQuality.maximumBulletLineRatio),
        fractionKey("gopher_quality.max_ellipsis_lines_ratio", \.pipeline.gopherQuality.maximumEllipsisLineRatio),
        fractionKey("gopher_quality.min_non_alpha_words_ratio", \.pipeline.gopherQuality.minimumAlphabeticWordRatio),
        integerKey("gopher_quality.min_stop_words", \.pipeline.gopherQuality.minimumStopWords),
        Key(name: "gopher_quality.stop_words",
            get: { .array($0.pipeline.gopherQuality.stopWords.sorted().map { .string($0) }) },
            set: { config, value in
                guard case .array(let items) = value else { throw Problem(message: "must be an array of strings") }
                config.pipeline.gopherQuality.stopWords = Set(try items.map {
                    guard case .string(let s) = $0 else { throw Problem(message: "must be an array of strings") }
                    return s
                })
            }),

        enabledKey(C4QualityFilter.name),
        boolKey("c4_quality.remove_citations", \.pipeline.c4Quality.removesCitations),
        boolKey("c4_quality.filter_no_terminal_punct", \.pipeline.c4Quality.requiresTerminalPunctuation),
        integerKey("c4_quality.min_num_sentences", \.pipeline.c4Quality.minimumSentences, minimum: -1),
        integerKey("c4_quality.min_words_per_line", \.pipeline.c4Quality.minimumWordsPerLine, minimum: -1),
        integerKey("c4_quality.max_word_length", \.pipeline.c4Quality.maximumWordLength, minimum: -1),
        boolKey("c4_quality.filter_lorem_ipsum", \.pipeline.c4Quality.dropsLoremIpsum),
        boolKey("c4_quality.filter_javascript", \.pipeline.c4Quality.dropsJavascriptLines),
        boolKey("c4_quality.filter_curly_bracket", \.pipeline.c4Quality.dropsCurlyBrackets),
        boolKey("c4_quality.filter_policy", \.pipeline.c4Quality.dropsPolicyLines),

        enabledKey(FineWebQualityFilter.name),
        fractionKey("fineweb_quality.line_punct_thr", \.pipeline.fineWebQuality.linePunctuationThreshold),
        fractionKey("fineweb_quality.short_line_thr", \.pipeline.fineWebQuality.shortLineThreshold),
        integerKey("fineweb_quality.short_line_length", \.pipeline.fineWebQuality.shortLineLength),
        fractionKey("fineweb_quality.char_duplicates_ratio", \.pipeline.fineWebQuality.duplicateCharacterThreshold),
        numberKey("fineweb_quality.new_line_ratio", \.pipeline.fineWebQuality.newlineRatio),

        enabledKey(CurationPipeline.minHashName),
        Key(name: "minhash.n_grams", get: { .integer($0.pipeline.minHash.nGrams) }, set: { config, value in
            let m = config.pipeline.minHash
            config.pipeline.minHash = MinHasher(nGrams: try integer(value, minimum: 1), bands: m.bands, hashesPerBand: m.hashesPerBand, seed: m.seed)
        }),
        Key(name: "minhash.num_buckets", get: { .integer($0.pipeline.minHash.bands) }, set: { config, value in
            let m = config.pipeline.minHash
            config.pipeline.minHash = MinHasher(nGrams: m.nGrams, bands: try integer(value, minimum: 1), hashesPerBand: m.hashesPerBand, seed: m.seed)
        }),
        Key(name: "minhash.hashes_per_bucket", get: { .integer($0.pipeline.minHash.hashesPerBand) }, set: { config, value in
            let m = config.pipeline.minHash
            config.pipeline.minHash = MinHasher(nGrams: m.nGrams, bands: m.bands, hashesPerBand: try integer(value, minimum: 1), seed: m.seed)
        }),
        Key(name: "minhash.seed", get: { .integer(Int($0.pipeline.minHash.seed)) }, set: { config, value in
            let seed = try integer(value)
            guard seed <= Int(UInt32.max) else { throw Problem(message: "must be below 2^32, as NumPy's seeds are") }
            let m = config.pipeline.minHash
            config.pipeline.minHash = MinHasher(nGrams: m.nGrams, bands: m.bands, hashesPerBand: m.hashesPerBand, seed: UInt32(seed))
        }),
    ]
}
