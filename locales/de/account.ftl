# Die Kontoseite (/account): Angaben, E-Mail, Passwort, Passkeys, das
# Profil als Kursleitung, der Kalender, Geräte, Ihre Daten, Löschen.

account-title = Ihr Konto
account-email-changed = Ihr Konto verwendet jetzt diese Adresse: E-Mails kommen hierher, und Sie melden sich mit ihr an.
account-saved = Gespeichert.

account-details-heading = Ihre Angaben
account-time-zone = Zeitzone
account-time-zone-hint = Auch E-Mails zeigen Kurszeiten in dieser Zeitzone, z. B. Europe/Berlin.
account-details-save = Angaben speichern

account-email-heading = E-Mail-Adresse ändern
account-new-email = Neue E-Mail-Adresse
account-new-email-hint = Wir schicken einen Link dorthin; Ihre Adresse ändert sich, sobald Sie ihm folgen.
account-your-password = Ihr Passwort
account-email-change-sent = Sehen Sie im Postfach der neuen Adresse nach einem Link (er gilt 24 Stunden). Bis Sie ihm folgen, behält Ihr Konto seine bisherige Adresse; dorthin haben wir eine Nachricht über die Änderung geschickt.
account-send-link = Link senden

account-password-heading = Passwort ändern
account-current-password = Aktuelles Passwort
account-new-password-hint = Mindestens 10 Zeichen. Überall sonst werden Sie abgemeldet.
account-password-changed = Passwort geändert. Andere Sitzungen wurden abgemeldet.
account-password-changing = Wird geändert…

passkeys-heading = Passkeys
passkeys-lead = Melden Sie sich mit Fingerabdruck, Gesichtserkennung oder Bildschirmsperre statt mit Ihrem Passwort an. Ihr Passwort funktioniert weiterhin.
passkeys-none = Sie haben noch keine Passkeys.
passkey-added-on = Hinzugefügt am { $time }
passkey-last-used = zuletzt verwendet am { $time }
passkey-remove = Entfernen
passkey-remove-label = Passkey { $name } entfernen
passkey-added = Passkey „{ $name }“ hinzugefügt: Sie können sich jetzt damit anmelden.
passkey-add = Passkey hinzufügen
passkey-name = Bezeichnung
passkey-name-hint = Damit Sie Ihre Passkeys auseinanderhalten können, z. B. „Handy“.
passkey-password = Mit Ihrem Passwort bestätigen
passkey-waiting-device = Warten auf Ihr Gerät…
passkey-needs-js = Zum Hinzufügen eines Passkeys brauchen Sie JavaScript und einen Browser, der Passkeys unterstützt.

account-teaching-heading = Ihr Profil als Kursleitung
account-bio = Über Sie
account-bio-hint = Erscheint auf Ihrer öffentlichen Seite und neben Ihren Kursen. Bis zu 1000 Zeichen.
account-digest-emails = Schicken Sie mir an Tagen, an denen sich bei meinen Kursen etwas ändert, eine Zusammenfassung (neue Buchungen, Stornierungen, die Warteliste)
account-day-before-emails = Schicken Sie mir am Tag vor jedem Termin die Teilnehmerliste
account-teaching-save = Profil speichern
account-photo-heading = Ihr Foto
account-photo-alt = Ihr Foto, wie Kursteilnehmende es sehen
account-photo-label = Ein JPEG-, PNG- oder WebP-Bild, bis zu 5 MB
account-photo-upload = Foto hochladen
account-photo-remove = Mein Foto entfernen
account-photo-saved = Foto gespeichert.
account-photo-removed = Foto entfernt.
account-photo-too-big = Diese Datei ist größer als 5 MB: Wählen Sie eine kleinere.
account-photo-not-a-picture = Diese Datei ist kein JPEG-, PNG- oder WebP-Bild.
account-photo-missing = Wählen Sie zuerst ein Bild aus.

account-feed-heading = Ihre Kurse in Ihrem Kalender
account-feed-lead = Abonnieren Sie Ihre private Kalenderadresse in Apple Kalender, Google Kalender oder Outlook, dann erscheint jeder Kurs, den Sie buchen, dort von selbst; Verschiebungen und Absagen werden übernommen. Sie zeigt Zeiten und Orte, nie Zahlungen. Wer die Adresse kennt, kann sie sehen, also behalten Sie sie für sich.
account-feed-address = Ihre Kalenderadresse
account-feed-subscribe = In Ihrer Kalender-App abonnieren
account-feed-reset = Neue Adresse erstellen…
account-feed-reset-yes = Ja: Die alte Adresse funktioniert dann nicht mehr
account-feed-make = Meine Kalenderadresse erstellen
account-feed-failed = Ihre Kalenderadresse konnte nicht geladen werden; versuchen Sie es später noch einmal.
account-feed-made = Ihre Kalenderadresse ist bereit: Abonnieren Sie sie in Ihrer Kalender-App.

account-sessions-heading = Wo Sie angemeldet sind
account-this-device = Dieses Gerät
account-last-seen = Zuletzt aktiv am { $time }
account-sessions-lead = Auf einem gemeinsam genutzten oder verlorenen Gerät angemeldet? Melden Sie sich überall außer hier ab.
account-sessions-done = Erledigt: Alle anderen Geräte sind abgemeldet.
account-sessions-sign-out = Überall sonst abmelden

account-data-heading = Ihre Daten
account-data-lead = Alles, was wir über Sie speichern (Ihr Profil, Buchungen, Zahlungen, Plätze auf Wartelisten und die E-Mails, die wir Ihnen geschickt haben), in einer Datei.
account-data-download = Meine Daten herunterladen (JSON)

account-delete-heading = Ihr Konto löschen
account-delete-lead = Ihr Name und Ihre E-Mail-Adresse werden gelöscht, und Sie können sich nicht mehr anmelden. Buchungen und Zahlungen bleiben ohne Ihren Namen in den Büchern des Kursanbieters.
account-delete-no-bookings = Sie haben keine aktiven Buchungen.
account-delete-bookings = Ihre aktiven Buchungen werden zuerst storniert:
account-delete-refund = storniert, { $amount } werden auf die Karte erstattet, mit der Sie bezahlt haben
account-delete-no-refund = storniert ohne Erstattung (der Kurs beginnt zu bald)
account-delete-nothing-paid = noch nicht bezahlt: Die Plätze werden freigegeben
account-delete-kept = hat schon begonnen und bleibt daher bestehen
account-delete-password = Ihr Passwort zur Bestätigung
account-delete-submit = Mein Konto löschen
account-bio-in = Kurzbiografie auf { $language } (optional)
