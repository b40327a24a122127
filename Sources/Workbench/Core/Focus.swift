/// Which pane takes the keys: the list on the left, or what is chosen in it on the right.
enum Focus: Equatable {
    case sidebar, main
}
