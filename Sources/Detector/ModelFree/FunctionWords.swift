/// English function words (articles, pronouns, prepositions, conjunctions, auxiliaries, common adverbs): how often a
/// writer uses them is a classic stylometric signal that does not depend on topic.
enum FunctionWords {
    static let all: Set<UInt64> = Set("""
        a an the this that these those i me my mine we us our ours you your yours he him his she her hers it its they \
        them their theirs who whom whose which what there here and or but nor so yet for if then than because as \
        while although though since unless until when where whether of in on at by to from with without about into \
        onto over under between among through during before after above below up down out off against along \
        across around near upon within is am are was were be been being do does did have has had will would shall \
        should can could may might must not no all any some each every both either neither one other such only \
        also very just too more most much many few less own same again still even ever how why now
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { TextUnits.hash($0.utf8) })

    /// Words that instruction-tuned chat models are measured to overuse against human writing of the same period
    /// (Liang et al. 2024, "Mapping the increasing use of LLMs in scientific papers"; Kobak et al. 2024, "Delving
    /// into ChatGPT usage in academic writing through excess vocabulary"): a chat model's fingerprint in its choice
    /// of words. Older base models (GPT-2, GPT-J) do not share it.
    static let chatModelFavoured: Set<UInt64> = Set("""
        delve delves delving moreover additionally furthermore crucial crucially overall significant significantly         various ensure ensuring enhance enhancing enhanced potential notably landscape vibrant intricate intricacies         foster fostering showcase showcasing showcases pivotal realm testament underscore underscores underscoring         comprehensive essential navigate navigating unwavering profound tapestry embark resonate seamless seamlessly         innovative dynamic insights valuable highlighting highlights emphasize emphasizing ultimately meticulous         meticulously commendable noteworthy invaluable multifaceted nuanced bustling captivating boasts garnered
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { TextUnits.hash($0.utf8) })

    /// First-person pronouns: personal writing uses them, expository machine text rarely does.
    static let firstPerson: Set<UInt64> = Set(["i", "me", "my", "mine", "we", "us", "our", "ours", "i'm", "i've", "i'd",
                                               "i'll", "we're", "we've"].map { TextUnits.hash($0.utf8) })
}
