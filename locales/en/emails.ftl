# Emails (templates/email/*.txt and *.html) and the calendar file. Each
# message is one sentence or paragraph, on one line; the templates put
# them together. No markup: a sentence around a link is split in two.
# Values put into a message are escaped in HTML emails, its own words
# are not. Times come written in the reader's language already.

## Every email: the details block, the footer, shared sentences.

email-label-course = Course
email-label-when = When
email-label-meetings = Meetings
email-label-where = Where
email-label-seats = Seats
email-label-amount = Amount
email-label-voucher = Voucher
email-voucher-off = { $amount } off
email-label-reference = Booking reference
email-footer-zone = Times are at the venue, and in your own zone ({ $zone }, from the browser you last signed in with) where it differs.
email-footer-zone-html = Times are at the venue, and in your own zone ({ $zone }) where it differs.
# A course's time at the venue, then on the member's own clock; each is
# "start – end (zone)".
email-your-time = { $venue }; your time: { $theirs }
email-action-view-booking = View your booking
email-action-book-again = Book again
email-calendar-adds = The calendar file attached adds the course to your calendar.
email-calendar-replaces = The calendar file attached replaces the entry you had.
email-refund-days = Refunds usually reach your account within 5–10 business days.
email-nothing-charged = Nothing was charged.
email-book-again-if-seats = If seats are left you can book again.
email-refund-on-its-way = A refund of { $amount } is on its way; we'll email you when it has been issued.
email-refund-not-due = It was cancelled less than { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    } before the start, so under the refund policy no refund is due.

## A booking confirmed, moved, or its dates changed.

email-booking-confirmed-subject = Booking confirmed: { $title }
email-booking-confirmed-heading = { $seats ->
        [one] Your seat is confirmed
       *[other] Your seats are confirmed
    }
email-booking-confirmed-intro = Hi { $name }, your place on { $title } is confirmed.
email-booking-moved-subject = Booking moved: { $title }
email-booking-moved-heading = Your booking has moved
# { $was } is when the date it left is.
email-booking-moved-intro = Hi { $name }, your booking for { $title } has moved to another date. It was { $was }; the new date is below.
email-booking-moved-cheaper = The new date costs less: we are refunding { $amount } to the card you paid with.
email-booking-moved-dearer = The new date costs more: thank you for paying the difference of { $amount }.
email-schedule-changed-subject = New dates: { $title }
email-schedule-changed-heading = New dates for your course
email-schedule-changed-intro = Hi { $name }, the organiser has changed when { $title } meets. Your booking stays as it is; the meetings as they are now are below.
email-schedule-changed-options = If the new dates don't suit you, your booking's page says what you can do.

## Someone booked the reader a seat (an attendee's own email).

email-attendee-subject = You have a seat: { $title }
email-attendee-heading = You have a seat
email-attendee-intro = Hi { $name }, { $by } booked you a seat on { $title }.
email-attendee-not-for-you = If this is not for you, you can ignore this email; questions about the booking go to the person who booked it.
email-attendee-action = About the course

## Payments that failed, holds that ran out.

email-payment-failed-subject = Payment failed: { $title }
email-payment-failed-heading = Your payment didn't go through
# { $reason } is a whole sentence: the bank's or Stripe's, or one below.
email-payment-not-taken = Hi { $name }, the payment for { $title } was not taken: { $reason }
email-reason-debit-failed = Your bank did not complete the direct debit.
email-reason-card-declined = The card was declined.
email-payment-retry-debit = You can try again, by card or from another account.
email-payment-retry-card = You can try again with another card.
email-payment-held-until = Your seat is held until { $until }.
email-payment-failed-action = Retry payment
email-debit-failed-seat-gone = Your seat's hold had ended meanwhile, so the seat went back.
email-hold-expired-subject = Seat released: { $title }
email-hold-expired-heading = Your held seat was released
email-hold-expired-intro = Hi { $name }, we held a seat on { $title } for you, but the payment wasn't completed in time, so the seat went back.

## Cancellations and refunds.

email-booking-cancelled-subject = Booking cancelled: { $title }
email-booking-cancelled-heading = Your booking is cancelled
email-booking-cancelled-intro = Hi { $name }, your booking for { $title } is cancelled and your seat released.
email-seat-cancelled-subject = Seat cancelled: { $title }
email-seat-cancelled-heading = One seat is cancelled
# { $who } is the attendee whose seat it was; { $seats } how many the booking keeps.
email-seat-cancelled-intro = Hi { $name }, { $who }'s seat on { $title } is cancelled; your booking keeps its other { $seats ->
        [one] seat
       *[other] { $seats } seats
    }.
email-course-cancelled-subject = Course cancelled: { $title }
email-course-cancelled-heading = This course has been cancelled
email-course-cancelled-intro = Hi { $name }, we're sorry: { $title } has been cancelled by the provider, and your booking with it.
email-course-cancelled-action = Find another course
email-refund-issued-subject = Refund issued: { $amount } for { $title }
email-refund-issued-heading = Your refund is on its way
email-refund-issued-intro = Hi { $name }, we have refunded { $amount } for { $title } to the card you paid with.
email-refund-issued-cancelled = Your booking is cancelled and its seat released.
email-refund-issued-expired = The payment arrived after the hold on your seat had ended and no seat could be held again, so it was returned.
email-refund-issued-unchanged = Your booking is unchanged.

## A cancelled date, and another offered instead.

# { $day } is the offered date's day, { $to } its time in full.
email-move-offered-subject = Date cancelled: { $title }. Move to { $day }, or your money back?
email-move-offered-heading = Your date has been cancelled: move, or your money back?
email-move-offered-intro = Hi { $name }, we're sorry: the date you booked for { $title } (below) has been cancelled by the provider. We would like to keep your seats for you on another date instead: { $to }.
email-move-offered-move = Move to { $day }
email-move-offered-back-text = That date costs less: { $amount } goes back to the card you paid with.
# After "Move to …: ".
email-move-offered-back-html = that date costs less, so { $amount } goes back to the card you paid with
email-move-offered-refund = Refund me
email-move-offered-refund-full-text = You get the { $amount } you paid back in full.
# After "Refund me: ".
email-move-offered-refund-full-html = you get the { $amount } you paid back in full.
email-move-offered-cancel = Cancel my booking
email-move-offered-deadline-refund = Please choose by { $until }. If we don't hear from you by then, we refund you in full. Until you choose, your seats are kept.
email-move-offered-deadline-cancel = Please choose by { $until }. If we don't hear from you by then, your booking is cancelled. Until you choose, your seats are kept.
email-move-offered-calendar = The calendar file attached takes the cancelled date out of your calendar; if you move, the new date's file puts it back in.
email-move-offered-action = Choose on your booking

## A seat offered from the waiting list; a reminder.

email-seat-offered-subject = A seat is yours until { $until }: { $title }
email-seat-offered-heading = A seat has come free for you
email-seat-offered-intro = Hi { $name }, a seat on { $title } has come free and, as you were next on the waiting list, it's held for you until { $until }.
email-seat-offered-free = It's free: accept it with one button.
email-seat-offered-pay = Pay before then and the seat is confirmed.
# { $booking } is the booking page's address.
email-seat-offered-decline-text = If you can't make it, press "No thanks" on your booking ({ $booking }) and the seat goes to the next person waiting; if the time runs out, it goes to them anyway.
# The same in HTML, around a link to the booking: before, the link's words, after.
email-seat-offered-decline-before = If you can't make it, press "No thanks" on
email-seat-offered-decline-link = your booking
email-seat-offered-decline-after = and the seat goes to the next person waiting; if the time runs out, it goes to them anyway.
email-seat-offered-action = Take the seat
email-reminder-subject = Coming up: { $title }
email-reminder-heading = Your course is coming up
email-reminder-intro = Hi { $name }, a reminder that { $title } starts soon. We look forward to seeing you.
# Followed by the calendar file's address.
email-reminder-add-to-calendar = Add it to your calendar:

## The account: sign-up, password, email address, invitations.

email-signup-attempt-subject = Someone tried to sign up with your email address
email-signup-attempt-heading = You already have an account
email-signup-attempt-intro = Hi { $name }, someone just tried to create a Tessera account with this email address, which already has one.
email-signup-attempt-what-now = If that was you, sign in instead; if you have forgotten your password, "Forgot your password?" on the sign-in page sends you a link to set a new one. If it was not, you need do nothing: no account was created and yours is unchanged.
email-signup-attempt-action = Sign in
email-reset-subject = Set a new password for Tessera
email-reset-heading = Set a new password
email-reset-intro = Hi { $name }, someone (we hope you) asked to set a new password for the Tessera account with this email address.
email-reset-works-text = The link below works once, for one hour (until { $until }). Setting a new password signs you out everywhere else.
email-reset-works-html = The button below works once, for one hour (until { $until }). Setting a new password signs you out everywhere else.
email-reset-not-asked = If you did not ask, you need do nothing: your password stays as it is.
email-reset-action = Set a new password
email-confirm-subject = Confirm your email address for Tessera
email-confirm-heading = Confirm your email address
email-confirm-intro-text = Hi { $name }, welcome to Tessera. Please confirm that this is your email address: follow the link below and you are signed in, ready to book.
email-confirm-intro-html = Hi { $name }, welcome to Tessera. Please confirm that this is your email address: press the button below and you are signed in, ready to book.
email-confirm-works-text = The link works once, for seven days (until { $until }). Until then you can browse and sign in, but not book.
email-confirm-works-html = The button works once, for seven days (until { $until }). Until then you can browse and sign in, but not book.
email-confirm-not-you = If you did not create an account, you can ignore this email: without this link nobody can book with your address.
email-confirm-action = Confirm my email address
email-change-subject = Confirm your new email address for Tessera
email-change-heading = Confirm your new email address
email-change-intro = Hi { $name }, you asked to use this email address for your Tessera account instead of { $old }.
email-change-works-text = Follow the link below to make the change. It works once, for 24 hours (until { $until }); until then your account keeps its old address.
email-change-works-html = Press the button below to make the change. It works once, for 24 hours (until { $until }); until then your account keeps its old address.
email-change-not-asked = If you did not ask, you need do nothing: nothing changes without this link.
email-change-action = Use this email address
email-change-notice-subject = Your Tessera email address is about to change
email-change-notice-heading = Your email address is about to change
email-change-notice-intro = Hi { $name }, someone signed in to your Tessera account asked to move it to a new email address, { $new }. We sent a link there; the change happens only if it is followed (within 24 hours).
email-change-notice-what-now = If that was you, you need do nothing more here. If it was not, change your password now: that signs everyone else out and cancels the change.
email-change-notice-action = Review your account
email-invite-teach-subject = You're invited to teach on Tessera
email-invite-admin-subject = You're invited to run courses on Tessera
# { $inviter } is the admin who sent it.
email-invite-teach-intro = Hi { $name }, { $inviter } invited you to teach on Tessera: you will see who comes to your courses, mark attendance at the door and keep your own profile.
email-invite-admin-intro = Hi { $name }, { $inviter } invited you to be an administrator on Tessera: you will run the course catalog, see rosters and help the people who book.
email-invite-works-text = Follow the link below to choose your password; you are signed in straight away. It works once, for seven days (until { $until }).
email-invite-works-html = Press the button below to choose your password; you are signed in straight away. It works once, for seven days (until { $until }).
email-invite-not-expecting = If you were not expecting this, you need do nothing: without the link nothing changes.
email-invite-action = Accept and choose a password

## To instructors: the list the day before, the digest.

email-day-before-subject = Coming up: { $title }, { $count } booked
email-day-before-heading = Coming up: { $title }
# { $when } is the meeting's start at the venue.
email-day-before-intro = Hi { $name }, { $title } meets { $when } at { $place }.
# { $meeting } is email-day-before-meeting-of.
email-day-before-intro-meeting = Hi { $name }, { $title } meets { $when } ({ $meeting }) at { $place }.
email-day-before-meeting-of = meeting { $number } of { $count }
email-day-before-booked-by = { $name } (booked by { $by })
email-day-before-nobody = Nobody has booked.
email-day-before-who = Who is coming ({ $count }):
email-day-before-can-change = Bookings can still change: the list at the door is always current, and you mark attendance there.
email-day-before-action = Open the list at the door
# { $day } is email-digest-on.
email-digest-subject = Your courses: what changed { $day }
email-digest-heading = What changed on your courses
email-digest-intro = Hi { $name }, here is what changed on the courses you teach { $day }:
email-digest-on = on { $date }
# One line per course: { $changes } is the parts below, joined by commas;
# { $day } the course's first day.
email-digest-line = { $title } ({ $day }): { $changes }; { $taken } of { $capacity ->
        [one] { $capacity } seat
       *[other] { $capacity } seats
    } taken
email-digest-booked = { $bookings ->
        [one] { $bookings } new booking
       *[other] { $bookings } new bookings
    } ({ $seats ->
        [one] { $seats } seat
       *[other] { $seats } seats
    })
email-digest-cancelled = { $count ->
        [one] { $count } cancellation
       *[other] { $count } cancellations
    }
email-digest-joined = { $count } joined the waiting list
email-digest-switch-off = You can switch this email off on your account page.
email-digest-action = Your courses

## The calendar file (.ics) and feed: Tessera's words beside the course's.

# A meeting of several: "Pottery (2 of 6)".
ics-meeting-of = { $title } ({ $number } of { $count })
# Under the course's description; { $url } is the booking's page.
ics-your-booking = { $seats ->
        [one] Your booking: { $url }
       *[other] Your booking ({ $seats } seats): { $url }
    }
ics-you-teach = You teach this course: { $url }
ics-feed-name = Tessera: my courses
