/// What a section says before the program quits while it has work under way: the app shows it and asks.
struct QuitWarning: Equatable {
    /// What is under way ("Training: sample-lora.").
    var work: String
    /// The question ("Stop it (a checkpoint is written first) and quit?").
    var question: String
    /// The answers, as keys ("y: stop and quit    n: keep training").
    var choices: String
}
