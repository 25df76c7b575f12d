# Anmelden und registrieren.

login-description = Melden Sie sich an, um Kurse zu buchen und Ihre Buchungen zu sehen.
login-lead = Willkommen zurück. Melden Sie sich an, um zu buchen und Ihre Buchungen zu sehen.
signing-in = Anmeldung läuft…
forgot-password = Passwort vergessen?
new-to-tessera = Neu bei Tessera?
create-an-account = Konto erstellen
signup-description = Erstellen Sie ein Konto, um Kurse zu buchen und Ihre Buchungen an einem Ort zu haben.
signup-lead = Plätze buchen, sicher bezahlen und alle Buchungen an einem Ort.
field-your-name = Ihr Name
field-email = E-Mail
field-password = Passwort
password-hint = Mindestens 10 Zeichen.
create-account = Konto erstellen
creating-account = Ihr Konto wird erstellt…
have-an-account = Sie haben schon ein Konto?
check-inbox = Sehen Sie in Ihr Postfach
signup-sent = Wir haben Ihnen eine E-Mail mit einem Link zur Bestätigung Ihrer Adresse geschickt. Folgen Sie ihm, und Sie sind angemeldet und können buchen. Der Link gilt sieben Tage.
signup-sent-nothing = Nach ein paar Minuten noch nichts da? Sehen Sie im Spam-Ordner nach. Sie haben schon ein Konto mit dieser Adresse? Dann haben wir Ihnen stattdessen dazu geschrieben:
signup-sent-sign-in = anmelden
signup-sent-new-password = neues Passwort festlegen

youre-booking = { $seats ->
    [one] Sie buchen einen Platz für
   *[other] Sie buchen { $seats } Plätze für
}
youre-waiting = Sie setzen sich auf die Warteliste für
youre-in-free = Sobald Sie angemeldet sind, ist Ihr Platz sofort bestätigt.
youre-in-pay = Sobald Sie angemeldet sind, geht es direkt weiter zur Zahlung.
youre-in-wait = Sobald Sie angemeldet sind, stehen Sie auf der Liste.

# Passwort vergessen, und die Seiten, die Links aus E-Mails öffnen.

accounts-sending = Wird gesendet…
accounts-saving = Wird gespeichert…
field-new-password = Neues Passwort
forgot-sent = Falls ein Konto mit dieser Adresse besteht, haben wir dorthin einen Link geschickt, mit dem Sie ein neues Passwort festlegen können. Der Link gilt eine Stunde. Nach ein paar Minuten noch nichts da? Sehen Sie im Spam-Ordner nach oder senden Sie ihn unten erneut.
forgot-lead = Geben Sie die E-Mail-Adresse ein, mit der Sie sich registriert haben, und wir schicken Ihnen einen Link, mit dem Sie ein neues Passwort festlegen können.
forgot-send = Link zusenden
forgot-remembered = Doch wieder eingefallen?
reset-title = Neues Passwort festlegen
reset-new-link = Neuen Link zusenden
reset-lead = Wählen Sie ein neues Passwort. Sie werden hier angemeldet und überall sonst abgemeldet.
reset-submit = Neues Passwort speichern
confirm-email-title = E-Mail-Adresse bestätigen
confirm-email-lead = Nur noch ein Schritt: Bestätigen Sie, dass diese Adresse Ihnen gehört, und Sie sind angemeldet und können buchen.
confirm-email-submit = Bestätigen und anmelden
confirm-email-busy = Wird bestätigt…
change-email-title = Ihre neue E-Mail-Adresse verwenden
change-email-lead = Ihr Konto zieht auf diese Adresse um: E-Mails zu Ihren Buchungen kommen ab jetzt hierher, und Sie melden sich mit ihr an.
change-email-submit = Diese Adresse verwenden
invite-title = Einladung annehmen
invite-lead = Sie wurden zu Tessera eingeladen. Wählen Sie ein Passwort, und Sie sind angemeldet.
invite-submit = Annehmen und anmelden
link-sign-in-for-new = Melden Sie sich an, dann bieten wir Ihnen an, einen neuen zu senden.

# Mit einem Passkey anmelden (die Wörter, die seine Insel bekommt).

passkey-sign-in = Mit Passkey anmelden
passkey-waiting = Warten auf Ihren Passkey…
passkey-not-allowed = Es wurde kein Passkey verwendet: Der Vorgang wurde abgebrochen, hat zu lange gedauert, oder dieses Gerät hat keinen für diese Seite.
passkey-unsupported = Dieser Browser kann keine Passkeys verwenden.

# Eine Seite für Administratoren, von jemand anderem geöffnet.

forbidden-title = Diese Seite ist der Verwaltung vorbehalten.
forbidden-why = Sie sind angemeldet, aber Ihr Konto hat keinen Zugriff darauf.
forbidden-back = Zurück zum Kurskatalog

# Während die Daten einer Seite laden.

loading-notice = Wird geladen…

# Impressum, Datenschutzerklärung und AGB: nur der Rahmen; die Texte schreibt der Betreiber.

legal-title-imprint = Impressum
legal-title-privacy = Datenschutzerklärung
legal-title-terms = Allgemeine Geschäftsbedingungen
legal-empty-imprint = Hier wurde noch nichts weiter eingetragen.
legal-empty-privacy = Die Datenschutzerklärung wurde hier noch nicht veröffentlicht.
legal-empty-terms = Die Allgemeinen Geschäftsbedingungen wurden hier noch nicht veröffentlicht.
legal-ask = Schreiben Sie an { $email }, um nachzufragen.
legal-operator = Wer diese Seite betreibt
legal-email = E-Mail:
legal-phone = Telefon:
legal-vat-id = USt-IdNr.: { $id }
