"""The sentences of every SMS, one small table per language: the only place SMS words are written.

Why a table here and not the gettext catalogues: an SMS sentence is written against a budget (160 GSM-7 characters
for the whole message, the forum's name, title, date, place and reply code included), its reply words must be the
ones the inbound parser reads (webapp/notices/sms/inbound.py ANSWERS, STOP, START), and its date pattern is chosen per
language for the same budget. Those three belong together, side by side, where a reviewer sees the whole message of a
language at once — not spread over five .po files whose translators see neither the budget nor the parser.
tests/notices/sms/test_builder.py checks every kind in every language (the slots, the reply words the parser reads,
the budget); a language added later (a forum's own content language) adds one table here.

Sentences are written correctly accented; the builder drops the accents GSM-7 lacks where the forum's rule says so
(webapp/notices/sms/gsm.py). Slots: {who} the forum's short name, {title}, {date}, {time} (with its zone), {where},
{code} the reply code, {answer} the answer recorded (a reply word)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    yes: str
    no: str
    maybe: str
    online: str  # the place of a meeting held online
    date: str  # a CLDR skeleton for the day
    reply: str  # how to answer, after the sentence of a kind that carries a reply code
    sentences: dict[str, str]

    def answer(self, answer: str) -> str:
        return {"yes": self.yes, "no": self.no, "maybe": self.maybe}[answer]


# the kinds of SMS (a sentence each), and which carry a reply code (answered with the reply words)
KINDS = ("meeting_invitation", "meeting_update", "meeting_cancelled", "meeting_reminder", "action_reminder",
         "action_overdue", "reply", "checked_in", "help", "opt_out", "opt_in", "test")
ANSWERED = frozenset({"meeting_invitation", "meeting_update"})
STOP, START = "STOP", "START"  # the same in every language (inbound.py reads the local words too)
EXAMPLE_CODE = "4KX7Q"

EN = Language("YES", "NO", "MAYBE", "online", "yMMMEd", "Reply YES {code}, NO {code} or MAYBE {code}", {
    "meeting_invitation": "{who}: invitation to {title}, {date} {time}, {where}.",
    "meeting_update": "{who}: CHANGED {title}, now {date} {time}, {where}.",
    "meeting_cancelled": "{who}: CANCELLED {title}, {date} {time}.",
    "meeting_reminder": "{who} reminder: {title}, {date} {time}, {where}.",
    "action_reminder": "{who}: your action \"{title}\" is due on {date}.",
    "action_overdue": "{who}: your action \"{title}\" was due on {date}.",
    "reply": "{who}: your answer {answer} is recorded for {title}, {date} {time}.",
    "checked_in": "{who}: you are checked in at {title}. The secretariat will confirm it.",
    "help": "{who}: to answer an invitation send YES, NO or MAYBE and its code, e.g. YES 4KX7Q. "
            "STOP: no more SMS. START: SMS again.",
    "opt_out": "You will get no more SMS from Baraza forums. Send START to get them again.",
    "opt_in": "SMS from Baraza forums start again. Send STOP to stop them.",
    "test": "Test SMS from {who} on Baraza.",
})

FR = Language("OUI", "NON", "PEUT-ÊTRE", "en ligne", "yMMMEd",
              "Répondez OUI {code}, NON {code} ou PEUT-ÊTRE {code}", {
    "meeting_invitation": "{who}: invitation à {title}, {date} {time}, {where}.",
    "meeting_update": "{who}: CHANGEMENT {title}, désormais {date} {time}, {where}.",
    "meeting_cancelled": "{who}: ANNULATION {title}, {date} {time}.",
    "meeting_reminder": "{who}, rappel: {title}, {date} {time}, {where}.",
    "action_reminder": "{who}: votre action \"{title}\" est à mener d'ici le {date}.",
    "action_overdue": "{who}: votre action \"{title}\" était à mener le {date}.",
    "reply": "{who}: votre réponse {answer} est enregistrée pour {title}, {date} {time}.",
    "checked_in": "{who}: votre présence à {title} est notée. Le secrétariat la confirmera.",
    "help": "{who}: répondez à une invitation par OUI, NON ou PEUT-ÊTRE et son code, ex. OUI 4KX7Q. "
            "STOP: plus de SMS. START: reprise.",
    "opt_out": "Vous ne recevrez plus de SMS des forums Baraza. Envoyez START pour les recevoir à nouveau.",
    "opt_in": "Les SMS des forums Baraza reprennent. Envoyez STOP pour ne plus les recevoir.",
    "test": "SMS de test de {who} sur Baraza.",
})

ES = Language("SÍ", "NO", "QUIZÁS", "en línea", "yMMMEd", "Responda SÍ {code}, NO {code} o QUIZÁS {code}", {
    "meeting_invitation": "{who}: invitación a {title}, {date} {time}, {where}.",
    "meeting_update": "{who}: CAMBIO {title}, ahora {date} {time}, {where}.",
    "meeting_cancelled": "{who}: CANCELADA {title}, {date} {time}.",
    "meeting_reminder": "{who}, recordatorio: {title}, {date} {time}, {where}.",
    "action_reminder": "{who}: su tarea \"{title}\" vence el {date}.",
    "action_overdue": "{who}: su tarea \"{title}\" venció el {date}.",
    "reply": "{who}: su respuesta {answer} queda registrada para {title}, {date} {time}.",
    "checked_in": "{who}: su llegada a {title} queda registrada. La secretaría la confirmará.",
    "help": "{who}: responda a una invitación con SÍ, NO o QUIZÁS y su código, p. ej. SÍ 4KX7Q. "
            "STOP: no más SMS. START: SMS de nuevo.",
    "opt_out": "Ya no recibirá SMS de los foros de Baraza. Envíe START para recibirlos de nuevo.",
    "opt_in": "Los SMS de los foros de Baraza vuelven. Envíe STOP para detenerlos.",
    "test": "SMS de prueba de {who} en Baraza.",
})

SW = Language("NDIYO", "HAPANA", "LABDA", "mtandaoni", "yMMMEd",
              "Jibu NDIYO {code}, HAPANA {code} au LABDA {code}", {
    "meeting_invitation": "{who}: mwaliko wa {title}, {date} {time}, {where}.",
    "meeting_update": "{who}: MABADILIKO {title}, sasa {date} {time}, {where}.",
    "meeting_cancelled": "{who}: IMEFUTWA {title}, {date} {time}.",
    "meeting_reminder": "{who}, ukumbusho: {title}, {date} {time}, {where}.",
    "action_reminder": "{who}: hatua yako \"{title}\" inapaswa kukamilika {date}.",
    "action_overdue": "{who}: hatua yako \"{title}\" ilipaswa kukamilika {date}.",
    "reply": "{who}: jibu lako {answer} limehifadhiwa kwa {title}, {date} {time}.",
    "checked_in": "{who}: umejiandikisha kuwepo {title}. Sekretarieti itathibitisha.",
    "help": "{who}: kujibu mwaliko tuma NDIYO, HAPANA au LABDA na nambari yake, mf. NDIYO 4KX7Q. "
            "STOP: hakuna SMS tena. START: SMS tena.",
    "opt_out": "Hutapokea tena SMS kutoka majukwaa ya Baraza. Tuma START kuzipokea tena.",
    "opt_in": "SMS za majukwaa ya Baraza zinaanza tena. Tuma STOP kuzisimamisha.",
    "test": "SMS ya majaribio kutoka {who} kwenye Baraza.",
})

# Hausa: the reply words in plain letters (the parser reads "WATAƘILA" and "WATAKILA" alike), so that a sentence
# itself never forces UCS-2; a title or place with ɓ ɗ ƙ ƴ still does (unless the forum chose plain letters)
HA = Language("EE", "A'A", "WATAKILA", "ta intanet", "yMMMd", "Amsa EE {code}, A'A {code} ko WATAKILA {code}", {
    "meeting_invitation": "{who}: gayyata zuwa {title}, {date} {time}, {where}.",
    "meeting_update": "{who}: AN CANZA {title}, yanzu {date} {time}, {where}.",
    "meeting_cancelled": "{who}: AN SOKE {title}, {date} {time}.",
    "meeting_reminder": "{who}, tunatarwa: {title}, {date} {time}, {where}.",
    "action_reminder": "{who}: aikinku \"{title}\" zai cika ranar {date}.",
    "action_overdue": "{who}: aikinku \"{title}\" ya kamata ya cika ranar {date}.",
    "reply": "{who}: an adana amsarku {answer} ga {title}, {date} {time}.",
    "checked_in": "{who}: an rubuta kuna nan a {title}. Sakatariya za ta tabbatar.",
    "help": "{who}: don amsa gayyata aika EE, A'A ko WATAKILA da lambarta, misali EE 4KX7Q. "
            "STOP: babu SMS. START: SMS kuma.",
    "opt_out": "Ba za ku sake samun SMS daga dandalolin Baraza ba. Aika START don sake samun su.",
    "opt_in": "SMS daga dandalolin Baraza sun sake farawa. Aika STOP don dakatar da su.",
    "test": "SMS na gwaji daga {who} a Baraza.",
})

LANGUAGES: dict[str, Language] = {"en": EN, "fr": FR, "es": ES, "sw": SW, "ha": HA}
# languages whose readers write SMS without accents: letters GSM-7 lacks lose theirs (a forum setting, on by default);
# English has no letter of its own outside GSM-7, so only borrowed names (Lucía) change
PLAIN_ACCENTS = frozenset({"en", "fr", "es", "sw"})


def language(locale: str | None) -> Language:
    """The table of ``locale`` (a language tag such as "fr" or "fr_CD"); English for a language without one."""
    return LANGUAGES.get((locale or "en").split("_")[0].split("-")[0], EN)


def keywords(locale: str | None, kind: str) -> tuple[str, ...]:
    """The words an SMS of this kind tells its reader to send (never cut)."""
    lang = language(locale)
    if kind in ANSWERED or kind == "help":
        return (lang.yes, lang.no, lang.maybe) + ((STOP, START) if kind == "help" else ())
    return {"opt_out": (START,), "opt_in": (STOP,)}.get(kind, ())
