# Booking and the member's bookings: the booking box on a course's page,
# My bookings (/bookings), one booking (/bookings/{id}) and the pages
# Stripe comes back to (/payment/…).

# A booking's status, on its badge.
status-pending-payment = Pending payment
status-payment-failed = Payment failed — retry
status-payment-processing = Payment processing
status-confirmed = Confirmed
status-date-cancelled = Date cancelled — please choose
status-cancelled = Cancelled
status-refunded = Refunded
status-expired = Expired

# A payment attempt's status, in a booking's payment history (lower case:
# the page capitalizes it).
payment-status-open = open
payment-status-processing = processing
payment-status-succeeded = succeeded
payment-status-failed = failed
payment-status-expired = expired
payment-status-refunded = refunded
payment-status-debit-failed = debit refused

# The booking box on a course's page.
book-seats = Seats
book-per-seat = { $price } a seat
book-have-voucher = Have a voucher code?
book-voucher-code = Voucher code
book-apply = Apply
book-holding = Holding your seats…
book-label = { $seats ->
    [one] Book — { $total }
   *[other] Book { $seats } seats — { $total }
}
book-label-free = { $seats ->
    [one] Book for free
   *[other] Book { $seats } seats for free
}
book-hint-free-one = It's free: your seat is confirmed at once.
book-hint-free-many = It's free: your seats are confirmed at once.
book-hint-pay-one = Your seat is held for 30 minutes while you pay; if a payment fails, you can try again while it is held.
book-hint-pay-many = Your seats are held for 30 minutes while you pay; if a payment fails, you can try again while they are held.
book-signed-out-hint = Create an account or sign in, and you go straight on to payment.
book-whos-coming = Who's coming
book-seat-name = Seat { $seat }: name
book-seat-email = Seat { $seat }: email (optional)
book-guest = Guest { $guest }
book-voucher-applied = { $code }: { $discount } off. You pay { $total }.
book-see-your-booking = See your booking

# A pending booking's buttons.
booking-pay-now = Pay now
booking-retry-payment = Retry payment
booking-opening-payment = Opening the payment page…
booking-release-seat = Release my seat
booking-release-seat-yes = Yes, release my seat
booking-add-to-calendar = Add to calendar

# My bookings.
bookings-title = My bookings
bookings-times-note = Course times are at the venue's local time.
bookings-left-waitlist = You've left the waiting list: your place went to the next person.
bookings-declined-offer = Thanks for letting us know: the seat goes to the next person waiting.
bookings-none = You have no bookings yet.
bookings-none-find = Find a course you like in the catalog.
bookings-browse = Browse courses
bookings-upcoming = Upcoming
bookings-upcoming-none = Nothing coming up.
bookings-past = Past
bookings-past-none = No past courses yet.
bookings-ended = Cancelled and expired ({ $count })
bookings-newer = ← Newer
bookings-older = Older →
bookings-waiting-list = Waiting list
# { $time } is the deadline, in the reader's own clock.
bookings-offer = { $seats ->
    [one] A seat has come free for you. It's yours until { $time }.
   *[other] { $seats } seats have come free for you. They're yours until { $time }.
}
bookings-take-seat = { $seats ->
    [one] Take the seat
   *[other] Take the seats
}
bookings-pay-offer = Pay { $amount }
bookings-decline-offer = No thanks
bookings-decline-offer-yes = Yes, give the seat away
bookings-next-in-line = You're next in line.
bookings-number-in-line = Number { $position } in line.
bookings-asked-for-seats = You asked for { $seats } seats; they come to you together.

# A booking in the list.
booking-seat-count = { $seats ->
    [one] 1 seat
   *[other] { $seats } seats
}
booking-voucher-off = ({ $discount } off with a voucher)
booking-choose-date-or-refund = Choose another date or your refund
booking-held-until = { $seats ->
    [one] Your seat is held until { $time }.
   *[other] Your seats are held until { $time }.
}
booking-book-again = Book again

# One booking's page.
booking-title = Booking
booking-back = ← My bookings
booking-confirmed-now = You're booked. See you there!
booking-reference = Reference
booking-seats = Seats
booking-amount = Amount
booking-voucher = Voucher
booking-discount = { $discount } off
booking-booked = Booked
booking-moved = Moved. Your booking is on the date above now; the calendar file has the new date.
booking-moved-back = The new date costs less: { $amount } goes back to the card you paid with.
booking-processing-note = Your bank is processing the payment. We'll confirm your booking and email you as soon as it clears; your seat is held meanwhile.
booking-seat-cancelled = The seat is cancelled.
booking-cancelled = Your booking is cancelled.
booking-payments = Payments
booking-no-payment = No payment was needed.
booking-refunded = { $amount } refunded

# Who sits in a booking's seats.
booking-whos-coming = Who's coming
booking-seat = Seat { $seat }
booking-seat-line-cancelled = Cancelled
booking-change-attendee = Change name or email
booking-attendee-name = Name
booking-attendee-email = Email (optional)
booking-save = Save
# { $seat } is booking-seat ("Seat 2").
booking-save-seat = Save { $seat }
booking-cancel-seat = Cancel this seat
booking-cancel-seat-yes = Yes, cancel { $seat }

# What cancelling did.
booking-released = Your seat has been released.
booking-cancelled-refunding = Your booking is cancelled. Your refund is on its way; it usually arrives within 5–10 days.
booking-cancelled-no-refund = Your booking is cancelled. As it was within the no-refund window, no refund was made.
booking-already-ended = This booking had already ended.
booking-seat-refunding = The seat is cancelled. { $amount } is on its way back to you; it usually arrives within 5–10 days.
booking-seat-freed = The seat is cancelled. Nothing was paid for it that is due back.

# Cancelling a booking.
booking-cancel-policy-free = Nothing was paid, so nothing is refunded: cancelling frees your seat for someone else.
booking-cancel-policy-refund = If you cancel now, you get a full refund of { $amount }.
booking-cancel-policy-no-refund = Cancelling now is not refunded: refunds end { $hours } hours before the course starts.
booking-cant-make-it = Can't make it?
booking-cancel = Cancel booking
booking-cancel-yes = Yes, cancel my booking

# The provider cancelled the booking's date and offers another.
booking-date-cancelled-heading = This date has been cancelled
# { $time } is the cancelled date's start, at the venue.
booking-date-cancelled-free = We're sorry: the provider cancelled this date. Your seats are kept for you until you choose, by { $time }. If you haven't chosen by then, your booking is cancelled.
booking-date-cancelled-refund = We're sorry: the provider cancelled this date. Your seats are kept for you until you choose, by { $time }. If you haven't chosen by then, you get your { $amount } back in full.
booking-date-offered = The same course on another date: { $time }
booking-offer-costs-less = That date costs less: { $amount } back to your card.
booking-offer-full = That date has filled up since, so only the refund is left.
# { $day } is the offered date ("8 Apr 2031").
booking-move-to-day = Move to { $day }
booking-cancel-my-booking = Cancel my booking
booking-refund-me = Refund me
booking-refund-yes = Yes, refund { $amount }

# Where a booking was before it moved: { $from } is the date it left (at
# the venue), { $on } the day it moved.
booking-moved-from = Moved from { $from } on { $on }.
booking-moved-from-by-organiser = Moved from { $from } on { $on } by the organiser.

# Moving to another date of the course.
booking-move-heading = Move to another date
booking-move-lead = Your seats move with you; the date you leave gets them back. A date that costs less gives the difference back to your card; one that costs more asks for the difference first, and your booking moves once it is paid.
booking-move-costs-less = Costs less: { $amount } back to your card
booking-move-here = Move here
booking-move-yes = Yes, move my booking
booking-move-costs-more = Costs more: { $amount } to pay before moving
booking-pay-and-move = Pay { $amount } and move

# A booking's invoices and the details on them.
booking-invoices = Invoices
booking-invoice-when-paid = The invoice is issued when the payment arrives.
booking-invoice-none = No invoice has been issued for this booking.
# { $kind } is "Invoice" or "Credit note".
booking-invoice-link = { $kind } { $number } (PDF)
booking-billing-details = Name, company and address on the invoice
booking-billing-name = Name
booking-billing-name-hint = Blank: the name on your account.
booking-billing-company = Company
booking-billing-address = Address
booking-billing-saved = Saved. Your invoice will carry these details.
booking-billing-reissued = Saved. Invoice { $numbers } replaces the earlier one, which a credit note cancels.
booking-billing-save = Save invoice details
booking-billing-saving = Saving…

# Back from Stripe.
payment-title = Payment
payment-received = Payment received
payment-moved-heading = Your booking has moved
payment-moved-difference = You paid { $amount } for the difference. The date you left has your seats back, and the calendar file has the new date.
payment-see-booking = See the booking
payment-move-refused-heading = Sorry — that date filled up while you paid.
payment-move-refused = Your booking stays on its date, and we're refunding the { $amount } you paid. It usually arrives within 5–10 days.
payment-booked-heading = You're booked!
payment-amount-paid = Amount paid
payment-booking-reference = Booking reference
payment-see-my-bookings = See my bookings
payment-seat-gone-heading = Sorry — the last seat went while you paid.
payment-seat-gone = Your hold had ended and the course filled up, so we're refunding { $amount } in full. It usually arrives within 5–10 days.
payment-find-another = Find another course
payment-processing-heading = Your payment is processing
payment-processing = We'll confirm your booking as soon as your bank does. Your seat is held meanwhile.
payment-not-through-heading = Your payment hasn't gone through yet.
payment-still-waiting = Your booking is still waiting for payment.
payment-go-to-bookings = Go to my bookings
payment-not-completed = Payment not completed
# { $course } is the course's title, { $time } the end of the hold.
payment-not-charged-held = You haven't been charged. Your seat on { $course } is held until { $time }.
payment-not-charged = You haven't been charged. Your seat on { $course }.
payment-booking-processing = Your payment for this booking is processing.
payment-booking-is-confirmed = This booking is confirmed.
payment-booking-is-date-cancelled = This booking is date cancelled — please choose.
payment-booking-is-cancelled = This booking is cancelled.
payment-booking-is-refunded = This booking is refunded.
payment-booking-is-expired = This booking is expired.

# Lists paged by the server.
pager-page-of = Page { $page } of { $last }
