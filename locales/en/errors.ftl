# The shared refusals (src/error.rs): one per error code, then the more
# specific ones services give.

error-not-authenticated = Please sign in to continue.
error-forbidden = You don't have access to this page.
error-validation = Some details need fixing — see the highlighted fields.
error-course-not-found = We couldn't find that course.
error-course-not-bookable = This course can't be booked right now.
error-course-started = This course has already started.
error-course-cancelled = This course has been cancelled.
error-booking-not-pending = This booking is no longer waiting for payment.
error-capacity-full = Sorry, this course is full.
error-not-enough-seats = Not that many seats are left on this course.
error-too-many-seats = That is more seats than one booking can hold on this course.
error-already-booked = You already have a booking on this course awaiting payment: pay for it or release it first.
error-booking-not-found = We couldn't find that booking.
error-payment-not-succeeded = Your payment hasn't gone through yet.
error-payment-metadata-mismatch = We couldn't match this payment to your booking. Our team has been notified.
error-payment-provider-unavailable = Our payment provider isn't answering right now. Your seat is held — please try again in a moment.
error-payment-refused = Stripe refused this payment, so nothing was booked. Please contact the organiser.
error-waiting-list = People are waiting for seats on this course: join the waiting list and a freed seat is offered to you in turn.
error-already-waiting = You're already on the waiting list for this course.
error-seats-free = This course has the seats you asked for free: book them now.
error-waiting-list-closed = The waiting list has closed: the course starts too soon for any more offers.
error-not-waiting = You're not on the waiting list for this course.
error-reset-link-invalid = This link to set a new password has expired or was already used. Ask for a new one.
error-link-invalid = This link has expired or was already used.
error-email-not-confirmed = Please confirm your email address first: follow the link we emailed you when you signed up.
error-account-blocked = This account has been blocked. Please contact the course provider.
error-person-not-found = We couldn't find that person.
error-passkey-refused = That passkey didn't work here. Try again, or sign in with your email and password.
error-passkey-not-found = You have no such passkey.
error-passkeys-unavailable = Passkeys work only when this site is opened by its name, not by an IP address.
error-voucher-unknown = There's no voucher with that code. Check it for typos.
error-voucher-not-found = We couldn't find that voucher.
error-topic-not-found = That topic is no longer on the list.
error-voucher-disabled = That voucher code is no longer in use.
error-voucher-not-yet-valid = That voucher code isn't valid yet.
error-voucher-expired = That voucher code has expired.
error-voucher-used-up = That voucher code has been used up. You can still book at the full price.
error-voucher-already-used = You've used that voucher code already; it works once per person.
error-voucher-not-for-course = That voucher code isn't valid for this course.
error-voucher-wrong-currency = That voucher code is for prices in another currency.
error-booking-not-confirmed = Only a confirmed booking can be moved to another date.
error-not-another-date = That isn't another date of this course.
error-move-closed = It's too late to move this booking: moving closes when cancelling stops being refunded.
error-invoice-locked = Money went back on this booking already, so its invoice can no longer be corrected here. Write to us and we will correct it.
error-move-price-differs = That date has another price: moving there means paying the difference first.
error-rate-limited = Too many attempts. Please wait a moment and try again.
error-internal = Something went wrong on our side. Please try again.

# More specific refusals, from services and server functions.

voucher-code-taken = Another voucher has this code.
voucher-course-gone = One of the courses no longer exists.
voucher-below-uses = It has been used { $used } times already: the limit can't be lower.
seats-only-left-to-book = { $left ->
    [one] Only 1 seat is left: book 1 seat.
   *[other] Only { $left } seats are left: book { $left } or fewer.
}
seats-over-limit = { $limit ->
    [one] One booking holds 1 seat on this course.
   *[other] One booking holds at most { $limit } seats on this course.
}
attendees-started = The course has started, so who sits in its seats can no longer change.
provider-unavailable-nothing-booked = Our payment provider isn't answering right now, so nothing was booked. Please try again in a moment.
cancel-payment-processing = Your bank is still processing the payment for this booking; single seats can be cancelled once it has cleared.
cancel-started = The course has already started, so this booking can no longer be cancelled.
cancel-course-ended = This course has already ended, so it can't be cancelled.
cancel-no-replacement = Only another date of this course that is open for booking, priced in the same currency, can be offered, and only before this date starts.
topic-taken = There is already a topic called “{ $other }”.
capacity-below-held = { $held ->
    [one] 1 seat is already held; the capacity can't go below that.
   *[other] { $held } seats are already held; the capacity can't go below that.
}
course-topic-gone = That topic is no longer on the list: choose another.
course-cancelled-no-publish = A cancelled course can't be published again.
meeting-in-past = This time has passed: a published course's meetings can be moved, but not into the past.
move-difference-due = That date costs { $more } more: pay the difference to move.
provider-unavailable-nothing-changed = Our payment provider isn't answering right now, so nothing changed. Please try again in a moment.
move-run-full = That date has no room for your seats: join its waiting list to be offered them.
page-not-there = There is no page with that number.
time-zone-unknown = Choose a time zone from the list, like Europe/Berlin.
password-not-yours = That is not your password.
email-already-yours = That is already your email address.
passkey-name-empty = Name this passkey, e.g. “Phone”.
passkey-name-too-long = Use at most 60 characters.
invite-blocked = That account is blocked: unblock it before inviting it to teach.
sign-in-no-match = That email and password don't match an account.
password-not-current = That is not your current password.
email-taken-meanwhile = Another account has taken that address meanwhile, so yours keeps its old one.
confirm-links-too-many = We've sent you three links in the last hour: please use one of those, or try again later.
email-changes-too-many = You've asked for three changes in the last hour: please use one of the links we sent, or try again later.
passkeys-too-many = You have { $max } passkeys, the most an account can hold: remove one first.
passkey-already-yours = This passkey is on your account already.
passkey-answer-unchecked = Your device's answer could not be checked, so no passkey was added. Please try again.
passkey-too-slow = That took too long or was started elsewhere: please add the passkey again.
course-change-or-add = Either change a course or add another date to one, not both at once.
cancel-choose-offer = Choose one of the other dates, or refund everyone.
invite-already-admin = That address is an admin's already.
invite-already-instructor = That address is an instructor's already.
invites-too-many = Three invitations went to that address in the last hour: wait before sending another.
block-only-members = Only members can be blocked, not admins.
seats-choose = Choose how many seats, from 1 to { $max }.
voucher-check-code = Check the code: { $why }.
voucher-enter-code = Enter a code.
attendee-name-every-seat = Enter a name for every seat.
invoice-year-unknown = That is not a year we can show.
teaching-not-yours = You don't teach this course: its list is for its instructors.
teaching-seat-gone = That seat is not on this course's list any more.
teaching-meeting-gone = That meeting is not on the course's schedule any more: reload the list.
teaching-not-yet = Attendance opens the day before the meeting.
teaching-seat-cancelled = That seat was cancelled: there is no one to mark.
teaching-only = This page is for instructors.
teaching-mark-how = Mark a seat present, absent or unmarked.
teaching-profile-only = Only instructors have a teaching profile.
teaching-not-instructor = That person doesn't teach: make them an instructor first.
teaching-unblock-first = Unblock this member before making them an instructor.
offer-needs-payment = This seat has a price: press “Pay now” to take it.
calendar-not-confirmed = Only a confirmed booking has a calendar entry.
calendar-not-here = No calendar at this address.
invoice-not-found = We couldn't find that invoice.
try-again-soon = Try again in a moment.
request-malformed = Some details were missing or malformed.
unreachable = We couldn't reach Tessera. Check your connection and try again.
unsupported-language = Tessera is not written in that language. It is written in: { $languages }.
request-not-ours = This request did not come from Tessera's own pages. Reload the page and try again.
