# Der Katalog und seine Kurskarten.

catalog-title = Kurse
catalog-title-past = Vergangene Kurse
catalog-description = Kommende Kurse mit Terminen, Orten, Preisen und freien Plätzen; online buchen und bezahlen.
catalog-times-note = Kurszeiten gelten in der Ortszeit des Veranstaltungsorts.
catalog-find = Kurse finden
catalog-search = Suche
catalog-search-placeholder = Wörter aus Titel, Ort oder Beschreibung
catalog-topic = Thema
catalog-any-topic = Alle Themen
catalog-when = Wann
catalog-any-date = Jederzeit
catalog-this-week = Diese Woche
catalog-this-month = Diesen Monat
catalog-from = Von
catalog-to = Bis
catalog-sort-by = Sortieren nach
catalog-sort-date = Datum
catalog-sort-price-asc = Preis: aufsteigend
catalog-sort-price-desc = Preis: absteigend
catalog-sort-seats = Freie Plätze
catalog-seats-only = Nur mit freien Plätzen
catalog-apply = Anwenden
catalog-count = { $count ->
    [one] { $shown } Kurs
   *[other] { $shown } Kurse
}
catalog-count-more = { $shown }+ Kurse
catalog-count-match = { $courses } zu „{ $filter }“
catalog-taught-by = Kurse von { $name }
catalog-show-all = Alle Kurse zeigen
catalog-no-match = Kein Kurs passt zu „{ $filter }“.
catalog-no-match-choices = Kein Kurs passt zu „{ $filter }“ mit dieser Auswahl.
catalog-no-match-narrowed = Kein Kurs passt zu dieser Auswahl.
catalog-no-more = Hier gibt es keine weiteren Kurse.
catalog-back-to-first = Zurück zur ersten Seite
catalog-none-past = Bisher hat noch kein Kurs stattgefunden.
catalog-none = Noch werden keine Kurse angeboten.
catalog-check-back = Schauen Sie bald wieder vorbei – neue Termine kommen regelmäßig hinzu.
pages = Seiten
page-previous = ← Zurück
page-next = Weiter →
page-number = Seite { $page }
catalog-upcoming-link = ← Kommende Kurse
catalog-past-link = Vergangene Kurse →

seats-left = { $count ->
    [one] 1 Platz frei
   *[other] { $count } Plätze frei
}
seats-only-left = Nur noch { $count } frei
full = Ausgebucht
full-waiting = Ausgebucht · { $count } auf der Warteliste
under-way = Läuft bereits
past = Vorbei
cancelled = Abgesagt
draft = Entwurf
unavailable = Nicht verfügbar
meetings-from = { $count } Termine ab
more-dates = { $count ->
    [one] Auch an einem weiteren Termin
   *[other] Auch an { $count } weiteren Terminen
}

refund-until = Volle Erstattung, wenn Sie vor { $time } stornieren.
refund-none = Keine Erstattung bei Stornierung: Erstattungen enden { $hours } Stunden vor Beginn.
price-free = Kostenlos
checkout-terms = Mit der Zahlung akzeptieren Sie die AGB unter { $address }.
