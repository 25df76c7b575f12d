# Field errors from the domain's parsers (src/inputs.rs, src/course_input.rs,
# src/voucher.rs, src/invoice.rs, …): shown beside the form field at fault.

text-control-characters = Remove the control characters from this field.
control-characters = Remove the control characters.

# Accounts.
email-empty = Enter your email address.
email-too-long = That email address is too long.
email-malformed = Enter an email address like name@example.com.
password-too-short = Use at least 10 characters for your password.
password-too-long = Use at most 128 characters for your password.
display-name-empty = Enter your name.
display-name-too-long = Use at most 80 characters for your name.

# The seats of a booking.
attendee-name-empty = Enter a name for every seat.
attendee-name-too-long = Use at most 80 characters for a name.

# The course form.
course-title-empty = Enter a title.
course-title-too-long = Use at most 120 characters for the title.
course-title-too-short = Use at least 3 characters for the title.
course-description-too-long = Use at most 5,000 characters for the description.
course-location-empty = Say where the course takes place.
course-location-too-long = Use at most 200 characters for the location.
course-currency-choose = Choose a currency from the list.
course-price-whole-units = Enter a price of 0 or more, in whole units.
course-price-decimal = Enter a price of 0 or more, like 49 or 49.50.
# $min: an amount ("€0.50"); $currency: its code ("EUR").
course-price-below-minimum = Stripe charges at least { $min } in { $currency }: enter 0 for a free course, or { $min } or more.
# $max: an amount ("€999,999.99").
course-price-above-maximum = Stripe charges at most { $max } in one payment.
capacity-none = A course needs at least one seat.
capacity-too-many = A course can have at most 10,000 seats.
capacity-not-whole = Enter the number of seats as a whole number.
course-seats-per-booking = Enter how many seats one booking may hold, from 1 to { $max }.
course-time-zone-choose = Choose the venue's time zone, like Europe/Amsterdam.
course-topic-choose = Choose a topic from the list.
course-ends-before-start = The course must end after it starts.
course-too-long = A course can run for at most 30 days.
meetings-none = Enter when the course meets: a start and an end.
meetings-too-many = A course can have at most { $max } meetings.
meeting-start-missing = Enter the start date and time.
meeting-end-missing = Enter the end date and time.
# $time: "02:30"; $date: "28 Mar 2027"; $zone: "Europe/Berlin".
meeting-time-skipped = { $time } on { $date } does not exist in { $zone }: the clocks skip that hour.
meeting-place-too-long = Use at most 200 characters for the place.
meeting-ends-before-start = The meeting must end after it starts.
meeting-too-long = A meeting can last at most { $days } days.
meeting-overlaps = This meeting starts before the one before it ends.

# A course's picture.
picture-alt-missing = Say in a few words what the picture shows, for people who cannot see it.
picture-alt-too-long = Describe the picture in at most { $max } characters.
picture-alt-control-characters = Remove the control characters from the description.

# Topics.
topic-name-empty = Give the topic a name.
topic-name-too-long = A topic's name can be at most { $max } characters.
topic-name-control-characters = Remove the control characters from the name.
topic-name-no-letters = Use at least one letter or digit in the name.
topic-slug-unknown = No topic is named like that.

# The catalog's search.
catalog-filter-too-long = Filter text can be at most { $max } characters.
catalog-filter-control-characters = Remove the control characters from the filter text.
catalog-page-range = Page numbers run from 1 to { $max }.

# Voucher codes. These four are clauses: they follow "Check the code:" and,
# capitalised, stand alone on the voucher form.
voucher-code-empty = enter a code
voucher-code-too-short = a code has at least { $min } characters
voucher-code-too-long = a code has at most { $max } characters
voucher-code-letters-digits = a code has only letters and digits

# The voucher form.
voucher-percent-range = Enter a whole percentage from 1 to 100.
voucher-currency-choose = Choose a currency.
voucher-amount-invalid = Enter an amount off each seat, more than zero (e.g. 5 or 7.50).
voucher-kind-choose = Choose a percentage or an amount off each seat.
voucher-max-uses = Enter how many bookings may use it (at least 1), or leave it blank for no limit.
voucher-date-format = Enter a date as YYYY-MM-DD.
voucher-last-day-order = The last day comes on or after the first.
voucher-note-too-long = A note has at most { $max } characters.

# Invoices: the buyer's billing details and the seller's.
vat-rate-range = Enter a VAT rate from 0 to 50 %.
vat-rate-format = Enter the VAT rate as a percentage, like 19 or 7.7.
invoice-prefix-format = Use 1 to 8 letters or digits for the invoice prefix.
invoice-name-too-long = Keep the name to 120 characters on one line.
invoice-company-too-long = Keep the company to 120 characters on one line.
invoice-address-too-long = Keep the address to 300 characters on 5 lines at most.
invoice-email-one-line = Keep the email address to one line.
invoice-note-too-long = Keep the note to 300 characters on 3 lines at most.
invoice-phone-too-long = Keep the phone number to 40 characters.
invoice-vat-id-too-long = Keep the VAT id to 30 characters.

# The imprint, privacy and terms texts.
legal-page-too-long = Keep each page to 30,000 characters.

# An instructor's bio.
bio-too-long = Keep the bio to 1000 characters at most.
bio-control-characters = Remove the control characters from the bio.

course-language-choose = Choose the language this text is written in.
course-text-language-twice = Each language once: this one is the text's above, or not one Tessera speaks.
