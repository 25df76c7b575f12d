# The admin pages (/admin/…): courses, the course form, rosters, people,
# topics, vouchers, invoices and the site's details.
# cspell:ignore UStG

admin-title-courses = Admin · Courses
admin-title-new-course = Admin · New course
admin-title-edit-course = Admin · Edit course
admin-title-roster = Admin · Roster
admin-title-people = Admin · People
admin-title-person = Admin · Person
admin-title-topics = Admin · Topics
admin-title-vouchers = Admin · Vouchers
admin-title-new-voucher = Admin · New voucher
admin-title-edit-voucher = Admin · Edit voucher
admin-title-invoices = Admin · Invoices
admin-title-site = Admin · Site

admin-courses = Courses
admin-people = People
admin-topics = Topics
admin-vouchers = Vouchers
admin-invoices = Invoices
admin-site = Site
admin-all-people = ← All people
admin-all-vouchers = ← All vouchers

admin-saving = Saving…
admin-save-changes = Save changes
admin-currency = Currency
admin-vat-rate = VAT rate (%)
admin-download-csv = Download CSV
admin-keep = Keep
admin-confirm = Confirm
admin-search = Search

## A course's state.

admin-status-draft = Draft
admin-status-published = Published
admin-status-ended = Ended
admin-status-cancelled = Cancelled

## The course list.

admin-new-course = New course
admin-no-courses = No courses yet. Create the first one.
admin-course-count = { $count ->
    [one] 1 course
   *[other] { $count } courses
}
admin-courses-table = Courses table
admin-col-course = Course
admin-col-starts = Starts
admin-col-seats-held = Seats held
admin-col-revenue = Revenue
admin-col-actions = Actions
admin-waiting = { $count } waiting
admin-seats-confirmed = { $count ->
    [one] 1 seat confirmed
   *[other] { $count } seats confirmed
}
admin-roster = Roster
admin-publish = Publish
admin-unpublish = Unpublish

## The course form.

admin-edit-course = Edit course
admin-another-date-for = Another date for { $title }
admin-add-another-date = Add another date
admin-new-course-lead = New courses start as drafts; publish them from the course list.
admin-another-date-lead = The same course on other dates, with its own seats, bookings and waiting list. The meetings below are the course's, moved on; change them to the new dates.
admin-course-title = Title
admin-course-description = Description
admin-course-location = Location
admin-course-price = Price
admin-course-price-hint = 0 makes the course free.
admin-course-seats = Seats
admin-course-per-booking = Most seats in one booking
admin-course-per-booking-hint = For a group booking together; 1 for one seat each.
admin-course-vat-hint = Included in the price. Blank: the rate under Invoices.
admin-course-topic = Topic
admin-course-no-topic = No topic
# { $link } is the link "Topics" (admin-topics).
admin-course-topic-hint = Visitors filter the catalog by it. The list is under { $link }.
admin-course-zone = Venue time zone
admin-course-zone-hint = Where the course takes place, e.g. Europe/Amsterdam.
admin-create-course = Create course
admin-meetings = Meetings
admin-meetings-note = At the venue's local time. A course that meets several times has a row for each meeting; leave a row empty to skip it.
admin-meeting-starts = Meeting { $number } starts
admin-meeting-ends = Meeting { $number } ends
admin-meeting-place = Meeting { $number } place, if different
admin-meeting-remove = Remove meeting { $number }
admin-meeting-add = Add a meeting

admin-instructors = Instructors
admin-instructors-lead = They are named on the course page, see its attendee list at /teaching and mark attendance. Invite new instructors on the People page.
admin-no-instructors = No instructors yet.
admin-teaches-this-course = teaches this course
admin-instructor-take-off = Take { $name } off
admin-instructor-assign = Assign { $name }

admin-picture = Picture
admin-picture-saved = Picture saved. The catalog and the course's page show it.
admin-picture-removed = Picture removed.
admin-picture-too-big = That file is larger than 10 MB: choose a smaller one.
admin-picture-not-a-picture = That file is not a JPEG, PNG or WebP picture.
admin-picture-too-small = That picture is too small: use one at least 480 × 320 pixels.
admin-picture-missing = Choose a picture first.
admin-picture-alt-missing = Say in a few words what the picture shows, for people who cannot see it.
admin-picture-alt-too-long = Describe the picture in at most 200 characters.
admin-picture-alt-control = Remove the control characters from the description.
admin-picture-file = A picture (JPEG, PNG or WebP, up to 10 MB)
admin-picture-file-new = A new picture (JPEG, PNG or WebP, up to 10 MB)
admin-picture-file-hint = Cropped to 3:2 around its middle; at least 480 × 320 pixels.
admin-picture-alt = What the picture shows
admin-picture-alt-hint = Read aloud to people who cannot see it: "Hands shaping clay on a potter's wheel".
admin-picture-save = Save picture
admin-picture-remove = Remove the picture

## A course's roster.

admin-course-already-cancelled = This course was already cancelled.
# { $bookings } and { $refunds } are admin-bookings-count and
# admin-refunds-count; { $owed } is admin-refunds-owed or nothing.
admin-course-cancelled = Course cancelled. { $bookings } cancelled and emailed; { $refunds } requested{ $owed }.
# { $moves } is admin-bookings-count.
admin-course-cancelled-with-moves = Course cancelled. { $moves } offered the other date (each emailed to choose); { $bookings } cancelled and emailed; { $refunds } requested{ $owed }.
admin-course-cancelled-plain = Course cancelled; its bookings are cancelled and their people emailed.
admin-bookings-count = { $count ->
    [one] 1 booking
   *[other] { $count } bookings
}
admin-refunds-count = { $count ->
    [one] 1 refund
   *[other] { $count } refunds
}
admin-refunds-owed = , { $count } to be retried (Stripe unreachable)
admin-seat-cancelled-refunding = Seat cancelled; { $amount } is being refunded.
admin-seat-cancelled-nothing = Seat cancelled; nothing to refund.
admin-seat-cancelled-share = Seat cancelled; its share has been refunded.
admin-seat-last-refunded = That was the booking's last seat: the booking is cancelled and what was left refunded.
admin-seat-already-cancelled = That seat had already been cancelled.
admin-seat-last = That was the booking's last seat: the booking is cancelled.
admin-seat-cancelled = Seat cancelled.
admin-booking-cancelled-unpaid = Booking cancelled; nothing had been paid.
admin-booking-cancelled-refunding = Booking cancelled; a full refund has been requested.
admin-booking-cancelled-nothing = Booking cancelled; nothing to refund.
admin-booking-already-ended = That booking had already ended.
admin-booking-cancelled = Booking cancelled.
admin-booking-moved = Booking moved; its person is emailed with the new date.
admin-booking-moved-back = { $amount } of the difference is being refunded.
admin-waitlist-removed = Taken off the waiting list; a seat they were offered goes to the next person.

admin-roster-seats-held = { $capacity ->
    [one] { $held } of 1 seat held
   *[other] { $held } of { $capacity } seats held
}
admin-offers-open = { $count ->
    [one] 1 booking still on this date has been offered another date and not answered yet. Whoever has not answered by the start is refunded in full.
   *[other] { $count } bookings still on this date have been offered another date and not answered yet. Whoever has not answered by the start is refunded in full.
}
admin-nobody-booked = Nobody is booked.
admin-roster-table = Roster table
admin-col-name = Name
admin-col-email = Email
admin-col-status = Status
admin-col-seats = Seats
admin-col-amount = Amount
admin-col-booked = Booked
admin-col-reference = Reference
admin-col-joined = Joined
admin-col-paid = Paid
admin-col-refunded = Refunded
admin-col-refund = Refund
admin-cancel-refund = Cancel & refund
admin-cancel = Cancel
admin-booked-seats = { $count ->
    [one] booked 1 seat
   *[other] booked { $count } seats
}
admin-guest-of = with { $name }
admin-amount-off = { $amount } off
admin-cancel-seat = Cancel seat
admin-move-ask = Move…
admin-move-to = Move to
admin-move-waive = Waive the price difference
admin-move-booking = Move booking

admin-waiting-list = Waiting list
admin-waitlist-count = { $count ->
    [0] Nobody is waiting.
    [one] 1 person is waiting.
   *[other] { $count } people are waiting.
}
admin-waitlist-table = Waiting list table
# { $time } is when the offer ends.
admin-offer-until = until { $time }
# { $time } is when it happened.
admin-passed-over = { $free ->
    [one] Passed over: 1 seat free, asks for { $seats } · { $time }
   *[other] Passed over: { $free } seats free, asks for { $seats } · { $time }
}
admin-remove = Remove
admin-remove-yes = Yes, remove

admin-refunds-heading = Cancelled and refunded
admin-refunds-table = Refunds table

admin-cancel-course-heading = Cancel this course
# { $bookings } is admin-cancel-course-bookings; { $paid } is a space and
# admin-cancel-course-paid, or nothing; { $offer } is a comma and
# admin-cancel-course-offer, or nothing.
admin-cancel-course-what = This cancels { $bookings }{ $paid }{ $offer }. Everyone booked is emailed, and the course shows as cancelled in the catalog. It can't be undone.
admin-cancel-course-bookings = { $count ->
    [one] the 1 active booking
   *[other] all { $count } active bookings
}
admin-cancel-course-paid = { $count ->
    [one] and refunds the 1 paid one in full
   *[other] and refunds the { $count } paid ones in full
}
admin-cancel-course-offer = unless you offer another date instead
admin-cancel-course-ask = Cancel course…
admin-cancel-course-offer-label = Instead of refunding, offer another date
admin-cancel-course-no-offer = No: cancel and refund everyone now
admin-cancel-course-offer-help = Each confirmed booking keeps its seats and its person chooses: move to that date (at no extra cost; a cheaper date refunds the difference) or a full refund. No answer by this date's start means a refund. Unpaid bookings are cancelled now.
admin-cancelling = Cancelling…
admin-cancel-course-yes = Yes, cancel the course
admin-cancel-course-yes-refund = Yes, cancel the course and refund everyone

## Where a refund stands, on the roster.

refund-state-requested = Refund requested
refund-state-retrying = Refund owed — retrying
refund-state-refused = Refund refused by Stripe
refund-state-refunded = Refunded
refund-state-not-refunded = No refund (policy)
refund-state-partly-refunded = Partly refunded

## A place on the waiting list, on the roster.

waitlist-status-waiting = Waiting
waitlist-status-offered = Offered
waitlist-status-accepted = Accepted
waitlist-status-declined = Declined
waitlist-status-expired = Offer expired
waitlist-status-left = Left
waitlist-status-removed = Removed
waitlist-status-closed = List closed

## People.

admin-people-search-label = Search by name or email
admin-people-search-placeholder = Name or email
admin-people-none = Nobody matches that.
admin-newer = ← Newer
admin-older = Older →
admin-standing-admin-instructor = Admin, instructor
admin-standing-admin = Admin
admin-standing-instructor = Instructor
admin-standing-blocked = Blocked
admin-standing-unconfirmed = Not confirmed
admin-standing-member = Member
admin-person-bookings = { $count ->
    [one] 1 booking
   *[other] { $count } bookings
}
admin-invite-admin = Invite an admin
admin-invite-admin-lead = They get a link that sets their password and works for seven days. Someone who already has an account keeps it and becomes an admin.
admin-their-name = Their name
admin-their-email = Their email
admin-invitation-sent = Invitation sent.
admin-send-invitation = Send invitation
admin-invite-instructor = Invite an instructor
admin-invite-instructor-lead = They get a link that sets their password. Instructors see their own courses' attendee lists and mark attendance; nothing of money or other courses.
admin-instructor-name = Instructor's name
admin-instructor-email = Instructor's email
admin-invitation-teach-sent = Invitation to teach sent.
admin-invite-to-teach = Invite to teach
admin-unblock = Unblock
admin-block = Block this member
admin-unblock-hint = They can sign in again.
admin-block-hint = They are signed out everywhere and cannot sign in; their bookings stay as they are.
admin-make-instructor = Make them an instructor
admin-make-instructor-hint = They can then be assigned to courses and open their attendee lists at /teaching. An admin keeps everything an admin can do.
admin-bookings = Bookings
admin-no-bookings = No bookings.
admin-seats = { $count ->
    [one] 1 seat
   *[other] { $count } seats
}

## Topics.

admin-topics-lead = Visitors filter the catalog by topic. Each course is filed under one, chosen on its form. A topic's link stays the same when you rename it.
admin-topic-renamed = Renamed.
admin-topic-deleted = Deleted. Its courses are now under no topic.
admin-no-topics = No topics yet. Add the first one above.
admin-new-topic = New topic
admin-new-topic-hint = Up to 40 characters: Cooking, Art, Languages…
admin-add-topic = Add topic
admin-adding = Adding…
admin-topic-added = Added. Choose it on a course's form.
admin-topic-courses = { $count ->
    [0] No courses filed
    [one] 1 course filed
   *[other] { $count } courses filed
}
admin-topic-name-of = Name of “{ $name }”
admin-topic-delete = Delete “{ $name }”
admin-rename = Rename
admin-topic-in-catalog = See them in the catalog
admin-delete-ask = Delete…

## Vouchers.

admin-new-voucher = New voucher
admin-edit-voucher = Edit voucher
admin-no-vouchers = No vouchers yet. Make the first one.
admin-voucher-used-of = { $used } of { $max } used
admin-voucher-used = { $used } used
admin-voucher-every-course = Every course
admin-voucher-once-per-person-short = once per person
# { $time } is the first day.
admin-voucher-from = From { $time }
# { $time } is when it ends.
admin-voucher-until = Until { $time }
admin-voucher-disabled = Disabled
admin-voucher-edit = Edit and see who used it
admin-enable = Enable
admin-disable = Disable
admin-voucher-code = Code
admin-voucher-code-hint = Letters and digits, 4 to 32; people may type it in any case.
admin-voucher-discount = Discount
admin-voucher-kind-percent = A percentage of the booking
admin-voucher-kind-amount = An amount off each seat
admin-voucher-percent = Percent off
admin-voucher-percent-hint = For a percentage: 1 to 100.
admin-voucher-amount = Amount off each seat
admin-voucher-max = Bookings that may use it
admin-voucher-max-hint = Blank for no limit. A booking uses it once, whatever its seats.
admin-voucher-once-per-person = Once per person
admin-voucher-first-day = First day
admin-voucher-first-day-hint = Blank: from now.
admin-voucher-last-day = Last day
admin-voucher-last-day-hint = Blank: no end.
admin-voucher-courses-hint = None ticked: every course.
admin-voucher-note = Note
admin-create-voucher = Create voucher
admin-voucher-used-by = { $count ->
    [one] Used by 1 booking
   *[other] Used by { $count } bookings
}
admin-voucher-unused = Nobody has used it yet.
admin-voucher-use = { $seats ->
    [one] booking { $booking } · 1 seat · { $discount } off { $list }, paid { $paid }
   *[other] booking { $booking } · { $seats } seats · { $discount } off { $list }, paid { $paid }
}
admin-voucher-given-back = given back (the seat was let go unpaid)

discount-percent = { $percent }% off
discount-per-seat = { $amount } off each seat

## Invoices and the site's details.

# { $link } is the link "Site" (admin-site).
admin-invoices-lead = Every paid booking gets one; a refund, a credit note. Who sells is set under { $link }.
admin-issued-in = Issued in { $year }: { $count }
admin-download-year = Download { $year } as CSV
admin-issued-none = None this year.
# { $number } is the invoice a credit note corrects.
admin-invoice-for = for { $number }
admin-invoice-booking = booking { $reference }
invoice-kind-invoice = Invoice
invoice-kind-credit-note = Credit note

admin-site-heading = Who runs the site
admin-legal-heading = Imprint, privacy and terms
admin-legal-lead = Linked from every page's footer; Checkout links the terms. Written in Markdown: ## for a heading, **bold**, [a link](https://…). HTML is shown as text.
admin-legal-imprint = Imprint (your name, address and contact come first by themselves)
admin-legal-privacy = Privacy notice
admin-legal-terms = Terms
admin-see-page = See { $path }
admin-legal-saved = Saved. The pages show it now.
admin-legal-save = Save pages
admin-seller-heading = Who sells
admin-seller-lead = The seller on every invoice. Invoices already issued keep what they said.
admin-seller-not-ready = No invoices are issued until a name and an address are saved here.
admin-seller-name = Name of the business
admin-seller-address = Address
admin-seller-email = Contact email
admin-seller-phone = Phone
admin-seller-vat-id = VAT id
admin-seller-vat-id-hint = DE123456789, say.
admin-seller-prefix = Invoice prefix
admin-seller-prefix-hint = Numbers read TS-2026-000123.
admin-seller-rate-hint = Prices include it. 0 to 50.
admin-seller-exempt = VAT exemption note
admin-seller-exempt-hint = Only if you charge no VAT: the legal basis, printed on every invoice ("Exempt from VAT under § 4 Nr. 21 UStG").
admin-seller-saved = Saved. New invoices name the seller this way.
admin-seller-save = Save seller details

admin-course-language = Written in
admin-course-in-other = In { $language } (optional)
admin-course-in-other-hint = Readers in this language see these; without them, they see the text above, marked as written in its language.
admin-course-title-in = Title in { $language }
admin-course-description-in = Description in { $language }
