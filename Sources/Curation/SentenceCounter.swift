/// Counts sentences in one line as datatrove's C4 filter does for English, which is spaCy's tokenizer followed by its
/// rule-based sentencizer: a new sentence starts at the first token after a sentence-terminal punctuation token
/// (`.`, `!`, `?`, and the other scripts' terminals) that is not itself punctuation.
///
/// What matters is which periods spaCy splits off as tokens of their own. It does after a lowercase or uncased
/// letter, a digit, a quote or a bracket, and after two capital letters ("USA."), but not after a single capital
/// ("J."), inside a word ("3.5", "U.S.", "example.com") or in its list of abbreviations ("Mr.", "e.g.", "Jan.").
/// "..." is one token that is not a terminal, so it never ends a sentence.
enum SentenceCounter {
    /// Abbreviations spaCy's English tokenizer keeps whole (and so never ends a sentence at): titles, company
    /// suffixes, months, US states, Latin abbreviations and single lowercase letters.
    static let abbreviations: Set<Substring> = {
        let words = """
        Adm. Ak. Ala. Apr. Ariz. Ark. Aug. Bros. Calif. Co. Colo. Conn. Corp. D.C. Dec. Del. Dr. E.G. E.g. Feb. Fla. Ga. \
        Gen. Gov. I.E. I.e. Ia. Id. Ill. Inc. Ind. Jan. Jr. Jul. Jun. Kan. Kans. Ky. La. Ltd. Mar. Mass. Md. Messrs. \
        Mich. Minn. Miss. Mo. Mont. Mr. Mrs. Ms. Mt. N.C. N.D. N.H. N.J. N.M. N.Y. Neb. Nebr. Nev. Nov. Oct. Okla. Ore. \
        Pa. Ph.D. Prof. Rep. Rev. S.C. Sen. Sep. Sept. St. Tenn. Va. Wash. Wis. a.m. p.m. co. e.g. i.e. v.s. vs. \
        ä. ö. ü.
        """
        var set = Set(words.split(separator: " "))
        for letter in "abcdefghijklmnopqrstuvwxyz" { set.insert(Substring("\(letter).")) }
        return set
    }()

    enum Kind { case terminal, punctuation, word }

    static func count(_ line: Substring) -> Int {
        let kinds = tokenKinds(line)
        var sentences = kinds.isEmpty ? 0 : 1
        var seenTerminal = false
        for kind in kinds {
            if seenTerminal && kind == .word {
                sentences += 1
                seenTerminal = false
            } else if kind == .terminal {
                seenTerminal = true
            }
        }
        return sentences
    }

    /// The kinds of the tokens spaCy would make of the line, in order.
    static func tokenKinds(_ line: Substring) -> [Kind] {
        var kinds: [Kind] = []
        for chunk in line.split(whereSeparator: { $0.isWhitespace }) {
            var rest = chunk
            // Leading punctuation and symbols come off one at a time.
            while rest.count > 1, let first = rest.first, isSplitPunctuation(first) {
                kinds.append(kind(of: first))
                rest = rest.dropFirst()
            }
            var suffixes: [Kind] = []
            while !rest.isEmpty && !abbreviations.contains(rest) {
                if rest.count > 1 && rest.hasSuffix("..") {
                    // An ellipsis of periods: one token, not a terminal.
                    rest = rest.dropLast(rest.reversed().prefix(while: { $0 == "." }).count)
                    suffixes.append(.punctuation)
                } else if rest.count > 1, let last = rest.last, last == ".", periodSplits(before: rest.dropLast()) {
                    rest = rest.dropLast()
                    suffixes.append(.terminal)
                } else if rest.count > 1, let last = rest.last, last != ".", isSplitPunctuation(last) {
                    rest = rest.dropLast()
                    suffixes.append(kind(of: last))
                } else {
                    break
                }
            }
            if !rest.isEmpty {
                kinds.append(rest.count == 1 ? kind(of: rest.first!) : (rest.allSatisfy(isPunctuation) ? .punctuation : .word))
            }
            kinds.append(contentsOf: suffixes.reversed())
        }
        return kinds
    }

    /// Whether spaCy splits a final period off `word`.
    static func periodSplits(before word: Substring) -> Bool {
        guard let previous = word.last else { return false }
        if previous.isUppercase {
            let beforeThat = word.dropLast().last
            return beforeThat?.isUppercase ?? false
        }
        if previous.isLetter || previous.isNumber { return true }
        return previous != "." && isSplitPunctuation(previous)
    }

    static func kind(of character: Character) -> Kind {
        if character.unicodeScalars.count == 1 && character.unicodeScalars.first!.properties.isSentenceTerminal
            && character != "…" {
            return .terminal
        }
        return isPunctuation(character) ? .punctuation : .word
    }

    /// Unicode punctuation (spaCy's `is_punct`).
    static func isPunctuation(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy {
            switch $0.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                 .finalPunctuation, .otherPunctuation: return true
            default: return false
            }
        }
    }

    /// Characters spaCy's prefix and suffix rules take off a word: punctuation, quotes, brackets and a few symbols.
    static func isSplitPunctuation(_ character: Character) -> Bool {
        isPunctuation(character) || "<>*&#%+$£€¥".contains(character)
    }
}
