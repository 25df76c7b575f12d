# Der Rahmen jeder Seite: Kopf, Fuß, die Sprachwahl.

language-name = Deutsch
skip-to-content = Zum Inhalt springen
nav-main = Hauptmenü
nav-courses = Kurse
nav-my-bookings = Meine Buchungen
nav-teaching = Unterricht
nav-admin = Verwaltung
sign-in = Anmelden
sign-up = Registrieren
sign-out = Abmelden
nav-about = Über diese Seite
imprint = Impressum
privacy = Datenschutz
terms = AGB
booked-with = Gebucht und bezahlt mit Tessera.
language-switch = Sprache
your-time = { $time } bei Ihnen

welcome-account-deleted = Ihr Konto ist gelöscht und Sie sind abgemeldet. Eine etwaige Erstattung ist auf dem Weg zu der Karte, mit der Sie bezahlt haben.
welcome-new = Willkommen bei Tessera, { $name }! Ihr Konto ist bereit: Buchen Sie einen Kurs, Sie finden ihn dann unter „Meine Buchungen“.
welcome-password-set = Ihr neues Passwort ist gesetzt. Hier sind Sie angemeldet, überall sonst abgemeldet.
unconfirmed = Bitte bestätigen Sie Ihre E-Mail-Adresse, um zu buchen: Wir haben einen Link an { $email } geschickt.
unconfirmed-resend = Link erneut senden
unconfirmed-sent = Gesendet. Es kann eine Minute dauern, bis er ankommt.

home-description = Kurse vor Ort zum Mitmachen: Katalog ansehen, Platz in einer Minute buchen und sicher bezahlen.
home-title = Lernen Sie etwas Neues, vor Ort.
home-lead = Entdecken Sie Kurse zum Mitmachen, buchen Sie Ihren Platz in einer Minute und bezahlen Sie sicher. Ihr Ticket wartet in Ihrer Übersicht.
home-browse = Zum Kurskatalog
home-coming-up = Demnächst

not-found = Nicht gefunden
not-found-page = Diese Seite haben wir nicht gefunden.
not-found-course = Diesen Kurs haben wir nicht gefunden.
not-found-booking = Diese Buchung haben wir nicht gefunden.
not-found-why = Vielleicht ist der Link veraltet oder falsch geschrieben.
not-found-browse = Kurse ansehen

test-mode-banner = Testmodus: Zahlungen werden simuliert, es wird kein Geld abgebucht. Verwenden Sie die Stripe-Testkarte 4242 4242 4242 4242.

# Each language named in this one ("language-" and its tag).
language-en = Englisch
language-de = Deutsch
