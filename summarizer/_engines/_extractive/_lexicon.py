"""Cue words of English news writing, grouped by what they signal.

Only word forms that are mostly verbs in news copy are listed as attribution cues
("reported", not "reports", which is usually the noun in "media reports").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from summarizer._engines._extractive import _calendar as cal
from summarizer._engines._extractive._regex import WordStarts, by_first_character
from summarizer._engines._extractive._text import word_set

# Verbs introducing what someone said. Their subject is the speaker.
SPEECH_VERBS = word_set(
    """
    said says say told tells tell added adds claimed claims stated warned warns noted
    wrote writes explained explains argued argues insisted insists asserted asserts
    acknowledged acknowledges admitted admits announced announces declared declares
    suggested suggests asked asks replied replies responded responds recalled recalls
    countered counters conceded concedes contended contends predicted predicts promised
    pledged pledges vowed vows stressed stresses emphasized emphasised maintained
    maintains observed remarked reported confirmed confirms denied denies alleged
    alleges complained complains tweeted quipped joked boasted boasts cautioned
    testified insisted reiterated reiterates agreed believes thinks contended
    lamented concluded concludes mused wondered ruled put continued yelled shouted
    """
)
# Cues only before an infinitive ('plans to', 'refused to'): 'plans for' is a noun.
INFINITIVE_ONLY_VERBS = word_set(
    """
    plans planned want refused refuses declined declines intends intended threatened
    threatens
    """
)
# Nouns as often as verbs: cues only before 'that' ('The Tax Foundation estimates that').
THAT_ONLY_VERBS = word_set("estimates notes charges worries reports demands fears")
# Cues only next to a quotation ('she continued, "..."'): 'prices continued to rise'.
QUOTATION_ONLY_VERBS = word_set("continued")
# Cues only before their topic ('spoke about', 'talked of'): 'spoke to reporters' says
# nothing yet.
PREPOSITION_ONLY_VERBS = word_set("spoke speaks speak talked talks talk speaking talking") | {
    "went on",  # "went on about the rigged system"
    "goes on",
}
# 'compared Trump to a coach' attributes a comparison; 'compared to' right after the verb
# is a preposition ('up 5 percent compared with last year').
COMPARING_VERBS = word_set("compared compares")
_OBJECT_VERBS = (
    word_set(
        """
    called cited criticized criticizes blasted condemned condemns described describes
    questioned mentioned praised praises accused accuses blamed blames defended defends
    endorsed endorses rejected rejects dismissed dismisses demanded proposed proposes
    opposes wants wanted hopes hoped expects touted highlighted slammed hammered mocked
    denounced denounces recommended recommends revealed indicated shows showed found
    urges discussed discusses disclosed detailed echoed echoes likened characterized
    portrayed painted labeled dubbed branded expressed voiced encouraged encourages opposed
    attacked urged complimented embraced unveiled promoted hailed lauded scolded supported
    """
    )
    | COMPARING_VERBS
)
# Verbs whose object (not a reported clause) is what the source claims or wants:
# "Cruz called Trump a liar", "Trump cited problems in the Middle East". Content only
# follows them.
OBJECT_VERBS = (
    _OBJECT_VERBS
    | INFINITIVE_ONLY_VERBS
    | {verb for verb in PREPOSITION_ONLY_VERBS if not verb.endswith("ing")}
)
_INFINITIVE_VERBS = word_set(
    """
    wants wanted want plans planned promised promises promising vowed vows vowing
    pledged pledges pledging hopes hoped expects urged urges urging threatened
    agreed decided proposed proposes demanded demanding
    """
)
# Verbs whose content may be an infinitive: "wants to junk the exemptions".
INFINITIVE_VERBS = _INFINITIVE_VERBS | INFINITIVE_ONLY_VERBS
# Verbs that usually sit inside a reported clause rather than start a new attribution.
NESTED_VERBS = OBJECT_VERBS | word_set("thinks believes knows hopes wants")
# Participles continue the sentence's attribution: "..., adding that ...".
PARTICIPLES = word_set(
    """
    saying adding noting arguing claiming insisting explaining warning suggesting
    stressing asserting acknowledging telling asking predicting declaring
    calling accusing blaming praising urging vowing promising criticizing attacking
    describing dismissing rejecting defending demanding pointing citing
    encouraging emphasizing touting slamming blasting complaining recalling threatening
    pledging reiterating lamenting admitting conceding confirming denying denouncing
    condemning disclosing echoing endorsing mentioning observing recommending replying
    responding revealing tweeting joking boasting questioning yelling shouting
    """
) | {verb for verb in PREPOSITION_ONLY_VERBS if verb.endswith("ing")}
# Participles that take an object, which ends where the writer's words start ('is
# promising lower taxes, but he has also ...'); 'saying' and 'arguing' take a clause.
OBJECT_PARTICIPLES = word_set(
    """
    accusing attacking blaming blasting calling citing condemning criticizing defending
    demanding denouncing describing dismissing endorsing mentioning praising questioning
    recommending rejecting slamming threatening touting urging promising pledging vowing
    """
)
# Verbs whose passive names its source after 'by': 'was first reported by The Post'.
PASSIVE_AGENT_VERBS = word_set(
    """
    reported endorsed echoed rejected criticized praised condemned denounced described
    cited dismissed questioned announced confirmed denied proposed recommended mentioned
    highlighted stated claimed alleged noted disputed supported called
    """
)
# Verbs taking an addressee before the content: "told reporters that ...".
TAKES_ADDRESSEE = word_set("told tells tell telling asked asks asking warned warns assured")
WEEKDAYS = frozenset(cal.WEEKDAYS)
TIME_WORDS = word_set("yesterday today tonight earlier later last this recently") | WEEKDAYS
# Words that can follow a speech verb without starting its content: "..., she said Tuesday."
TAIL_WORDS = TIME_WORDS | word_set(
    """
    in on at during while when after before repeatedly previously again afterward
    afterwards via through by from to late early privately publicly separately then also
    """
)
# Prepositions that govern what follows them ('of "Fox News Sunday"', 'told the head of').
PREPOSITIONS = word_set("of on in at to from for with by about")
# Words that open a clause (its subject or the subject's determiner): 'he', 'the', 'its'.
CLAUSE_STARTS = word_set("he she they it we i the a an his her their its this these")
# Prepositions and conjunctions that open an introductory phrase: 'In his speech, ...'.
INTRODUCTORY = word_set("in at on after during when while despite as since before following")
TIME_NOUNS = (
    word_set("week weeks month months year years weekend night morning afternoon evening day")
    | WEEKDAYS
    | frozenset(cal.MONTHS)
)
# Between a subject and its verb: "Trump has also said".
AUXILIARIES = word_set(
    """
    also has have had later then previously recently repeatedly once often again further
    would will did does do first long publicly privately frequently simply flatly
    quickly finally earlier never not still even just now immediately initially already
    subsequently reportedly separately explicitly openly bluntly angrily specifically
    """
)
# Finite forms of the auxiliaries and modals: a phrase holding one is a clause.
FINITE_AUXILIARIES = word_set("is are was were has have had will would can could might should must")
# Words that end a subject noun phrase when walking left from the verb.
CLAUSE_OPENERS = word_set(
    """
    that because while when as if although though since where whether which than so
    after before until unless but or nor and yet whom whose what how why said says
    """
)
PRONOUNS_SINGULAR = word_set("he she")
PRONOUNS_PLURAL = word_set("they")
PRONOUNS_NEUTER = word_set("it")
FIRST_PERSON = word_set("i we you me us")
RELATIVE = word_set("who")

TITLES = (
    "prime minister",
    "deputy prime minister",
    "vice president",
    "attorney general",
    "secretary of state",
    "defense secretary",
    "foreign minister",
    "house speaker",
    "majority leader",
    "minority leader",
    "president",
    "president-elect",
    "sen.",
    "senator",
    "rep.",
    "representative",
    "gov.",
    "governor",
    "secretary",
    "minister",
    "mayor",
    "gen.",
    "general",
    "lt.",
    "col.",
    "maj.",
    "capt.",
    "adm.",
    "chairman",
    "chairwoman",
    "speaker",
    "judge",
    "justice",
    "director",
    "ambassador",
    "sheikh",
    "king",
    "queen",
    "pope",
    "chancellor",
    "commissioner",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "mp",
    "candidate",
    "nominee",
    "prof.",
    "professor",
    "rev.",
    "reverend",
)
HONORIFICS = word_set("mr. mrs. ms. miss dr. mr mrs ms dr")
# Capitalised words that describe rather than name: 'Rival Hillary Clinton'.
DESCRIPTORS = word_set(
    """
    former retired rival republican democratic democrat gop then-candidate incumbent
    acting interim outgoing veteran conservative liberal progressive independent
    libertarian green u.s. american federal state deputy senior top chief longtime
    """
)
# Nationality adjectives: 'Iraqi officials', 'a Kenyan diplomat'. Most end in one of
# NATIONALITY_ENDINGS; those that do not are listed (and the common ones that do, so that
# a set lookup finds them where a first name such as 'Brian' must not be read as one).
NATIONALITY_ENDINGS = ("ian", "ese", "ish")
NATIONALITIES = word_set(
    """
    american mexican cuban korean african kenyan ugandan german iraqi israeli saudi
    pakistani kuwaiti afghan yemeni omani qatari bahraini emirati somali thai nepali
    bangladeshi azerbaijani uzbek kazakh tajik french dutch greek swiss czech slovak
    filipino peruvian chilean argentine venezuelan colombian brazilian bolivian
    ecuadorian haitian jamaican canadian australian indian iranian syrian egyptian
    libyan tunisian algerian moroccan nigerian ghanaian ethiopian sudanese congolese
    russian ukrainian belarusian georgian armenian romanian bulgarian serbian croatian
    bosnian albanian hungarian austrian italian norwegian estonian latvian lithuanian
    chinese japanese vietnamese taiwanese burmese lebanese senegalese portuguese
    maltese british turkish spanish polish danish swedish irish finnish kurdish scottish
    welsh palestinian jordanian european asian arab
    """
)
# Nouns that make a phrase before a name a role: 'White House press secretary Josh Earnest'.
ROLE_WORDS = word_set(
    """
    nominee candidate adviser advisor aide spokesman spokeswoman spokesperson chairman
    chairwoman strategist manager secretary official leader director founder executive
    ceo president senator governor lawmaker attorney professor analyst economist expert
    editor writer reporter host anchor commentator pollster chief head member mayor
    ambassador minister mp general officer judge co-founder owner activist author
    columnist historian scientist researcher lawyer counsel representative congressman
    congresswoman commissioner sheriff surrogate mate chair fellow partner
    """
)

ANONYMITY_CUES = (
    "unnamed",
    "anonymous",
    "anonymity",
    "familiar with",
    "not authorized",
    "not be named",
    "not to be named",
    "declined to be named",
    "unidentified",
    "insider",
)
# Head nouns of people described, not named: with no proper name they are anonymous.
GENERIC_PEOPLE = word_set(
    """
    official officials source sources aide aides person people diplomat diplomats adviser
    advisers advisor advisors analyst analysts expert experts critic critics observer
    observers insider insiders staffer staffers spokesman spokeswoman spokesperson
    supporters supporter voters voter residents resident witnesses witness lawmakers
    lawmaker member members leaders leader democrats republicans americans someone
    others many some several few most economists scientists researchers investigators
    authorities officers officer activists protesters commanders figures
    """
)
DOCUMENT_NOUNS = word_set(
    """
    report poll survey study memo letter document filing analysis transcript book
    data figures estimate estimates review audit paper release records record video
    videos ad ads tweet tweets footage website chart image photo photos email
    emails complaint lawsuit ruling indictment average polls surveys studies
    """
)
# Where something was said: 'rejected the plan in a speech on Monday'.
SPEECH_EVENTS = word_set(
    """
    interview statement ruling speech letter op-ed column tweet post email memo
    broadcast podcast video appearance address remarks testimony briefing hearing
    diatribe tirade rant monologue sermon lecture forum rally event meeting debate
    convention summit
    """
) | {"news conference", "press conference", "press release", "town hall"}
STATEMENT_NOUNS = word_set("statement communique communiqué announcement release")
ORGANIZATION_WORDS = word_set(
    """
    party committee campaign department ministry council union commission
    agency fund bank court congress senate house pentagon kremlin government
    administration coalition group company corporation inc corp university center
    centre office bureau police army military navy nato un eu foundation institute
    association organization organisation federation league alliance parliament
    assembly board cabinet movement front authority embassy club network
    """
)
# Classes of actors (a position's actor_type, a risk's category). Names are matched as
# whole words; multi-word names are written with a space.
PARTY_WORDS = word_set(
    """
    party parties bloc coalition caucus faction democrats republicans gop tories
    """
)
LEGISLATURE_WORDS = word_set(
    "parliament congress senate house assembly legislature legislative legislators duma knesset"
)
GOVERNMENT_WORDS = word_set(
    "government administration ministry authorities cabinet presidency kremlin"
) | {"white house", "prime minister's office"}
MILITARY_WORDS = word_set("military army navy forces pentagon troops soldiers marines")
# Non-state armed groups: their generic nouns and the names news copy uses most.
ARMED_GROUPS = word_set(
    """
    militia militias militiamen militant militants insurgent insurgents rebel rebels
    guerrilla guerrillas jihadist jihadists paramilitary paramilitaries isis isil daesh
    al-qaeda al-shabab al-shabaab taliban hezbollah hamas houthis houthi pkk farc
    """
) | {"boko haram", "islamic state"}
# International bodies, matched case-sensitively ('WHO', not 'who').
INTERNATIONAL_BODIES = (
    "UN", "NATO", "EU", "IMF", "WHO", "WTO", "OPEC", "ASEAN", "OSCE", "IAEA", "ICC", "OECD",
    "UNICEF", "UNHCR", "UNESCO", "G7", "G20", "United Nations", "World Bank", "African Union",
    "Arab League", "European Union", "European Commission", "Red Cross",
)  # fmt: skip


def is_nationality(word: str) -> bool:
    """'Iraqi', 'Kenyan', 'Norwegian': a nationality adjective (by list or ending)."""
    lowered = word.casefold()
    # 'Ian', 'Brian', 'Julian' are names: an ending alone counts only on a longer word
    return lowered in NATIONALITIES or (len(lowered) >= 7 and lowered.endswith(NATIONALITY_ENDINGS))


def alternation(words: Iterable[str]) -> str:
    """A regex group matching any of WORDS (longest first, so 'al-shabaab' beats 'al-shabab')."""
    return "(?:" + "|".join(sorted(map(re.escape, words), key=lambda w: (-len(w), w))) + ")"


OUTLET_WORDS = word_set(
    """
    post times journal news reuters afp ap cnn msnbc fox nbc abc cbs npr bbc politico
    breitbart bloomberg axios guardian telegraph tribune herald gazette magazine
    channel al-monitor rudaw newsweek atlantic hill huffpost huffington economist
    independent mirror observer examiner chronicle globe star sun daily radio television
    tv press wire
    """
)

LABELS = word_set(
    """
    update watch related note photo video source read see also correction disclosure
    advertisement listen subscribe follow transcript q a editor's editors trending
    latest breaking exclusive analysis opinion clarification live briefing recap timeline
    explainer factbox roundup digest highlight newsletter bulletin dispatch
    """
) | {"the latest", "trending today", "breaking news", "editor's note", "fact check"}


CUE_WORDS = (
    SPEECH_VERBS | OBJECT_VERBS | PARTICIPLES | THAT_ONLY_VERBS | {"quoted", "according", "pointed"}
)
# Cue words that are never nouns: a phrase walked over stops at them ('talks' and 'plans'
# may be nouns: 'Sources familiar with the talks said').
VERB_ONLY_CUES = CUE_WORDS - INFINITIVE_ONLY_VERBS - PREPOSITION_ONLY_VERBS - THAT_ONLY_VERBS


_TWO_WORD_CUES = {
    "according": "according to",
    "pointed": "pointed out",
    "pointing": "pointing out",
    "put": "put it",
}
# Cues that open a sentence: 'According to X, ...', the inverted 'Said Ellis: "..."', and
# participle phrases ('Citing an unfounded theory, Trump ...').
_CAPITALISED_CUES = {"According to", "Said", "Says", "Added", "Adds"} | {
    _TWO_WORD_CUES.get(word, word).capitalize() for word in PARTICIPLES
}


def _cue_pattern() -> str:
    """All cue forms in one pattern that branches on their first letter (see
    `by_first_character`). The order of the forms is free: no form is another one followed
    by a space and more (a two-word cue replaces its first word), so at most one of them
    can match at any place."""
    forms = sorted({_TWO_WORD_CUES.get(word, word) for word in CUE_WORDS} | _CAPITALISED_CUES)
    alternation = by_first_character((form[0], re.escape(form[1:])) for form in forms)
    return rf"\b(?:{alternation})\b"


_CUES = WordStarts(_cue_pattern())


def find_cues(text: str) -> list[tuple[int, int]]:
    """Spans of cue words ('said', 'according to', ...) in TEXT, in order."""
    return [(start, end) for start, end, _ in _CUES.spans(text)]


# Headlines speak in the present tense, often in title case: 'Christie Calls Clinton "A
# Disgrace"', 'Court rules against purges'. These -s forms are nouns as often as verbs
# in running text ('calls for reform grew'), so they are cues in a headline only.
HEADLINE_VERBS = word_set(
    """
    calls questions rules reveals slams rips hammers blasts knocks pans backs urges
    accuses blames praises defends endorses rejects dismisses denies admits touts mocks
    criticizes condemns demands proposes opposes wants seeks vows warns says tells claims
    shows sees speaks rip slam blast urge vow accuse blame praise endorse reject
    criticize condemn demand oppose
    """
)
OBJECT_OR_HEADLINE_VERBS = OBJECT_VERBS | HEADLINE_VERBS
_HEADLINE_WORD = re.compile(r"[A-Za-z]+")
# A headline verb that is also a plural noun ('Rules', 'Calls', 'Questions') is the noun
# when a verb of its own follows: 'Power Plant Rules Face Key Test', 'Calls Grow for ...'.
_NOUN_SUBJECT_PREDICATES = word_set(
    """
    face faces remain remains loom looms grow grows mount mounts linger lingers persist
    arise swirl surround hang are is were was will could may might would can
    """
)
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")


def find_headline_cues(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of headline verbs in TEXT[START:END], a headline, after its first word."""
    return [
        match.span()
        for match in _HEADLINE_WORD.finditer(text, start, end)
        if match.start() > start
        and match.group().casefold() in HEADLINE_VERBS
        and not _is_noun_subject(text, match.end(), end)
    ]


def _is_noun_subject(text: str, after: int, end: int) -> bool:
    following = _NEXT_WORD.match(text, after, end)
    return following is not None and following.group(1).casefold() in _NOUN_SUBJECT_PREDICATES


# Heads of a described (unnamed) speaker: 'a reporter for USA Today', 'the officials'.
SPEAKER_NOUNS = GENERIC_PEOPLE | ROLE_WORDS | frozenset({"group", "doctors", "authors"})
