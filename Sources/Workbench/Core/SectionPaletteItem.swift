/// Something of a section that the command palette lists beside the commands, such as a dataset to open.
struct SectionPaletteItem: Equatable {
    var title: String
    var detail: String
}
