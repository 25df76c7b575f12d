# E-Mails (templates/email/*.txt und *.html) und die Kalenderdatei. Jede
# Nachricht ist ein Satz oder Absatz auf einer Zeile; die Vorlagen setzen
# sie zusammen. Kein Markup: Ein Satz um einen Link ist zweigeteilt.
# Eingesetzte Werte werden in HTML-E-Mails maskiert, die eigenen Worte
# nicht. Zeiten kommen bereits in der Sprache des Lesers geschrieben.

## Jede E-Mail: der Angabenblock, die Fußzeile, gemeinsame Sätze.

email-label-course = Kurs
email-label-when = Wann
email-label-meetings = Termine
email-label-where = Ort
email-label-seats = Plätze
email-label-amount = Betrag
email-label-voucher = Gutschein
email-voucher-off = { $amount } Rabatt
email-label-reference = Buchungsnummer
email-footer-zone = Alle Zeiten in Ortszeit des Kurses und, falls abweichend, auch in Ihrer Zeitzone ({ $zone }, aus dem Browser Ihrer letzten Anmeldung).
email-footer-zone-html = Alle Zeiten in Ortszeit des Kurses und, falls abweichend, auch in Ihrer Zeitzone ({ $zone }).
# Die Zeit eines Kurses am Kursort, dann in der Zeitzone des Mitglieds;
# jeweils „Beginn – Ende (Zeitzone)“.
email-your-time = { $venue }; Ihre Zeit: { $theirs }
email-action-view-booking = Ihre Buchung ansehen
email-action-book-again = Erneut buchen
email-calendar-adds = Mit der angehängten Kalenderdatei tragen Sie den Kurs in Ihren Kalender ein.
email-calendar-replaces = Die angehängte Kalenderdatei ersetzt Ihren bisherigen Eintrag.
email-refund-days = Erstattungen sind in der Regel innerhalb von 5–10 Werktagen auf Ihrem Konto.
email-nothing-charged = Es wurde nichts abgebucht.
email-book-again-if-seats = Sind noch Plätze frei, können Sie erneut buchen.
email-refund-on-its-way = Eine Erstattung von { $amount } ist unterwegs; wir schreiben Ihnen, sobald sie ausgeführt ist.
email-refund-not-due = Die Stornierung erfolgte weniger als { $hours ->
        [one] { $hours } Stunde
       *[other] { $hours } Stunden
    } vor Beginn, daher wird nach den Erstattungsbedingungen nichts erstattet.

## Eine Buchung bestätigt, verlegt oder ihre Termine geändert.

email-booking-confirmed-subject = Buchung bestätigt: { $title }
email-booking-confirmed-heading = { $seats ->
        [one] Ihr Platz ist bestätigt
       *[other] Ihre Plätze sind bestätigt
    }
email-booking-confirmed-intro = Hallo { $name }, Ihr Platz für { $title } ist bestätigt.
email-booking-moved-subject = Buchung verlegt: { $title }
email-booking-moved-heading = Ihre Buchung wurde verlegt
# { $was } ist der Termin, den sie verlassen hat.
email-booking-moved-intro = Hallo { $name }, Ihre Buchung für { $title } wurde auf einen anderen Termin verlegt. Bisheriger Termin: { $was }; den neuen finden Sie unten.
email-booking-moved-cheaper = Der neue Termin ist günstiger: Wir erstatten { $amount } auf die Karte, mit der Sie bezahlt haben.
email-booking-moved-dearer = Der neue Termin ist teurer: Vielen Dank, dass Sie die Differenz von { $amount } bezahlt haben.
email-schedule-changed-subject = Neue Termine: { $title }
email-schedule-changed-heading = Neue Termine für Ihren Kurs
email-schedule-changed-intro = Hallo { $name }, der Veranstalter hat die Termine von { $title } geändert. Ihre Buchung bleibt bestehen; die aktuellen Termine finden Sie unten.
email-schedule-changed-options = Passen Ihnen die neuen Termine nicht, finden Sie auf der Seite Ihrer Buchung, welche Möglichkeiten Sie haben.

## Jemand hat für den Leser einen Platz gebucht (die E-Mail einer teilnehmenden Person).

email-attendee-subject = Sie haben einen Platz: { $title }
email-attendee-heading = Sie haben einen Platz
email-attendee-intro = Hallo { $name }, { $by } hat für Sie einen Platz für { $title } gebucht.
email-attendee-not-for-you = Ist diese E-Mail nicht für Sie bestimmt, können Sie sie ignorieren; Fragen zur Buchung richten Sie bitte an die Person, die gebucht hat.
email-attendee-action = Zum Kurs

## Fehlgeschlagene Zahlungen, abgelaufene Reservierungen.

email-payment-failed-subject = Zahlung fehlgeschlagen: { $title }
email-payment-failed-heading = Ihre Zahlung ist nicht durchgegangen
# { $reason } ist ein ganzer Satz: der der Bank oder von Stripe, oder einer der folgenden.
email-payment-not-taken = Hallo { $name }, die Zahlung für { $title } ist nicht erfolgt: { $reason }
email-reason-debit-failed = Ihre Bank hat die Lastschrift nicht ausgeführt.
email-reason-card-declined = Die Karte wurde abgelehnt.
email-payment-retry-debit = Sie können es erneut versuchen, per Karte oder von einem anderen Konto.
email-payment-retry-card = Sie können es mit einer anderen Karte erneut versuchen.
email-payment-held-until = Ihr Platz ist bis { $until } für Sie reserviert.
email-payment-failed-action = Zahlung wiederholen
email-debit-failed-seat-gone = Die Reservierung Ihres Platzes war inzwischen abgelaufen, daher ist der Platz wieder frei.
email-hold-expired-subject = Platz freigegeben: { $title }
email-hold-expired-heading = Ihr reservierter Platz wurde freigegeben
email-hold-expired-intro = Hallo { $name }, wir hatten einen Platz für { $title } für Sie reserviert, aber die Zahlung wurde nicht rechtzeitig abgeschlossen, daher ist der Platz wieder frei.

## Stornierungen und Erstattungen.

email-booking-cancelled-subject = Buchung storniert: { $title }
email-booking-cancelled-heading = Ihre Buchung ist storniert
email-booking-cancelled-intro = Hallo { $name }, Ihre Buchung für { $title } ist storniert und Ihr Platz freigegeben.
email-seat-cancelled-subject = Platz storniert: { $title }
email-seat-cancelled-heading = Ein Platz ist storniert
# { $who } ist die Person, deren Platz es war; { $seats } wie viele die Buchung behält.
email-seat-cancelled-intro = Hallo { $name }, der Platz von { $who } für { $title } ist storniert; Ihre Buchung behält { $seats ->
        [one] ihren anderen Platz
       *[other] ihre anderen { $seats } Plätze
    }.
email-course-cancelled-subject = Kurs abgesagt: { $title }
email-course-cancelled-heading = Dieser Kurs wurde abgesagt
email-course-cancelled-intro = Hallo { $name }, es tut uns leid: { $title } wurde vom Veranstalter abgesagt und damit auch Ihre Buchung.
email-course-cancelled-action = Anderen Kurs finden
email-refund-issued-subject = Erstattung ausgeführt: { $amount } für { $title }
email-refund-issued-heading = Ihre Erstattung ist unterwegs
email-refund-issued-intro = Hallo { $name }, wir haben { $amount } für { $title } auf die Karte erstattet, mit der Sie bezahlt haben.
email-refund-issued-cancelled = Ihre Buchung ist storniert und ihr Platz freigegeben.
email-refund-issued-expired = Die Zahlung ging ein, nachdem die Reservierung Ihres Platzes abgelaufen war, und es konnte kein Platz mehr reserviert werden; daher wurde sie zurückerstattet.
email-refund-issued-unchanged = Ihre Buchung bleibt unverändert.

## Ein abgesagter Termin, und ein anderer stattdessen angeboten.

# { $day } ist der Tag des angebotenen Termins, { $to } seine vollständige Zeit.
email-move-offered-subject = Termin abgesagt: { $title }. Wechsel auf den { $day } oder Geld zurück?
email-move-offered-heading = Ihr Termin wurde abgesagt: wechseln oder Geld zurück?
email-move-offered-intro = Hallo { $name }, es tut uns leid: Der Termin, den Sie für { $title } gebucht haben (siehe unten), wurde vom Veranstalter abgesagt. Gern behalten wir Ihre Plätze stattdessen an einem anderen Termin für Sie: { $to }.
email-move-offered-move = Auf den { $day } wechseln
email-move-offered-back-text = Dieser Termin ist günstiger: { $amount } gehen zurück auf die Karte, mit der Sie bezahlt haben.
# Nach „Auf den … wechseln: “.
email-move-offered-back-html = dieser Termin ist günstiger, daher gehen { $amount } zurück auf die Karte, mit der Sie bezahlt haben
email-move-offered-refund = Geld zurück
email-move-offered-refund-full-text = Sie erhalten die bezahlten { $amount } vollständig zurück.
# Nach „Geld zurück: “.
email-move-offered-refund-full-html = Sie erhalten die bezahlten { $amount } vollständig zurück.
email-move-offered-cancel = Meine Buchung stornieren
email-move-offered-deadline-refund = Bitte entscheiden Sie sich bis { $until }. Hören wir bis dahin nichts von Ihnen, erstatten wir Ihnen den vollen Betrag. Bis Sie sich entscheiden, bleiben Ihre Plätze reserviert.
email-move-offered-deadline-cancel = Bitte entscheiden Sie sich bis { $until }. Hören wir bis dahin nichts von Ihnen, wird Ihre Buchung storniert. Bis Sie sich entscheiden, bleiben Ihre Plätze reserviert.
email-move-offered-calendar = Die angehängte Kalenderdatei entfernt den abgesagten Termin aus Ihrem Kalender; wenn Sie wechseln, trägt die Datei des neuen Termins ihn wieder ein.
email-move-offered-action = In Ihrer Buchung wählen

## Ein Platz von der Warteliste; eine Erinnerung.

email-seat-offered-subject = Ein Platz ist bis { $until } für Sie reserviert: { $title }
email-seat-offered-heading = Ein Platz ist für Sie frei geworden
email-seat-offered-intro = Hallo { $name }, für { $title } ist ein Platz frei geworden, und da Sie als Nächstes auf der Warteliste stehen, ist er bis { $until } für Sie reserviert.
email-seat-offered-free = Er ist kostenlos: Nehmen Sie ihn mit einem Klick an.
email-seat-offered-pay = Bezahlen Sie bis dahin, dann ist der Platz bestätigt.
# { $booking } ist die Adresse der Buchungsseite.
email-seat-offered-decline-text = Wenn Sie nicht teilnehmen können, klicken Sie in Ihrer Buchung ({ $booking }) auf „Nein danke“, dann geht der Platz an die nächste Person auf der Warteliste; läuft die Zeit ab, geht er ohnehin an sie.
# Dasselbe in HTML, um einen Link zur Buchung: davor, die Worte des Links, danach.
email-seat-offered-decline-before = Wenn Sie nicht teilnehmen können, klicken Sie in
email-seat-offered-decline-link = Ihrer Buchung
email-seat-offered-decline-after = auf „Nein danke“, dann geht der Platz an die nächste Person auf der Warteliste; läuft die Zeit ab, geht er ohnehin an sie.
email-seat-offered-action = Platz annehmen
email-reminder-subject = Demnächst: { $title }
email-reminder-heading = Ihr Kurs beginnt bald
email-reminder-intro = Hallo { $name }, zur Erinnerung: { $title } beginnt bald. Wir freuen uns auf Sie.
# Danach folgt die Adresse der Kalenderdatei.
email-reminder-add-to-calendar = In Ihren Kalender eintragen:

## Das Konto: Registrierung, Passwort, E-Mail-Adresse, Einladungen.

email-signup-attempt-subject = Jemand wollte sich mit Ihrer E-Mail-Adresse registrieren
email-signup-attempt-heading = Sie haben bereits ein Konto
email-signup-attempt-intro = Hallo { $name }, gerade hat jemand versucht, mit dieser E-Mail-Adresse ein Tessera-Konto anzulegen, obwohl es für sie schon eines gibt.
email-signup-attempt-what-now = Waren Sie das, melden Sie sich stattdessen an; haben Sie Ihr Passwort vergessen, schickt Ihnen „Passwort vergessen?“ auf der Anmeldeseite einen Link, mit dem Sie ein neues festlegen. Waren Sie es nicht, müssen Sie nichts tun: Es wurde kein Konto angelegt, und Ihres bleibt unverändert.
email-signup-attempt-action = Anmelden
email-reset-subject = Neues Passwort für Tessera festlegen
email-reset-heading = Neues Passwort festlegen
email-reset-intro = Hallo { $name }, jemand (hoffentlich Sie) möchte ein neues Passwort für das Tessera-Konto mit dieser E-Mail-Adresse festlegen.
email-reset-works-text = Der Link unten funktioniert einmal und eine Stunde lang (bis { $until }). Mit einem neuen Passwort werden Sie überall sonst abgemeldet.
email-reset-works-html = Die Schaltfläche unten funktioniert einmal und eine Stunde lang (bis { $until }). Mit einem neuen Passwort werden Sie überall sonst abgemeldet.
email-reset-not-asked = Haben Sie das nicht angefordert, müssen Sie nichts tun: Ihr Passwort bleibt, wie es ist.
email-reset-action = Neues Passwort festlegen
email-confirm-subject = Bestätigen Sie Ihre E-Mail-Adresse für Tessera
email-confirm-heading = Bestätigen Sie Ihre E-Mail-Adresse
email-confirm-intro-text = Hallo { $name }, willkommen bei Tessera. Bitte bestätigen Sie, dass dies Ihre E-Mail-Adresse ist: Folgen Sie dem Link unten, dann sind Sie angemeldet und können buchen.
email-confirm-intro-html = Hallo { $name }, willkommen bei Tessera. Bitte bestätigen Sie, dass dies Ihre E-Mail-Adresse ist: Klicken Sie auf die Schaltfläche unten, dann sind Sie angemeldet und können buchen.
email-confirm-works-text = Der Link funktioniert einmal und sieben Tage lang (bis { $until }). Bis dahin können Sie sich umsehen und anmelden, aber nicht buchen.
email-confirm-works-html = Die Schaltfläche funktioniert einmal und sieben Tage lang (bis { $until }). Bis dahin können Sie sich umsehen und anmelden, aber nicht buchen.
email-confirm-not-you = Haben Sie kein Konto angelegt, können Sie diese E-Mail ignorieren: Ohne diesen Link kann niemand mit Ihrer Adresse buchen.
email-confirm-action = Meine E-Mail-Adresse bestätigen
email-change-subject = Bestätigen Sie Ihre neue E-Mail-Adresse für Tessera
email-change-heading = Bestätigen Sie Ihre neue E-Mail-Adresse
email-change-intro = Hallo { $name }, Sie möchten für Ihr Tessera-Konto diese E-Mail-Adresse statt { $old } verwenden.
email-change-works-text = Folgen Sie dem Link unten, um die Änderung vorzunehmen. Er funktioniert einmal und 24 Stunden lang (bis { $until }); bis dahin behält Ihr Konto seine bisherige Adresse.
email-change-works-html = Klicken Sie auf die Schaltfläche unten, um die Änderung vorzunehmen. Sie funktioniert einmal und 24 Stunden lang (bis { $until }); bis dahin behält Ihr Konto seine bisherige Adresse.
email-change-not-asked = Haben Sie das nicht angefordert, müssen Sie nichts tun: Ohne diesen Link ändert sich nichts.
email-change-action = Diese E-Mail-Adresse verwenden
email-change-notice-subject = Ihre E-Mail-Adresse bei Tessera soll sich ändern
email-change-notice-heading = Ihre E-Mail-Adresse soll sich ändern
email-change-notice-intro = Hallo { $name }, jemand, der in Ihrem Tessera-Konto angemeldet ist, möchte es auf eine neue E-Mail-Adresse umstellen: { $new }. Wir haben dorthin einen Link geschickt; die Änderung erfolgt nur, wenn ihm gefolgt wird (innerhalb von 24 Stunden).
email-change-notice-what-now = Waren Sie das, müssen Sie hier nichts weiter tun. Falls nicht, ändern Sie jetzt Ihr Passwort: Damit werden alle anderen abgemeldet, und die Änderung wird abgebrochen.
email-change-notice-action = Ihr Konto prüfen
email-invite-teach-subject = Sie sind eingeladen, auf Tessera zu unterrichten
email-invite-admin-subject = Sie sind eingeladen, Kurse auf Tessera zu verwalten
# { $inviter } ist die Person aus der Verwaltung, die eingeladen hat.
email-invite-teach-intro = Hallo { $name }, { $inviter } hat Sie eingeladen, auf Tessera zu unterrichten: Sie sehen, wer zu Ihren Kursen kommt, erfassen die Anwesenheit vor Ort und pflegen Ihr eigenes Profil.
email-invite-admin-intro = Hallo { $name }, { $inviter } hat Sie in die Verwaltung von Tessera eingeladen: Sie pflegen den Kurskatalog, sehen die Teilnehmerlisten und helfen den Menschen, die buchen.
email-invite-works-text = Folgen Sie dem Link unten, um Ihr Passwort festzulegen; danach sind Sie sofort angemeldet. Er funktioniert einmal und sieben Tage lang (bis { $until }).
email-invite-works-html = Klicken Sie auf die Schaltfläche unten, um Ihr Passwort festzulegen; danach sind Sie sofort angemeldet. Sie funktioniert einmal und sieben Tage lang (bis { $until }).
email-invite-not-expecting = Haben Sie das nicht erwartet, müssen Sie nichts tun: Ohne den Link ändert sich nichts.
email-invite-action = Annehmen und Passwort festlegen

## An Kursleitungen: die Liste am Vortag, die Zusammenfassung.

email-day-before-subject = Demnächst: { $title }, { $count } angemeldet
email-day-before-heading = Demnächst: { $title }
# { $when } ist der Beginn des Termins am Kursort.
email-day-before-intro = Hallo { $name }, { $title } findet am { $when } statt, Ort: { $place }.
# { $meeting } ist email-day-before-meeting-of.
email-day-before-intro-meeting = Hallo { $name }, { $title } findet am { $when } statt ({ $meeting }), Ort: { $place }.
email-day-before-meeting-of = Termin { $number } von { $count }
email-day-before-booked-by = { $name } (gebucht von { $by })
email-day-before-nobody = Niemand hat gebucht.
email-day-before-who = Wer kommt ({ $count }):
email-day-before-can-change = Buchungen können sich noch ändern: Die Liste vor Ort ist immer aktuell, und dort erfassen Sie auch die Anwesenheit.
email-day-before-action = Liste vor Ort öffnen
# { $day } ist email-digest-on.
email-digest-subject = Ihre Kurse: Was sich { $day } geändert hat
email-digest-heading = Was sich bei Ihren Kursen geändert hat
email-digest-intro = Hallo { $name }, das hat sich { $day } bei den Kursen geändert, die Sie unterrichten:
email-digest-on = am { $date }
# Eine Zeile je Kurs: { $changes } sind die Teile unten, durch Kommas
# getrennt; { $day } der erste Tag des Kurses.
email-digest-line = { $title } ({ $day }): { $changes }; { $taken } von { $capacity ->
        [one] { $capacity } Platz
       *[other] { $capacity } Plätzen
    } belegt
email-digest-booked = { $bookings ->
        [one] { $bookings } neue Buchung
       *[other] { $bookings } neue Buchungen
    } ({ $seats ->
        [one] { $seats } Platz
       *[other] { $seats } Plätze
    })
email-digest-cancelled = { $count ->
        [one] { $count } Stornierung
       *[other] { $count } Stornierungen
    }
email-digest-joined = { $count ->
        [one] { $count } Person neu auf der Warteliste
       *[other] { $count } Personen neu auf der Warteliste
    }
email-digest-switch-off = Sie können diese E-Mail auf Ihrer Kontoseite abschalten.
email-digest-action = Ihre Kurse

## Die Kalenderdatei (.ics) und das Abo: Tesseras Worte neben denen des Kurses.

# Ein Termin von mehreren: „Töpfern (2 von 6)“.
ics-meeting-of = { $title } ({ $number } von { $count })
# Unter der Beschreibung des Kurses; { $url } ist die Seite der Buchung.
ics-your-booking = { $seats ->
        [one] Ihre Buchung: { $url }
       *[other] Ihre Buchung ({ $seats } Plätze): { $url }
    }
ics-you-teach = Sie unterrichten diesen Kurs: { $url }
ics-feed-name = Tessera: meine Kurse
