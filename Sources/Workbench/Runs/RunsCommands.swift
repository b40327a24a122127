/// The commands of the Runs section: the config form, and commanding and watching a run.
extension Command {
    static let editField = Command("editField", title: "Edit the selected setting")
    static let launchRun = Command("launchRun", title: "Launch this run in the workbench")
    static let measureEstimate = Command("measureEstimate", title: "Measure a training step for the time estimate")
    static let pauseRun = Command("pauseRun", title: "Pause or continue the run")
    static let stopRun = Command("stopRun", title: "Stop the run (writes a checkpoint first)")
    static let resumeRun = Command("resumeRun", title: "Resume the run from its last checkpoint")
    static let toggleZoom = Command("toggleZoom", title: "Zoom: last 100 steps or the whole run")
    static let toggleLogScale = Command("toggleLogScale", title: "Loss axis: log or linear")
    static let nextChart = Command("nextChart", title: "Second chart: learning rate, gradient norm, tokens/s")
    static let compareRun = Command("compareRun", title: "Overlay another run's loss")
    static let writeConfig = Command("writeConfig", title: "Write the edited config back to its file")
}
