# Die Seite eines Kurses.

all-courses = ← Alle Kurse
taught-by = Kursleitung:
and = und
your-instructors = { $count ->
    [one] Ihre Kursleitung
   *[other] Ihre Kursleitung
}
starts = Beginn
ends = Ende
where = Ort
show-on-map = Auf der Karte zeigen
seats = Plätze
meetings = { $count } Termine
meetings-first = { $count } Termine, der erste
seats-of = { $left } von { $capacity } frei
booking-for-someone-else = Auch für jemand anderen buchen?
also-on = Weitere Termine
keep-it = Nein, behalten

not-bookable-draft = Dieser Kurs ist noch nicht buchbar.
not-bookable-cancelled = Dieser Kurs wurde abgesagt.
not-bookable-started = Dieser Kurs hat schon begonnen.
not-bookable-ended = Dieser Kurs ist vorbei.
not-bookable-full = Dieser Kurs ist ausgebucht.
not-bookable-unpayable = Dieser Kurs kann zum aktuellen Preis nicht online bezahlt werden. Bitte wenden Sie sich an den Veranstalter.

your-booking-confirmed = { $seats ->
    [one] Sie haben diesen Kurs gebucht (1 Platz).
   *[other] Sie haben diesen Kurs gebucht ({ $seats } Plätze).
}
your-booking-processing = Sie haben gebucht; Ihre Zahlung wird bearbeitet.
your-booking-date-cancelled = Dieser Termin wurde abgesagt: Wählen Sie einen anderen Termin oder Ihre Erstattung.
your-booking-held = { $seats ->
    [one] 1 Platz ist für Sie reserviert, bis Sie bezahlen.
   *[other] { $seats } Plätze sind für Sie reserviert, bis Sie bezahlen.
}
view-your-booking = Ihre Buchung ansehen
choose-on-your-booking = In Ihrer Buchung wählen
complete-your-booking = Buchung abschließen

seats-held-while-paying = { $seats ->
    [one] Ein Platz ist für jemanden reserviert, der noch bezahlt: Geschieht das nicht, wird er bis { $time } frei.
   *[other] { $seats } Plätze sind für Personen reserviert, die noch bezahlen: Zahlt eine davon nicht, wird der erste bis { $time } frei.
}
every-seat-paid = Alle Plätze sind vergeben und bezahlt; einer wird nur frei, wenn jemand storniert.
waiting-now = { $count ->
    [0] Noch wartet niemand: Sie wären als Erstes an der Reihe.
    [one] 1 Person wartet.
   *[other] { $count } Personen warten.
}
waitlist-how = Werden Plätze frei, werden sie für die erste Person auf der Liste reserviert, für die sie reichen, und sie bekommt sofort eine E-Mail.
seats-wanted = Gewünschte Plätze
voucher-code = Gutscheincode
waitlist-voucher-hint = (optional; gilt, wenn ein Platz angeboten wird)
joining = Wird eingetragen…
join-waitlist = Auf die Warteliste
waitlist-sign-in-first = Erstellen Sie ein Konto oder melden Sie sich an, dann stehen Sie auf der Liste.
waitlist-next = { $seats ->
    [one] Sie sind als Nächstes auf der Warteliste dran.
   *[other] Sie sind als Nächstes auf der Warteliste dran, für { $seats } Plätze.
}
waitlist-number = { $seats ->
    [one] Sie sind Nummer { $position } auf der Warteliste.
   *[other] Sie sind Nummer { $position } auf der Warteliste, für { $seats } Plätze.
}
waitlist-held = { $seats ->
    [one] Ein Platz ist für Sie reserviert.
   *[other] { $seats } Plätze sind für Sie reserviert.
}
joined-waitlist = Sie stehen auf der Warteliste.
left-waitlist = Sie haben die Warteliste verlassen.
waitlist-we-email = Wir schreiben Ihnen, sobald ein Platz frei ist. Er wird dann bis zu einer Frist für Sie reserviert, zum Bezahlen oder Weitergeben.
leave-waitlist = Warteliste verlassen
leave-waitlist-yes = Ja, Liste verlassen
