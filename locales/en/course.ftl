# A course's page (/courses/{id}).

all-courses = ← All courses
taught-by = Taught by
and = and
your-instructors = { $count ->
    [one] Your instructor
   *[other] Your instructors
}
starts = Starts
ends = Ends
where = Where
show-on-map = Show on a map
seats = Seats
meetings = { $count } meetings
meetings-first = { $count } meetings, the first
seats-of = { $left } of { $capacity } left
booking-for-someone-else = Booking for someone else too?
also-on = Also on
keep-it = Keep it

not-bookable-draft = This course is not open for booking yet.
not-bookable-cancelled = This course has been cancelled.
not-bookable-started = This course has already started.
not-bookable-ended = This course has ended.
not-bookable-full = This course is full.
not-bookable-unpayable = This course cannot be paid for online at its current price. Please contact the organiser.

your-booking-confirmed = { $seats ->
    [one] You're booked on this course (1 seat).
   *[other] You're booked on this course ({ $seats } seats).
}
your-booking-processing = You're booked; your payment is being processed.
your-booking-date-cancelled = This date was cancelled: choose another date or your refund.
your-booking-held = { $seats ->
    [one] 1 seat held for you until you pay.
   *[other] { $seats } seats held for you until you pay.
}
view-your-booking = View your booking
choose-on-your-booking = Choose on your booking
complete-your-booking = Complete your booking

seats-held-while-paying = { $seats ->
    [one] One seat is held by someone who is still paying: if they don't, it comes free by { $time }.
   *[other] { $seats } seats are held by people who are still paying: if one of them doesn't, the first comes free by { $time }.
}
every-seat-paid = Every seat is taken and paid for; one comes free only if someone cancels.
waiting-now = { $count ->
    [0] Nobody is waiting yet: you'd be first in line.
    [one] 1 person is waiting.
   *[other] { $count } people are waiting.
}
waitlist-how = When seats free up, they are held for the first person in line they are enough for, who is emailed at once.
seats-wanted = Seats wanted
voucher-code = Voucher code
waitlist-voucher-hint = (optional; used if a seat is offered)
joining = Joining…
join-waitlist = Join the waiting list
waitlist-sign-in-first = Create an account or sign in, and you're on the list.
waitlist-next = { $seats ->
    [one] You're next on the waiting list.
   *[other] You're next on the waiting list, for { $seats } seats.
}
waitlist-number = { $seats ->
    [one] You're number { $position } on the waiting list.
   *[other] You're number { $position } on the waiting list, for { $seats } seats.
}
waitlist-held = { $seats ->
    [one] A seat is being held for you.
   *[other] { $seats } seats are being held for you.
}
joined-waitlist = You're on the waiting list.
left-waitlist = You've left the waiting list.
waitlist-we-email = We'll email you the moment a seat is yours. It is then held for you until a deadline, to pay for or pass on.
leave-waitlist = Leave the waiting list
leave-waitlist-yes = Yes, leave the list
