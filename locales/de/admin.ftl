# Die Verwaltungsseiten (/admin/…): Kurse, das Kursformular, Teilnehmerlisten,
# Personen, Themen, Gutscheine, Rechnungen und die Angaben zur Website.
# cspell:ignore UStG

admin-title-courses = Verwaltung · Kurse
admin-title-new-course = Verwaltung · Neuer Kurs
admin-title-edit-course = Verwaltung · Kurs bearbeiten
admin-title-roster = Verwaltung · Teilnehmerliste
admin-title-people = Verwaltung · Personen
admin-title-person = Verwaltung · Person
admin-title-topics = Verwaltung · Themen
admin-title-vouchers = Verwaltung · Gutscheine
admin-title-new-voucher = Verwaltung · Neuer Gutschein
admin-title-edit-voucher = Verwaltung · Gutschein bearbeiten
admin-title-invoices = Verwaltung · Rechnungen
admin-title-site = Verwaltung · Website

admin-courses = Kurse
admin-people = Personen
admin-topics = Themen
admin-vouchers = Gutscheine
admin-invoices = Rechnungen
admin-site = Website
admin-all-people = ← Alle Personen
admin-all-vouchers = ← Alle Gutscheine

admin-saving = Wird gespeichert…
admin-save-changes = Änderungen speichern
admin-currency = Währung
admin-vat-rate = Mehrwertsteuersatz (%)
admin-download-csv = Als CSV herunterladen
admin-keep = Behalten
admin-confirm = Bestätigen
admin-search = Suchen

## Der Stand eines Kurses.

admin-status-draft = Entwurf
admin-status-published = Veröffentlicht
admin-status-ended = Beendet
admin-status-cancelled = Abgesagt

## Die Kursliste.

admin-new-course = Neuer Kurs
admin-no-courses = Noch keine Kurse. Legen Sie den ersten an.
admin-course-count = { $count ->
    [one] 1 Kurs
   *[other] { $count } Kurse
}
admin-courses-table = Tabelle der Kurse
admin-col-course = Kurs
admin-col-starts = Beginn
admin-col-seats-held = Belegte Plätze
admin-col-revenue = Umsatz
admin-col-actions = Aktionen
admin-waiting = { $count } auf der Warteliste
admin-seats-confirmed = { $count ->
    [one] 1 Platz bestätigt
   *[other] { $count } Plätze bestätigt
}
admin-roster = Teilnehmerliste
admin-publish = Veröffentlichen
admin-unpublish = Zurückziehen

## Das Kursformular.

admin-edit-course = Kurs bearbeiten
admin-another-date-for = Weiterer Termin für { $title }
admin-add-another-date = Weiteren Termin anlegen
admin-new-course-lead = Neue Kurse beginnen als Entwurf; veröffentlichen Sie sie in der Kursliste.
admin-another-date-lead = Derselbe Kurs an anderen Terminen, mit eigenen Plätzen, Buchungen und eigener Warteliste. Die Termine unten sind die des Kurses, um einige Wochen verschoben; ändern Sie sie auf die neuen Daten.
admin-course-title = Titel
admin-course-description = Beschreibung
admin-course-location = Ort
admin-course-price = Preis
admin-course-price-hint = Bei 0 ist der Kurs kostenlos.
admin-course-seats = Plätze
admin-course-per-booking = Höchstzahl an Plätzen pro Buchung
admin-course-per-booking-hint = Für Gruppen, die zusammen buchen; 1 für je einen Platz.
admin-course-vat-hint = Im Preis enthalten. Leer: der Satz unter „Rechnungen“.
admin-course-topic = Thema
admin-course-no-topic = Kein Thema
# { $link } ist der Link „Themen“ (admin-topics).
admin-course-topic-hint = Besucher filtern den Katalog danach. Die Liste finden Sie unter { $link }.
admin-course-zone = Zeitzone des Veranstaltungsorts
admin-course-zone-hint = Wo der Kurs stattfindet, z. B. Europe/Berlin.
admin-create-course = Kurs anlegen
admin-meetings = Termine
admin-meetings-note = In der Ortszeit des Veranstaltungsorts. Ein Kurs mit mehreren Terminen hat eine Zeile pro Termin; lassen Sie eine Zeile leer, um sie zu überspringen.
admin-meeting-starts = Beginn von Termin { $number }
admin-meeting-ends = Ende von Termin { $number }
admin-meeting-place = Ort von Termin { $number }, falls abweichend
admin-meeting-remove = Termin { $number } entfernen
admin-meeting-add = Termin hinzufügen

admin-instructors = Kursleitung
admin-instructors-lead = Die Kursleitung wird auf der Kursseite genannt, sieht die Teilnehmerliste unter /teaching und trägt die Anwesenheit ein. Neue Kursleiterinnen und Kursleiter laden Sie auf der Seite „Personen“ ein.
admin-no-instructors = Noch keine Kursleitung.
admin-teaches-this-course = leitet diesen Kurs
admin-instructor-take-off = { $name } austragen
admin-instructor-assign = { $name } zuweisen

admin-picture = Bild
admin-picture-saved = Bild gespeichert. Der Katalog und die Kursseite zeigen es.
admin-picture-removed = Bild entfernt.
admin-picture-too-big = Diese Datei ist größer als 10 MB: Wählen Sie eine kleinere.
admin-picture-not-a-picture = Diese Datei ist kein JPEG-, PNG- oder WebP-Bild.
admin-picture-too-small = Dieses Bild ist zu klein: Verwenden Sie eines mit mindestens 480 × 320 Pixeln.
admin-picture-missing = Wählen Sie zuerst ein Bild.
admin-picture-alt-missing = Beschreiben Sie in wenigen Worten, was das Bild zeigt, für Menschen, die es nicht sehen können.
admin-picture-alt-too-long = Beschreiben Sie das Bild in höchstens 200 Zeichen.
admin-picture-alt-control = Entfernen Sie die Steuerzeichen aus der Beschreibung.
admin-picture-file = Ein Bild (JPEG, PNG oder WebP, bis 10 MB)
admin-picture-file-new = Ein neues Bild (JPEG, PNG oder WebP, bis 10 MB)
admin-picture-file-hint = Wird um die Mitte auf 3:2 zugeschnitten; mindestens 480 × 320 Pixel.
admin-picture-alt = Was das Bild zeigt
admin-picture-alt-hint = Wird Menschen vorgelesen, die es nicht sehen können: „Hände formen Ton auf einer Töpferscheibe“.
admin-picture-save = Bild speichern
admin-picture-remove = Bild entfernen

## Die Teilnehmerliste eines Kurses.

admin-course-already-cancelled = Dieser Kurs war bereits abgesagt.
# { $bookings } und { $refunds } sind admin-bookings-count und
# admin-refunds-count; { $owed } ist admin-refunds-owed oder leer.
admin-course-cancelled = Kurs abgesagt. { $bookings } storniert und per E-Mail benachrichtigt; { $refunds } angefordert{ $owed }.
# { $moves } ist admin-bookings-count.
admin-course-cancelled-with-moves = Kurs abgesagt. { $moves } wurde der andere Termin angeboten (jeweils per E-Mail zur Wahl); { $bookings } storniert und per E-Mail benachrichtigt; { $refunds } angefordert{ $owed }.
admin-course-cancelled-plain = Kurs abgesagt; seine Buchungen sind storniert und alle, die gebucht hatten, per E-Mail benachrichtigt.
admin-bookings-count = { $count ->
    [one] 1 Buchung
   *[other] { $count } Buchungen
}
admin-refunds-count = { $count ->
    [one] 1 Erstattung
   *[other] { $count } Erstattungen
}
admin-refunds-owed = { $count ->
    [one] , 1 wird erneut versucht (Stripe nicht erreichbar)
   *[other] , { $count } werden erneut versucht (Stripe nicht erreichbar)
}
admin-seat-cancelled-refunding = Platz storniert; { $amount } werden erstattet.
admin-seat-cancelled-nothing = Platz storniert; nichts zu erstatten.
admin-seat-cancelled-share = Platz storniert; sein Anteil wurde erstattet.
admin-seat-last-refunded = Das war der letzte Platz der Buchung: Die Buchung ist storniert und der Restbetrag erstattet.
admin-seat-already-cancelled = Dieser Platz war bereits storniert.
admin-seat-last = Das war der letzte Platz der Buchung: Die Buchung ist storniert.
admin-seat-cancelled = Platz storniert.
admin-booking-cancelled-unpaid = Buchung storniert; es war nichts bezahlt.
admin-booking-cancelled-refunding = Buchung storniert; die volle Erstattung ist angefordert.
admin-booking-cancelled-nothing = Buchung storniert; nichts zu erstatten.
admin-booking-already-ended = Diese Buchung war bereits beendet.
admin-booking-cancelled = Buchung storniert.
admin-booking-moved = Buchung verlegt; die Person erhält eine E-Mail mit dem neuen Termin.
admin-booking-moved-back = { $amount } der Differenz werden erstattet.
admin-waitlist-removed = Von der Warteliste genommen; ein bereits angebotener Platz geht an die nächste Person.

admin-roster-seats-held = { $capacity ->
    [one] { $held } von 1 Platz belegt
   *[other] { $held } von { $capacity } Plätzen belegt
}
admin-offers-open = { $count ->
    [one] 1 Buchung dieses Termins hat das Angebot eines anderen Termins noch nicht beantwortet. Wer bis zum Beginn nicht geantwortet hat, erhält die volle Erstattung.
   *[other] { $count } Buchungen dieses Termins haben das Angebot eines anderen Termins noch nicht beantwortet. Wer bis zum Beginn nicht geantwortet hat, erhält die volle Erstattung.
}
admin-nobody-booked = Niemand hat gebucht.
admin-roster-table = Tabelle der Teilnehmenden
admin-col-name = Name
admin-col-email = E-Mail
admin-col-status = Status
admin-col-seats = Plätze
admin-col-amount = Betrag
admin-col-booked = Gebucht
admin-col-reference = Buchungsnummer
admin-col-joined = Eingetragen
admin-col-paid = Bezahlt
admin-col-refunded = Erstattet
admin-col-refund = Erstattung
admin-cancel-refund = Stornieren & erstatten
admin-cancel = Stornieren
admin-booked-seats = { $count ->
    [one] hat 1 Platz gebucht
   *[other] hat { $count } Plätze gebucht
}
admin-guest-of = mit { $name }
admin-amount-off = { $amount } Rabatt
admin-cancel-seat = Platz stornieren
admin-move-ask = Verlegen…
admin-move-to = Verlegen auf
admin-move-waive = Auf den Preisunterschied verzichten
admin-move-booking = Buchung verlegen

admin-waiting-list = Warteliste
admin-waitlist-count = { $count ->
    [0] Niemand wartet.
    [one] 1 Person wartet.
   *[other] { $count } Personen warten.
}
admin-waitlist-table = Tabelle der Warteliste
# { $time } ist das Ende des Angebots.
admin-offer-until = bis { $time }
# { $time } ist der Zeitpunkt.
admin-passed-over = { $free ->
    [one] Übersprungen: 1 Platz frei, gewünscht { $seats } · { $time }
   *[other] Übersprungen: { $free } Plätze frei, gewünscht { $seats } · { $time }
}
admin-remove = Entfernen
admin-remove-yes = Ja, entfernen

admin-refunds-heading = Storniert und erstattet
admin-refunds-table = Tabelle der Erstattungen

admin-cancel-course-heading = Diesen Kurs absagen
# { $bookings } ist admin-cancel-course-bookings; { $paid } ist ein
# Leerzeichen und admin-cancel-course-paid oder leer; { $offer } ist ein
# Komma und admin-cancel-course-offer oder leer.
admin-cancel-course-what = Damit { $bookings }{ $paid }{ $offer }. Alle, die gebucht haben, erhalten eine E-Mail, und der Kurs erscheint im Katalog als abgesagt. Das lässt sich nicht rückgängig machen.
admin-cancel-course-bookings = { $count ->
    [one] wird die 1 aktive Buchung storniert
   *[other] werden alle { $count } aktiven Buchungen storniert
}
admin-cancel-course-paid = { $count ->
    [one] und die 1 bezahlte vollständig erstattet
   *[other] und die { $count } bezahlten vollständig erstattet
}
admin-cancel-course-offer = sofern Sie nicht stattdessen einen anderen Termin anbieten
admin-cancel-course-ask = Kurs absagen…
admin-cancel-course-offer-label = Statt zu erstatten, einen anderen Termin anbieten
admin-cancel-course-no-offer = Nein: absagen und allen jetzt erstatten
admin-cancel-course-offer-help = Jede bestätigte Buchung behält ihre Plätze, und die Person wählt: Verlegung auf diesen Termin (ohne Mehrkosten; bei einem günstigeren Termin wird die Differenz erstattet) oder die volle Erstattung. Ohne Antwort bis zum Beginn dieses Termins wird erstattet. Unbezahlte Buchungen werden sofort storniert.
admin-cancelling = Wird abgesagt…
admin-cancel-course-yes = Ja, den Kurs absagen
admin-cancel-course-yes-refund = Ja, den Kurs absagen und allen erstatten

## Wo eine Erstattung steht, in der Teilnehmerliste.

refund-state-requested = Erstattung angefordert
refund-state-retrying = Erstattung offen – wird erneut versucht
refund-state-refused = Erstattung von Stripe abgelehnt
refund-state-refunded = Erstattet
refund-state-not-refunded = Keine Erstattung (Bedingungen)
refund-state-partly-refunded = Teilweise erstattet

## Ein Platz auf der Warteliste, in der Teilnehmerliste.

waitlist-status-waiting = Wartet
waitlist-status-offered = Angeboten
waitlist-status-accepted = Angenommen
waitlist-status-declined = Abgelehnt
waitlist-status-expired = Angebot abgelaufen
waitlist-status-left = Ausgetragen
waitlist-status-removed = Entfernt
waitlist-status-closed = Liste geschlossen

## Personen.

admin-people-search-label = Nach Name oder E-Mail suchen
admin-people-search-placeholder = Name oder E-Mail
admin-people-none = Niemand passt dazu.
admin-newer = ← Neuere
admin-older = Ältere →
admin-standing-admin-instructor = Admin, Kursleitung
admin-standing-admin = Admin
admin-standing-instructor = Kursleitung
admin-standing-blocked = Gesperrt
admin-standing-unconfirmed = Nicht bestätigt
admin-standing-member = Mitglied
admin-person-bookings = { $count ->
    [one] 1 Buchung
   *[other] { $count } Buchungen
}
admin-invite-admin = Admin einladen
admin-invite-admin-lead = Die Person erhält einen Link, mit dem sie ihr Passwort festlegt; er gilt sieben Tage. Wer schon ein Konto hat, behält es und wird Admin.
admin-their-name = Name
admin-their-email = E-Mail
admin-invitation-sent = Einladung gesendet.
admin-send-invitation = Einladung senden
admin-invite-instructor = Zur Kursleitung einladen
admin-invite-instructor-lead = Die Person erhält einen Link, mit dem sie ihr Passwort festlegt. Kursleiterinnen und Kursleiter sehen die Teilnehmerlisten ihrer eigenen Kurse und tragen die Anwesenheit ein; nichts von Geld oder anderen Kursen.
admin-instructor-name = Name der Kursleitung
admin-instructor-email = E-Mail der Kursleitung
admin-invitation-teach-sent = Einladung zur Kursleitung gesendet.
admin-invite-to-teach = Zur Kursleitung einladen
admin-unblock = Entsperren
admin-block = Dieses Mitglied sperren
admin-unblock-hint = Die Person kann sich wieder anmelden.
admin-block-hint = Die Person wird überall abgemeldet und kann sich nicht mehr anmelden; ihre Buchungen bleiben, wie sie sind.
admin-make-instructor = Zur Kursleitung machen
admin-make-instructor-hint = Die Person kann dann Kursen zugewiesen werden und deren Teilnehmerlisten unter /teaching öffnen. Admins behalten alle ihre Rechte.
admin-bookings = Buchungen
admin-no-bookings = Keine Buchungen.
admin-seats = { $count ->
    [one] 1 Platz
   *[other] { $count } Plätze
}

## Themen.

admin-topics-lead = Besucher filtern den Katalog nach Thema. Jeder Kurs ist einem Thema zugeordnet, das in seinem Formular gewählt wird. Der Link eines Themas bleibt gleich, wenn Sie es umbenennen.
admin-topic-renamed = Umbenannt.
admin-topic-deleted = Gelöscht. Seine Kurse haben jetzt kein Thema.
admin-no-topics = Noch keine Themen. Legen Sie oben das erste an.
admin-new-topic = Neues Thema
admin-new-topic-hint = Bis zu 40 Zeichen: Kochen, Kunst, Sprachen…
admin-add-topic = Thema hinzufügen
admin-adding = Wird hinzugefügt…
admin-topic-added = Hinzugefügt. Wählen Sie es im Formular eines Kurses.
admin-topic-courses = { $count ->
    [0] Keine Kurse zugeordnet
    [one] 1 Kurs zugeordnet
   *[other] { $count } Kurse zugeordnet
}
admin-topic-name-of = Name von „{ $name }“
admin-topic-delete = „{ $name }“ löschen
admin-rename = Umbenennen
admin-topic-in-catalog = Im Katalog ansehen
admin-delete-ask = Löschen…

## Gutscheine.

admin-new-voucher = Neuer Gutschein
admin-edit-voucher = Gutschein bearbeiten
admin-no-vouchers = Noch keine Gutscheine. Legen Sie den ersten an.
admin-voucher-used-of = { $used } von { $max } eingelöst
admin-voucher-used = { $used } eingelöst
admin-voucher-every-course = Alle Kurse
admin-voucher-once-per-person-short = einmal pro Person
# { $time } ist der erste Tag.
admin-voucher-from = Ab { $time }
# { $time } ist das Ende.
admin-voucher-until = Bis { $time }
admin-voucher-disabled = Deaktiviert
admin-voucher-edit = Bearbeiten und Einlösungen ansehen
admin-enable = Aktivieren
admin-disable = Deaktivieren
admin-voucher-code = Code
admin-voucher-code-hint = Buchstaben und Ziffern, 4 bis 32; Groß- und Kleinschreibung spielt beim Eingeben keine Rolle.
admin-voucher-discount = Rabatt
admin-voucher-kind-percent = Ein Prozentsatz der Buchung
admin-voucher-kind-amount = Ein Betrag pro Platz
admin-voucher-percent = Prozent Rabatt
admin-voucher-percent-hint = Für einen Prozentsatz: 1 bis 100.
admin-voucher-amount = Rabatt pro Platz
admin-voucher-max = Buchungen, die ihn einlösen dürfen
admin-voucher-max-hint = Leer für unbegrenzt. Eine Buchung löst ihn einmal ein, egal wie viele Plätze sie hat.
admin-voucher-once-per-person = Einmal pro Person
admin-voucher-first-day = Erster Tag
admin-voucher-first-day-hint = Leer: ab sofort.
admin-voucher-last-day = Letzter Tag
admin-voucher-last-day-hint = Leer: unbefristet.
admin-voucher-courses-hint = Keiner angekreuzt: alle Kurse.
admin-voucher-note = Notiz
admin-create-voucher = Gutschein anlegen
admin-voucher-used-by = { $count ->
    [one] Von 1 Buchung eingelöst
   *[other] Von { $count } Buchungen eingelöst
}
admin-voucher-unused = Noch niemand hat ihn eingelöst.
admin-voucher-use = { $seats ->
    [one] Buchung { $booking } · 1 Platz · { $discount } Rabatt auf { $list }, bezahlt { $paid }
   *[other] Buchung { $booking } · { $seats } Plätze · { $discount } Rabatt auf { $list }, bezahlt { $paid }
}
admin-voucher-given-back = zurückgegeben (der Platz wurde unbezahlt freigegeben)

discount-percent = { $percent } % Rabatt
discount-per-seat = { $amount } Rabatt pro Platz

## Rechnungen und die Angaben zur Website.

# { $link } ist der Link „Website“ (admin-site).
admin-invoices-lead = Jede bezahlte Buchung erhält eine Rechnung, jede Erstattung eine Gutschrift. Wer verkauft, legen Sie unter { $link } fest.
admin-issued-in = Ausgestellt im Jahr { $year }: { $count }
admin-download-year = { $year } als CSV herunterladen
admin-issued-none = Keine in diesem Jahr.
# { $number } ist die Rechnung, die eine Gutschrift korrigiert.
admin-invoice-for = zu { $number }
admin-invoice-booking = Buchung { $reference }
invoice-kind-invoice = Rechnung
invoice-kind-credit-note = Gutschrift

admin-site-heading = Wer die Website betreibt
admin-legal-heading = Impressum, Datenschutz und AGB
admin-legal-lead = Im Fuß jeder Seite verlinkt; beim Bezahlen werden die AGB verlinkt. In Markdown geschrieben: ## für eine Überschrift, **fett**, [ein Link](https://…). HTML wird als Text angezeigt.
admin-legal-imprint = Impressum (Ihr Name, Ihre Anschrift und Ihr Kontakt stehen von selbst am Anfang)
admin-legal-privacy = Datenschutzerklärung
admin-legal-terms = AGB
admin-see-page = { $path } ansehen
admin-legal-saved = Gespeichert. Die Seiten zeigen es jetzt.
admin-legal-save = Seiten speichern
admin-seller-heading = Wer verkauft
admin-seller-lead = Der Verkäufer auf jeder Rechnung. Bereits ausgestellte Rechnungen bleiben, wie sie sind.
admin-seller-not-ready = Es werden keine Rechnungen ausgestellt, bis hier ein Name und eine Anschrift gespeichert sind.
admin-seller-name = Name des Unternehmens
admin-seller-address = Anschrift
admin-seller-email = Kontakt-E-Mail
admin-seller-phone = Telefon
admin-seller-vat-id = USt-IdNr.
admin-seller-vat-id-hint = Zum Beispiel DE123456789.
admin-seller-prefix = Präfix der Rechnungsnummern
admin-seller-prefix-hint = Nummern lauten dann TS-2026-000123.
admin-seller-rate-hint = In den Preisen enthalten. 0 bis 50.
admin-seller-exempt = Hinweis zur Steuerbefreiung
admin-seller-exempt-hint = Nur wenn Sie keine Mehrwertsteuer berechnen: die Rechtsgrundlage, auf jeder Rechnung gedruckt („Umsatzsteuerfrei nach § 4 Nr. 21 UStG“).
admin-seller-saved = Gespeichert. Neue Rechnungen nennen den Verkäufer so.
admin-seller-save = Angaben zum Verkäufer speichern

admin-course-language = Geschrieben auf
admin-course-in-other = Auf { $language } (optional)
admin-course-in-other-hint = Wer in dieser Sprache liest, sieht diese Texte; ohne sie den Text oben, gekennzeichnet mit seiner Sprache.
admin-course-title-in = Titel auf { $language }
admin-course-description-in = Beschreibung auf { $language }
