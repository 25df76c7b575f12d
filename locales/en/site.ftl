# The frame around every page: header, footer, the language switcher.
# Ids are lowercase words joined by hyphens; placeholders ({ $name }) must
# be the same in every language (a test checks).

language-name = English
skip-to-content = Skip to content
nav-main = Main
nav-courses = Courses
nav-my-bookings = My bookings
nav-teaching = Teaching
nav-admin = Admin
sign-in = Sign in
sign-up = Sign up
sign-out = Sign out
nav-about = About this site
imprint = Imprint
privacy = Privacy
terms = Terms
booked-with = Booked and paid with Tessera.
language-switch = Language
your-time = { $time } your time

welcome-account-deleted = Your account is deleted and you are signed out. Any refund is on its way to the card you paid with.
welcome-new = Welcome to Tessera, { $name }! Your account is ready: book a course and you will find it under My bookings.
welcome-password-set = Your new password is set. You're signed in here and signed out everywhere else.
unconfirmed = Please confirm your email address to book: we sent a link to { $email }.
unconfirmed-resend = Send the link again
unconfirmed-sent = Sent. It may take a minute to arrive.

home-description = Hands-on courses in person: browse the catalog, book your seat in a minute and pay securely.
home-title = Learn something new, in person.
home-lead = Browse hands-on courses, book your seat in a minute, and pay securely. Your ticket is waiting in your dashboard.
home-browse = Browse the catalog
home-coming-up = Coming up

not-found = Not found
not-found-page = We couldn't find that page.
not-found-course = We couldn't find that course.
not-found-booking = We couldn't find that booking.
not-found-why = It may have moved, or the link may be mistyped.
not-found-browse = Browse courses

test-mode-banner = Test mode: payments are simulated and no money is taken. Use Stripe's test card 4242 4242 4242 4242.

# Each language named in this one ("language-" and its tag).
language-en = English
language-de = German
