/// The commands of the Chat section. `x` stops a reply with the Runs section's `stopRun`, the same key as there.
extension Command {
    static let sendPrompt = Command("sendPrompt", title: "Write a prompt and generate")
    static let toggleAdapter = Command("toggleAdapter", title: "Generate with or without the adapter")
    static let nextModel = Command("nextModel", title: "Next model or run to chat with")
}
