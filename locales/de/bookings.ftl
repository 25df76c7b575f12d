# Buchen und die eigenen Buchungen: der Kasten zum Buchen auf der Seite eines
# Kurses, „Meine Buchungen“, eine einzelne Buchung und die Seiten nach der
# Zahlung bei Stripe.

# Der Stand einer Buchung, auf ihrem Abzeichen.
status-pending-payment = Zahlung ausstehend
status-payment-failed = Zahlung fehlgeschlagen – bitte erneut versuchen
status-payment-processing = Zahlung in Bearbeitung
status-confirmed = Bestätigt
status-date-cancelled = Termin abgesagt – bitte wählen
status-cancelled = Storniert
status-refunded = Erstattet
status-expired = Abgelaufen

# Der Stand einer Zahlung in der Liste der Zahlungen einer Buchung.
payment-status-open = offen
payment-status-processing = in Bearbeitung
payment-status-succeeded = erfolgreich
payment-status-failed = fehlgeschlagen
payment-status-expired = abgelaufen
payment-status-refunded = erstattet
payment-status-debit-failed = Lastschrift abgelehnt

# Der Kasten zum Buchen auf der Seite eines Kurses.
book-seats = Plätze
book-per-seat = { $price } pro Platz
book-have-voucher = Haben Sie einen Gutscheincode?
book-voucher-code = Gutscheincode
book-apply = Einlösen
book-holding = Ihre Plätze werden reserviert…
book-label = { $seats ->
    [one] Buchen – { $total }
   *[other] { $seats } Plätze buchen – { $total }
}
book-label-free = { $seats ->
    [one] Kostenlos buchen
   *[other] { $seats } Plätze kostenlos buchen
}
book-hint-free-one = Der Kurs ist kostenlos: Ihr Platz ist sofort bestätigt.
book-hint-free-many = Der Kurs ist kostenlos: Ihre Plätze sind sofort bestätigt.
book-hint-pay-one = Ihr Platz ist 30 Minuten für Sie reserviert, während Sie bezahlen; schlägt eine Zahlung fehl, können Sie es erneut versuchen, solange er reserviert ist.
book-hint-pay-many = Ihre Plätze sind 30 Minuten für Sie reserviert, während Sie bezahlen; schlägt eine Zahlung fehl, können Sie es erneut versuchen, solange sie reserviert sind.
book-signed-out-hint = Erstellen Sie ein Konto oder melden Sie sich an, dann geht es direkt weiter zur Zahlung.
book-whos-coming = Wer nimmt teil
book-seat-name = Platz { $seat }: Name
book-seat-email = Platz { $seat }: E-Mail (optional)
book-guest = Gast { $guest }
book-voucher-applied = { $code }: { $discount } Rabatt. Sie zahlen { $total }.
book-see-your-booking = Ihre Buchung ansehen

# Die Knöpfe einer noch nicht bezahlten Buchung.
booking-pay-now = Jetzt bezahlen
booking-retry-payment = Zahlung erneut versuchen
booking-opening-payment = Die Seite zum Bezahlen wird geöffnet…
booking-release-seat = Meinen Platz freigeben
booking-release-seat-yes = Ja, meinen Platz freigeben
booking-add-to-calendar = Zum Kalender hinzufügen

# Meine Buchungen.
bookings-title = Meine Buchungen
bookings-times-note = Kurszeiten gelten in der Ortszeit des Veranstaltungsorts.
bookings-left-waitlist = Sie haben die Warteliste verlassen: Ihr Platz auf der Liste ging an die nächste Person.
bookings-declined-offer = Danke für Ihre Rückmeldung: Der Platz geht an die nächste Person auf der Warteliste.
bookings-none = Sie haben noch keine Buchungen.
bookings-none-find = Suchen Sie sich im Katalog einen Kurs aus, der Ihnen gefällt.
bookings-browse = Kurse ansehen
bookings-upcoming = Anstehend
bookings-upcoming-none = Keine anstehenden Kurse.
bookings-past = Vergangen
bookings-past-none = Noch keine vergangenen Kurse.
bookings-ended = Storniert und abgelaufen ({ $count })
bookings-newer = ← Neuere
bookings-older = Ältere →
bookings-waiting-list = Warteliste
# { $time } ist die Frist, in der Uhrzeit des Lesers.
bookings-offer = { $seats ->
    [one] Ein Platz ist für Sie frei geworden. Er ist für Sie reserviert bis { $time }.
   *[other] { $seats } Plätze sind für Sie frei geworden. Sie sind für Sie reserviert bis { $time }.
}
bookings-take-seat = { $seats ->
    [one] Platz annehmen
   *[other] Plätze annehmen
}
bookings-pay-offer = { $amount } bezahlen
bookings-decline-offer = Nein, danke
bookings-decline-offer-yes = Ja, Platz weitergeben
bookings-next-in-line = Sie sind als Nächstes an der Reihe.
bookings-number-in-line = Sie sind Nummer { $position } auf der Liste.
bookings-asked-for-seats = Sie haben { $seats } Plätze angefragt; Sie bekommen sie zusammen.

# Eine Buchung in der Liste.
booking-seat-count = { $seats ->
    [one] 1 Platz
   *[other] { $seats } Plätze
}
booking-voucher-off = ({ $discount } Rabatt mit Gutschein)
booking-choose-date-or-refund = Anderen Termin oder Erstattung wählen
booking-held-until = { $seats ->
    [one] Ihr Platz ist reserviert bis { $time }.
   *[other] Ihre Plätze sind reserviert bis { $time }.
}
booking-book-again = Erneut buchen

# Die Seite einer Buchung.
booking-title = Buchung
booking-back = ← Meine Buchungen
booking-confirmed-now = Sie haben gebucht. Bis bald!
booking-reference = Buchungsnummer
booking-seats = Plätze
booking-amount = Betrag
booking-voucher = Gutschein
booking-discount = { $discount } Rabatt
booking-booked = Gebucht am
booking-moved = Umgebucht. Ihre Buchung gilt jetzt für den oben genannten Termin; die Datei für Ihren Kalender enthält den neuen Termin.
booking-moved-back = Der neue Termin ist günstiger: { $amount } gehen zurück auf die Karte, mit der Sie bezahlt haben.
booking-processing-note = Ihre Bank bearbeitet die Zahlung. Sobald sie eingegangen ist, bestätigen wir Ihre Buchung und schreiben Ihnen eine E-Mail; bis dahin bleibt Ihr Platz reserviert.
booking-seat-cancelled = Der Platz ist storniert.
booking-cancelled = Ihre Buchung ist storniert.
booking-payments = Zahlungen
booking-no-payment = Es war keine Zahlung nötig.
booking-refunded = { $amount } erstattet

# Wer auf den Plätzen einer Buchung sitzt.
booking-whos-coming = Wer nimmt teil
booking-seat = Platz { $seat }
booking-seat-line-cancelled = Storniert
booking-change-attendee = Name oder E-Mail ändern
booking-attendee-name = Name
booking-attendee-email = E-Mail (optional)
booking-save = Speichern
# { $seat } ist booking-seat („Platz 2“).
booking-save-seat = { $seat } speichern
booking-cancel-seat = Diesen Platz stornieren
booking-cancel-seat-yes = Ja, { $seat } stornieren

# Was das Stornieren bewirkt hat.
booking-released = Ihr Platz wurde freigegeben.
booking-cancelled-refunding = Ihre Buchung ist storniert. Ihre Erstattung ist unterwegs; sie kommt in der Regel innerhalb von 5–10 Tagen an.
booking-cancelled-no-refund = Ihre Buchung ist storniert. Da die Frist für eine Erstattung bereits abgelaufen war, wurde nichts erstattet.
booking-already-ended = Diese Buchung war bereits beendet.
booking-seat-refunding = Der Platz ist storniert. { $amount } sind auf dem Weg zurück zu Ihnen; das dauert in der Regel 5–10 Tage.
booking-seat-freed = Der Platz ist storniert. Dafür wurde nichts bezahlt, das zu erstatten wäre.

# Eine Buchung stornieren.
booking-cancel-policy-free = Es wurde nichts bezahlt, daher wird nichts erstattet: Wenn Sie stornieren, wird Ihr Platz für andere frei.
booking-cancel-policy-refund = Wenn Sie jetzt stornieren, erhalten Sie { $amount } vollständig zurück.
booking-cancel-policy-no-refund = { $hours ->
    [one] Eine Stornierung wird jetzt nicht mehr erstattet: Erstattungen enden eine Stunde vor Beginn des Kurses.
   *[other] Eine Stornierung wird jetzt nicht mehr erstattet: Erstattungen enden { $hours } Stunden vor Beginn des Kurses.
}
booking-cant-make-it = Sie können nicht teilnehmen?
booking-cancel = Buchung stornieren
booking-cancel-yes = Ja, meine Buchung stornieren

# Der Veranstalter hat den Termin der Buchung abgesagt und bietet einen anderen an.
booking-date-cancelled-heading = Dieser Termin wurde abgesagt
# { $time } ist der Beginn des abgesagten Termins, in der Ortszeit.
booking-date-cancelled-free = Es tut uns leid: Der Veranstalter hat diesen Termin abgesagt. Ihre Plätze bleiben für Sie reserviert, bis Sie sich entscheiden, spätestens bis { $time }. Haben Sie bis dahin nicht gewählt, wird Ihre Buchung storniert.
booking-date-cancelled-refund = Es tut uns leid: Der Veranstalter hat diesen Termin abgesagt. Ihre Plätze bleiben für Sie reserviert, bis Sie sich entscheiden, spätestens bis { $time }. Haben Sie bis dahin nicht gewählt, erhalten Sie Ihre { $amount } vollständig zurück.
booking-date-offered = Derselbe Kurs an einem anderen Termin: { $time }
booking-offer-costs-less = Dieser Termin ist günstiger: { $amount } zurück auf Ihre Karte.
booking-offer-full = Dieser Termin ist inzwischen ausgebucht, daher bleibt nur die Erstattung.
# { $day } ist der angebotene Termin („08.04.2031“).
booking-move-to-day = Auf den { $day } umbuchen
booking-cancel-my-booking = Meine Buchung stornieren
booking-refund-me = Erstattung wählen
booking-refund-yes = Ja, { $amount } erstatten

# Wo eine Buchung vor dem Umbuchen war: { $from } ist der verlassene
# Termin (in der Ortszeit), { $on } der Tag des Umbuchens.
booking-moved-from = Am { $on } umgebucht, vorher { $from }.
booking-moved-from-by-organiser = Am { $on } vom Veranstalter umgebucht, vorher { $from }.

# Auf einen anderen Termin des Kurses umbuchen.
booking-move-heading = Auf einen anderen Termin umbuchen
booking-move-lead = Ihre Plätze ziehen mit um; der Termin, den Sie verlassen, bekommt sie zurück. Ist ein Termin günstiger, geht die Differenz zurück auf Ihre Karte; ist er teurer, zahlen Sie zuerst die Differenz, und Ihre Buchung wird umgebucht, sobald sie bezahlt ist.
booking-move-costs-less = Günstiger: { $amount } zurück auf Ihre Karte
booking-move-here = Hierher umbuchen
booking-move-yes = Ja, meine Buchung umbuchen
booking-move-costs-more = Teurer: { $amount } vor dem Umbuchen zu zahlen
booking-pay-and-move = { $amount } bezahlen und umbuchen

# Die Rechnungen einer Buchung und die Angaben darauf.
booking-invoices = Rechnungen
booking-invoice-when-paid = Die Rechnung wird ausgestellt, sobald die Zahlung eingeht.
booking-invoice-none = Für diese Buchung wurde keine Rechnung ausgestellt.
# { $kind } ist „Rechnung“ oder „Stornorechnung“.
booking-invoice-link = { $kind } { $number } (PDF)
booking-billing-details = Name, Firma und Adresse auf der Rechnung
booking-billing-name = Name
booking-billing-name-hint = Leer lassen für den Namen in Ihrem Konto.
booking-billing-company = Firma
booking-billing-address = Adresse
booking-billing-saved = Gespeichert. Ihre Rechnung erhält diese Angaben.
booking-billing-reissued = Gespeichert. Rechnung { $numbers } ersetzt die frühere, die durch eine Stornorechnung aufgehoben wird.
booking-billing-save = Angaben für die Rechnung speichern
booking-billing-saving = Wird gespeichert…

# Zurück von Stripe.
payment-title = Zahlung
payment-received = Zahlung eingegangen
payment-moved-heading = Ihre Buchung wurde umgebucht
payment-moved-difference = Sie haben die Differenz von { $amount } bezahlt. Der Termin, den Sie verlassen haben, hat Ihre Plätze zurück, und die Datei für Ihren Kalender enthält den neuen Termin.
payment-see-booking = Buchung ansehen
payment-move-refused-heading = Leider wurde dieser Termin ausgebucht, während Sie bezahlt haben.
payment-move-refused = Ihre Buchung bleibt bei ihrem Termin, und wir erstatten Ihnen die bezahlten { $amount }. Das dauert in der Regel 5–10 Tage.
payment-booked-heading = Sie haben gebucht!
payment-amount-paid = Bezahlter Betrag
payment-booking-reference = Buchungsnummer
payment-see-my-bookings = Meine Buchungen ansehen
payment-seat-gone-heading = Leider war der letzte Platz weg, während Sie bezahlt haben.
payment-seat-gone = Ihre Reservierung war abgelaufen und der Kurs ist inzwischen ausgebucht, daher erstatten wir Ihnen { $amount } vollständig. Das dauert in der Regel 5–10 Tage.
payment-find-another = Einen anderen Kurs finden
payment-processing-heading = Ihre Zahlung wird bearbeitet
payment-processing = Wir bestätigen Ihre Buchung, sobald Ihre Bank die Zahlung bestätigt. Bis dahin bleibt Ihr Platz reserviert.
payment-not-through-heading = Ihre Zahlung ist noch nicht eingegangen.
payment-still-waiting = Ihre Buchung wartet noch auf die Zahlung.
payment-go-to-bookings = Zu meinen Buchungen
payment-not-completed = Zahlung nicht abgeschlossen
# { $course } ist der Titel des Kurses, { $time } das Ende der Reservierung.
payment-not-charged-held = Es wurde nichts abgebucht. Ihr Platz für { $course } ist reserviert bis { $time }.
payment-not-charged = Es wurde nichts abgebucht. Ihre Buchung für { $course } ist noch nicht bezahlt.
payment-booking-processing = Ihre Zahlung für diese Buchung wird bearbeitet.
payment-booking-is-confirmed = Diese Buchung ist bestätigt.
payment-booking-is-date-cancelled = Der Termin dieser Buchung wurde abgesagt – bitte wählen Sie einen anderen Termin oder die Erstattung.
payment-booking-is-cancelled = Diese Buchung ist storniert.
payment-booking-is-refunded = Diese Buchung wurde erstattet.
payment-booking-is-expired = Diese Buchung ist abgelaufen.

# Listen, die der Server in Seiten teilt.
pager-page-of = Seite { $page } von { $last }
