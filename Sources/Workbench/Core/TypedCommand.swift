/// A command typed into the palette with its argument (`:filter meta.turns == 2`, `:goto 120`, `:unfilter`). A
/// section lists the ones it answers; the palette offers them when the first word is typed, and the app hands the
/// rest of the line to the section in front.
struct TypedCommand: Equatable {
    /// The first word (`filter`).
    var verb: String
    /// What follows the verb, for the palette (`COLUMN OP VALUE`).
    var usage: String
    var summary: String
}
