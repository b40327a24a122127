#!/usr/bin/env python3
"""Checks `loom serve` with the `openai` Python package, as other tools will call it.

Starts `loom serve` on the bundled model (a free port, an API key), then uses the official client for: the model
list; completions (one prompt, a list of prompts with n as InstructLab's SDG sends them, streaming, logprobs, stop);
chat completions (whole and streamed); and the errors a client must be able to tell apart (a wrong key, an
unsupported parameter, an unknown model). Greedy completions are compared with `loom generate --json`.

    pip install openai
    python3 Scripts/serve/check_openai_client.py [--loom .build/release/loom]

Prints one line per check and exits 1 if any failed. Not run in CI (it needs the openai package).
"""
import argparse
import json
import os
import subprocess
import sys

import openai

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL_DIR = os.path.join(ROOT, "Samples", "models", "loom-shakespeare")
MODEL = "loom-shakespeare"
KEY = "sk-loom-check"

failures = []


def check(name, condition, detail=""):
    print(("ok    " if condition else "FAIL  ") + name + ("" if condition else f": {detail}"))
    if not condition:
        failures.append(name)


def loom_generate(loom, prompt, n):
    out = subprocess.run([loom, "generate", "--model", MODEL_DIR, "--prompt", prompt, "--max-new-tokens", str(n), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["text"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--loom", default=os.path.join(ROOT, ".build", "release", "loom"))
    args = parser.parse_args()
    server = subprocess.Popen([args.loom, "serve", "--model", MODEL_DIR, "--port", "0", "--api-key", KEY],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        url = line.split()[2]
        print(f"server: {url}  (openai {openai.__version__})")
        client = openai.OpenAI(base_url=url, api_key=KEY, max_retries=0)

        models = [m.id for m in client.models.list().data]
        check("models.list names the model", MODEL in models, models)

        expected = loom_generate(args.loom, "ROMEO: ", 24)
        c = client.completions.create(model=MODEL, prompt="ROMEO: ", max_tokens=24, temperature=0)
        check("greedy completion equals `loom generate`", c.choices[0].text == expected, (c.choices[0].text, expected))
        check("usage counts tokens", c.usage.completion_tokens > 0 and c.usage.prompt_tokens > 0, c.usage)

        prompts = ["ROMEO: ", "JULIET: "]
        batch = client.completions.create(model=MODEL, prompt=prompts, n=2, max_tokens=12, temperature=0)
        indices = sorted(choice.index for choice in batch.choices)
        check("a list of prompts with n=2 gives 4 choices, indexed prompt*n+i", indices == [0, 1, 2, 3], indices)
        second = loom_generate(args.loom, "JULIET: ", 12)
        by_index = {choice.index: choice.text for choice in batch.choices}
        check("each prompt's choices continue that prompt", by_index[2] == second and by_index[3] == second, by_index)

        pieces = [chunk.choices[0].text for chunk in client.completions.create(
            model=MODEL, prompt="ROMEO: ", max_tokens=24, temperature=0, stream=True) if chunk.choices]
        check("streamed completion joins to the whole one", "".join(pieces) == expected, pieces)

        lp = client.completions.create(model=MODEL, prompt="ROMEO: ", max_tokens=6, temperature=0, logprobs=2)
        logprobs = lp.choices[0].logprobs
        check("logprobs list each token with 2 alternatives",
              len(logprobs.tokens) == len(logprobs.token_logprobs) and all(len(t) <= 2 for t in logprobs.top_logprobs)
              and all(v <= 0 for v in logprobs.token_logprobs), logprobs)

        words = expected.split()
        if len(words) > 3:
            cut = client.completions.create(model=MODEL, prompt="ROMEO: ", max_tokens=24, temperature=0, stop=[words[2]])
            check("a stop string ends the text before it",
                  cut.choices[0].finish_reason == "stop" and cut.choices[0].text == expected[:expected.index(words[2])],
                  cut.choices[0])

        messages = [{"role": "user", "content": "Speak, friend."}]
        chat = client.chat.completions.create(model=MODEL, messages=messages, max_tokens=16, temperature=0)
        content = chat.choices[0].message.content
        check("chat completion has an assistant message", chat.choices[0].message.role == "assistant" and content is not None, chat)
        streamed = "".join(chunk.choices[0].delta.content or "" for chunk in client.chat.completions.create(
            model=MODEL, messages=messages, max_tokens=16, temperature=0, stream=True) if chunk.choices)
        check("streamed chat joins to the whole reply", streamed == content, (streamed, content))

        seeded = [client.completions.create(model=MODEL, prompt="ROMEO: ", max_tokens=10, temperature=1, seed=11, n=2)
                  for _ in range(2)]
        check("sampling with a seed repeats", [c.text for c in seeded[0].choices] == [c.text for c in seeded[1].choices])

        try:
            openai.OpenAI(base_url=url, api_key="wrong", max_retries=0).models.list()
            check("a wrong key is refused", False, "accepted")
        except openai.AuthenticationError as error:
            check("a wrong key is refused (401)", error.status_code == 401)
        try:
            client.completions.create(model=MODEL, prompt="x", max_tokens=2, extra_body={"frobnicate": 1})
            check("an unsupported parameter is refused", False, "accepted")
        except openai.BadRequestError as error:
            check("an unsupported parameter is a 400 naming it", "frobnicate" in str(error), str(error))
        try:
            client.completions.create(model="no-such-model", prompt="x", max_tokens=2)
            check("an unknown model is refused", False, "accepted")
        except openai.NotFoundError as error:
            check("an unknown model is a 404", error.status_code == 404)
    finally:
        server.terminate()
        server.wait(timeout=30)
    check("SIGTERM stops the server cleanly", server.returncode == 0, server.returncode)
    print(f"{len(failures)} failed" if failures else "all checks passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
