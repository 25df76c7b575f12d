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
