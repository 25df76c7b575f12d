# The shared refusals (src/error.rs): one per error code, then the more
# specific ones services give.

error-not-authenticated = Bitte melden Sie sich an, um fortzufahren.
error-forbidden = Sie haben keinen Zugriff auf diese Seite.
error-validation = Einige Angaben müssen korrigiert werden – siehe die markierten Felder.
error-course-not-found = Diesen Kurs konnten wir nicht finden.
error-course-not-bookable = Dieser Kurs kann gerade nicht gebucht werden.
error-course-started = Dieser Kurs hat bereits begonnen.
error-course-cancelled = Dieser Kurs wurde abgesagt.
error-booking-not-pending = Diese Buchung wartet nicht mehr auf eine Zahlung.
error-capacity-full = Dieser Kurs ist leider ausgebucht.
error-not-enough-seats = So viele Plätze sind in diesem Kurs nicht mehr frei.
error-too-many-seats = So viele Plätze kann eine Buchung in diesem Kurs nicht umfassen.
error-already-booked = Sie haben in diesem Kurs bereits eine Buchung, die auf Zahlung wartet: Bezahlen oder geben Sie sie zuerst frei.
error-booking-not-found = Diese Buchung konnten wir nicht finden.
error-payment-not-succeeded = Ihre Zahlung ist noch nicht eingegangen.
error-payment-metadata-mismatch = Wir konnten diese Zahlung Ihrer Buchung nicht zuordnen. Unser Team ist informiert.
error-payment-provider-unavailable = Unser Zahlungsdienst antwortet gerade nicht. Ihr Platz bleibt reserviert – bitte versuchen Sie es gleich noch einmal.
error-payment-refused = Stripe hat diese Zahlung abgelehnt, daher wurde nichts gebucht. Bitte wenden Sie sich an den Veranstalter.
error-waiting-list = Für diesen Kurs warten bereits Personen auf Plätze: Tragen Sie sich in die Warteliste ein, dann wird Ihnen ein frei werdender Platz der Reihe nach angeboten.
error-already-waiting = Sie stehen bereits auf der Warteliste für diesen Kurs.
error-seats-free = In diesem Kurs sind die gewünschten Plätze frei: Buchen Sie sie jetzt.
error-waiting-list-closed = Die Warteliste ist geschlossen: Der Kurs beginnt zu bald für weitere Angebote.
error-not-waiting = Sie stehen nicht auf der Warteliste für diesen Kurs.
error-reset-link-invalid = Dieser Link zum Festlegen eines neuen Passworts ist abgelaufen oder wurde bereits verwendet. Fordern Sie einen neuen an.
error-link-invalid = Dieser Link ist abgelaufen oder wurde bereits verwendet.
error-email-not-confirmed = Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse: Folgen Sie dem Link, den wir Ihnen bei der Registrierung geschickt haben.
error-account-blocked = Dieses Konto wurde gesperrt. Bitte wenden Sie sich an den Kursanbieter.
error-person-not-found = Diese Person konnten wir nicht finden.
error-passkey-refused = Dieser Passkey hat hier nicht funktioniert. Versuchen Sie es erneut oder melden Sie sich mit E-Mail-Adresse und Passwort an.
error-passkey-not-found = Einen solchen Passkey haben Sie nicht.
error-passkeys-unavailable = Passkeys funktionieren nur, wenn diese Seite über ihren Namen aufgerufen wird, nicht über eine IP-Adresse.
error-voucher-unknown = Einen Gutschein mit diesem Code gibt es nicht. Prüfen Sie ihn auf Tippfehler.
error-voucher-not-found = Diesen Gutschein konnten wir nicht finden.
error-topic-not-found = Dieses Thema steht nicht mehr auf der Liste.
error-voucher-disabled = Dieser Gutscheincode wird nicht mehr verwendet.
error-voucher-not-yet-valid = Dieser Gutscheincode ist noch nicht gültig.
error-voucher-expired = Dieser Gutscheincode ist abgelaufen.
error-voucher-used-up = Dieser Gutscheincode ist aufgebraucht. Sie können weiterhin zum vollen Preis buchen.
error-voucher-already-used = Sie haben diesen Gutscheincode bereits verwendet; er gilt einmal pro Person.
error-voucher-not-for-course = Dieser Gutscheincode gilt nicht für diesen Kurs.
error-voucher-wrong-currency = Dieser Gutscheincode gilt für Preise in einer anderen Währung.
error-booking-not-confirmed = Nur eine bestätigte Buchung kann auf einen anderen Termin verlegt werden.
error-not-another-date = Das ist kein anderer Termin dieses Kurses.
error-move-closed = Für eine Verlegung dieser Buchung ist es zu spät: Verlegen ist nur möglich, solange eine Stornierung erstattet wird.
error-invoice-locked = Für diese Buchung wurde bereits Geld zurückgezahlt, daher kann ihre Rechnung hier nicht mehr korrigiert werden. Schreiben Sie uns, wir korrigieren sie.
error-move-price-differs = Dieser Termin hat einen anderen Preis: Für eine Verlegung dorthin zahlen Sie zuerst die Differenz.
error-rate-limited = Zu viele Versuche. Bitte warten Sie einen Moment und versuchen Sie es erneut.
error-internal = Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es erneut.

# More specific refusals, from services and server functions.

voucher-code-taken = Ein anderer Gutschein hat bereits diesen Code.
voucher-course-gone = Einer der Kurse existiert nicht mehr.
voucher-below-uses = Er wurde bereits { $used }-mal verwendet: Das Limit kann nicht niedriger sein.
seats-only-left-to-book = { $left ->
    [one] Nur noch 1 Platz ist frei: Buchen Sie 1 Platz.
   *[other] Nur noch { $left } Plätze sind frei: Buchen Sie { $left } oder weniger.
}
seats-over-limit = { $limit ->
    [one] Eine Buchung umfasst in diesem Kurs 1 Platz.
   *[other] Eine Buchung umfasst in diesem Kurs höchstens { $limit } Plätze.
}
attendees-started = Der Kurs hat begonnen, daher kann sich nicht mehr ändern, wer auf seinen Plätzen sitzt.
provider-unavailable-nothing-booked = Unser Zahlungsdienst antwortet gerade nicht, daher wurde nichts gebucht. Bitte versuchen Sie es gleich noch einmal.
cancel-payment-processing = Ihre Bank bearbeitet die Zahlung für diese Buchung noch; einzelne Plätze können storniert werden, sobald sie eingegangen ist.
cancel-started = Der Kurs hat bereits begonnen, daher kann diese Buchung nicht mehr storniert werden.
cancel-course-ended = Dieser Kurs ist bereits zu Ende, daher kann er nicht abgesagt werden.
cancel-no-replacement = Angeboten werden kann nur ein anderer buchbarer Termin dieses Kurses in derselben Währung, und nur bevor dieser Termin beginnt.
topic-taken = Es gibt bereits ein Thema namens „{ $other }“.
capacity-below-held = { $held ->
    [one] 1 Platz ist bereits vergeben; die Kapazität kann nicht darunter liegen.
   *[other] { $held } Plätze sind bereits vergeben; die Kapazität kann nicht darunter liegen.
}
course-topic-gone = Dieses Thema steht nicht mehr auf der Liste: Wählen Sie ein anderes.
course-cancelled-no-publish = Ein abgesagter Kurs kann nicht erneut veröffentlicht werden.
meeting-in-past = Dieser Zeitpunkt ist vorbei: Die Termine eines veröffentlichten Kurses können verschoben werden, aber nicht in die Vergangenheit.
move-difference-due = Dieser Termin kostet { $more } mehr: Zahlen Sie die Differenz, um zu verlegen.
provider-unavailable-nothing-changed = Unser Zahlungsdienst antwortet gerade nicht, daher hat sich nichts geändert. Bitte versuchen Sie es gleich noch einmal.
move-run-full = Dieser Termin hat keinen Platz für Ihre Plätze: Tragen Sie sich in seine Warteliste ein, dann werden sie Ihnen angeboten.
page-not-there = Eine Seite mit dieser Nummer gibt es nicht.
time-zone-unknown = Wählen Sie eine Zeitzone aus der Liste, etwa Europe/Berlin.
password-not-yours = Das ist nicht Ihr Passwort.
email-already-yours = Das ist bereits Ihre E-Mail-Adresse.
passkey-name-empty = Geben Sie diesem Passkey einen Namen, z. B. „Telefon“.
passkey-name-too-long = Verwenden Sie höchstens 60 Zeichen.
invite-blocked = Dieses Konto ist gesperrt: Heben Sie die Sperre auf, bevor Sie es zum Unterrichten einladen.
sign-in-no-match = Diese E-Mail-Adresse und dieses Passwort passen zu keinem Konto.
password-not-current = Das ist nicht Ihr aktuelles Passwort.
email-taken-meanwhile = Ein anderes Konto hat diese Adresse inzwischen übernommen, daher behält Ihres die bisherige.
confirm-links-too-many = Wir haben Ihnen in der letzten Stunde drei Links geschickt: Bitte verwenden Sie einen davon oder versuchen Sie es später erneut.
email-changes-too-many = Sie haben in der letzten Stunde drei Änderungen angefordert: Bitte verwenden Sie einen der zugeschickten Links oder versuchen Sie es später erneut.
passkeys-too-many = Sie haben { $max } Passkeys, mehr kann ein Konto nicht haben: Entfernen Sie zuerst einen.
passkey-already-yours = Dieser Passkey ist bereits in Ihrem Konto.
passkey-answer-unchecked = Die Antwort Ihres Geräts konnte nicht geprüft werden, daher wurde kein Passkey hinzugefügt. Bitte versuchen Sie es erneut.
passkey-too-slow = Das hat zu lange gedauert oder wurde anderswo begonnen: Bitte fügen Sie den Passkey erneut hinzu.
course-change-or-add = Ändern Sie entweder einen Kurs oder fügen Sie einem einen weiteren Termin hinzu, nicht beides zugleich.
cancel-choose-offer = Wählen Sie einen der anderen Termine oder erstatten Sie allen.
invite-already-admin = Diese Adresse gehört bereits einem Admin.
invite-already-instructor = Diese Adresse gehört bereits einer Kursleitung.
invites-too-many = In der letzten Stunde gingen drei Einladungen an diese Adresse: Warten Sie, bevor Sie eine weitere senden.
block-only-members = Nur Mitglieder können gesperrt werden, keine Admins.
seats-choose = Wählen Sie die Anzahl der Plätze, von 1 bis { $max }.
voucher-check-code = Prüfen Sie den Code: { $why }.
voucher-enter-code = Geben Sie einen Code ein.
attendee-name-every-seat = Geben Sie für jeden Platz einen Namen ein.
invoice-year-unknown = Dieses Jahr können wir nicht anzeigen.
teaching-not-yours = Sie unterrichten diesen Kurs nicht: Seine Liste ist für seine Kursleitung.
teaching-seat-gone = Dieser Platz steht nicht mehr auf der Liste dieses Kurses.
teaching-meeting-gone = Dieser Termin steht nicht mehr im Plan des Kurses: Laden Sie die Liste neu.
teaching-not-yet = Die Anwesenheit kann ab dem Tag vor dem Termin erfasst werden.
teaching-seat-cancelled = Dieser Platz wurde storniert: Es gibt niemanden zu markieren.
teaching-only = Diese Seite ist für Kursleitungen.
teaching-mark-how = Markieren Sie einen Platz als anwesend, abwesend oder nicht markiert.
teaching-profile-only = Nur Kursleitungen haben ein Profil zum Unterrichten.
teaching-not-instructor = Diese Person unterrichtet nicht: Machen Sie sie zuerst zur Kursleitung.
teaching-unblock-first = Heben Sie die Sperre dieses Mitglieds auf, bevor Sie es zur Kursleitung machen.
offer-needs-payment = Dieser Platz kostet etwas: Drücken Sie „Jetzt bezahlen“, um ihn zu nehmen.
calendar-not-confirmed = Nur eine bestätigte Buchung hat einen Kalendereintrag.
calendar-not-here = Unter dieser Adresse gibt es keinen Kalender.
invoice-not-found = Diese Rechnung konnten wir nicht finden.
try-again-soon = Versuchen Sie es gleich noch einmal.
request-malformed = Einige Angaben fehlten oder waren fehlerhaft.
unreachable = Wir konnten Tessera nicht erreichen. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.
unsupported-language = Tessera gibt es in dieser Sprache nicht. Verfügbar sind: { $languages }.
request-not-ours = Diese Anfrage kam nicht von Tessera selbst. Laden Sie die Seite neu und versuchen Sie es erneut.
