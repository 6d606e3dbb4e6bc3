/**
 * Short setup steps per phone system, condensed from the README's "Phone systems" section.
 * The URLs themselves are shown above the steps (with the token filled in), so the steps say
 * where to paste "the URL above" instead of repeating it.
 */
import type { Lang } from '../i18n/i18n.js';

export const SETUP_STEPS: Record<Lang, Record<string, readonly string[]>> = {
  de: {
    generic: [
      'Lassen Sie Ihr Skript oder Ihre Telefonanlage bei jedem Anrufereignis die Webhook-URL oben per POST aufrufen (JSON, Kopfzeile „Authorization: Bearer <Token>“, sofern das Token nicht schon in der URL steht).',
      'Felder: „event“ (ringing, answered, ended), „callId“, „from“, „to“ und optional „agents“ (die Nebenstellen, die klingeln).',
      'Optional: ein Signaturgeheimnis (whsec_…) unten hinterlegen; dann muss jede Anfrage nach „Standard Webhooks“ signiert sein.',
      'Kamailio: Das Beispiel unter deploy/kamailio/ sendet den Webhook bei INVITE, Annahme und BYE/CANCEL.',
      'Prüfen Sie es mit „Testanruf senden“ unten oder einem echten Anruf.',
    ],
    zammad: [
      'Eine Telefonanlage, die schon Zammad („Generic CTI“) benachrichtigt, braucht nur eine neue Adresse: Tragen Sie dort die URL oben ein.',
      'Sie sendet „newCall“, „answer“ und „hangup“ als JSON oder Formular; gesperrte Anrufer erhalten die Antwort „reject“.',
      'Zammad nennt die angerufenen Benutzer beim Namen: Tragen Sie diese Namen bei den Mitarbeitenden unter „Zammad“ ein.',
    ],
    sipgate: [
      'In der sipgate-Web-App: Einstellungen → Webhooks (sipgate.io) → „Eingehende Anrufe“: die URL oben eintragen.',
      'Ringside meldet sich für Annahme und Auflegen automatisch an; weitergeleitete Anrufe werden verknüpft.',
      'Optional: sipgates öffentlichen Schlüssel unten hinterlegen, dann wird jede Anfrage per Signatur geprüft.',
      'Bei den Mitarbeitenden die sipgate-Benutzer-IDs (w0, w1, …) eintragen.',
    ],
    placetel: [
      'Im Placetel-Webportal: Einstellungen → Integrationen → Notify API (Benachrichtigungen): die URL oben eintragen.',
      'Eingehende, ausgehende, angenommene und beendete Anrufe aktivieren.',
      'Optional: ein gemeinsames Geheimnis in Placetel und unten eintragen; dann wird jede Anfrage per Signatur geprüft.',
      'Bei den Mitarbeitenden den SIP-Benutzer („peer“) ihres Telefons eintragen.',
    ],
    twilio: [
      'In der Twilio-Konsole bei der Rufnummer: „Call status changes“ (Status-Callback) auf die URL oben setzen, mit den Ereignissen ringing, answered und completed.',
      'Ihre eigene TwiML-App bleibt die Voice-URL: Ringside antwortet mit einer leeren <Response/>, die den Anruf sonst beenden würde.',
      'Den Twilio Auth Token unten hinterlegen und in den Einstellungen die öffentliche URL genau so eintragen, wie Twilio sie aufruft: Dann wird jede Signatur geprüft.',
    ],
    '3cx': [
      'Die für Ihre Bridge erzeugte CRM-Vorlage über die Vorlagen-URL oben herunterladen.',
      'In der 3CX-Verwaltungskonsole unter Integrations → CRM → „Add/Update CRM template“ hochladen.',
      'Die 3CX-Clients zeigen dann die Kundennamen aus Ringside und tragen ihre Anrufe hier ein; verpasste Anrufe landen auf der Rückrufliste.',
    ],
    fritzbox: [
      'Den Anrufmonitor einmalig aktivieren: an einem Telefon der Box #96*5* wählen.',
      'Die Bridge mit RINGSIDE_FRITZBOX=fritz.box (oder 192.168.178.1:1012) starten; sie verbindet sich selbst und ist nach einem Neustart der Box spätestens 10 Sekunden, nachdem die Box wieder erreichbar ist, wieder verbunden.',
      'Wer klingelt: Die Box meldet die angerufene eigene Rufnummer (MSN) genau so, wie sie sie kennt (z. B. 9876543), und die Leitung (SIP0, SIP1, ISDN). Tragen Sie bei den Mitarbeitenden unter „Fritz!Box“ die Rufnummern ein, die bei ihnen klingeln sollen: Dann erscheint die Karte nur bei ihnen. Eine Rufnummer, die niemandem zugeordnet ist, klingelt bei allen; nach dem ersten Anruf steht sie hier in der Liste der nicht zugeordneten Kennungen.',
      'Wer abnimmt, meldet die Box als Nebenstellen-Index (z. B. 1 für FON 1, 10 für das erste DECT-Telefon): ebenfalls unter „Fritz!Box“ eintragen, z. B. „9876543, 10“.',
      'Anrufe tragen die Uhrzeit der Bridge; geht die Uhr der Box falsch, steht eine Warnung im Protokoll. Läuft die Box in einer anderen Zeitzone als die Bridge, RINGSIDE_FRITZBOX_TZ=Europe/Berlin setzen.',
    ],
    asterisk: [
      'In /etc/asterisk/manager.conf einen Benutzer mit „read = call,agent“ anlegen (FreePBX: Admin → Asterisk Manager Users).',
      'Die Bridge mit RINGSIDE_AMI=ami://ringside:geheim@pbx.local:5038 starten.',
      'Klingelgruppen und Warteschlangen: Die Karte erscheint nur bei den Nebenstellen, die klingeln; bei den Mitarbeitenden die Nebenstellennummern eintragen.',
    ],
  },
  en: {
    generic: [
      'Have your script or phone system POST to the webhook URL above on every call event (JSON, header "Authorization: Bearer <token>" unless the token is already in the URL).',
      'Fields: "event" (ringing, answered, ended), "callId", "from", "to" and optionally "agents" (the extensions that ring).',
      'Optional: store a signing secret (whsec_…) below; every request must then be signed as "Standard Webhooks".',
      'Kamailio: the snippet in deploy/kamailio/ posts the webhook on INVITE, on the answer and on BYE/CANCEL.',
      'Check it with "Send test call" below or a real call.',
    ],
    zammad: [
      'A phone system that already notifies Zammad ("Generic CTI") only needs a new address: enter the URL above there.',
      'It sends "newCall", "answer" and "hangup" as JSON or form bodies; blocked callers get the "reject" answer.',
      'Zammad names the called users by name: enter those names for your agents under "Zammad".',
    ],
    sipgate: [
      'In the sipgate web app: Settings → Webhooks (sipgate.io) → "Incoming calls": enter the URL above.',
      'Ringside subscribes to answer and hang-up events by itself; forwarded calls are linked.',
      "Optional: store sipgate's public key below to verify every request's signature.",
      'Give each agent their sipgate user ids (w0, w1, …).',
    ],
    placetel: [
      'In the Placetel web portal: Settings → Integrations → Notify API: enter the URL above.',
      'Enable incoming, outgoing, accepted and hung-up call events.',
      "Optional: enter a shared secret in Placetel and below; every request's signature is then verified.",
      "Give each agent the SIP user (\"peer\") of their phone.",
    ],
    twilio: [
      'In the Twilio console, on the phone number: set "Call status changes" (status callback) to the URL above with the events ringing, answered and completed.',
      'Keep your own TwiML app as the Voice URL: Ringside answers with an empty <Response/>, which would otherwise end the call.',
      'Store the Twilio auth token below and set the public URL in Settings exactly as Twilio calls it: every signature is then verified.',
    ],
    '3cx': [
      'Download the CRM template generated for your bridge from the template URL above.',
      'Upload it in the 3CX management console under Integrations → CRM → "Add/Update CRM template".',
      "3CX's clients then show Ringside's customer names and journal their calls here; missed calls land on the callback list.",
    ],
    fritzbox: [
      'Enable the call monitor once by dialling #96*5* from a phone connected to the box.',
      'Start the bridge with RINGSIDE_FRITZBOX=fritz.box (or 192.168.178.1:1012); it connects by itself and, after the box restarts, is connected again at most 10 seconds after the box is back.',
      'Who rings: the box reports the own number that was called (MSN) exactly as it knows it (e.g. 9876543) and the line (SIP0, SIP1, ISDN). Enter for each agent under "Fritz!Box" the numbers that should ring them: the card then pops only for them. A number nobody is given rings everyone; after its first call it is listed here among the unassigned identifiers.',
      'Who picks up comes as an extension index (e.g. 1 for FON 1, 10 for the first DECT handset): enter it under "Fritz!Box" too, e.g. "9876543, 10".',
      "Calls carry the bridge's time; if the box's clock is wrong, the log says so. If the box runs in another time zone than the bridge, set RINGSIDE_FRITZBOX_TZ=Europe/Berlin.",
    ],
    asterisk: [
      'Add a user with "read = call,agent" in /etc/asterisk/manager.conf (FreePBX: Admin → Asterisk Manager Users).',
      'Start the bridge with RINGSIDE_AMI=ami://ringside:secret@pbx.local:5038.',
      'Ring groups and queues: the card pops only for the extensions that ring; give each agent their extension numbers.',
    ],
  },
};

/** The contract's first draft called Asterisk "ami"; both ids find the steps. */
const ALIASES: Record<string, string> = { ami: 'asterisk' };

export function setupSteps(sourceId: string, lang: Lang): readonly string[] {
  return SETUP_STEPS[lang][ALIASES[sourceId] ?? sourceId] ?? [];
}
