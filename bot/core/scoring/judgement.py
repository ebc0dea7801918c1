"""Judgement red flags: what a behavioural story shows about how the speaker acts.

A polished story can still show the judgement an interviewer marks down hardest: blaming others,
hiding a problem, pushing a launch through over objections or without checking, taking the
credit, learning nothing, or taking no part. These flags hold for every behavioural question
(each question's own misconceptions add the ones particular to it), and all of them are data
here: a `JudgementFlag` each, in `FLAGS`, compiled once and found by `find_judgement_flags`, the
one entry point misconceptions.py charges them from. Each is read in the speaker's own voice ("I
shipped it anyway", not "the PM shipped it anyway"), and a denied or hypothetical mention ("I
did not keep it quiet", "if I had kept it quiet...") does not count, nor one the story owns as
a mistake ("I kept it quiet for a day, which was wrong").

A flag's wording comes in four kinds, each with its own test of whose voice it is:
- `acts`: a finite act ("kept it quiet", "re-ran it quietly", "shipped it anyway"). Its subject
  must be the speaker: "I"/"we" just before it (a few adverbs between: "I just quietly
  fixed"), or a chain of clauses that shares that subject ("I fixed the split, re-ran it
  quietly"), or a subjectless chat sentence ("Fixed it quietly.").
- `by_me`: an adjunct of some act ("without telling anyone", "so no one would notice",
  "single-handedly"): the nearest subject pronoun before it must be "I"/"we" (or none, in a
  chat sentence that opens with a verb); "the PM swapped it without telling anyone" is not.
- `said`: a statement ("no regrets", "it was really QA's fault", "raising it would only cause
  panic"): the speaker's unless someone else is reported saying it ("the PM said it was QA's
  fault").
- `phrases`: key-point phrases ("their fault", "they dropped the ball"), matched as a rubric
  point is (matching.py's `find_any`, so "it wasn't their fault" is not one), and waived when
  said in a hypothesis, owned as a mistake, or reported as someone else's words. The earlier,
  by sentence, of a phrase hit and a pattern hit is the flag's evidence.

A flag may also name the wording (`names`) by which a question's own `red_flags` list speaks
of it ("Blames the other team for everything"): that wording is then shown instead of `claim`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.scoring.hypothetical import hypothetical
from bot.core.scoring.matching import AnswerIndex, Hit, carries_subject, find_any
from bot.core.scoring.needles import needles
from bot.core.scoring.text import normalise

_ME = r"(?:i|we|i'd|we'd|i've|we've)"
_SOON = r"(?:\s+\w+){0,3}?"  # a few words between, as speech has ("I just quietly fixed")
_OBJ = r"(?:it|this|that|them|the \w+(?: \w+)?|my \w+|our \w+|things|everything)"
_FIX = (
    r"(?:fixed|patched|reverted|rolled (?:it |this |that |the \w+ )?back|re-?ran|retrained|re-?trained|changed|swapped|"
    r"deleted|removed|corrected|updated|edited|replaced|redeployed|re-?deployed|redid|re-?did|tweaked|adjusted|"
    r"rewrote|re-?wrote|recomputed|re-?computed|regenerated|re-?generated|dropped|pushed|handled|dealt with|"
    # the plan as well as the deed: "the pragmatic move was to fix it quietly"
    r"fix|patch|revert|roll (?:it |this |that |the \w+ )?back|re-?run|retrain|re-?train|correct|swap|redeploy|re-?deploy|"
    r"handle|deal with|re-?label|re-?labell?ed)"
)
_QUIETLY = r"(?:quietly|silently|on the quiet|on the sly|under the radar)"
_TELL = r"(?:tell|mention|flag|report|disclose|raise|bring up|share|surface|call out|escalate|announce)"
_TELLING = r"(?:telling|saying|mentioning|asking|flagging|reporting|raising|sharing|informing|looping in|alerting)"
_ALARM = r"(?:confusion|panic|noise|alarm|drama|a fuss|a stir|worry|chaos|a distraction|distraction|a mess|questions)"
_CHECK = (
    r"(?:review|reviews|a/b|ab test|a/b test|test|tests|testing|experiment|canary|validation|evaluation|eval|"
    r"backtest|backtests|backtesting|back-?test(?:s|ing)?|load test|load testing|dry run|code review|peer review|"
    r"offline eval|shadow|rollout plan|sign-off|signoff|qa|security review|legal review)"
)
_SKIPPED_CHECK = (
    r"(?:the\s+|an?\s+|our\s+)?(?:(?:usual|normal|standard|planned|required|formal|full|whole|proper|scheduled|agreed)\s+)?"
    rf"{_CHECK}\b"
)
_BAD_NEWS = (
    r"(?:it|this|that|the (?:bad |negative |real |worse |embarrassing |true )?(?:bug|issue|mistake|error|problem|regression|"
    r"drop|dip|gap|incident|leak|failure|news|numbers?|results?|miss|discrepancy))"
)
_OBJECTION = r"(?:objections?|concerns?|warnings?|pushback|push-back|protests?|veto|advice|reservations)"


@dataclass(frozen=True)
class JudgementFlag:
    id: str
    claim: str
    correction: str
    penalty: float
    acts: tuple[str, ...] = ()
    by_me: tuple[str, ...] = ()
    said: tuple[str, ...] = ()
    owned_is_lesson: bool = True  # waived when the story owns it as a mistake (see owned_as_lesson)
    # A generic lesson ("I learned...", "lesson:") owns the flag only when it speaks of this.
    lesson_topic: str = r"(?!)"
    # What, said after the flag in the same sentence, takes it back ("..., but I told her that day").
    rescue: str = r"(?!)"
    # What, said before the flag in the same sentence, takes it back ("I raised it even though...").
    rescue_before: str = r"(?!)"
    rescue_next: bool = False  # the rescue may also come in the next sentence ("At first I only watched. Then I...")
    # A sentence with this is not the flag at all (rolling back is the safe way, not a push past a check).
    never_with: str = r"(?!)"
    # Key-point phrases, matched as a rubric point is (see the module docstring).
    phrases: tuple[str, ...] = ()
    # What a question's own red-flag wording must say to name this flag (matched lowercased).
    names: str = r"(?!)"

    @property
    def patterns(self) -> tuple[str, ...]:
        return self.acts + self.by_me + self.said


BLAME_PHRASES = (
    "their fault",
    "his fault",
    "her fault",
    "the other team's fault",
    "not my fault",
    "they messed up",
    "they screwed up",
    "they dropped the ball",
    "dropped the ball on their side",
    "useless team",
    "they were lazy",
    "they never listen",
    "nobody listened to me",
    "they did not do their job",
    "their mistake",
    "his mistake",
    "her mistake",
)
# Who else a story can blame: another team, a role, a colleague ("the data team's", "QA's").
_OTHERS = (
    r"(?:the (?:[\w-]+ )?(?:team|team's|org|org's|group|group's|vendor|vendor's|contractor|contractors|pm|pm's|qa|qa's|"
    r"client|client's|intern|intern's|reviewers?|reviewer's)|another team|the other team|the other team's|their|his|her|"
    r"they|he|she|qa|qa's|legal|legal's|ops|ops's|infra|infra's|(?!(?:my|our|nobody|no one|no-one|everyone|anyone|"
    r"someone|one)'s)\w+'s)"
)
# Blame said as the speaker's own account of the cause (read as a statement: not when denied,
# hypothetical, reported as someone else's words, or owned as a mistake).
BLAME_PATTERNS = (
    r"\b(?:it|this|that) was (?:all )?(?:on )?(?:them|the \w+ team)\b",
    r"\b(?:i|we) blamed (?:the|them|him|her|it on)\b",
    r"\bblame (?:them|him|her|the \w+ team|it on)\b",
    r"\b(?:was|were) to blame\b",
    # others called incompetent, not "I felt incompetent for the first month"
    r"\b(?:they|he|she|qa|legal|ops|the (?:\w+ )?(?:team|pm|vendor|contractors?|reviewers?)|my (?:manager|colleague|teammate|lead)) "
    r"(?:was|were|is|are) (?:just |completely |totally |so |really |frankly )?incompetent\b",
    r"\bincompetent (?:team|people|colleagues?|engineers?|manager|pm|vendor|reviewers?|analysts?)\b",
    # someone else dropped the ball (not "I dropped the ball", which owns it)
    r"\b(?:they|he|she|qa|legal|ops|infra|engineering|product|design|marketing|sales|support|"
    r"the (?:\w+ )?(?:team|pm|vendor|contractors?|client|reviewers?|engineers?)|my (?:colleague|teammate|manager|lead)|"
    r"\w+'s team)(?: really| totally| completely)? dropped the ball\b",
    # disowning: "the delay wasn't on me" (not "it wasn't my responsibility, but I fixed it")
    r"\b(?:wasn'?t|was not|isn'?t|is not) (?:really )?(?:on me|my (?:problem|responsibility|doing))\b(?![^.]*\bbut\b)",
    # "it was really QA's fault", "that was the data team's mistake"
    r"\b(?:it|this|that|which|the (?:outage|incident|bug|failure|drop|regression)) was (?:really |actually |honestly |clearly |"
    r"entirely |totally |all |mostly |basically |squarely |100% )?"
    rf"{_OTHERS} (?:fault|mistake|screw-?up|doing|bad|bug)\b",
    # "the root cause was the data team's pipeline", "the real problem was QA"
    r"\b(?:root cause|real (?:problem|issue|cause|culprit)|actual (?:problem|issue|cause|culprit)|true cause|the culprit|"
    r"the (?:problem|issue|fault) (?:was|lay|lies) (?:really |actually |clearly |entirely )?(?:with|on))"
    rf"(?: (?:was|were|lay|lies|sat))?(?: really| actually| clearly| entirely| squarely| just)?(?: with| in| on)? {_OTHERS}",
    # "the data team's pipeline was the real problem, not my model"
    rf"\b{_OTHERS}(?: \w+){{0,3}} (?:was|were) (?:the )?(?:real|actual|true|root|main) (?:problem|issue|cause|culprit)\b",
    # "the problem was in their pipeline, not my model"
    r"\b(?:problem|issue|cause|culprit|bug|fault) (?:was|were|lay|lies|sat) (?:really |actually |clearly |entirely )?"
    rf"(?:in|with|on|upstream in) {_OTHERS}[^.;]{{0,40}}?,?\s+not (?:in )?(?:my|our|me|us)\b",
    # "they should have caught it", "QA should've tested it"
    # not feedback given to a mentee ("I told her she should have flagged it sooner")
    r"(?<!told her )(?<!told him )(?<!told them )"
    r"\b(?:they|he|she|qa|legal|ops|infra|the (?:\w+ )?(?:team|pm|vendor|reviewers?|engineers?|analysts?|qa|client)|"
    r"my (?:manager|colleague|teammate|lead|pm))\s+(?:should|must|could easily)(?: have|'ve)\s+(?:caught|noticed|spotted|"
    r"flagged|tested|checked|told|warned|seen|known|prevented|fixed|validated|documented|communicated)\b",
    # "if the PM had listened", "had they tested it"
    r"\bif (?:only )?(?:they|he|she|qa|legal|management|leadership|the (?:\w+ )?(?:team|pm|vendor|reviewers?|client)|"
    r"my (?:manager|lead|pm))\s+(?:had|would have|'d)\s+(?:listened|paid attention|done (?:their|his|her) job|tested|"
    r"checked|read|followed|caught|told|warned)\b",
    r"\bhad (?:they|he|she|qa|legal|management|the (?:\w+ )?(?:team|pm|vendor|reviewers?)) (?:listened|paid attention|"
    r"done (?:their|his|her) job|tested|checked|caught|told)\b",
    r"\b(?:qa|legal|ops|the (?:\w+ )?(?:team|pm|vendor|contractors?)|my (?:colleague|teammate)) (?:really |totally |completely )?"
    r"(?:messed|screwed|fouled|botched) (?:it |this |things |everything )?up\b",
    r"\b(?:the (?:\w+ )?team|qa|they|the vendor|legal|ops) (?:was|were) (?:really |clearly |entirely |totally )?at fault\b",
    r"\b(?:the )?(?:fault|blame) (?:was|lay|lies|is) (?:really |clearly |entirely |squarely )?(?:with|on) "
    r"(?:them|him|her|qa|legal|ops|the (?:\w+ )?(?:team|pm|vendor))\b",
)
# Blaming as the speaker's own act: "threw the data team under the bus".
BLAME_ACTS = (
    r"\bthrew (?:them|him|her|qa|legal|the (?:\w+ )?(?:team|pm|vendor|intern)|my \w+) under the bus\b",
    r"\bpointed (?:the|a) finger at\b",
    r"\bput (?:it|the blame) on (?:them|him|her|qa|the (?:\w+ )?team)\b",
)
BLAME_PENALTY = 0.15
BLAMES_OTHERS = JudgementFlag(
    "blames-others",
    "Blames others for what went wrong",
    "Own your part: say what you did, what you would do differently, and leave others' mistakes out of it.",
    BLAME_PENALTY,
    acts=BLAME_ACTS,
    said=BLAME_PATTERNS,
    lesson_topic=r"\b(?:blam|fault|own|responsib|my part|finger|defensive|accountab)",
    # "..., which we had no test for": the speaker takes their share of the cause
    rescue=r"\b(?:but|which|and|though|although)\b[^.]{0,50}?\b(?:i|we|my|our)\b[^.]{0,30}?\b(?:should|missed|didn't|"
    r"did not|had no|never|failed|own|lacked|could have)\b",
    phrases=BLAME_PHRASES,
    # not "default" (which holds "fault"): a question's red flag names blame by the word itself
    names=r"\bblam",
)

HIDES_PROBLEMS = JudgementFlag(
    "hides-problems",
    "Hides a problem instead of raising it",
    "Say how you raised it: who you told, how fast, and what you did so it could not recur.",
    0.15,
    acts=(
        rf"\b(?:didn'?t|did not|never|chose not to|decided not to)\s+{_TELL}\s+(?:it|this|that|anyone|anybody|"
        r"the (?:[\w-]+ )?(?:bug|issue|mistake|problem|error|incident|regression|leak|drop|gap))\b(?!\s+(?:to|how|what)\b)",
        r"\b(?:didn'?t|did not|never|chose not to|decided not to)\s+(?:tell|inform|warn|loop in|update)\s+(?:my (?:manager|lead|boss|"
        r"pm|director|team)|our (?:manager|lead|pm|director|customers?|clients?|users)|leadership|management|stakeholders|"
        r"the (?:client|customer|customers|stakeholders|pm|vp|team|leadership))\b",
        r"\bkept (?:it|this|that|the \w+(?: \w+){0,2}?|things|the news) (?:quiet|to myself|to ourselves|between us|under wraps|low[- ]key|"
        r"off the (?:radar|record|dashboard)|out of the (?:(?:launch|exec|executive|leadership|weekly|review) )?(?:report|readout|postmortem|post-mortem|update|status update|deck|"
        r"review|write-?up))\b",
        r"\b(?:kept|stayed) (?:quiet|silent|mum) about\b",
        # the circle kept small on purpose: "kept it inside the ML team", "asked support not to escalate"
        r"\bkept (?:it|this|that|the (?:bug|issue|incident|problem|mistake|leak|news|error|regression)|things) "
        r"(?:inside|within|in) (?:the|my|our) (?:[\w-]+ )?(?:team|group|org)\b(?!')",
        rf"\basked (?:them|him|her|support|everyone|the (?:[\w-]+ )?(?:team|engineers?|analysts?|pm|support)) not to (?:{_TELL}|"
        r"inform|loop in|escalate|post|talk about)\b",
        r"\bkept my mouth shut\b",
        r"\bswept (?:it|this|that|the \w+) under\b",
        rf"\b{_QUIETLY}\s+{_FIX}\b",
        rf"\b{_FIX}\b(?:\s+(?!and\b|but\b|then\b|so\b)[\w'/-]+){{0,6}}?\s+{_QUIETLY}\b",
        # not "I sat on the email overnight": cooling off is not hiding
        r"\bsat on (?:the (?:results?|numbers|finding|findings|news|bug|issue|problem|regression|error|mistake)|"
        r"(?:it|this|that) for (?:a |two |three |several |a couple of )?(?:days|weeks?|months?))\b",
        rf"\bleft {_BAD_NEWS} out of (?:the|my|our) (?:report|readout|postmortem|post-mortem|update|deck|"
        r"write-?up|summary|slides|review|status update|results)\b",
        r"\bburied (?:it|this|that|the \w+(?: \w+)?) in (?:an|the) (?:appendix|footnotes?)\b",
        # a metric taken off what the decision-makers look at: "removed conversion from the launch dashboard"
        r"\b(?:removed|dropped|took|pulled|hid|cut)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?[\w-]+\s+(?:off|from|out of)\s+(?:the|our|my)\s+"
        r"(?:launch|exec|executive|leadership|status|weekly|review|steering)\s+(?:dashboard|deck|report|readout|update|slides|summary)\b",
        r"\b(?:didn'?t|did not) want to (?:worry|alarm|bother|panic|scare|upset|make a (?:fuss|thing|big deal)|rock the boat)\b",
        r"\b(?:didn'?t|did not) want to (?:derail|delay|hold up|jeopardi[sz]e|slow down|block)\b[^.]{0,60}?\b(?:so|and) (?:i|we) "
        r"(?:let it (?:go|slide|ride)|left it|held (?:it|off|back)|sat on it|kept|said nothing|stayed quiet|didn'?t (?:say|tell|mention)|"
        r"waited|shipped|launched|went ahead|moved on|parked it)",
    ),
    by_me=(
        # not "so that users would not notice the outage": a graceful fallback is not hiding
        r"\bso (?:that )?(?:no one|nobody|no-one|they|the (?!users|customers|clients|members|readers|viewers|players|"
        r"riders|drivers|merchants|sellers|buyers|shoppers|traffic)\w+|leadership|my manager) would(?:n't| not)? "
        r"(?:notice|know|find out|ask)\b",
        r"\bmade sure (?:no one|nobody|no-one) (?:noticed|knew|found out|asked)\b",
        r"\bbefore (?:anyone|anybody|leadership|my manager|the client|they) (?:could )?(?:find|found) out\b",
        # the plan, voiced by whoever chose it: "I decided the pragmatic move was to fix it quietly"
        rf"\b(?:was|is) to {_FIX}\b(?:\s+(?!and\b|but\b|then\b|so\b)[\w'/-]+){{0,4}}?\s+{_QUIETLY}\b",
        # an incident not opened, by the speaker's choice: "I handled it rather than open a formal incident"
        r"\b(?:rather than|instead of) (?:trigger|triggering|raise|raising|open|opening|declare|declaring|file|filing|start|"
        r"starting|call|calling) (?:a |an )?(?:formal |official |full |proper )?(?:incident|postmortem|post-mortem|sev ?\d)\b",
        # not "without telling anyone what to do": leading by example is not hiding
        rf"\bwithout {_TELLING}\s+(?:anyone|anybody|anything|them|him|her|the|my|our|leadership|management)\b"
        r"(?![^.;,]{0,20}\b(?:what|how) to\b)",
    ),
    said=(
        r"\b(?:no|didn'?t|did not|don'?t) need (?:to|for) (?:tell|mention|bother|loop in|inform|a postmortem|a post-mortem)\w*\b",
        r"\bno need to make (?:it|this|that) (?:a thing|a big deal|a fuss)\b",
        r"\b(?:no one|nobody|no-one) (?:outside (?:the|our|my) (?:[\w-]+ )?(?:team|group)|else) (?:needed|had|has|needs) to know\b",
        r"\b(?:didn'?t|did not|don'?t|do not) think (?:a |an |the |any )?(?:formal |full |proper )?(?:postmortem|post-mortem|"
        r"incident report|write-?up) (?:was|is|would be) (?:really )?(?:necessary|needed|worth\w*|required)\b",
        # with whom to spare: "no need to worry leadership", not the reassurance "no need to worry"
        r"\bno need to (?:worry|alarm|bother|involve|trouble) (?:leadership|management|anyone|them|the (?:team|client|customers?|"
        r"vp|execs?|executives|board|director|pm|stakeholders)|my (?:manager|boss|lead|director))\b",
        r"\bno (?:point|reason|sense) (?:in )?(?:updating|telling|raising|flagging|mentioning|worrying|alarming|bothering|"
        r"involving|looping in|making noise|to tell|to raise|to flag|to mention|to worry|to alarm|to bother|to involve)\b"
        r"(?!\s+about\b)",
        r"\bnever (?:came|come) up\b[^.]{0,40}\b(?:so|and) (?:i|we) (?:left|kept|moved on)\b",
        rf"\b(?:telling|raising|flagging|mentioning|reporting|announcing|disclosing|sharing|surfacing|escalating|bringing (?:it|this|that) up|"
        rf"an alarm|the alarm)\b[^.;]{{0,40}}?\b(?:would|'d|will|was going to)(?: have)? (?:only |just |simply |mostly )?"
        rf"(?:cause|caused|create|created|add|added|spread|stir up|stirred up|lead to|led to|be|been)\s+"
        rf"(?:unnecessary |needless |more |extra |a lot of |lots of )?{_ALARM}\b",
        rf"\b(?:would|'d|will|was going to)(?: have)? only (?:cause|create|add|spread|stir up|lead to)\s+"
        rf"(?:unnecessary |needless |more |extra )?{_ALARM}\b",
        # what would look bad is the news itself, not "missing the date would have made us look bad"
        r"\b(?:it|this|that|(?:admitting|telling|reporting|disclosing|raising|flagging|sharing)(?: \w+){0,3}|owning up(?: \w+){0,3})"
        r"(?:'d| would| could| might| was going to)(?: have)? (?:made|make) (?:us|me|the team|my team|our team|the \w+ team) "
        r"look (?:bad|incompetent|sloppy|stupid|terrible|careless|like idiots)\b",
    ),
    lesson_topic=r"\b(?:tell|told|raise|flag|surfac|disclos|transparen|escalat|communicat|bad news|sooner|earl|open|"
    r"honest|hid|hiding|quiet|loop|inform|visib)",
    rescue=r"(?:\b(?:but|and|so|when|then|instead)\b|;)[^.]{0,60}?\b(?:told|raised|flagged|reported|disclosed|escalated|posted|"
    r"shared|admitted|came clean|wrote (?:it )?up|called|informed|looped in|noted|documented|announced|logged|"
    r"took it to|brought it (?:to|up))\b"
    r"(?!\s+(?:no one|nobody|no-one|noone)\b)",
    # "I raised it even though I worried it would make us look bad"
    rescue_before=r"\b(?:i|we) (?:still |immediately |then )?(?:raised|told|flagged|reported|disclosed|escalated|shared|posted)\b"
    r"[^.]{0,40}\b(?:even though|although|though|despite|knowing)\b",
)

OVERRIDES_CHECKS = JudgementFlag(
    "overrides-checks",
    "Pushes ahead over objections or without checking",
    "Show how you weighed the concern: the evidence you gathered or the check you ran before deciding.",
    0.15,
    acts=(
        r"\b(?:shipped|launched|released|deployed|pushed(?! back)|went ahead|rolled (?:it )?out|merged)\b[^.;]{0,40}\banyway\b",
        r"\b(?:went ahead|pushed (?:it |the \w+ )?(?:through|ahead|on)|pressed (?:on|ahead)|carried on|proceeded|ploughed on|"
        r"plowed ahead|shipped|launched|released|deployed|merged|rolled (?:it )?out)\b[^.;]{0,40}?\b(?:anyways|"
        rf"regardless\b(?!\s+of\b)|regardless of (?:the |their |his |her |legal's |qa's |the \w+'s )?(?:\w+ )?(?:{_OBJECTION}|"
        r"results?|risks?|feedback|review|what (?:they|he|she|the \w+) (?:said|thought))|"
        rf"despite (?:the |their |his |her |all |those |everyone's |legal's |qa's |the \w+ team's |the \w+'s )?(?:\w+ )?{_OBJECTION}|"
        r"despite (?:the )?(?:red|failing|failed) (?:tests?|checks?|ci|build)|"
        rf"over (?:the |their |his |her |all |everyone's |legal's |qa's |the \w+ team's |the \w+'s |my \w+'s )?(?:\w+ )?{_OBJECTION})",
        r"\b(?:overrode|overruled)\s+(?:them|him|her|everyone|their|his|legal|qa|security|my (?:manager|lead|team|\w+ lead)|"
        r"our (?:\w+ )?(?:lead|reviewer|team)|the (?:team|reviewers?|pm|lead|\w+ lead|committee|decision|objections?|veto|"
        r"concerns?|review|\w+ team|data|analysis|results?|experiment))\b",
        r"\b(?:ignored|dismissed|brushed off|brushed aside|waved off|waved away)\s+(?:them|him|her|"
        rf"(?:the|their|his|her|those|all|legal's|qa's|the \w+ team's|the \w+'s)(?:\s+\w+){{0,2}}?\s+(?:{_OBJECTION}|feedback|"
        r"review|reviewer|reviewers|alerts?|flags?|suggestions?|recommendations?|comments?|results?|data|analysis|numbers))\b",
        # "skipped the usual review", "proposed we skip full A/B tests" ("skipping ..." is read by_me)
        rf"\bskip(?:ped)?\s+{_SKIPPED_CHECK}",
        r"\b(?:didn'?t|did not|chose not to|decided not to|couldn'?t be bothered to)\s+wait\s+(?:for|on|until)\s+(?:the\s+|an?\s+)?"
        r"(?:a/b|ab|experiment|test|tests|review|reviewer|reviewers|sign-?off|canary|eval|evaluation|validation|qa|legal|security)\b",
        r"\b(?:bypassed|went around|circumvented|side-?stepped)\s+(?:the\s+)?(?:review|reviewer|reviewers|process|checks?|"
        r"approval|sign-?off|gate|ci|tests|qa|legal|security)\b",
        r"\b(?:force[- ]merged|forced (?:it|the (?:change|merge|release|launch)) through)\b",
        r"\bmerged (?:it |the \w+ )?without (?:a |any )?(?:review|approval|tests|testing)\b",
        # not "never checked in code without review", "didn'?t measure it by accuracy alone"
        r"\b(?:didn'?t|did not|never)\s+(?:really\s+|even\s+)?(?:test|re-?test|check|re-?check|"
        r"validate|re-?validate|verify|measure|evaluate|compare|look at the (?:data|metrics|numbers)|investigat|"
        r"dig (?:into|deeper)|look (?:into|deeper)|root-?cause|(?:figure|find) out why)\w*\b"
        r"(?![- ]in\b)(?![^.;]{0,30}\b(?:alone|only|instead|rather|by hand|manually)\b)",
        # a bad signal explained away instead of checked: "chalked it up to noise"
        r"\b(?:chalked|put|wrote)\s+(?:it|this|that|them|the\s+[\w-]+(?:\s+[\w-]+){0,2}?)\s+(?:up\s+to|down\s+to|off\s+as)\s+"
        r"(?:(?:just|mere|random|some|a|an)\s+)*(?:noise|novelty|seasonality|randomness|variance|bad luck|a fluke|a blip|chance)\b",
        # "assumed it was noise", "decided it was an artifact" (not "... after comparing it with an A/A run")
        r"\b(?:assumed|decided|concluded|figured|reckoned|judged)\s+(?:that\s+)?(?:it|this|that|the\s+[\w-]+(?:\s+[\w-]+){0,2}?)\s+"
        r"(?:was|were)\s+(?:(?:just|only|probably|random|an?)\s+)*"
        r"(?:noise|a fluke|fluke|a blip|blip|novelty|seasonal(?:ity)?|bad luck|artifact|artefact|measurement artifact)\b"
        r"(?![^.;]{0,50}\b(?:after|once|having|compar|check|confirm|match|a/a)\w*)",
        r"\b(?:trusted|went with|followed) my gut\b",
        # a bad signal given a harmless cause and left there: "attributed the drop to seasonality"
        # (not "... to seasonality after comparing it with last year")
        r"\b(?:attributed|ascribed)\s+(?:it|this|that|them|the\s+[\w-]+(?:\s+[\w-]+){0,2}?)\s+to\s+(?:(?:just|mere|random|some|a|an|the|"
        r"usual)\s+)*(?:noise|novelty(?: effect)?|seasonality|seasonal (?:dip|drop|effects?|traffic)|randomness|variance|bad luck|"
        r"a fluke|a blip|chance|the holidays?|holiday traffic)\b"
        r"(?![^.;]{0,50}\b(?:after|once|having|compar|check|confirm|match|last year|same week)\w*)",
        r"\b(?:dismissed|wrote off|written off|brushed off)\s+(?:it|this|that|them|the\s+[\w-]+(?:\s+[\w-]+){0,2}?)\s+as\s+"
        r"(?:(?:just|mere|random|some|a|an|the)\s+)*(?:noise|novelty|seasonal\w*|a fluke|a blip|an outlier|outliers|"
        r"(?:a )?vocal minority|anecdot\w*|a one-off)\b",
        r"\btrusted\s+(?:the\s+|our\s+|my\s+)?offline\s+(?:[\w-]+\s+)?over\s+(?:the\s+)?(?:online|a/b|live|experiment)\b",
        r"\bproved (?:them|him|her|everyone) wrong\b",
        r"\b(?:won|win) the argument\b",
    ),
    # a participle belongs to the nearest subject: "I deployed it that evening, skipping the usual review"
    # (not "he was on two rotations, skipping tests")
    by_me=(rf"\bskipping\s+{_SKIPPED_CHECK}",),
    said=(
        r"\b(?:no|didn'?t|did not) need (?:to|for) (?:an? )?(?:test|a/b|ab test|experiment|review|canary|validate|"
        r"validation|evaluate|evaluation|shadow)\w*\b",
        r"\bno (?:check|test|testing|comparison|validation|evaluation|review)s? (?:was |were )?(?:needed|required|necessary)\b",
        r"\bno need to (?:compare|check|measure|verify|test|validate|evaluate|re-?check)\b",
        rf"\b(?:didn'?t|did not|don'?t|do not) think (?:a |an |the |any |more )?(?:\w+ )?{_CHECK} (?:was|is|were|would be) "
        r"(?:really )?(?:necessary|needed|worth\w*|required)\b",
        r"\bnot worth (?:fighting|arguing|the fight|pushing back)\b",
        r"\bi knew i was right\b",
        # the online evidence ranked below the offline one, or called noise, as the reason to trust the offline
        # (not "the A/B test was noisy, so I ran an A/A test")
        r"\b(?:a/b|ab|online|live|the experiment|experiments?)(?:\s+tests?|\s+numbers|\s+results?|\s+metrics?)?\s+"
        r"(?:(?:are|is|were|was|being)\s+)?(?:just |always |too |so |notoriously |inherently |really |pretty )?"
        r"(?:noisy|unreliable)\b,?\s+so\s+(?:i\s+|we\s+)?(?:just\s+)?(?:trusted|went with|relied on|stuck with|believed|sided with|"
        r"went by)\s+(?:the\s+|our\s+|my\s+)?(?:offline|backtest|historical|benchmark|eval|model's|own|gut)\b",
        r"\b(?:online|a/b|ab|live)(?:\s+tests?|\s+experiments?|\s+numbers|\s+results?|\s+metrics?)?\s+(?:was|is|were|are)\s+"
        r"(?:really\s+|clearly\s+|just\s+)?(?:the\s+)?(?:weaker|less reliable|less trustworthy|less credible)\s+"
        r"(?:evidence|signal|source|of the two)\b",
        # complaints, or a drop, waved off as noise said as the reason to carry on
        r"(?<!whether the )(?<!whether )(?<!if the )(?<!if )\b(?:complaints?|feedback|tickets|negative reviews|pushback|critics|the users complaining)\s+(?:was|were|came|was coming|"
        r"were coming)\s+(?:(?:just|only|mostly|simply|really|all)\s+)?(?:from\s+)?(?:a |the )?(?:vocal|loud|noisy) (?:minority|few)\b",
        r"(?<!whether )(?<!if )\b(?:it|this|that|the (?:[\w-]+ )?(?:drop|dip|spike|regression|gap|decline|signal|loss))\s+(?:was|were)\s+"
        r"(?:just |probably |clearly |obviously |only |likely |surely |a |an |classic |typical )+(?:noise|a fluke|a blip|"
        r"random (?:noise|variation)|seasonal(?:ity)?|novelty(?: effect)?)\b,?\s+(?:so|and)\s+(?:i\s+|we\s+)?(?:just\s+)?"
        r"(?:launched|shipped|kept (?:it|the \w+) (?:live|on|running)|moved on|ignored it|went ahead|rolled (?:it )?out|"
        r"waited it out|let it (?:ride|go)|didn'?t (?:dig|look|check|investigate))\b"
        r"(?![^.;]{0,40}\b(?:check|confirm|measur|compar|holdout|held-out|cohort|new users|a/a)\w*)",
    ),
    lesson_topic=r"\b(?:test|check|canary|a/b|experiment|review|listen|concern|objection|wait|evidence|data|validat|"
    r"shadow|rush|gut)",
    never_with=r"\b(?:roll(?:ed|ing)? (?:it |this |that |the \w+ )?back|rollback|revert(?:ed|ing)?)\b",
    # "..., after the canary passed": the check was run
    rescue=r"\b(?:after|once|when|since) (?:the |our |a |an )?(?:\w+ )?(?:canary|a/b|ab test|test|tests|review|checks?|"
    r"legal|sign-?off|shadow|experiment|validation|eval|evaluation|concern|objection)s?\b[^.;]{0,30}?\b(?:passed|cleared|"
    r"came back|signed|ran|was done|held|finished|green|resolved|addressed|approved)\b",
)

TAKES_CREDIT = JudgementFlag(
    "takes-credit",
    "Takes the credit for a team's work",
    "Name what you did and what others did: interviewers trust a story that credits the team.",
    0.10,
    acts=(
        r"\btook (?:all )?(?:the )?credit\b",
        r"\bcarried the (?:team|project)\b(?!')",
        r"\b(?:presented|claimed|passed off) (?:it|this|that|the \w+(?: \w+)?) as (?:my|all my) (?:own )?(?:work|idea|result|design)\b",
        r"\b(?:saved|rescued|turned around) the (?:project|launch|day|team|quarter|release|deal|company|product)\b"
        r"(?:[^.;]{0,30}\b(?:alone|by myself|on my own|single-?handedly)\b)",
        r"\b(?:didn'?t|did not|never) (?:mention|credit|acknowledge|name|thank) (?:the (?:team|others|intern|junior)|them|her|him|"
        r"my team|anyone else|\w+'s (?:work|help|contribution|idea))\b[^.;]{0,40}\b(?:credit|presentation|review|"
        r"promotion|demo|write-?up|announcement|leadership)\b",
    ),
    by_me=(
        r"\bsingle[- ]?handedly\b",
        r"\ball (?:by )?myself\b[^.]{0,30}\b(?:while|and) (?:the|my|everyone|they)\b",
    ),
    said=(
        r"\b(?:it|this|that) was (?:all|entirely|100%|really) (?:me|mine|my (?:idea|doing|work))\b",
        r"\bmy (?:\w+ )?(?:idea|call|decision|work|fix|insight|push|plan|design|solution|model|code)\s+(?:alone\s+)?"
        r"(?:(?:that|which|is what|was what)\s+)?(?:single-?handedly\s+|really\s+|basically\s+)?(?:saved|rescued|turned around|"
        r"carried)\s+(?:the|this|our)\s+(?:project|launch|day|team|quarter|release|deal|company|product)\b(?!')",
        r"\bi (?:alone )?(?:basically |really |single-?handedly )?(?:saved|rescued|carried) (?:the|this|our) (?:project|launch|day|"
        r"team|quarter|release|whole)\b(?!')",
        r"\bi alone (?:\w+ )?(?:built|did|wrote|designed|fixed|found|figured|saved|delivered|made|drove|led|came up|solved|"
        r"rescued|shipped|trained|owned|knew how)\b",
        r"\b(?:no one|nobody|no-one) else (?:on the team )?(?:could (?:have )?(?:done|fixed|figured|solved|built)|"
        r"did (?:anything|much|any (?:of the )?(?:real )?work)|contributed|helped)\b",
        # the team's part ends there: not "as they watched the demo"
        r"\b(?:while|as) (?:the (?:rest of the )?team|everyone else|the others|they) (?:just |only |mostly )?(?:watched|sat back|"
        r"sat around|did nothing|looked on|stood by|stood around)\b(?=\s*(?:[.;,!)]|$|and (?:waited|did nothing)))",
    ),
    owned_is_lesson=False,
)

LEARNED_NOTHING = JudgementFlag(
    "learned-nothing",
    "Says there was nothing to learn or change",
    "Every story has a lesson: say what you would do differently and what you changed since.",
    0.10,
    said=(
        r"\bno regrets\b",
        r"\b(?:wouldn'?t|would not|won'?t) (?:change|have changed) (?:a thing|anything)\b",
        r"\b(?:wouldn'?t|would not|won'?t) (?:do|have done) (?:anything|a thing) differently\b",
        r"\bnothing (?:really |much )?(?:i|we)(?: would|'d| could)? (?:really )?(?:do|have done|change) differently\b",
        r"\bnothing (?:really |much )?(?:i|we)(?: would|'d| could) (?:really )?(?:change|have changed)\b",
        # not "nothing to learn from the logs at first"
        r"\bnothing (?:really )?to learn\b(?!\s+from (?:the|those|these) (?!experience|incident|mistake|project|failure)\w+)",
        r"\b(?:didn'?t|did not) (?:really )?learn (?:much|anything)\b",
        # all of it the same, not one reasoned decision ("I'd make the same call again" is fine)
        r"\b(?:i'd|i would|we'd|we would|i'll|i will)\s+(?:do|handle|play|run)\s+(?:it |this |that |things |everything )?"
        r"(?:exactly |precisely |just )?(?:the same|the exact same)(?: way| thing)?\s+(?:again|all over again|"
        r"next time|every time|tomorrow|in a heartbeat)\b",
        r"\bi (?:still )?stand by (?:everything|every (?:decision|call|choice)|what i did|all of it)\b",
    ),
    owned_is_lesson=False,
    rescue=r"\b(?:but|except|though|although|differently|earlier|sooner)\b",
)

# The story says outright that the speaker took no part ("I only watched"): a story with "I" in it
# escapes the STAR check for no personal action, this does not. A later part of their own
# ("..., then I took over the rollback") or a lesson about stepping in takes it back.
NO_OWN_PART = JudgementFlag(
    "no-own-part",
    "Says they took no part: others did the work",
    "Tell the part you played yourself: what you decided, built or changed, even if it was small.",
    0.10,
    acts=(
        r"\b(?:only|just|mostly|mainly|basically|simply) (?:watched|observed|looked on|sat in|sat back|listened|took notes|"
        r"shadowed|stood by|followed (?:along|instructions|orders|the (?:lead|seniors?|others)|what (?:i was|we were) told)|"
        # the act with nothing after it: "we only watched service health" names what was watched
        r"did what (?:i was|we were) told)\b(?=\s*(?:[.;,!)]|$|while\b|as\b|and\b|from\b|when\b|on the sidelines\b))",
    ),
    said=(
        r"\bthe (?:team|others|rest of the team|seniors?|senior engineers?|lead|other engineers) did (?:everything|all of it|"
        r"all the work|most of the work|the (?:real |actual )?work)\b",
        r"\bmy (?:role|part|job) was (?:just |only |mostly |mainly )?(?:to )?(?:watch|watching|observe|observing|take notes|"
        r"taking notes|listen|listening|shadow|shadowing|follow along|following along)\b",
    ),
    lesson_topic=r"\b(?:speak up|spoke up|step(?:ped)? in|ownership|own(?:ed)? |volunteer|initiative|passive|proactive)",
    rescue=r"\b(?:but|then|until|later|after that|so i|and i|while i|now i|since then|eventually)\b",
    rescue_next=True,
)

_HARD = (
    r"[\"']?(?:hard|harder|hardest|difficult|unclear|ambiguous|failing|failed|edge|tricky|noisy|messy|bad|low-confidence|"
    r"borderline|worst|confusing|awkward)[\"']?"
)
_EVAL_SET = r"(?:test|eval|evaluation|validation|holdout|hold-out|benchmark|acceptance|offline)"
# Bending the measurement until it shows the number wanted: the hard cases taken out, the
# flattering run reported, the test run until it came out significant.
GAMES_THE_EVALUATION = JudgementFlag(
    "games-the-evaluation",
    "Bends the evaluation to reach the number",
    "Report the number on the data the model will really see, hard cases included, and say where it falls short.",
    0.15,
    acts=(
        rf"\b(?:excluded|removed|dropped|filtered out|left out|threw out|took out|carved out)\s+(?:the\s+|all\s+(?:the\s+)?)?"
        rf"{_HARD}(?:[\s-]+[\w-]+){{0,2}}?\s+(?:from|out of)\s+(?:the\s+|our\s+)?{_EVAL_SET}\b",
        r"\b(?:excluded|removed|dropped|filtered out|left out|threw out|took out)\s+(?:the\s+|all\s+(?:the\s+)?)?"
        r"(?:[\w-]+\s+){0,2}?(?:cases|examples|images|samples|items|queries|users|segments?|slices?)\s+(?:the model|it)\s+"
        r"(?:got wrong|failed on|struggled (?:with|on)|missed)\b",
        r"\b(?:evaluated|tested|measured|scored|benchmarked)\s+(?:it\s+|the model\s+)?(?:only\s+)?on\s+(?:the\s+|our\s+|their\s+)?"
        r"(?:[\w'-]+\s+){0,2}?(?:easy|easier|easiest|clean|cleaner|cleanest|simple|simplest)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:only\b|(?:cases|examples|images|samples|items|queries|lines|products|segments?|slices?|subset)\s+only\b)",
        r"\bcherry-?picked\s+(?:the\s+|a\s+|our\s+|which\s+)?(?:[\w-]+\s+)?(?:test|eval|evaluation|results?|examples?|slices?|"
        r"segments?|metrics?|numbers?|runs?|seeds?|split|weeks?|days?)\b",
        r"\b(?:reported|presented|showed|shared)\s+(?:only\s+)?(?:the\s+)?(?:best|best-looking|most flattering|highest|luckiest)\s+"
        r"(?:run|seed|number|result|slice|split|metric|week|day)\b",
        r"\b(?:re-?ran|re-?trained|tried)\s+(?:it\s+|the \w+\s+)?(?:with\s+)?(?:different|new|more|other)\s+(?:random\s+)?seeds?\s+"
        r"until\b",
        r"\b(?:kept|let)\s+(?:the\s+(?:test|experiment|a/b(?: test)?)|it)\s+(?:going|running|run)\s+until\s+(?:it|the (?:result|lift|"
        r"p-value|test))\s+(?:was|became|looked|hit|turned|came out)\s+(?:stat\w*\s+)?significant\b",
        r"\bstopped\s+(?:the\s+(?:test|experiment|a/b(?: test)?)|it)\s+(?:as soon as|the moment|once)\s+(?:it|the (?:result|lift|"
        r"p-value))\s+(?:was|became|looked|hit|turned|came out)\s+(?:stat\w*\s+)?significant\b",
    ),
    lesson_topic=r"\b(?:hard cases|test set|eval|honest|cherry|seed|peek|significan|measur|number)",
    rescue=r"(?:\b(?:but|and|then)\b|;)[^.]{0,60}?\b(?:put (?:them|it) back|added (?:them|it) back|reported both|flagged|"
    r"disclosed|said so|told|noted)\b",
)

# Keeping work alive because of what it already cost, said as the reason.
SUNK_COST = JudgementFlag(
    "sunk-cost",
    "Lets what was already spent decide whether to go on",
    "Decide on what the work will return from here; say what you salvaged and how you told the team.",
    0.10,
    said=(
        r"\b(?:killing|stopping|dropping|shelving|cancell?ing|abandoning|scrapping|shutting (?:it |this |that )?down|ending|"
        r"walking away from)\s+(?:it|this|that|the\s+[\w-]+(?:\s+[\w-]+)?)?\s*would(?:\s+have)?\s+(?:wasted|waste|meant wasting|"
        r"thrown away|throw away|written off|write off)\b",
        r"\bprotect(?:ing|ed)?\s+(?:the|our|that|this|all that|all the|my)\s+(?:team's\s+)?(?:investment|sunk cost)\b",
        r"\b(?:too much|so much|too many months?|months)\s+(?:of\s+(?:work|effort)\s+)?(?:had been\s+|was\s+|were\s+)?"
        r"(?:invested|sunk|put)\s+(?:in(?:to)? (?:it|this|that)\s+)?to\s+(?:stop|quit|kill|drop|walk away|give up|abandon)\b",
        r"\bafter (?:all )?(?:that|this|those|the|\w+ (?:months|weeks|quarters) of) (?:work|effort|investment),? (?:we|i) "
        r"(?:couldn'?t|could not|can'?t|weren'?t going to|wasn'?t going to) (?:just )?(?:stop|drop|kill|walk away|give up|abandon)\b",
    ),
    lesson_topic=r"\b(?:sunk|invest|stop|kill|walk away|earlier|sooner|criteria)",
    rescue=r"\b(?:but|though|although|however)\b",
)

FLAGS = (
    BLAMES_OTHERS,
    HIDES_PROBLEMS,
    OVERRIDES_CHECKS,
    TAKES_CREDIT,
    LEARNED_NOTHING,
    NO_OWN_PART,
    GAMES_THE_EVALUATION,
    SUNK_COST,
)


@dataclass(frozen=True)
class _Compiled:
    flag: JudgementFlag
    # (kind, pattern, needles): a pattern is tried only on an answer that holds one of its needles
    patterns: tuple[tuple[str, re.Pattern[str], frozenset[str] | None], ...]
    lesson_topic: re.Pattern[str]
    rescue: re.Pattern[str]
    rescue_before: re.Pattern[str]
    never_with: re.Pattern[str]


def compile_flag(flag: JudgementFlag) -> _Compiled:
    kinds = (("act", flag.acts), ("by_me", flag.by_me), ("said", flag.said))
    return _Compiled(
        flag,
        tuple((kind, re.compile(p), needles(p)) for kind, patterns in kinds for p in patterns),
        re.compile(flag.lesson_topic),
        re.compile(flag.rescue),
        re.compile(flag.rescue_before),
        re.compile(flag.never_with),
    )


_COMPILED = tuple(compile_flag(flag) for flag in FLAGS)

_DENIED_BEFORE = re.compile(
    r"\b(?:not|never|no|didn'?t|don'?t|won'?t|wouldn'?t|refused to|avoid(?:ed)?|instead of|rather than|"
    r"without)\s+(?:\w+\s+){0,2}$"
)
# "I found that if we dropped X, it scored 99%" reports what was tried: no hypothesis.
_HYPOTHETICAL_BEFORE = re.compile(
    r"\b(?:(?<!found that )(?<!saw that )(?<!noticed that )(?<!worked out that )if(?! i'm honest| i am honest| anything)|had i|had we|suppose|imagine|could have|would have|should have|"
    r"tempted|temptation|easy to|easier to)\b[^.;]*$"
)

# The speaker as the subject just before an act: "I", "we", a few adverbs between ("I just
# quietly"), never another subject or a verb of hearing ("I found out the PM shipped it").
_NOT_BETWEEN = (
    r"(?:the|a|an|my|our|his|her|their|its|this|that|these|those|he|she|they|you|it|who|which|them|him|me|us|"
    r"everyone|someone|said|says|told|heard|found|learned|learnt|knew|know|think|thought|saw|noticed|realised|realized|"
    r"felt|believe|believed|guess|suspect|asked|when|after|before|because|since|until|while|if|let|made|watched)"
)
_ME_JUST_BEFORE = re.compile(rf"(?:^|[^\w'])(?:i|we|i'd|we'd|i've|we've|i'm|we're)(?:\s+(?!{_NOT_BETWEEN}\b)[\w'-]+){{0,3}}?\s+$")
_SUBJECT_PRONOUN = re.compile(r"\b(i|we|i'd|we'd|i've|we've|i'm|we're|he|she|they|you|who|which|he's|she's|they're|they'd)\b")
_SPEAKER_PRONOUNS = frozenset(("i", "we", "i'd", "we'd", "i've", "we've", "i'm", "we're"))
# A chat sentence without a subject opens with its verb ("Fixed it quietly.", "Shipped anyway.").
_CHAT_START = re.compile(
    r"^(?:(?:just|then|so|also|honestly|basically|tbh|and|ok|okay)[\s,]+)*(?:\w+ed|made|ran|re-?ran|kept|went|took|built|"
    r"wrote|told|left|sat|did|got|put|set|let|cut|held|swept|said|knew|thought|gave|brought|began|found|rolled|"
    r"pushed|shipped|skipped|ignored)\b"
)
# What a subjectless chat sentence may open with before its verb ("tbh didnt tell anyone").
_CHAT_OPENER = re.compile(r"(?:(?:tbh|ngl|honestly|frankly|so|basically|ok|okay|well|yeah|and|then|just|also|lol)[\s,]*)*")
_REPORTED = re.compile(
    r"\b(said|says|claimed|claims|insisted|argued|thought|felt|believed|complained|suggested|told (?:me|us|everyone|the team)|"
    r"according to|accused|wrote|replied|responded|reckoned|assumed|kept saying|was saying|were saying|decided|judged|"
    r"figured|worried|feared|concluded|asked (?:me|us) to|wanted)\b"
)
# What ends a report and starts the speaker's own reasoning about it.
_REPORT_ENDS = re.compile(r",\s*(?:so|and so|which meant|therefore|hence)\b|;")
_CLAUSE_BREAK = re.compile(r"[;:]|\bbut\b|\band\b|,")


# How far back in its sentence a match's own reading looks (its subject, a denial, an "if"):
# enough for any spoken sentence, and it keeps a run-on chat answer from costing n² to read.
WINDOW = 240
# At most this many matches of one flag are read in an answer: a story with the flag shows it
# in the first few; a pasted wall of trigger words must not cost each its reading.
MAX_READINGS = 16


def _token_at(folded: str, start: int) -> int:
    return len(normalise(folded[:start]).split())


def _acted_by_me(index: AnswerIndex, s: int, folded: str, start: int) -> bool:
    before = folded[max(0, start - WINDOW) : start]
    if _ME_JUST_BEFORE.search(before) or (start <= WINDOW and _CHAT_OPENER.fullmatch(before.lstrip(" -*•>\"'("))):
        return True
    sent = index.parsed[s]
    if not sent.tokens:
        return False
    tok = min(_token_at(folded, start), len(sent.tokens) - 1)
    return carries_subject("i", sent, tok) or carries_subject("we", sent, tok)


def _nearest_subject_is_me(before: str, whole: str) -> bool:
    pronouns = _SUBJECT_PRONOUN.findall(before)
    if pronouns:
        return pronouns[-1] in _SPEAKER_PRONOUNS
    return bool(_CHAT_START.match(whole.lstrip(" -*•>\"'(")))


def _said_by_me(before: str, whole: str) -> bool:
    if "according to" in whole:
        return False
    reported = list(_REPORTED.finditer(before))
    if not reported:
        return True
    last = reported[-1]
    if _REPORT_ENDS.search(before, last.end()):
        return True  # "nobody had complained, so raising it would only cause noise": the speaker's own reasoning
    return last.group(1) != "according to" and _nearest_subject_is_me(before[: last.start()], "")


def said_in_own_voice(folded: str, word: str) -> bool:
    """Is a statement that ends on `word` the speaker's, not someone else's reported words?"""
    at = folded.rfind(word)
    return _said_by_me(folded[: max(at, 0)], folded)


def _counts(sentence: str, match: re.Match[str]) -> bool:
    before = sentence[max(0, match.start() - WINDOW) : match.start()]
    clause = _CLAUSE_BREAK.split(before)[-1]
    return not _DENIED_BEFORE.search(clause) and not _HYPOTHETICAL_BEFORE.search(before[-80:])


# A mistake the speaker owns is a lesson, not a red flag: a failure story tells what went wrong.
_OWNED = re.compile(
    r"\b(?:(?:was|is) (?:all )?on me|my (?:mistake|fault|call and it was wrong)|(?:i|we) should have|(?:i|we) should've|in hindsight|"
    r"looking back|i was wrong|that was wrong|which was wrong|(?:was|that's|it's) a mistake|was a bad call|i regret|"
    r"i owned (?:it|up)|i own(?:ed)? that|i take responsibility|i took responsibility|i apologi[sz]ed|"
    r"(?:i'm|i am|i was|i wasn't|i'm not|i am not) (?:not )?proud of (?:it|that|this|how)|"
    r"(?:was|made) (?:the wrong|a bad|a poor) (?:call|decision|choice))\b"
)
# A lesson in general ("I learned to check splits twice") owns a flag only when it is about it.
_LESSON = re.compile(r"\b(?:lesson|i learned|i learnt|i now always|now i always|never again)\b")
_DENIED_OWNING = re.compile(r"(?:\bnot|n't|\bnever|\bno)\s+(?:\w+\s+)?$")
OWNED_WINDOW = 2  # sentences after the one with the flag


def owned_as_lesson(c: _Compiled, index: AnswerIndex, s: int) -> bool:
    """Does the story own the flag of sentence `s` as a mistake, there or just after?"""
    if not c.flag.owned_is_lesson:
        return False
    for folded in index.folded[s : s + 1 + OWNED_WINDOW]:
        for m in _OWNED.finditer(folded):
            if not _DENIED_OWNING.search(folded[max(0, m.start() - 20) : m.start()]):
                return True
        if _LESSON.search(folded) and c.lesson_topic.search(folded):
            return True
    return False


def _voiced(kind: str, index: AnswerIndex, s: int, folded: str, start: int) -> bool:
    before = folded[max(0, start - WINDOW) : start]
    if kind == "act":
        return _acted_by_me(index, s, folded, start)
    if kind == "by_me":
        return _nearest_subject_is_me(before, folded)
    return _said_by_me(before, folded)


def flagged_sentence(c: _Compiled, index: AnswerIndex) -> int | None:
    """The first sentence that shows the flag in the speaker's own voice, not denied, not
    hypothetical, not taken back, not owned as a mistake; None when none does."""
    # Each pattern is tried only on the sentences that hold one of its needles (none: it is out):
    # the others hold no match of it, so skipping them changes neither the result nor the count
    # of readings. The sentences each needle is in are found once per answer, for every flag.
    hay = index.haystack
    live: list[tuple[str, re.Pattern[str], frozenset[int] | None]] = []
    for kind, pattern, found in c.patterns:
        holding = None if found is None else hay.holding_any(found)
        if holding is None or holding:
            live.append((kind, pattern, holding))
    if not live:
        return None
    where = [holding for _, _, holding in live]
    sentences = range(len(index.folded)) if None in where else sorted(frozenset().union(*where))  # type: ignore[arg-type]
    readings = 0
    for s in sentences:
        folded = index.folded[s]
        if c.never_with.search(folded):
            continue
        for kind, pattern, holding in live:
            if holding is not None and s not in holding:
                continue
            for m in pattern.finditer(folded):
                readings += 1
                if readings > MAX_READINGS:
                    return None
                if not _counts(folded, m) or c.rescue_before.search(folded, max(0, m.start() - WINDOW), m.start()):
                    continue
                after = folded[m.end() : m.end() + WINDOW]
                if after.rstrip().endswith(";") and s + 1 < len(index.folded):
                    after += " " + index.folded[s + 1]  # a clause after ";" is a sentence of its own here
                if c.rescue.search(after):
                    continue
                if c.flag.rescue_next and s + 1 < len(index.folded) and c.rescue.match(index.folded[s + 1].lstrip()):
                    continue
                if not _voiced(kind, index, s, folded, m.start()):
                    continue
                if owned_as_lesson(c, index, s):
                    continue
                return s
    return None


def _phrase_hit(c: _Compiled, index: AnswerIndex) -> Hit | None:
    """The earliest hit of one of the flag's phrases that counts: not in a hypothesis, not
    owned as a mistake, not someone else's reported words ("The VP said it was their fault")."""
    best: Hit | None = None
    for raw in c.flag.phrases:
        hit = find_any([raw], [], index)
        if hit is None or (best is not None and hit.sentence >= best.sentence):
            continue
        if hypothetical(hit, index) or owned_as_lesson(c, index, hit.sentence):
            continue
        if not said_in_own_voice(index.folded[hit.sentence], raw.split()[-1]):
            continue
        best = hit
    return best


def flag_evidence(c: _Compiled, index: AnswerIndex) -> str | None:
    """What shows the flag: the earlier, by sentence, of a phrase hit (its evidence) and a
    pattern hit (its sentence); None when the story does not show it."""
    hit = _phrase_hit(c, index) if c.flag.phrases else None
    s = flagged_sentence(c, index)
    if hit is not None and (s is None or hit.sentence <= s):
        return hit.evidence
    return None if s is None else index.parsed[s].text


def find_judgement_flags(index: AnswerIndex) -> list[tuple[JudgementFlag, str]]:
    """Each flag the story shows, in `FLAGS` order, with its evidence (at most one per flag)."""
    found = []
    for c in _COMPILED:
        evidence = flag_evidence(c, index)
        if evidence is not None:
            found.append((c.flag, evidence))
    return found
