"""STAR structure detection in behavioural stories."""

from __future__ import annotations

from bot.core.scoring import score_answer
from bot.core.scoring.star import analyse_star
from tests.core.scoring.scoring_helpers import make_question

LABELLED = """Situation: our ranking model was stale and someone retrained it by hand every month.
Task: I was asked to automate retraining before the holiday peak.
Action: I built a nightly pipeline with validation gates, and I wrote a rollback script.
Result: retraining went from 2 days to 3 hours and click-through rose 4%."""

MARKDOWN_LABELS = """**S** - The fraud team at my last company drowned in alerts.
**T** - My job was to cut the false alarms without missing real fraud.
**A** - I sat with two analysts for a week and I added three merchant features.
**R** - Alerts fell by 35% while recall stayed flat."""

UNLABELLED = (
    "Back in 2022 at my last job, search latency kept creeping up. My goal was to get p99 under "
    "200 ms before launch. I profiled the service and I decided to cache the embeddings. "
    "In the end p99 latency fell by 40% and we launched on time."
)

UNQUANTIFIED = (
    "At the time our team was missing deadlines. I was asked to fix the planning. I introduced "
    "weekly check-ins and I split the work into smaller tickets. As a result the team delivered "
    "more reliably and people were happier."
)

WE_ONLY = (
    "At the time we were running a fraud model. We needed to cut false alarms. We rebuilt the "
    "features and we retrained. As a result, false alarms went down by 30%."
)

NO_STRUCTURE = "I like working with people and I think communication matters a lot."


def test_labelled_story_has_all_parts() -> None:
    report = analyse_star(LABELLED)
    assert (report.situation, report.task, report.action, report.result) == (True, True, True, True)
    assert report.quantified_result and report.uses_i
    assert report.missing == []


def test_markdown_letter_labels_are_recognised() -> None:
    report = analyse_star(MARKDOWN_LABELS)
    assert report.situation and report.task and report.action and report.result
    assert report.quantified_result


def test_unlabelled_story_found_by_cue_phrases() -> None:
    report = analyse_star(UNLABELLED)
    assert report.missing == []


def test_result_without_numbers_is_not_quantified() -> None:
    report = analyse_star(UNQUANTIFIED)
    assert report.result and not report.quantified_result
    assert "quantified result" in report.missing


def test_we_only_story_is_flagged() -> None:
    report = analyse_star(WE_ONLY)
    assert not report.uses_i
    assert report.quantified_result
    assert any("I" in m for m in report.missing)


def test_opinion_without_story_misses_parts() -> None:
    report = analyse_star(NO_STRUCTURE)
    assert not report.situation and not report.result


STAR_RUBRIC = [
    {"id": "ownership", "point": "Owns the work", "phrases": ["i built", "i wrote", "i added"]},
    {"id": "impact", "point": "States the impact", "phrases": ["went from", "fell by", "rose"]},
]
STAR_SPEC = {
    "kind": "star",
    "must_show": {"situation": "context", "task": "goal", "action": "steps", "result": "impact"},
}


def _star_question():
    return make_question(STAR_SPEC, STAR_RUBRIC, round_type="behavioral", topic="impact")


def test_full_story_outscores_we_only_and_unquantified_versions() -> None:
    question = _star_question()
    full = score_answer(question, LABELLED).score
    assert full > score_answer(question, WE_ONLY).score
    assert full > score_answer(question, UNQUANTIFIED).score


def test_feedback_names_missing_parts() -> None:
    result = score_answer(_star_question(), WE_ONLY)
    text = " ".join(result.feedback)
    assert "you* did" in text or "not only what" in text


def test_feedback_asks_for_a_number_when_result_is_vague() -> None:
    result = score_answer(_star_question(), UNQUANTIFIED)
    assert any("number on the result" in line for line in result.feedback)


def test_irregular_past_tense_counts_as_action() -> None:
    report = analyse_star("At my last job the model was stale. I rebuilt it, and as a result CTR rose 4%.")
    assert report.action and report.result and report.quantified_result


def test_a_chat_story_with_a_labelled_action_says_what_the_speaker_did() -> None:
    story = (
        "context: on-call for the ranking service, alerts paging twice a night\n"
        "changes: one dashboard per root cause, 9 noisy alerts gone, a runbook link on each page\n"
        "outcome: pages 14/wk -> 3/wk within a month"
    )
    assert analyse_star(story).uses_i
    team = story.replace("changes: one", "changes: we made one").replace("9 noisy", "we removed 9 noisy")
    assert not analyse_star(team).uses_i  # a story told as "we" still asks for the speaker's part


def test_a_terse_result_written_as_a_change_of_numbers_is_a_result() -> None:
    arrow = analyse_star("context: churn model was stale. what i did: retrained weekly w/ drift alerts. recall 41% -> 48%")
    assert arrow.result and arrow.quantified_result
    words = analyse_star("Our forecast drifted after the promo. I rebuilt the features and MAPE recovered from 14% to 9%.")
    assert words.result and words.quantified_result


def test_a_result_told_as_what_the_work_got_it_to_is_quantified() -> None:
    story = (
        "Our product manager had told a client that our churn model would be 95% accurate. "
        "I showed her the evaluation results on their data. "
        "We delivered the model at 80% and I spent some extra time on feature engineering, which got it to about 83%."
    )
    report = analyse_star(story)
    assert report.result and report.quantified_result, report.missing


def test_a_result_told_as_adoption_or_the_users_reception_is_a_result() -> None:
    used = analyse_star(
        "Halfway through, the business switched the target to downgrades. I relabelled the data and "
        "retrained. The final model was used by the retention team and they were happy with it."
    )
    assert used.result and not used.quantified_result
    live = analyse_star("I rewrote the ranking features over a month; the new ranker is now in production.")
    assert live.result
    plan = analyse_star("I want to rewrite the ranking features so that the team is happy.")
    assert not plan.result  # a wish is not how the story ended


def test_labels_run_on_after_a_sentence_in_a_hard_wrapped_story_count() -> None:
    story = (
        "Situation: our churn report showed a 4% drop, and while checking it I found a join on the\n"
        "wrong key. Task: work out which numbers were wrong. Action: I rebuilt the query and told\n"
        "the two teams that used it. Result: churn was really down 1.5%, and we added a row-count check."
    )
    report = analyse_star(story)
    assert report.task and report.quantified_result and report.missing == []
    mid_sentence = analyse_star("We measured the task: ranking. Then I rebuilt the query and the result held.")
    assert not mid_sentence.task  # "the task:" inside a sentence is no label


def test_a_bulleted_chat_story_says_what_the_speaker_did() -> None:
    # Each line opens with what the speaker did, after a list marker: no "I" is needed.
    story = (
        "- new ranker broke the 220ms latency guardrail\n"
        "- checked the traces: two feature fetches ran in sequence\n"
        "- parallelized the fetch and cached the seller feature\n"
        "- result: p99 205ms, bookings +1.9%, shipped"
    )
    report = analyse_star(story)
    assert report.action and report.uses_i
