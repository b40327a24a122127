import Testing
import TerminalCore

@Suite struct ASCIIFallbackTests {
    @Test func symbolsBecomeTheirASCIIEquivalents() {
        #expect(ASCIIFallback.fold("⚙ sample-lora · step 3 — ▶ run") == "* sample-lora . step 3 - > run")
        #expect(ASCIIFallback.fold("plain") == "plain")
        #expect(ASCIIFallback.fold("日本") == "????", "wide characters keep their width")
    }
}
