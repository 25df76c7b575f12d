# Signing in and up.

login-description = Sign in to book courses and see your bookings.
login-lead = Welcome back. Sign in to book and see your bookings.
signing-in = Signing in…
forgot-password = Forgot your password?
new-to-tessera = New to Tessera?
create-an-account = Create an account
signup-description = Create an account to book courses and keep your bookings in one place.
signup-lead = Book seats, pay securely and keep your bookings in one place.
field-your-name = Your name
field-email = Email
field-password = Password
password-hint = At least 10 characters.
create-account = Create account
creating-account = Creating your account…
have-an-account = Already have an account?
check-inbox = Check your inbox
signup-sent = We've sent you an email with a link to confirm your address. Follow it and you're signed in, ready to book. The link works for seven days.
signup-sent-nothing = Nothing after a few minutes? Look in your spam folder. Already have an account with that address? Then we've emailed you about that instead:
signup-sent-sign-in = sign in
signup-sent-new-password = set a new password

youre-booking = { $seats ->
    [one] You're booking a seat on
   *[other] You're booking { $seats } seats on
}
youre-waiting = You're joining the waiting list for
youre-in-free = Once you're in, your seat is confirmed at once.
youre-in-pay = Once you're in, you go straight on to payment.
youre-in-wait = Once you're in, you're on the list.
