# Die Seiten der Kursleitung: /teaching, die Liste eines Kurses am Eingang
# (/teaching/{id}) und die öffentliche Seite einer Kursleitung (/instructors/{id}).

teaching-title = Unterricht
teaching-your-courses = Ihre Kurse
teaching-lead = Öffnen Sie einen Kurs, um seine Liste für den Eingang zu sehen und einzutragen, wer da war.
teaching-no-courses = Noch keine Kurse: Die Verwaltung weist Ihnen die Kurse zu, die Sie leiten.
teaching-waiting = { $count } auf der Warteliste
teaching-cancelled = Abgesagt
teaching-seats-taken = { $capacity ->
    [one] { $held } von 1 Platz belegt
   *[other] { $held } von { $capacity } Plätzen belegt
}

## Am Eingang.

teaching-door-title = Am Eingang
teaching-back = ← Ihre Kurse
teaching-no-meetings = Dieser Kurs hat keine Termine.
# { $time } ist der Beginn des Termins.
teaching-meeting-of = Termin { $number } von { $count }: { $time }
teaching-meetings = Termine
teaching-opens = Die Anwesenheit kann ab dem Tag vor diesem Termin eingetragen werden.
teaching-how-to-mark = Tippen Sie auf „Anwesend“ oder „Abwesend“; ein zweites Tippen nimmt die Markierung zurück. Jedes Tippen wird sofort gespeichert. Mit der Druckfunktion Ihres Browsers erhalten Sie eine Liste auf Papier.
teaching-people = { $count ->
    [one] 1 Person
   *[other] { $count } Personen
}
teaching-marked-present = { $number } anwesend
teaching-on-waiting-list = { $count } auf der Warteliste
teaching-nobody-booked = Noch hat niemand gebucht.
teaching-booked-by = Gebucht von { $name }
teaching-saving = wird gespeichert…
mark-present = Anwesend
mark-absent = Abwesend
mark-unmarked = Nicht eingetragen

## Die Anwesenheit eines Platzes, in der Teilnehmerliste und der Buchung.

attendance-present = anwesend
attendance-absent = abwesend
# Ein Termin: { $mark } ist attendance-present oder attendance-absent.
attendance-once = Anwesenheit: { $mark }
# Mehrere: { $marks } lautet „1: anwesend · 3: abwesend“.
attendance-meetings = Termin { $marks }

## Die öffentliche Seite einer Kursleitung.

teaching-photo-alt = { $name }, Kursleitung
teaching-instructor = Kursleitung
teaching-upcoming = Kommende Kurse
teaching-find-courses = Kurse von { $name } im Katalog finden
teaching-none-upcoming = Zurzeit stehen keine Termine an.
