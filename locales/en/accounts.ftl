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

# Forgetting a password, and the pages links from emails open.

accounts-sending = Sending…
accounts-saving = Saving…
field-new-password = New password
forgot-sent = If an account has that address, we've sent it a link to set a new password. The link works for an hour. Nothing after a few minutes? Look in your spam folder, or send it again below.
forgot-lead = Enter the email address you signed up with and we'll send you a link to set a new password.
forgot-send = Send me a link
forgot-remembered = Remembered it?
reset-title = Set a new password
reset-new-link = Send me a new link
reset-lead = Choose a new password. You'll be signed in, and signed out everywhere else.
reset-submit = Set new password
confirm-email-title = Confirm your email address
confirm-email-lead = One step left: confirm that this address is yours and you're signed in, ready to book.
confirm-email-submit = Confirm and sign in
confirm-email-busy = Confirming…
change-email-title = Use your new email address
change-email-lead = Your account moves to this address: emails about your bookings come here from now on, and you sign in with it.
change-email-submit = Use this address
invite-title = Accept your invitation
invite-lead = You've been invited to Tessera. Choose a password and you're signed in.
invite-submit = Accept and sign in
link-sign-in-for-new = Sign in and we'll offer to send a new one.

# Signing in with a passkey (the words its island is handed).

passkey-sign-in = Sign in with a passkey
passkey-waiting = Waiting for your passkey…
passkey-not-allowed = No passkey was used: it was cancelled, took too long, or this device has none for this site.
passkey-unsupported = This browser cannot use passkeys.

# A page for administrators, opened by someone else.

forbidden-title = This page is for administrators.
forbidden-why = You're signed in, but your account can't open it.
forbidden-back = Back to the catalog

# While a page's data loads.

loading-notice = Loading…

# The imprint, privacy notice and terms: only the frame; the texts are the operator's.

legal-title-imprint = Imprint
legal-title-privacy = Privacy
legal-title-terms = Terms
legal-empty-imprint = Nothing more has been written here yet.
legal-empty-privacy = The privacy notice has not been published here yet.
legal-empty-terms = The terms have not been published here yet.
legal-ask = Write to { $email } to ask.
legal-operator = Who runs this site
legal-email = Email:
legal-phone = Phone:
legal-vat-id = VAT id: { $id }
