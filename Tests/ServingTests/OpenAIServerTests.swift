import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Serving
import Support
import Testing

/// The server over loopback with the bundled model: what `loom serve` answers, compared with what the engine makes
/// on its own.
@Suite(.serialized) struct OpenAIServerTests {
    @Test func greedyCompletionsEqualTheGenerator() async throws {
        let server = try await LoopbackServer.start([try BundledModel.served()])
        defer { server.stop() }
        let prompts = ["ROMEO: ", "To be, or not"]
        let body = #"{"model": "loom-shakespeare", "prompt": ["ROMEO: ", "To be, or not"], "max_tokens": 20, "temperature": 0, "n": 2}"#
        let (status, json) = try await server.post("/v1/completions", body)
        #expect(status == 200, "\(json)")
        guard case .array(let choices)? = json["choices"] else { Issue.record("no choices: \(json)"); return }
        #expect(choices.count == 4)
        for (index, choice) in choices.enumerated() {
            let expected = try BundledModel.generate(prompts[index / 2], maxNewTokens: 20)
            #expect(choice["index"] == .number(String(index)))
            #expect(choice["text"]?.stringValue == expected)
            #expect(choice["finish_reason"]?.stringValue == "length" || choice["finish_reason"]?.stringValue == "stop")
        }
        #expect(json["object"]?.stringValue == "text_completion")
        #expect(json.value(atPath: ["usage", "completion_tokens"])?.doubleValue ?? 0 > 0)
    }

    @Test func streamingSendsTheSameTextInPieces() async throws {
        let server = try await LoopbackServer.start([try BundledModel.served()])
        defer { server.stop() }
        let expected = try BundledModel.generate("ROMEO: ", maxNewTokens: 24)
        let body = #"{"model": "loom-shakespeare", "prompt": "ROMEO: ", "max_tokens": 24, "temperature": 0, "stream": true, "stream_options": {"include_usage": true}}"#
        let (status, text, headers) = try await server.send(.POST, "/v1/completions", body: body)
        #expect(status == 200)
        #expect(headers.first(name: "content-type")?.hasPrefix("text/event-stream") == true)
        let events = LoopbackServer.events(text)
        #expect(events.last == "[DONE]")
        let chunks = try events.dropLast().map { try JSONParser.parse($0) }
        let pieces = chunks.compactMap { chunk -> String? in
            guard case .array(let choices)? = chunk["choices"], let first = choices.first else { return nil }
            return first["text"]?.stringValue
        }
        #expect(pieces.count > 2, "the text came in pieces")
        #expect(pieces.joined() == expected)
        #expect(chunks.last?["usage"]?["completion_tokens"] != nil, "the usage chunk comes last")
    }

    @Test func chatStreamsDeltasWithTheRoleFirst() async throws {
        let server = try await LoopbackServer.start([try BundledModel.served()])
        defer { server.stop() }
        let request = #"{"model": "loom-shakespeare", "messages": [{"role": "user", "content": "Speak, friend."}], "max_tokens": 16, "temperature": 0"#
        let (status, whole) = try await server.post("/v1/chat/completions", request + "}")
        #expect(status == 200, "\(whole)")
        let content = whole.value(atPath: ["choices"]).flatMap { value -> String? in
            guard case .array(let list) = value else { return nil }
            return list.first?.value(atPath: ["message", "content"])?.stringValue
        }
        #expect(content != nil)
        #expect(whole["object"]?.stringValue == "chat.completion")
        let (_, text, _) = try await server.send(.POST, "/v1/chat/completions", body: request + #", "stream": true}"#)
        let chunks = try LoopbackServer.events(text).dropLast().map { try JSONParser.parse($0) }
        let deltas = chunks.compactMap { chunk -> JSONValue? in
            guard case .array(let choices)? = chunk["choices"] else { return nil }
            return choices.first?["delta"]
        }
        #expect(deltas.first?["role"]?.stringValue == "assistant")
        #expect(deltas.compactMap { $0["content"]?.stringValue }.joined() == content)
        #expect(chunks.allSatisfy { $0["object"]?.stringValue == "chat.completion.chunk" })
    }

    @Test func stopStringsEndTheTextBeforeThem() async throws {
        let server = try await LoopbackServer.start([try BundledModel.served()])
        defer { server.stop() }
        let full = try BundledModel.generate("ROMEO: ", maxNewTokens: 40)
        let words = full.split(separator: " ")
        try #require(words.count > 4, "the model wrote too little to cut: \(full)")
        let stop = String(words[3])
        let cut = String(full[..<full.range(of: stop)!.lowerBound])
        for stream in [false, true] {
            let body = #"{"model": "loom-shakespeare", "prompt": "ROMEO: ", "max_tokens": 40, "temperature": 0, "stop": [\#(JSONString.quoted(stop)), "zzzz-never"], "stream": \#(stream)}"#
            let (status, text, _) = try await server.send(.POST, "/v1/completions", body: body)
            #expect(status == 200)
            let chunks = stream ? try LoopbackServer.events(text).dropLast().map { try JSONParser.parse($0) } : [try JSONParser.parse(text)]
            let pieces = chunks.compactMap { chunk -> String? in
                guard case .array(let choices)? = chunk["choices"], let first = choices.first else { return nil }
                return first["text"]?.stringValue
            }
            #expect(pieces.joined() == cut, "stream: \(stream)")
            let reasons = chunks.compactMap { chunk -> String? in
                guard case .array(let choices)? = chunk["choices"], let first = choices.first else { return nil }
                return first["finish_reason"]?.stringValue
            }
            #expect(reasons.last == "stop")
        }
    }

    @Test func logprobsListEveryTokenWithTheGreedyOneOnTop() async throws {
        let server = try await LoopbackServer.start([try BundledModel.served()])
        defer { server.stop() }
        let body = #"{"model": "loom-shakespeare", "prompt": "ROMEO: ", "max_tokens": 8, "temperature": 0, "logprobs": 3}"#
        let (status, json) = try await server.post("/v1/completions", body)
        #expect(status == 200, "\(json)")
        guard case .array(let choices)? = json["choices"], let logprobs = choices.first?["logprobs"],
              case .array(let tokens)? = logprobs["tokens"], case .array(let values)? = logprobs["token_logprobs"],
              case .array(let tops)? = logprobs["top_logprobs"] else { Issue.record("no logprobs: \(json)"); return }
        #expect(tokens.count == values.count && tokens.count == tops.count && !tokens.isEmpty)
        for (index, value) in values.enumerated() {
            let logprob = try #require(value.doubleValue)
            #expect(logprob <= 0)
            guard case .object(let top) = tops[index] else { Issue.record("top_logprobs[\(index)]"); continue }
            #expect(top.count <= 3 && !top.isEmpty)
            let best = top.compactMap { $0.value.doubleValue }.max() ?? 1
            #expect(abs(best - logprob) < 1e-4, "greedy picks the most likely token")
        }
    }

    @Test func sampledChoicesRepeatWithTheirSeed() async throws {
        let server = try await LoopbackServer.start([try BundledModel.served()])
        defer { server.stop() }
        let body = #"{"model": "loom-shakespeare", "prompt": "ROMEO: ", "max_tokens": 12, "temperature": 1.0, "top_p": 0.9, "n": 3, "seed": 7}"#
        let first = try await server.post("/v1/completions", body)
        let second = try await server.post("/v1/completions", body)
        #expect(first.status == 200)
        #expect(first.json["choices"] == second.json["choices"])
    }

    @Test func concurrentRequestsEachGetTheirOwnAnswer() async throws {
        let server = try await LoopbackServer.start([try BundledModel.served()])
        defer { server.stop() }
        let prompts = ["ROMEO: ", "JULIET: ", "To be", "My lord,", "Good morrow", "What light"]
        let expected = try prompts.map { try BundledModel.generate($0, maxNewTokens: 16) }
        let answers = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for (index, prompt) in prompts.enumerated() {
                group.addTask {
                    let body = #"{"model": "loom-shakespeare", "prompt": "\#(prompt)", "max_tokens": 16, "temperature": 0}"#
                    let (_, json) = try await server.post("/v1/completions", body)
                    guard case .array(let choices)? = json["choices"] else { return (index, nil) }
                    return (index, choices.first?["text"]?.stringValue)
                }
            }
            var answers = [String?](repeating: nil, count: prompts.count)
            for try await (index, text) in group { answers[index] = text }
            return answers
        }
        #expect(answers == expected.map(Optional.some))
        #expect(server.service.requestsInFlight == 0)
    }
}
