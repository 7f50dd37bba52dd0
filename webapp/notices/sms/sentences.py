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
{code} the reply code, {answer} the answer recorded (a reply word), {listen} a recording's short link (LISTEN).

Proposals (issue 36) have reply words of their own (``Proposal``: agree, agree with reservations, abstain, object with
a reason), read by webapp/proposals/sms.py; their sentences carry the deadline as {date} {time}."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Proposal:
    """A language's reply words for a proposal (the first word the parser of webapp/proposals/sms.py reads for each
    answer) and how to answer, after the sentence of a proposal kind that carries a reply code."""

    agree: str
    reserve: str
    abstain: str
    object: str
    reply: str

    def answer(self, answer: str) -> str:
        return {"agree": self.agree, "agree_with_reservations": self.reserve, "abstain": self.abstain,
                "object": self.object}[answer]


@dataclass(frozen=True)
class Language:
    yes: str
    no: str
    maybe: str
    online: str  # the place of a meeting held online
    date: str  # a CLDR skeleton for the day
    reply: str  # how to answer, after the sentence of a kind that carries a reply code
    sentences: dict[str, str]
    proposal: Proposal

    def answer(self, answer: str) -> str:
        if answer in ("yes", "no", "maybe"):
            return {"yes": self.yes, "no": self.no, "maybe": self.maybe}[answer]
        return self.proposal.answer(answer)


# the kinds of SMS (a sentence each), and which carry a reply code (answered with the reply words)
KINDS = ("meeting_invitation", "meeting_update", "meeting_cancelled", "meeting_reminder", "action_reminder",
         "action_overdue", "reply", "checked_in", "help", "opt_out", "opt_in", "test",
         "proposal_opened", "proposal_reminder", "proposal_reply", "proposal_unclear", "proposal_reason",
         "proposal_closed", "proposal_titular", "proposal_help",
         # issue 40: a reporting body's report by SMS ("REP 4KX7Q 12 5 3"); in the confirmations {title} carries
         # what was recorded, or the figures expected in order
         "report_reminder", "report_recorded", "report_error", "report_refused", "report_help",
         # issue 42: the code that verifies a phone for a public consultation (no account)
         "consultation_code",
         # an owner's update by SMS ("UPD 4KX7Q 45"): {title} carries the figure recorded, the lowering asked about
         # ("52 -> 45") or the figures expected in order
         "update_recorded", "update_lower", "update_error", "update_cells_error", "update_refused", "update_help")
# the keyword of a report by SMS, per language (webapp/actions/sms.py reads every one of them)
REPORT_WORDS = {"en": "REP", "fr": "RAP", "es": "INF", "sw": "RIPOTI", "ha": "RAHOTO"}
REPORTED = frozenset({"report_reminder", "report_error", "report_help"})  # kinds that tell the keyword
# the keyword of an owner's update by SMS, per language (webapp/actions/sms.py reads every one of them); a lowering is
# confirmed with the language's YES
UPDATE_WORDS = {"en": "UPD", "fr": "MAJ", "es": "ACT", "sw": "SASISHA", "ha": "SABUNTA"}
UPDATED = frozenset({"update_error", "update_cells_error", "update_help"})  # kinds that tell the update keyword
# after an action's reminder when the SMS carries an update code: how to send the new figure
UPDATE_REPLY = {"en": "Reply UPD {code} and the new figure.", "fr": "Répondez MAJ {code} et le nouveau chiffre.",
                "es": "Responda ACT {code} y la nueva cifra.", "sw": "Jibu SASISHA {code} na takwimu mpya.",
                "ha": "Amsa SABUNTA {code} da sabon adadi."}
UPDATE_REMINDED = frozenset({"action_reminder", "action_overdue"})
ANSWERED = frozenset({"meeting_invitation", "meeting_update"})
PROPOSAL_ANSWERED = frozenset({"proposal_opened", "proposal_reminder", "proposal_unclear"})
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
    "proposal_opened": "{who}: proposal {title}, answer by {date} {time}.",
    "proposal_reminder": "{who} reminder: {title}, answer by {date} {time}.",
    "proposal_reply": "{who}: your answer {answer} to {title} is recorded; you can change it until {date} {time}.",
    "proposal_unclear": "{who}: your answer to {title} was not understood.",
    "proposal_reason": "{who}: to object to {title}, give your reason: OBJECT {code} and your reason.",
    "proposal_closed": "{who}: answers to {title} are closed; yours was not recorded.",
    "proposal_titular": "{who}: the member you stand in for has answered {title}; their answer counts.",
    "proposal_help": "{who}: to answer a proposal send AGREE, RESERVE, ABSTAIN or OBJECT + reason and its code, "
                     "e.g. AGREE 4KX7Q. STOP: no more SMS.",
    "report_reminder": "{who}: report for {title} due {date}. Reply REP {code} and the figures.",
    "report_recorded": "{who}: report {code} recorded: {title}. Thank you.",
    "report_error": "{who}: report {code} NOT recorded. Send REP {code} then {title}.",
    "report_refused": "{who}: the report {code} for {title} was already sent and is kept as sent.",
    "report_help": "{who}: send REP, the code and the figures in order, e.g. REP 4KX7Q 12 5 3. "
                   "STOP: no more SMS. START: SMS again.",
    "consultation_code": "{who}: your code is {code}. It is valid for 15 minutes.",
    "update_recorded": "{who}: update {code} recorded: {title}. Thank you.",
    "update_lower": "{who}: {title} lowers the figure. Reply YES {code} to lower it.",
    "update_error": "{who}: update {code} NOT recorded. Send UPD {code} and the new figure, e.g. UPD {code} 45.",
    "update_cells_error": "{who}: update {code} NOT recorded. Send UPD {code} then {title}.",
    "update_refused": "{who}: update {code} NOT recorded: you may no longer update this action.",
    "update_help": "{who}: to update an action send UPD, its code and the new figure, e.g. UPD 4KX7Q 45. "
                   "STOP: no more SMS.",
}, proposal=Proposal("AGREE", "RESERVE", "ABSTAIN", "OBJECT",
                     "Reply AGREE {code} or RESERVE, ABSTAIN, OBJECT + reason"))

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
    "proposal_opened": "{who}: avis sur {title} d'ici {date} {time}.",
    "proposal_reminder": "{who}, rappel: {title} d'ici {date} {time}.",
    "proposal_reply": "{who}: votre réponse {answer} à {title} est enregistrée; modifiable jusqu'au {date} {time}.",
    "proposal_unclear": "{who}: votre réponse à {title} n'a pas été comprise.",
    "proposal_reason": "{who}: pour faire objection à {title}, donnez le motif: OBJECTION {code} et votre motif.",
    "proposal_closed": "{who}: les réponses à {title} sont closes; la vôtre n'est pas enregistrée.",
    "proposal_titular": "{who}: le membre que vous suppléez a répondu à {title}; sa réponse compte.",
    "proposal_help": "{who}: répondez à une proposition par ACCORD, RÉSERVE, ABSTENTION ou OBJECTION + motif et son "
                     "code, ex. ACCORD 4KX7Q. STOP: plus de SMS.",
    "report_reminder": "{who}: rapport {title} attendu le {date}. Répondez RAP {code} et les chiffres.",
    "report_recorded": "{who}: rapport {code} enregistré: {title}. Merci.",
    "report_error": "{who}: rapport {code} NON enregistré. Envoyez RAP {code} puis {title}.",
    "report_refused": "{who}: le rapport {code} pour {title} a déjà été envoyé et reste tel quel.",
    "report_help": "{who}: envoyez RAP, le code et les chiffres dans l'ordre, ex. RAP 4KX7Q 12 5 3. "
                   "STOP: plus de SMS. START: reprise.",
    "consultation_code": "{who}: votre code est {code}. Il est valable 15 minutes.",
    "update_recorded": "{who}: mise à jour {code} enregistrée: {title}. Merci.",
    "update_lower": "{who}: {title} fait baisser le chiffre. Répondez OUI {code} pour confirmer.",
    "update_error": "{who}: mise à jour {code} NON enregistrée. Envoyez MAJ {code} et le chiffre, ex. MAJ {code} 45.",
    "update_cells_error": "{who}: mise à jour {code} NON enregistrée. Envoyez MAJ {code} puis {title}.",
    "update_refused": "{who}: mise à jour {code} NON enregistrée: vous ne pouvez plus mettre à jour cette action.",
    "update_help": "{who}: pour mettre à jour une action envoyez MAJ, son code et le chiffre, ex. MAJ 4KX7Q 45. "
                   "STOP: plus de SMS.",
}, proposal=Proposal("ACCORD", "RÉSERVE", "ABSTENTION", "OBJECTION",
                     "Répondez ACCORD {code} ou RÉSERVE, ABSTENTION, OBJECTION + motif"))

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
    "proposal_opened": "{who}: propuesta {title} hasta {date} {time}.",
    "proposal_reminder": "{who}, recuerde: {title} hasta {date} {time}.",
    "proposal_reply": "{who}: su respuesta {answer} a {title} queda registrada; puede cambiarla hasta el "
                      "{date} {time}.",
    "proposal_unclear": "{who}: no se entendió su respuesta a {title}.",
    "proposal_reason": "{who}: para objetar {title}, indique el motivo: OBJECION {code} y su motivo.",
    "proposal_closed": "{who}: las respuestas a {title} están cerradas; la suya no se registró.",
    "proposal_titular": "{who}: el miembro al que suple ha respondido a {title}; cuenta su respuesta.",
    "proposal_help": "{who}: responda a propuestas con ACUERDO, RESERVA, ABSTENCION u OBJECION + motivo y el "
                     "código: ACUERDO 4KX7Q. STOP: no más SMS.",
    "report_reminder": "{who}: informe {title} vence el {date}. Responda INF {code} y las cifras.",
    "report_recorded": "{who}: informe {code} registrado: {title}. Gracias.",
    "report_error": "{who}: informe {code} NO registrado. Envíe INF {code} y luego {title}.",
    "report_refused": "{who}: el informe {code} de {title} ya se envió y se conserva tal cual.",
    "report_help": "{who}: envíe INF, el código y las cifras en orden, p. ej. INF 4KX7Q 12 5 3. "
                   "STOP: no más SMS. START: SMS de nuevo.",
    "consultation_code": "{who}: su código es {code}. Es válido durante 15 minutos.",
    "update_recorded": "{who}: actualización {code} registrada: {title}. Gracias.",
    "update_lower": "{who}: {title} baja la cifra. Responda SÍ {code} para confirmarlo.",
    "update_error": "{who}: actualización {code} NO registrada. Envíe ACT {code} y la cifra, p. ej. ACT {code} 45.",
    "update_cells_error": "{who}: actualización {code} NO registrada. Envíe ACT {code} y luego {title}.",
    "update_refused": "{who}: actualización {code} NO registrada: ya no puede actualizar esta tarea.",
    "update_help": "{who}: para actualizar una tarea envíe ACT, su código y la cifra, p. ej. ACT 4KX7Q 45. "
                   "STOP: no más SMS.",
}, proposal=Proposal("ACUERDO", "RESERVA", "ABSTENCION", "OBJECION",
                     "Responda ACUERDO {code} o RESERVA, ABSTENCION, OBJECION + motivo"))

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
    "proposal_opened": "{who}: pendekezo {title}, jibu hadi {date} {time}.",
    "proposal_reminder": "{who} ukumbusho: {title}, jibu hadi {date} {time}.",
    "proposal_reply": "{who}: jibu lako {answer} kwa {title} limehifadhiwa; unaweza kulibadilisha hadi {date} {time}.",
    "proposal_unclear": "{who}: jibu lako kwa {title} halikueleweka.",
    "proposal_reason": "{who}: kupinga {title}, toa sababu: PINGA {code} na sababu yako.",
    "proposal_closed": "{who}: majibu kwa {title} yamefungwa; jibu lako halikuhifadhiwa.",
    "proposal_titular": "{who}: mjumbe unayemwakilisha amejibu {title}; jibu lake ndilo linalohesabiwa.",
    "proposal_help": "{who}: kujibu pendekezo tuma KUBALI, MASHARTI, JIZUIA au PINGA + sababu na nambari yake, "
                     "mf. KUBALI 4KX7Q. STOP: hakuna SMS tena.",
    "report_reminder": "{who}: ripoti ya {title} inatakiwa {date}. Jibu RIPOTI {code} na takwimu.",
    "report_recorded": "{who}: ripoti {code} imehifadhiwa: {title}. Asante.",
    "report_error": "{who}: ripoti {code} HAIJAHIFADHIWA. Tuma RIPOTI {code} kisha {title}.",
    "report_refused": "{who}: ripoti {code} ya {title} ilishatumwa na inabaki kama ilivyotumwa.",
    "report_help": "{who}: tuma RIPOTI, nambari na takwimu kwa mpangilio, mf. RIPOTI 4KX7Q 12 5 3. "
                   "STOP: hakuna SMS tena. START: SMS tena.",
    "consultation_code": "{who}: nambari yako ni {code}. Inafaa kwa dakika 15.",
    "update_recorded": "{who}: sasisho {code} limehifadhiwa: {title}. Asante.",
    "update_lower": "{who}: {title} inapunguza takwimu. Jibu NDIYO {code} kuthibitisha.",
    "update_error": "{who}: sasisho {code} HALIJAHIFADHIWA. Tuma SASISHA {code} na takwimu, mf. SASISHA {code} 45.",
    "update_cells_error": "{who}: sasisho {code} HALIJAHIFADHIWA. Tuma SASISHA {code} kisha {title}.",
    "update_refused": "{who}: sasisho {code} HALIJAHIFADHIWA: huwezi tena kusasisha hatua hii.",
    "update_help": "{who}: kusasisha hatua tuma SASISHA, nambari yake na takwimu, mf. SASISHA 4KX7Q 45. "
                   "STOP: hakuna SMS tena.",
}, proposal=Proposal("KUBALI", "MASHARTI", "JIZUIA", "PINGA",
                     "Jibu KUBALI {code} au MASHARTI, JIZUIA, PINGA + sababu"))

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
    "proposal_opened": "{who}: shawara {title}, amsa kafin {date} {time}.",
    "proposal_reminder": "{who}, tunatarwa: {title}, amsa kafin {date} {time}.",
    "proposal_reply": "{who}: an adana amsarku {answer} ga {title}; za ku iya canza ta har {date} {time}.",
    "proposal_unclear": "{who}: ba a fahimci amsarku ga {title} ba.",
    "proposal_reason": "{who}: don kin amincewa da {title}, ba da dalili: KI {code} da dalilinku.",
    "proposal_closed": "{who}: an rufe amsoshi ga {title}; ba a adana amsarku ba.",
    "proposal_titular": "{who}: wanda kuke wakilta ya amsa {title}; amsarsa ce ke aiki.",
    "proposal_help": "{who}: don amsa shawara aika AMINCE, SHARUDDA, KAURACE ko KI + dalili da lambarta, "
                     "misali AMINCE 4KX7Q. STOP: babu SMS.",
    "report_reminder": "{who}: rahoton {title} zai cika ranar {date}. Amsa RAHOTO {code} da alkaluma.",
    "report_recorded": "{who}: an adana rahoto {code}: {title}. Na gode.",
    "report_error": "{who}: ba a adana rahoto {code} ba. Aika RAHOTO {code} sannan {title}.",
    "report_refused": "{who}: an riga an aika rahoto {code} na {title}, yana nan yadda aka aika shi.",
    "report_help": "{who}: aika RAHOTO, lambar da alkaluma a jere, misali RAHOTO 4KX7Q 12 5 3. "
                   "STOP: babu SMS. START: SMS kuma.",
    "consultation_code": "{who}: lambar ka ita ce {code}. Tana aiki na mintuna 15.",
    "update_recorded": "{who}: an adana sabunta {code}: {title}. Na gode.",
    "update_lower": "{who}: {title} zai rage adadin. Amsa EE {code} don tabbatarwa.",
    "update_error": "{who}: ba a adana sabunta {code} ba. Aika SABUNTA {code} da adadi, misali SABUNTA {code} 45.",
    "update_cells_error": "{who}: ba a adana sabunta {code} ba. Aika SABUNTA {code} sannan {title}.",
    "update_refused": "{who}: ba a adana sabunta {code} ba: ba za ku iya sabunta wannan aikin ba kuma.",
    "update_help": "{who}: don sabunta aiki aika SABUNTA, lambarsa da adadi, misali SABUNTA 4KX7Q 45. "
                   "STOP: babu SMS.",
}, proposal=Proposal("AMINCE", "SHARUDDA", "KAURACE", "KI",
                     "Amsa AMINCE {code} ko SHARUDDA, KAURACE, KI + dalili"))

# after a meeting's SMS when a recording of it exists in the member's language (issue 46): its short link, never cut
LISTEN = {"en": "Listen: {listen}", "fr": "À écouter : {listen}", "es": "Escuche: {listen}",
          "sw": "Sikiliza: {listen}", "ha": "Saurara: {listen}"}
LISTENED = frozenset({"meeting_invitation", "meeting_update", "meeting_reminder"})

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
    if kind in PROPOSAL_ANSWERED or kind == "proposal_help":
        words = lang.proposal
        return (words.agree, words.reserve, words.abstain, words.object) + ((STOP,) if kind == "proposal_help" else ())
    if kind == "proposal_reason":
        return (lang.proposal.object,)
    if kind in UPDATED:
        word = UPDATE_WORDS.get((locale or "en").split("_")[0].split("-")[0], UPDATE_WORDS["en"])
        return (word,) + ((STOP,) if kind == "update_help" else ())
    if kind == "update_lower":
        return (lang.yes,)
    if kind in REPORTED:
        word = REPORT_WORDS.get((locale or "en").split("_")[0].split("-")[0], REPORT_WORDS["en"])
        return (word,) + ((STOP, START) if kind == "report_help" else ())
    if kind in ANSWERED or kind == "help":
        return (lang.yes, lang.no, lang.maybe) + ((STOP, START) if kind == "help" else ())
    return {"opt_out": (START,), "opt_in": (STOP,)}.get(kind, ())
