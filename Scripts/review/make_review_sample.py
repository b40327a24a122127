#!/usr/bin/env python3
"""Writes Samples/review-sample.jsonl: a small dataset for the workbench's Review section, shown on first launch.

Two kinds of text, each labelled, so the section can measure its false-positive rate on the file itself:
  - human: short pieces written for Loom by its developers (notes, letters, reviews, instructions; two are under
    100 words, which the model-free tier abstains on), redistributable with the project;
  - machine: generations of the bundled model Samples/models/loom-shakespeare (a tiny Llama trained by Loom on Tiny
    Shakespeare), made by `loom generate` with fixed seeds, so the file is the same on every run with the same binary.

    swift build -c release --product loom
    python3 Scripts/review/make_review_sample.py [--loom .build/release/loom]
    .build/release/loom review Samples/review-sample.jsonl
"""
import argparse
import json
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(ROOT, "Samples", "models", "loom-shakespeare")
OUT = os.path.join(ROOT, "Samples", "review-sample.jsonl")

HUMAN = [
    ("note", "We moved the compost bin to the far corner of the garden on Saturday, mostly because the neighbours "
     "complained about the smell in August, which was fair. It took three of us and a wheelbarrow. The bottom layer had "
     "turned into dark crumbly stuff that smelled like a forest floor, so that went straight onto the tomato beds. The "
     "top half was still a mess of onion skins and grass clippings. Next time I want two bins side by side, one filling "
     "while the other rots, because turning a single heap with a fork is miserable work and nobody volunteers twice. "
     "Also: no more citrus peel, it takes forever."),
    ("letter", "Dear Ana, thanks for the parcel, it arrived on Tuesday with one corner crushed but nothing inside was "
     "broken. The kids fought over the wooden puzzle for about an hour before deciding it belonged to the cat. I've been "
     "meaning to write since the spring and kept putting it off, partly because there was so little news. Work is work. "
     "The roof finally got fixed after the second leak ruined a box of old photos in the attic, which I minded more than "
     "I expected to. Are you still coming in October? If so, bring boots; the path down to the river is mud until "
     "November. Love to Marco and the dog."),
    ("review", "I bought this kettle because the old one started tasting of metal, and for the first week I liked it a "
     "lot. It boils fast and it's quiet. Then the lid catch began sticking, and now I have to press it twice to get it "
     "open, which is annoying when you're holding a mug in the other hand. The water window is useless in a dim kitchen. "
     "The cord is a good length. Would I buy it again? Probably not at full price. If it goes on sale and you don't mind "
     "a lid with a personality, it's fine. Three stars, mostly for the speed and for not whistling at six in the morning."),
    ("instructions", "To change the inner tube, first let out whatever air is left and flip the bike over so it rests on "
     "the saddle and bars. Undo the brake if it's a rim brake, or the wheel won't come past the pads. Open the quick "
     "release, or loosen the nuts, and pull the wheel out; on the back you need to push the derailleur back with your "
     "thumb. Use two tyre levers, not a screwdriver, to lift one side of the tyre off the rim. Run your fingers slowly "
     "around the inside of the tyre to find whatever made the hole, a thorn or a bit of glass, or the new tube will go "
     "flat within a day. Put a little air in the new tube before fitting it so it doesn't twist."),
    ("diary", "Rained all day again. Took the bus instead of cycling and regretted it, the driver missed the turn near "
     "the hospital and we sat in traffic for forty minutes while a man behind me explained his divorce to someone on the "
     "phone, loudly and in great detail. Got to the office soaked anyway. Lunch was leftover soup. In the afternoon the "
     "printer jammed with the one report that actually mattered, and I spent an hour with the toner smell on my hands "
     "pulling out shredded paper with tweezers. On the way home the sky cleared for ten minutes, gold over the rooftops, "
     "and I stood on the bridge like an idiot watching it."),
    ("recipe", "My grandmother's lentil soup, roughly, because she never measured anything. Fry one chopped onion and two "
     "carrots in olive oil until soft, which takes longer than you think, at least ten minutes. Add garlic, a spoon of "
     "cumin and a spoon of paprika and let them sizzle for a minute. Tip in a mug of red lentils, rinsed, and about four "
     "mugs of water or stock. Simmer until the lentils fall apart. Squeeze in half a lemon at the end, and salt more than "
     "you want to. She served it with bread that was a day old, torn, never cut, and she was strict about that part."),
    ("meeting", "Notes from the volunteers' meeting, Thursday. Eleven people came, which is more than last time but still "
     "not enough for the weekend shifts. The van needs new tyres before winter; Pete has a quote and will get a second "
     "one. We agreed to stop taking sofas, since they sit in the hall for weeks and nobody wants them. The school asked "
     "whether we can collect coats again in November, and we said yes, but only if someone else does the sorting. "
     "Marie is stepping down as treasurer at Easter. Nobody volunteered to replace her, so that item stays open. Tea "
     "money is still short by about twelve pounds."),
    ("story", "The lighthouse keeper's daughter had never seen the mainland in daylight. Her father rowed across once a "
     "month, always leaving before dawn and coming back after dark, and she imagined the town as a row of lanterns and "
     "nothing else. When she was nine the boat's engine failed and they drifted in at noon instead, and she stared at "
     "the shops and the bicycles and a woman shaking out a red rug from an upstairs window. She didn't say anything the "
     "whole way along the harbour. That night, back on the rock, she drew the red rug from memory, and she kept the "
     "drawing pinned above her bed for the next forty years."),
    ("complaint", "I'm writing about the roadworks on Mill Lane, which were supposed to finish in June. It is now the "
     "middle of September. The temporary lights change every ninety seconds whether or not anything is coming, and at "
     "night there is nobody working at all, just cones and a hole. Twice this month the bin lorry couldn't get through, "
     "so our bins sat on the pavement for a week. I understand that delays happen. What I don't understand is why nobody "
     "at the council can tell me when it will end, or who is responsible. Could somebody please reply with an actual "
     "date, or at least a name."),
    ("field notes", "Walked the north transect at 7:40, overcast, light wind from the west. Two buzzards circling above "
     "the plantation, one calling. A wren in the bramble by the second gate, loud as always. No sign of the barn owl at "
     "the usual post, first time in three visits; the pellets underneath looked old. Heard a green woodpecker but could "
     "not see it. Fresh badger diggings along the bank past the stile, and a latrine with fresh droppings, so the sett is "
     "still in use. Cattle have been moved into the lower field and churned up the wet corner. Back at the car by 9:15, "
     "boots soaked through."),
    ("explanation", "People often ask why the bread rises more on warm days. Yeast is alive, and like most living things "
     "it works faster when it's warm, up to a point. It eats the sugars in the flour and breathes out carbon dioxide, and "
     "the gluten traps the gas in little pockets, which is what makes the dough swell. On a cold day the same dough "
     "might take twice as long. You can cheat by putting the bowl near the oven, but not on it, because above about "
     "fifty degrees the yeast dies. Slow rises taste better anyway, which is why some bakers leave dough in the fridge "
     "overnight on purpose."),
    ("travel", "The night train from Vienna was late by an hour and nobody seemed to mind. Our compartment had six "
     "bunks, and the other four were taken by a family from Kraków who shared their sandwiches and a flask of very sweet "
     "tea. The youngest boy wanted to know everything about London, mostly whether the Queen still lived there and "
     "whether it rained every day. I slept badly, as you do on trains, waking at every station to hear someone shouting "
     "names in the dark. At six the conductor knocked with coffee in paper cups, and outside the window there were "
     "fields white with frost and a fox walking along the tracks."),
    ("short", "Back in ten minutes. If the delivery comes, the key to the shed is under the blue pot, not the green one."),
    ("short", "Remember to water the basil on Thursday, and don't let the cat sleep on the printer again, it jams."),
]

PROMPTS = ["KING RICHARD:", "ROMEO:", "First Citizen:", "JULIET:", "MENENIUS:", "DUKE VINCENTIO:", "LADY CAPULET:",
           "GLOUCESTER:", "QUEEN ELIZABETH:", "PETRUCHIO:", "Nurse:", "HENRY BOLINGBROKE:"]


def generate(loom, prompt, seed):
    out = subprocess.run([loom, "generate", "--model", MODEL, "--prompt", prompt, "--max-new-tokens", "220",
                          "--temperature", "0.8", "--top-p", "0.95", "--seed", str(seed), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return prompt + json.loads(out.strip().splitlines()[-1])["text"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--loom", default=os.path.join(ROOT, ".build", "release", "loom"))
    args = parser.parse_args()
    records = []
    for i, (kind, text) in enumerate(HUMAN):
        records.append({"id": f"h{i + 1:02d}", "text": text, "label": "human", "kind": kind, "source": "written for Loom"})
    for i, prompt in enumerate(PROMPTS):
        text = generate(args.loom, prompt, seed=100 + i)
        records.append({"id": f"m{i + 1:02d}", "text": text, "label": "machine", "kind": "generation",
                        "source": "loom-shakespeare, seed %d" % (100 + i)})
    # Interleave, so that the file does not read as two blocks.
    humans, machines = records[:len(HUMAN)], records[len(HUMAN):]
    mixed = []
    for i in range(max(len(humans), len(machines))):
        mixed += humans[i:i + 1] + machines[i:i + 1]
    with open(OUT, "w", encoding="utf-8") as f:
        for record in mixed:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(mixed)} records to {OUT}")


if __name__ == "__main__":
    main()
