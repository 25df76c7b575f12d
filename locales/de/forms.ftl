# Feldfehler aus den Prüfungen der Domäne (src/inputs.rs,
# src/course_input.rs, src/voucher.rs, src/invoice.rs, …): neben dem
# betroffenen Formularfeld angezeigt.

text-control-characters = Entfernen Sie die Steuerzeichen aus diesem Feld.
control-characters = Entfernen Sie die Steuerzeichen.

# Konten.
email-empty = Geben Sie Ihre E-Mail-Adresse ein.
email-too-long = Diese E-Mail-Adresse ist zu lang.
email-malformed = Geben Sie eine E-Mail-Adresse wie name@example.com ein.
password-too-short = Verwenden Sie mindestens 10 Zeichen für Ihr Passwort.
password-too-long = Verwenden Sie höchstens 128 Zeichen für Ihr Passwort.
display-name-empty = Geben Sie Ihren Namen ein.
display-name-too-long = Verwenden Sie höchstens 80 Zeichen für Ihren Namen.

# Die Plätze einer Buchung.
attendee-name-empty = Geben Sie für jeden Platz einen Namen ein.
attendee-name-too-long = Verwenden Sie höchstens 80 Zeichen für einen Namen.

# Das Kursformular.
course-title-empty = Geben Sie einen Titel ein.
course-title-too-long = Verwenden Sie höchstens 120 Zeichen für den Titel.
course-title-too-short = Verwenden Sie mindestens 3 Zeichen für den Titel.
course-description-too-long = Verwenden Sie höchstens 5.000 Zeichen für die Beschreibung.
course-location-empty = Geben Sie an, wo der Kurs stattfindet.
course-location-too-long = Verwenden Sie höchstens 200 Zeichen für den Ort.
course-currency-choose = Wählen Sie eine Währung aus der Liste.
course-price-whole-units = Geben Sie einen Preis von 0 oder mehr in ganzen Einheiten ein.
course-price-decimal = Geben Sie einen Preis von 0 oder mehr ein, etwa 49 oder 49,50.
# $min: ein Betrag („0,50 €“); $currency: sein Code („EUR“).
course-price-below-minimum = Stripe berechnet in { $currency } mindestens { $min }: Geben Sie 0 für einen kostenlosen Kurs ein oder { $min } oder mehr.
# $max: ein Betrag („999.999,99 €“).
course-price-above-maximum = Stripe berechnet in einer Zahlung höchstens { $max }.
capacity-none = Ein Kurs braucht mindestens einen Platz.
capacity-too-many = Ein Kurs kann höchstens 10.000 Plätze haben.
capacity-not-whole = Geben Sie die Anzahl der Plätze als ganze Zahl ein.
course-seats-per-booking = Geben Sie an, wie viele Plätze eine Buchung umfassen darf, von 1 bis { $max }.
course-time-zone-choose = Wählen Sie die Zeitzone des Veranstaltungsorts, etwa Europe/Berlin.
course-topic-choose = Wählen Sie ein Thema aus der Liste.
course-ends-before-start = Der Kurs muss nach seinem Beginn enden.
course-too-long = Ein Kurs kann höchstens 30 Tage dauern.
meetings-none = Geben Sie an, wann der Kurs stattfindet: Beginn und Ende.
meetings-too-many = Ein Kurs kann höchstens { $max } Termine haben.
meeting-start-missing = Geben Sie Datum und Uhrzeit des Beginns ein.
meeting-end-missing = Geben Sie Datum und Uhrzeit des Endes ein.
# $time: „02:30“; $date: „28.03.2027“; $zone: „Europe/Berlin“.
meeting-time-skipped = { $time } Uhr am { $date } gibt es in { $zone } nicht: Die Uhren überspringen diese Stunde.
meeting-place-too-long = Verwenden Sie höchstens 200 Zeichen für den Ort.
meeting-ends-before-start = Der Termin muss nach seinem Beginn enden.
meeting-too-long = Ein Termin kann höchstens { $days } Tage dauern.
meeting-overlaps = Dieser Termin beginnt, bevor der vorherige endet.

# Das Bild eines Kurses.
picture-alt-missing = Beschreiben Sie in wenigen Worten, was das Bild zeigt – für Menschen, die es nicht sehen können.
picture-alt-too-long = Beschreiben Sie das Bild in höchstens { $max } Zeichen.
picture-alt-control-characters = Entfernen Sie die Steuerzeichen aus der Beschreibung.

# Themen.
topic-name-empty = Geben Sie dem Thema einen Namen.
topic-name-too-long = Der Name eines Themas darf höchstens { $max } Zeichen haben.
topic-name-control-characters = Entfernen Sie die Steuerzeichen aus dem Namen.
topic-name-no-letters = Verwenden Sie im Namen mindestens einen Buchstaben oder eine Ziffer.
topic-slug-unknown = Ein Thema mit diesem Namen gibt es nicht.

# Die Suche im Katalog.
catalog-filter-too-long = Der Suchtext darf höchstens { $max } Zeichen haben.
catalog-filter-control-characters = Entfernen Sie die Steuerzeichen aus dem Suchtext.
catalog-page-range = Seitenzahlen reichen von 1 bis { $max }.

# Gutscheincodes. Diese vier folgen auf „Prüfen Sie den Code:“ und stehen
# allein im Gutscheinformular (dort mit Punkt): ohne Punkt am Ende.
voucher-code-empty = Geben Sie einen Code ein
voucher-code-too-short = Ein Code hat mindestens { $min } Zeichen
voucher-code-too-long = Ein Code hat höchstens { $max } Zeichen
voucher-code-letters-digits = Ein Code besteht nur aus Buchstaben und Ziffern

# Das Gutscheinformular.
voucher-percent-range = Geben Sie einen ganzzahligen Prozentsatz von 1 bis 100 ein.
voucher-currency-choose = Wählen Sie eine Währung.
voucher-amount-invalid = Geben Sie einen Betrag pro Platz ein, der größer als null ist (z. B. 5 oder 7,50).
voucher-kind-choose = Wählen Sie einen Prozentsatz oder einen Betrag pro Platz.
voucher-max-uses = Geben Sie an, wie viele Buchungen ihn nutzen dürfen (mindestens 1), oder lassen Sie das Feld für unbegrenzte Nutzung leer.
voucher-date-format = Geben Sie ein Datum im Format JJJJ-MM-TT ein.
voucher-last-day-order = Der letzte Tag darf nicht vor dem ersten liegen.
voucher-note-too-long = Eine Notiz darf höchstens { $max } Zeichen haben.

# Rechnungen: die Rechnungsangaben der Käufer und des Verkäufers.
vat-rate-range = Geben Sie einen Mehrwertsteuersatz von 0 bis 50 % ein.
vat-rate-format = Geben Sie den Mehrwertsteuersatz in Prozent an, etwa 19 oder 7,7.
invoice-prefix-format = Verwenden Sie für das Präfix der Rechnungsnummern 1 bis 8 Buchstaben oder Ziffern.
invoice-name-too-long = Der Name darf höchstens 120 Zeichen in einer Zeile haben.
invoice-company-too-long = Die Firma darf höchstens 120 Zeichen in einer Zeile haben.
invoice-address-too-long = Die Adresse darf höchstens 300 Zeichen in 5 Zeilen haben.
invoice-email-one-line = Die E-Mail-Adresse muss in eine Zeile passen.
invoice-note-too-long = Der Hinweis darf höchstens 300 Zeichen in 3 Zeilen haben.
invoice-phone-too-long = Die Telefonnummer darf höchstens 40 Zeichen haben.
invoice-vat-id-too-long = Die Umsatzsteuer-ID darf höchstens 30 Zeichen haben.

# Impressum, Datenschutz und AGB.
legal-page-too-long = Jede Seite darf höchstens 30.000 Zeichen haben.

# Der Text einer Kursleitung über sich.
bio-too-long = Der Text über Sie darf höchstens 1000 Zeichen haben.
bio-control-characters = Entfernen Sie die Steuerzeichen aus dem Text über Sie.

course-language-choose = Wählen Sie die Sprache, in der dieser Text geschrieben ist.
course-text-language-twice = Jede Sprache nur einmal: Diese ist die des Textes oben oder keine, die Tessera spricht.
