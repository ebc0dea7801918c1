"""Judgement red flags in behavioural stories: hiding a problem, pushing past checks, taking the
credit, learning nothing; said in the speaker's own voice, not denied, not owned as a mistake."""

from __future__ import annotations

import pytest

from bot.bank.loader import load_default_bank
from bot.core.models import RoundType
from bot.core.questions import Misconception
from bot.core.scoring import score_answer
from bot.core.scoring.judgement import find_judgement_flags
from bot.core.scoring.matching import AnswerIndex
from bot.core.scoring.results import MisconceptionResult
from tests.core.scoring.test_scoring_judgement import ON_TOPIC, _star_question


def flags(text: str) -> set[str]:
    return {flag.id for flag, _ in find_judgement_flags(AnswerIndex.build(text))}


@pytest.mark.parametrize(
    ("sentence", "flag"),
    [
        ("I didn't tell anyone about the drop until the quarterly review.", "hides-problems"),
        ("We kept it quiet and patched the join in the next release.", "hides-problems"),
        ("I just quietly reverted the threshold on Friday night.", "hides-problems"),
        ("I didn't want to worry the PM, so I said we were on track.", "hides-problems"),
        ("I swapped the eval set without telling the research team.", "hides-problems"),
        ("Legal had concerns but we shipped it anyway because the date was fixed.", "overrides-checks"),
        ("The deadline was close so we skipped the A/B test.", "overrides-checks"),
        ("I overruled her analysis since the launch was mine.", "overrides-checks"),
        ("tbh we never really re-checked accuracy after quantising.", "overrides-checks"),
        ("It was obvious, no need to compare against the old model.", "overrides-checks"),
        ("I went with my gut and picked the bigger model.", "overrides-checks"),
        ("I single-handedly rebuilt the pipeline while the team watched.", "takes-credit"),
        ("I presented it and took all the credit with leadership.", "takes-credit"),
        ("It worked out, so no regrets.", "learned-nothing"),
        ("Honestly I wouldn't change a thing about how I ran it.", "learned-nothing"),
    ],
)
def test_each_judgement_flag_is_heard_in_the_speakers_voice(sentence: str, flag: str) -> None:
    assert flags(sentence) == {flag}


@pytest.mark.parametrize(
    "sentence",
    [
        # someone else's act is the situation, not the speaker's judgement
        "The previous owner had skipped the A/B test and shipped it anyway.",
        "Our VP overruled the data science lead before I joined.",
        # denied or hypothetical
        "I did not keep it quiet: I posted in the incident channel within ten minutes.",
        "Rather than ship it anyway, I asked for two more days of shadow traffic.",
        "If we had skipped the A/B test, we would never have seen the 3% drop in retention.",
        # a mistake the speaker owns is a lesson
        "I didn't check the join early enough. That was my mistake, and now I always diff row counts.",
        "We shipped it anyway. In hindsight I should have pushed for the canary.",
        # ordinary good practice
        "I told my manager the same day and we agreed to roll back.",
        "We ran an A/B test for two weeks and the lift held at 2.1%.",
    ],
)
def test_situations_denials_and_owned_mistakes_are_not_flags(sentence: str) -> None:
    assert flags(sentence) == set()


def test_a_judgement_flag_costs_its_full_share_of_a_polished_story() -> None:
    question = _star_question()
    clean = score_answer(question, ON_TOPIC)
    hidden = score_answer(question, ON_TOPIC + " I didn't tell anyone about the cause, so no one would ask.")
    found = {m.id: m for m in hidden.misconceptions}
    assert found["hides-problems"].kind == "red_flag"
    assert found["hides-problems"].evidence and "didn't tell anyone" in found["hides-problems"].evidence
    assert clean.score - hidden.score == pytest.approx(100 * found["hides-problems"].penalty, abs=1)
    assert any(line.startswith("Red flag: Hides a problem") for line in hidden.feedback)


# ---- the ways candidates really say them (issue 13) ---------------------------------------------


def said_flags(text: str) -> set[str]:
    """Every built-in judgement flag of the story, blame included."""
    return flags(text)


# Each pattern: the red flag as a candidate says it, and the closest sentence that is not one.
HEARD = [
    # hides-problems: "quietly" after the object, reasons given for not telling
    ("I fixed the split the same afternoon, re-ran it quietly and made sure future reports used the corrected pipeline.",
     "I fixed the split the same afternoon, re-ran it and posted the corrected numbers in the team channel.",
     "hides-problems"),
    ("Fixed the join quietly and moved on.", "I quietly asked her afterwards how the review had felt.", "hides-problems"),
    ("I judged that raising an alarm would only cause confusion.",
     "I checked twice before paging anyone, because a false page at 3am costs trust.", "hides-problems"),
    ("Honestly it'd only cause panic, so we patched it and moved on.",
     "Waiting another day would only cause more damage, so I rolled back at once.", "hides-problems"),
    ("There was no point worrying leadership over a 0.3% dip.",
     "There was no point worrying about the old model, so we put the week into the new one.", "hides-problems"),
    ("Reporting the leak would have made us look bad in front of the client.",
     "Missing the date would have made us look bad, so I negotiated a smaller first release.", "hides-problems"),
    ("I didn't want to derail the launch, so I left it out of the readout.",
     "I didn't want to delay the launch, so I proposed a 5% canary first.", "hides-problems"),
    ("We sat on the results for a week until the launch was done.",
     "I sat on the email overnight and replied once I was calm.", "hides-problems"),
    ("I left the bad numbers out of the status update.",
     "I left the raw logs out of the report to keep it short and linked them at the end.", "hides-problems"),
    ("We re-ran it so that the PM would not notice the gap.",
     "I added a fallback so that the users would not notice the outage.", "hides-problems"),
    # blames-others: blame framed as the cause
    ("The root cause was the data team's pipeline.",
     "The root cause was a schema change upstream that our feature checks did not cover.", "blames-others"),
    ("Honestly, the data team's pipeline was the real problem, not my model.",
     "The real problem was my own feature code, not the data team's pipeline.", "blames-others"),
    ("It was really QA's fault.", "It was nobody's fault in particular; our process had no check for it.", "blames-others"),
    ("They should have caught it in staging.", "I should have caught it in staging.", "blames-others"),
    ("If the PM had listened, none of this would have happened.",
     "If I had listened to the PM, none of this would have happened.", "blames-others"),
    ("The issue was in their pipeline, not in my model.", "The issue was in my pipeline, not in their service.", "blames-others"),
    ("I basically threw the platform team under the bus in the postmortem.",
     "I kept the postmortem blameless and wrote it with the platform team.", "blames-others"),
    # overrides-checks
    ("We went ahead regardless.", "We went ahead once the canary had run clean for two days.", "overrides-checks"),
    ("I launched over their objections.", "I launched over two weeks, region by region.", "overrides-checks"),
    ("We shipped despite the failing tests because the date was fixed.",
     "Despite the tight date, we shipped only after the tests were green.", "overrides-checks"),
    ("I didn't wait for the A/B test.", "I didn't wait for the quarterly review; I sent the numbers that day.",
     "overrides-checks"),
    ("I overrode the reviewer and merged it.", "I overrode the default learning rate schedule with a cosine one.",
     "overrides-checks"),
    ("I ignored their concerns about the holdout set.", "I ignored the noise in the daily numbers and read the weekly trend.",
     "overrides-checks"),
    ("I bypassed the review to make the Friday cut.", "I asked for an extra reviewer to make the Friday cut.",
     "overrides-checks"),
    ("We never checked accuracy after quantising.", "We never checked in code without a review.", "overrides-checks"),
    # deciding without looking for the cause
    ("We chalked the drop in recall up to noise and launched.",
     "The team had chalked the drop in recall up to noise for months, so I pulled the logs.", "overrides-checks"),
    ("I assumed the dip was just seasonality and moved on.",
     "Everyone assumed the dip was just seasonality until I split it by platform.", "overrides-checks"),
    ("I didn't dig into why the churn model lost on the holdout; the deadline was Friday.",
     "I dug into why the churn model lost on the holdout before the Friday deadline.", "overrides-checks"),
    ("We never investigated the spike in refunds and kept the new pricing model.",
     "We investigated the spike in refunds before keeping the new pricing model.", "overrides-checks"),
    ("I didn't look into the latency regression because the revenue win was big.",
     "The previous owner never looked into the latency regression, so that is where I started.", "overrides-checks"),
    # overrides-checks: a bad signal explained away instead of checked
    ("I attributed the drop in conversion to seasonality and kept the new ranker live.",
     "I attributed the dip to seasonality after comparing it with the same week last year.", "overrides-checks"),
    ("attributed the dip to novelty, kept it on", "Everyone attributed the drop to seasonality until I split it by platform.",
     "overrides-checks"),
    ("We dismissed the complaints as a vocal minority and kept the feature.",
     "I didn't dismiss the complaints as a vocal minority; I read fifty tickets.", "overrides-checks"),
    ("wrote it off as noise tbh", "The PM had written it off as noise, so I pulled a week of raw logs.", "overrides-checks"),
    ("I trusted the offline numbers over the A/B test.", "I trusted the A/B test over the offline numbers.",
     "overrides-checks"),
    ("A/B tests are noisy, so I trusted the offline numbers.",
     "The A/B test was noisy, so I ran an A/A test and checked sample ratio before trusting it.", "overrides-checks"),
    ("ab test too noisy so went with offline", "A/B tests are noisy, so we ran it for three weeks.", "overrides-checks"),
    ("Honestly, the online test is the weaker evidence, so I went with the backtest.",
     "I argued the online test was the stronger evidence, and the PM agreed.", "overrides-checks"),
    ("the a/b was the weaker signal imo", "The offline eval was the weaker signal, so we waited for the A/B.",
     "overrides-checks"),
    ("The complaints were just a vocal minority, so we kept the redesign.",
     "I wondered whether the complaints were a vocal minority, so I sampled 200 tickets: they weren't.",
     "overrides-checks"),
    ("complaints were mostly from a vocal minority",
     "The PM said the complaints were just a vocal minority, so I pulled the ticket data.", "overrides-checks"),
    ("It was a classic novelty effect, so we waited it out.",
     "It looked like a novelty effect, so we ran it for three more weeks to see whether it faded.", "overrides-checks"),
    ("the dip was probably noise so we launched", "I checked whether the dip was seasonality: it wasn't.",
     "overrides-checks"),
    # takes-credit
    ("It was my idea that saved the project.", "My change saved about 30% of the GPU hours.", "takes-credit"),
    ("I alone figured out the leak.", "I wasn't alone: Priya paired with me on the leak.", "takes-credit"),
    ("Nobody else on the team could have fixed it.", "Nobody else on the team knew the legacy code, so I documented it.",
     "takes-credit"),
    ("I rebuilt the pipeline while the rest of the team watched.",
     "I walked the team through the notebook as they watched the numbers move.", "takes-credit"),
    ("Honestly the data team was incompetent.", "I felt incompetent for the first month, so I paired with a senior engineer.",
     "blames-others"),
    ("We shipped it anyway, even though the canary was red.",
     "We shipped it anyway after the canary passed, since legal's concern had been resolved in writing.",
     "overrides-checks"),
    ("We went ahead regardless of their concerns.", "We shipped regardless of region, to every market at once after the A/B.",
     "overrides-checks"),
    ("I removed the feature quietly from the candidate list.",
     "I removed the feature quietly from the candidate list after the ablation, and noted it in the changelog.",
     "hides-problems"),
    ("We kept it quiet and told no one.", "We kept it quiet on social media and told every affected customer by email.",
     "hides-problems"),
    ("I worried that raising it would cause panic.",
     "I worried that raising it would cause panic, so I brought a fix plan along when I told them.", "hides-problems"),
    ("I worried it would make us look bad.", "I raised it even though I worried it would make us look bad.",
     "hides-problems"),
    ("I did all the work without telling anyone.", "I led it without telling anyone what to do; I showed the dashboard.",
     "hides-problems"),
    ("Honestly I carried the team on that launch.", "I carried the team's concerns to the director.", "takes-credit"),
    ("There was nothing to learn from it.", "There was nothing to learn from the logs at first, so I added tracing.",
     "learned-nothing"),
    # no-own-part: the story says outright that others did it
    ("I mostly watched while the senior engineers fixed it.",
     "I watched the dashboards for an hour after the rollback.", "no-own-part"),
    ("Honestly the team did everything; I only took notes.",
     "The team did the heavy lifting on labeling, and I built the training pipeline.", "no-own-part"),
    ("My role was just to take notes.", "My role was to own the rollback plan.", "no-own-part"),
    ("At first I only watched.", "At first I only watched. Then I took over the rollback when the lead was paged elsewhere.",
     "no-own-part"),
    ("I just did what I was told.", "I just followed the runbook step by step, and it worked.", "no-own-part"),
    ("We only watched from the sidelines.", "We only watched service health, with no check on the input features.",
     "no-own-part"),
    ("I didn't want to derail the launch, so I waited until after it to raise it.",
     "I didn't want to derail the launch, so I raised it with the PM with a workaround ready.", "hides-problems"),
    ("There was no need to worry leadership.", "I told them there was no need to worry: the fallback was live.",
     "hides-problems"),
    ("Honestly, engineering dropped the ball.", "I dropped the ball on the handover, and I said so in the retro.",
     "blames-others"),
    ("The delay wasn't on me.", "It wasn't my responsibility, but I fixed it anyway.", "blames-others"),
    ("I chose not to raise it; the launch mattered more.",
     "I chose not to raise it in the all-hands; I took it to her one-on-one the same day.", "hides-problems"),
    ("I pushed it anyway.", "I pushed back on shipping it anyway and asked for two more days of shadow traffic.",
     "overrides-checks"),
    # chat style drops the apostrophes
    ("tbh didnt tell anyone about the drop", "tbh didnt tell anyone how to do it, just asked what they needed",
     "hides-problems"),
    ("ngl we kept it quiet til the release", "ngl we kept it simple til the release", "hides-problems"),
    ("honestly wouldnt change a thing", "honestly wouldnt change a thing about the rollback, but Id page sooner",
     "learned-nothing"),
    # learned-nothing
    ("I'd do exactly the same again.", "I'd do exactly the same again, but I'd loop in legal a week earlier.",
     "learned-nothing"),
    ("Honestly there's nothing I'd change.", "Honestly there's one thing I'd change: the rollout order.", "learned-nothing"),
    ("There's nothing I'd do differently.", "There's one thing I'd do differently: test on last month's data.",
     "learned-nothing"),
    ("I stand by everything I did.", "Given what we knew, I'd make the same call again, with a faster check.",
     "learned-nothing"),
    # hides-problems: a metric or an analysis kept away from the people deciding
    ("I took conversion off the launch dashboard for the first week.",
     "I put conversion on the launch dashboard for the first week, with its confidence band.", "hides-problems"),
    ("I kept the fairness analysis out of the launch deck.",
     "I put the fairness analysis in the launch deck, on the second slide.", "hides-problems"),
    # games-the-evaluation: the measurement bent until it shows the number
    ("We dropped the ambiguous images from the test set and hit 98%.",
     "We found the ambiguous images had been dropped from the test set and put them back.", "games-the-evaluation"),
    ("I reported the best seed to leadership.", "I reported the mean over five seeds to leadership.",
     "games-the-evaluation"),
    ("I kept the experiment running until it was significant.",
     "I kept the experiment running for the two weeks we had planned.", "games-the-evaluation"),
    ("We cherry-picked the weeks where the model looked good.",
     "We picked the evaluation weeks in advance, before seeing any results.", "games-the-evaluation"),
    ("We evaluated on the customer's easy product lines only and reported 99.1%.",
     "We evaluated on the easy product lines first, then on all of them, and reported both.", "games-the-evaluation"),
    ("I found that if we excluded the unclear images from the test set, which I'd argue are mislabelled, it scored 99%.",
     "If we had excluded the unclear images from the test set, it would have scored 99%.", "games-the-evaluation"),
    ("I removed the queries the model got wrong from the benchmark.",
     "I added the queries the model got wrong to the benchmark.", "games-the-evaluation"),
    # hides-problems: the plan to keep it quiet, the circle kept small, an incident not opened
    ("I decided the simplest move was to patch it quietly before Monday.",
     "I decided the simplest move was to patch it before Monday and post the diff in the channel.", "hides-problems"),
    ("I did not call out the label bug in the release notes.",
     "I called out the label bug in the release notes.", "hides-problems"),
    ("We kept the incident inside the data team.", "We kept the runbook inside the data team's wiki.", "hides-problems"),
    ("I asked support not to escalate it to the account managers.",
     "I asked support not to retry the failed jobs until the fix was in.", "hides-problems"),
    ("I re-ran his pipeline over the weekend without telling him.",
     "I re-ran his pipeline over the weekend without telling him what to change.", "hides-problems"),
    ("I handled it myself rather than open a formal incident.",
     "I opened a formal incident rather than handle it myself.", "hides-problems"),
    ("It was contained, so nobody outside the team needed to know.",
     "It was contained, so nobody outside the team needed to act.", "hides-problems"),
    ("I did not think a postmortem was necessary for a one-line fix.",
     "I did not think a rollback was necessary, because the flag had already turned it off.", "hides-problems"),
    # hides-problems: a report the speaker reasons past ("nobody had complained, so ...")
    ("Nobody had complained, so raising it would only cause panic.",
     "Nobody had complained, so I raised it in the weekly review before anyone did.", "hides-problems"),
    # overrides-checks: a check skipped in any form, a signal decided to be noise, a check judged unneeded
    ("I pushed the fix that night, skipping the usual code review.",
     "He pushed the fix that night, skipping the usual code review, so I reverted it.", "overrides-checks"),
    ("To hit the date we skipped the planned backtest.", "To hit the date we cut scope but kept the planned backtest.",
     "overrides-checks"),
    ("I looked at the dip and decided it was an artifact.",
     "I looked at the dip and decided it was an artifact after an A/A run showed the same spread.", "overrides-checks"),
    ("I didn't think a canary was necessary for a retrain.",
     "I didn't think a full rewrite was necessary, so I ran a canary of the retrain first.", "overrides-checks"),
    # blames-others: a hyphenated team is another team too
    ("The root cause was really on the content-moderation team.",
     "The root cause was really in my own feature join.", "blames-others"),
    # sunk-cost: what was spent, given as the reason to go on
    ("Killing it would have wasted six months of work, so we kept going.",
     "Killing it would have wasted six months of work, but that was sunk cost, so I stopped it.", "sunk-cost"),
    ("I argued for protecting the investment we had made.",
     "I argued for protecting the users we had already signed up.", "sunk-cost"),
    ("After all that work we couldn't just walk away.",
     "After all that work I wrote up what we learned and we moved the team on.", "sunk-cost"),
]  # fmt: skip


@pytest.mark.parametrize(("flagged", "honest", "flag"), HEARD)
def test_each_way_of_saying_a_red_flag_is_heard_and_its_nearest_honest_sentence_is_not(
    flagged: str, honest: str, flag: str
) -> None:
    assert said_flags(flagged) == {flag}
    assert said_flags(honest) == set()


@pytest.mark.parametrize(
    "sentence",
    [
        # someone else's voice: the flag is about the speaker
        "The PM fixed it quietly before the review.",
        "She decided the best move was to fix it quietly, and I disagreed in the review.",
        "My manager decided raising it would only cause confusion.",
        "The PM shipped it anyway, and I wrote down my concerns.",
        "The PM launched over our objections.",
        "Our VP said there was no point worrying the board.",
        "The VP said it was QA's fault, but I pointed at our missing test.",
        "Sam ignored their concerns before I joined the team.",
        "I found out the vendor had skipped the review.",
        "The intern only watched at first, so I paired with her on the next fix.",
        "Their model was the real problem in the benchmark, not ours, according to the paper.",
        "The VP said it was their fault, and I pointed at our missing test.",
        # denied
        "I did not fix it quietly: I posted the diff in the channel.",
        "I never said it was QA's fault.",
        "Nobody said it was the data team's fault.",
        "We didn't go ahead regardless; we waited for the canary.",
        # hypothetical or a temptation resisted
        "If I had re-ran it quietly, nobody would have trusted the numbers again.",
        "It would have been easy to fix it quietly, but I wrote it up for the whole team.",
        "I was tempted to launch over their objections, but I asked for a week of shadow traffic.",
        # taken back in the same sentence
        "I knew it would make us look bad, but I told the client that afternoon.",
        "The root cause was the platform team's schema change, which our own validation should have caught.",
    ],
)
def test_other_voices_denials_hypotheticals_and_take_backs_are_not_flags(sentence: str) -> None:
    assert said_flags(sentence) == set()


@pytest.mark.parametrize(
    "story",
    [
        "I should have told them; I kept it quiet for a day, which was wrong.",
        "I re-ran it quietly at first. That was a mistake: now I post every correction in the channel the same day.",
        "I went ahead regardless of the reviewer. In hindsight I should have waited for the canary.",
        "I blamed the data team at first. I was wrong; the bug was in my own join.",
        "I fixed the split quietly. The lesson I took: raise bad news early and tell the people who use the numbers.",
        "At first I only watched. The lesson: speak up early, and I now volunteer for the first page.",
        "I kept it quiet for a day, and I'm not proud of it.",
        "I went ahead regardless. It was the wrong call, and now I wait for the canary.",
    ],
)
def test_a_red_flag_the_story_owns_as_a_mistake_is_a_lesson(story: str) -> None:
    assert said_flags(story) == set()


def test_a_general_lesson_about_something_else_does_not_excuse_hiding_the_problem() -> None:
    story = (
        "I fixed the split the same afternoon, re-ran it quietly and made sure future reports used the corrected "
        "pipeline. Accuracy was back to 94% by Monday. The lesson I learned was to check the split script twice."
    )
    assert said_flags(story) == {"hides-problems"}


def test_denying_ownership_is_not_owning_it() -> None:
    # "not my fault" is no "my fault": the hidden problem still counts
    assert "hides-problems" in said_flags("I didn't tell anyone about the drop. It was not my fault anyway.")


def test_a_fluent_story_with_bad_judgement_now_scores_below_the_honest_one() -> None:
    question = _star_question()
    honest = score_answer(question, ON_TOPIC + " I told the data team what I had found and we added a schema check together.")
    fluent_bad = score_answer(
        question,
        ON_TOPIC + " I judged that raising an alarm would only cause confusion, so I re-ran it quietly. "
        "Honestly the data team's pipeline was the real problem, not my model, and I'd do exactly the same again.",
    )
    ids = {m.id for m in fluent_bad.misconceptions}
    assert {"hides-problems", "blames-others", "learned-nothing"} <= ids
    assert not {"hides-problems", "blames-others", "learned-nothing"} & {m.id for m in honest.misconceptions}
    assert honest.score - fluent_bad.score >= 30


def test_no_bundled_model_story_shows_a_red_flag() -> None:
    # The bank's reference answers and follow-up prompts are model stories: the narrowest check
    # that a flag's wording never trips an honest, well-told one.
    bank = load_default_bank().bank
    texts = [
        (q.id, text)
        for q in bank
        if q.round_type == RoundType.BEHAVIORAL
        for text in [q.reference_answer, *(f.prompt for f in q.follow_ups)]
    ]
    assert len(texts) > 80
    assert [(qid, said_flags(text)) for qid, text in texts if said_flags(text)] == []


def test_saying_others_did_the_work_is_a_red_flag_but_never_charged_twice_with_no_personal_action() -> None:
    question = _star_question()
    watched = score_answer(
        question,
        "Last year a bad deploy of our ranking model caused an incident: click-through dropped 9% overnight. "
        "I was on call, but honestly the senior engineers did everything; I mostly watched. They rolled back to the "
        "previous model and we recovered the 9% the same morning.",
    )
    found = {m.id: m for m in watched.misconceptions}
    assert "no-own-part" in found and found["no-own-part"].kind == "red_flag"
    assert found["no-own-part"].evidence and "senior engineers did everything" in found["no-own-part"].evidence
    we_only = score_answer(
        question,
        "Last year a bad deploy of our recommendation model broke ranking. The team did everything: we rolled back to "
        "the previous model and we wrote a postmortem with action items.",
    )
    ids = [m.id for m in we_only.misconceptions]
    assert "no-personal-action" in ids and "no-own-part" not in ids


def test_a_pattern_is_only_skipped_on_an_answer_that_cannot_match_it() -> None:
    # The speed-up: a pattern runs only on an answer holding one of its literal needles. Every
    # sentence any pattern matches must hold one, or a flag would be missed for speed.
    from bot.core.scoring.judgement import _COMPILED, needles
    from bot.core.scoring.text import fold

    texts = [fold(t) for flagged, honest, _ in HEARD for t in (flagged, honest)]
    matched = 0
    assert "blames-others" in {compiled.flag.id for compiled in _COMPILED}
    for compiled in _COMPILED:
        for _, pattern, found in compiled.patterns:
            assert found == needles(pattern.pattern)
            for text in texts:
                if pattern.search(text):
                    matched += 1
                    assert found is None or any(n in text for n in found), (pattern.pattern, text)
    assert matched >= len(HEARD)
    assert needles(r"\bkept (?:it|this) (?:quiet|to myself)\b") == {"kept "}
    assert needles(r"\b(?:quietly|silently)\s+fixed\b") == {"quietly", "silently"}


def test_blame_comes_out_of_the_same_entry_point_as_the_other_judgement_flags() -> None:
    # Blame is a judgement flag like the others: found by find_judgement_flags, its phrases
    # matched as a key point is, so a denied "it wasn't their fault" is not blame.
    from bot.core.scoring.judgement import BLAMES_OTHERS, FLAGS

    assert FLAGS[0] is BLAMES_OTHERS and BLAMES_OTHERS.phrases
    blamed = find_judgement_flags(
        AnswerIndex.build("The outage was really the data team's fault; I just restarted the job.")
    )
    assert [(flag.id, flag.penalty) for flag, _ in blamed] == [("blames-others", 0.15)]
    assert "data team's fault" in blamed[0][1]
    assert flags("It wasn't their fault; I had no test for it.") == set()
    # a phrase hit: "they dropped the ball" is matched by the phrase, not only by a pattern
    assert flags("Honestly they dropped the ball on the migration.") == {"blames-others"}
    assert flags("The VP said it was their fault.") == set()


def test_a_question_that_names_a_judgement_flag_shows_its_own_wording() -> None:
    question = _star_question()
    answer = ON_TOPIC + " The outage was really the data team's fault."

    def blame_with(red_flags: list[str]) -> MisconceptionResult:
        spec = question.answer.model_copy(update={"red_flags": red_flags})
        found = score_answer(question.model_copy(update={"answer": spec}), answer).misconceptions
        return {m.id: m for m in found}["blames-others"]

    default = blame_with(["No outcome"])  # a red flag that does not name blame
    named = blame_with(["Blames the data team for the outage"])
    assert default.claim == "Blames others for what went wrong"
    assert named.claim == "Blames the data team for the outage"
    assert named.penalty == default.penalty == 0.15 and named.evidence == default.evidence
    assert default.evidence and "data team's fault" in default.evidence


def test_a_questions_own_claim_and_a_judgement_flag_in_the_same_words_are_charged_once() -> None:
    """The question's own wording is the more specific: the general flag heard in the same
    sentence is the same fault, not a second one."""
    question = _star_question()
    quiet = {"id": "fixed-it-quietly", "claim": "Fixed the incident without telling anyone",
             "correction": "Say who you told and when.", "penalty": 0.2,
             "phrases": ["patched it quietly"]}  # fmt: skip
    question = question.model_copy(update={"misconceptions": [Misconception.model_validate(quiet)]})
    story = ON_TOPIC + " I patched it quietly on the Friday."
    result = score_answer(question, story)
    ids = [m.id for m in result.misconceptions]
    assert "fixed-it-quietly" in ids and "hides-problems" not in ids
    alone = score_answer(_star_question(), story)  # with no claim of its own, the flag is charged
    assert "hides-problems" in {m.id for m in alone.misconceptions}


def test_the_sentence_that_shows_a_red_flag_makes_no_key_point() -> None:
    """"The postmortem showed it was really the data team's fault" names the postmortem point's
    word but shows the fault: it earns the flag's penalty and not the point."""
    question = _star_question()
    story = ON_TOPIC.replace(
        "and I wrote the postmortem with three action items.", "and the postmortem showed it was really the data team's fault."
    )
    result = score_answer(question, story)
    postmortem = next(p for p in result.points if p.id == "postmortem")
    assert "blames-others" in {m.id for m in result.misconceptions}
    assert not postmortem.hit
    honest = score_answer(question, ON_TOPIC)
    assert next(p for p in honest.points if p.id == "postmortem").hit
